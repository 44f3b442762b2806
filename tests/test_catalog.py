"""sources.toml: what it accepts, what it refuses (with a message saying what to do), and that a
configured export with its own column names, constants and label spellings loads."""

from __future__ import annotations

import pytest
from conftest import load_inbox, nip, score_rows, write_inbox
from openpyxl import Workbook

from evaluasi.sources.catalog import ConfigError, PerformanceWindow, load_catalog


def catalog_from(tmp_path, text: str):
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return load_catalog(path)


def test_no_file_means_conventions_only(tmp_path):
    catalog = load_catalog(tmp_path / "sources.toml")
    assert (catalog.files, catalog.queries, catalog.windows) == ((), (), {})
    assert catalog.window("skp") == PerformanceWindow()


def test_windows_are_read_per_instrument(tmp_path):
    catalog = catalog_from(tmp_path, "[performance.skp]\npost_after_months = 6\n")
    assert catalog.window("skp") == PerformanceWindow(12, 6, 12)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[sources]]\nname = "a"\ntable = "nilai"\nfiles = "x.csv"\n', "table must be one of"),
        ('[[sources]]\ntable = "scores"\nfiles = "x.csv"\n', "give it a name"),
        ('[[sources]]\nname = "a"\ntable = "scores"\n', "give files"),
        (
            '[[sources]]\nname = "a"\ntable = "scores"\nfiles = "x.csv"\n'
            '[sources.columns]\nnilai = "Nilai"\n',
            "which scores does not have",
        ),
        (
            '[[sources]]\nname = "a"\ntable = "scores"\nfiles = "x.csv"\n'
            '[[sources]]\nname = "a"\ntable = "scores"\nfiles = "y.csv"\n',
            "used twice",
        ),
        (
            '[[sources]]\nname = "db"\ntable = "scores"\nquery = "select 1"\n'
            'url = "postgresql+psycopg://monev:rahasia@db/lms"\n',
            "the url holds a password",
        ),
        (
            '[[sources]]\nname = "db"\ntable = "scores"\nquery = "select 1"\n',
            "exactly one of url, url_env, url_secret",
        ),
        ('[performance.skp]\npost_after_months = "enam"\n', "whole number of months"),
        ("[performance.skp]\npost_after_months = true\n", "whole number of months"),
        ("[server]\nhost = 1\n", "unknown section server"),
        ("sources = [", "not valid TOML"),
        # Globs that would leave the inbox; an absolute one once escaped as NotImplementedError.
        ('[[sources]]\nname = "a"\ntable = "scores"\nfiles = "/data/*.csv"\n', "absolute path"),
        ('[[sources]]\nname = "a"\ntable = "scores"\nfiles = "C:\\\\data\\\\*.csv"\n', "absolute"),
        ('[[sources]]\nname = "a"\ntable = "scores"\nfiles = "../other/*.csv"\n', "climbs out"),
        ('[[sources]]\nname = "a"\ntable = "scores"\nfiles = "x/../../y.csv"\n', "climbs out"),
        ('[[sources]]\nname = "a"\ntable = "scores"\nfiles = ""\n', "give files"),
        # Values of the wrong kind, which once escaped as TypeError or AttributeError.
        (
            '[[sources]]\nname = "a"\ntable = "scores"\nfiles = "x.csv"\n'
            "[sources.labels.phase]\npre = 1\n",
            r"pre must be a spelling in quotes or a list of them, like pre = \[",
        ),
        (
            '[[sources]]\nname = "a"\ntable = "scores"\nfiles = "x.csv"\n'
            "[sources.labels.phase]\npre = [1, 2]\n",
            "pre must be a spelling in quotes",
        ),
        (
            '[[sources]]\nname = "a"\ntable = "scores"\nfiles = "x.csv"\n'
            '[sources.labels]\nphase = "sebelum"\n',
            "the labels of phase must be a table",
        ),
        ('[[sources]]\nname = "a"\ntable = ["scores"]\nfiles = "x.csv"\n', "table must be one"),
        (
            '[[sources]]\nname = "a"\ntable = "scores"\nfiles = "x.csv"\ncolumns = "nip"\n',
            "columns must be a table",
        ),
        (
            '[[sources]]\nname = "a"\ntable = "scores"\nfiles = "x.csv"\nsheet = 1\n',
            "sheet must be text",
        ),
        (
            '[[sources]]\nname = "a"\ntable = "scores"\nfiles = "x.csv"\nheader_row = true\n',
            "row number from 1",
        ),
        (
            '[[sources]]\nname = "a"\ntable = "scores"\nfiles = "x.csv"\n'
            "[sources.columns]\nnip = [1]\n",
            "columns.nip must be text",
        ),
        ("sources = 3\n", r"every source must be a \[\[sources\]\] table"),
        ("sources = [1]\n", r"every source must be a \[\[sources\]\] table"),
        ("[performance]\nskp = 3\n", "must hold one table per instrument"),
        # A URL SQLAlchemy cannot parse is never echoed: it may hold the password. A bad port
        # once escaped as ValueError.
        (
            '[[sources]]\nname = "db"\ntable = "scores"\nquery = "select 1"\n'
            'url = "postgresql+psycopg://monev:rahasia@db:notaport/lms"\n',
            r"source #1 \(db\): the url is not a SQLAlchemy URL \(not shown here",
        ),
        (
            '[[sources]]\nname = "db"\ntable = "scores"\nquery = "select 1"\n'
            'url = "rahasia is not a url"\n',
            "the url is not a SQLAlchemy URL",
        ),
    ],
)
def test_mistakes_are_refused_with_what_to_do(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message) as caught:
        catalog_from(tmp_path, text)
    assert "sources.toml" in str(caught.value)
    for lang in ("id", "en"):
        assert "sources.toml" in caught.value.text(lang)
        assert "rahasia" not in caught.value.text(lang)
    assert caught.value.__cause__ is None or "rahasia" not in str(caught.value.__cause__)


def write_export(path, rows):
    """An e-learning export: a title row, own headers, labels, and a fixed instrument."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Rekap nilai"])
    sheet.append(["NIP Peserta", "Kode", "Tahap Tes", "Nilai Akhir"])
    for row in rows:
        phase = {"pre": "Tes Awal", "post": "Tes Akhir"}[row["phase"]]
        sheet.append([row["nip"], row["program_id"], phase, row["score"]])
    book.save(path)


CONFIG = """
[[sources]]
name = "lms"
table = "scores"
files = "exports/lms_*.xlsx"
header_row = 2
[sources.columns]
nip = "NIP Peserta"
program_id = "Kode"
phase = "Tahap Tes"
score = "Nilai Akhir"
[sources.constants]
instrument = "knowledge_test"
[sources.labels.phase]
pre = ["Tes Awal"]
post = "tes akhir"
"""


def test_a_configured_export_loads_and_a_changed_mapping_reloads_it(tmp_path):
    inbox = write_inbox(tmp_path / "inbox")
    (inbox / "exports").mkdir()
    extra = [
        dict(score_rows()[0], nip=nip(800 + i), phase=ph)
        for i in range(3)
        for ph in ("pre", "post")
    ]
    write_export(inbox / "exports" / "lms_2026.xlsx", extra)
    (inbox / "sources.toml").write_text(CONFIG, encoding="utf-8")
    db = tmp_path / "w.duckdb"
    first = load_inbox(inbox, db, run_id="run-1")
    assert first.quarantine.empty
    loaded = first.scores[first.scores["source"] == "exports/lms_2026.xlsx"]
    assert sorted(loaded["phase"]) == ["post"] * 3 + ["pre"] * 3
    assert set(loaded["instrument"]) == {"knowledge_test"}
    assert sorted(loaded["source_row"]) == list(range(3, 9))

    (inbox / "sources.toml").write_text(CONFIG.replace('post = "tes akhir"', ""), encoding="utf-8")
    second = load_inbox(inbox, db, run_id="run-2")
    ledger = second.source_files.query("run_id == 'run-2'").set_index("source")
    assert ledger.loc["exports/lms_2026.xlsx", "status"] == "loaded"
    assert ledger.loc["scores.csv", "status"] == "unchanged"
    assert set(second.quarantine["reason"]) == {"unknown_phase"}
    assert len(second.quarantine) == 3
