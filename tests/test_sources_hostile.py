"""Hostile and odd exports: each ends in loaded rows, quarantined rows, or one clear error in the
user's language that names the file (and row and column) and never quotes a data value.

Also: every error the readers raise is a UserError with a catalogue text in both languages.
"""

from __future__ import annotations

import ast
import codecs
import logging
import pickle
import re
from pathlib import Path

import pytest
from conftest import extract, load_inbox, nip, score_rows, write_inbox
from openpyxl import Workbook

from evaluasi.errors import UserError
from evaluasi.messages import MESSAGES
from evaluasi.sources.catalog import ConfigError
from evaluasi.sources.database import SourceUnreachable
from evaluasi.sources.extract import SourceError

SOURCES = Path(__file__).parent.parent / "evaluasi" / "sources"
TEXTS = Path(__file__).parent.parent / "evaluasi" / "texts" / "errors_sources.toml"
NIP = nip(7)
NAME = "Sri Rahayu"


def refused(con, path: Path, expected=("nip",), **options) -> SourceError:
    with pytest.raises(SourceError) as caught:
        extract(con, path, expected, **options)
    return caught.value


def assert_private(error: UserError, *values: str) -> None:
    for lang in ("id", "en"):
        for value in values:
            assert value not in error.text(lang), (lang, value)


# The errors themselves ----------------------------------------------------------------------


def test_source_and_config_errors_are_user_errors_told_in_both_languages(con, tmp_path):
    assert issubclass(SourceError, UserError) and issubclass(ConfigError, UserError)
    assert issubclass(SourceUnreachable, SourceError)
    path = tmp_path / "scores.csv"
    path.write_text("nomor,nilai\n1,2\n", encoding="utf-8")
    error = refused(con, path, ["nip", "score"])
    assert error.key == "header_not_found"
    assert error.fields["file"] == str(path)
    assert error.text("en").startswith(f"{path}: none of its first 50 non-blank rows holds")
    assert error.text("id").startswith(f"{path}: tidak satu pun dari 50 baris terisi pertama")
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), again.key, again.fields) == (SourceError, error.key, error.fields)


def _raised_keys() -> set[str]:
    """Every literal catalogue key in evaluasi/sources, and the families built from parts."""
    keys = set()
    pattern = re.compile(
        r"^(config|csv|file|header|inbox|parquet|setting|sheet|sources|sql|xlsx)_[a-z0-9_]+$"
    )
    for path in SOURCES.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
            if is_text and pattern.match(node.value):
                keys.add(node.value)
    for base in ("header_not_found", "header_row_lacks", "xlsx_no_header", "xlsx_header_row_lacks"):
        keys.add(f"{base}_closest")
    for what in ("url", "password"):
        keys |= {f"sql_{what}_env_not_set", f"sql_{what}_secret_failed"}
        keys.add(f"sql_{what}_secret_not_text")
    return keys - {"header_row"}  # a setting, not a key


def test_every_error_key_the_readers_raise_has_both_languages_and_none_is_unused():
    import tomllib

    written = {key.removeprefix("error_") for key in tomllib.loads(TEXTS.read_text("utf-8"))}
    raised = _raised_keys()
    assert raised - written == set()
    assert written - raised == set()
    for key in written:
        assert f"error_{key}" in MESSAGES["id"] and f"error_{key}" in MESSAGES["en"]


def test_no_error_in_the_readers_is_raised_with_a_sentence_instead_of_a_key():
    for path in SOURCES.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in {"SourceError", "ConfigError", "SourceUnreachable"} and node.args:
                first = node.args[0]
                text = first.value if isinstance(first, ast.Constant) else ast.unparse(first)
                assert " " not in str(text), (path.name, node.lineno, text)


# Privacy: file, row and column, never a value -------------------------------------------------


def test_a_file_without_a_header_never_quotes_its_data_rows(con, tmp_path):
    # The first non-blank row is a data row: once its cells (a NIP, a name) were in the message.
    path = tmp_path / "scores.csv"
    path.write_text(f"{NIP},{NAME},80\n{nip(8)},Budi Santoso,70\n", encoding="utf-8")
    error = refused(con, path, ["nip", "score"])
    assert str(path) in str(error)
    assert_private(error, NIP, NAME, nip(8), "Budi")


def test_header_row_pointing_at_a_data_row_does_not_quote_it(con, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text(f"nip,name\n{NIP},{NAME}\n", encoding="utf-8")
    error = refused(con, path, ["nip"], header_row=2)
    assert "row 2 (header_row) holds none of the column names 'nip'" in str(error)
    assert_private(error, NIP, NAME)


def test_a_quote_error_names_the_row_not_its_text(con, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text(f'nip,name\n1,a\n{NIP},"Sri" Rahayu\n3,c\n', encoding="utf-8")
    error = refused(con, path)
    assert str(error).startswith(f"{path}: on row 3 a quoted value is followed by more text")
    assert_private(error, NIP, "Rahayu")


def test_a_quote_never_closed_names_the_row_it_starts_on(con, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text(f'nip,name\n1,a\n2,b\n{NIP},"{NAME}\n5,e\n', encoding="utf-8")
    error = refused(con, path)
    assert str(error).startswith(f"{path}: a quoted value starting at row 4 is never closed")
    assert_private(error, NIP, NAME)


def test_a_workbook_sheet_without_the_header_is_logged_without_its_cells(con, tmp_path, caplog):
    book = Workbook()
    book.active.title = "Nilai"
    book.active.append(["nip", "score"])
    book.active.append([NIP, 80])
    notes = book.create_sheet("Catatan")
    notes.append([NIP, NAME, "pindah tugas"])
    path = tmp_path / "scores.xlsx"
    book.save(path)
    with caplog.at_level(logging.DEBUG, logger="evaluasi.sources"):
        assert extract(con, path).rows_read == 1
    assert "'Catatan'" in caplog.text
    assert NIP not in caplog.text and NAME not in caplog.text
    error = refused(con, path, ["nip", "program_id"])
    assert "the closest is row 1 of sheet 'Nilai'" in str(error)
    assert_private(error, NIP, NAME)


# Repeated headers ---------------------------------------------------------------------------


def test_a_repeated_header_the_mapping_reads_is_refused_with_both_columns(con, tmp_path):
    path = tmp_path / "participants.csv"
    path.write_text(f"NIP,Name,Unit,name\n{NIP},{NAME},BKD,Sri R.\n", encoding="utf-8")
    reads = {"nip": "nip", "name": "name", "unit": "unit"}
    error = refused(con, path, ["nip"], reads=reads)
    assert str(error).startswith(
        f"{path}: columns B and D are both headed 'name', so which one holds name cannot be told"
    )
    assert_private(error, NIP, NAME)


def test_a_repeated_header_nobody_reads_stays_and_is_logged(con, tmp_path, caplog):
    path = tmp_path / "participants.csv"
    path.write_text(f"nip,catatan,name,Catatan\n{NIP},a,{NAME},b\n", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="evaluasi.sources"):
        extract(con, path, ["nip"], reads={"nip": "nip", "name": "name"})
    assert [row[0] for row in con.execute("DESCRIBE raw").fetchall()][:4] == [
        "nip",
        "catatan",
        "name",
        "catatan_4",
    ]
    assert "columns B and D are both headed 'catatan'" in caplog.text


def test_a_repeated_mapped_header_in_a_configured_source_is_refused(tmp_path):
    inbox = write_inbox(tmp_path / "inbox")
    rows = score_rows()[:2]
    lines = ["NIP,Kode,Instrumen,Tahap,Nilai,Nilai"]
    lines += [
        f"{r['nip']},{r['program_id']},{r['instrument']},{r['phase']},1,{r['score']}" for r in rows
    ]
    (inbox / "lms.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (inbox / "sources.toml").write_text(
        '[[sources]]\nname = "lms"\ntable = "scores"\nfiles = "lms.csv"\n[sources.columns]\n'
        'nip = "NIP"\nprogram_id = "Kode"\ninstrument = "Instrumen"\nphase = "Tahap"\n'
        'score = "Nilai"\n',
        encoding="utf-8",
    )
    with pytest.raises(SourceError) as caught:
        load_inbox(inbox)
    assert str(caught.value).startswith(
        f"{inbox / 'lms.csv'}: columns E and F are both headed 'nilai', so which one holds score"
    )


def test_a_repeated_header_in_a_workbook_names_the_sheet(con, tmp_path):
    book = Workbook()
    book.active.title = "Rekap"
    book.active.append(["nip", "score", "catatan", "NIP"])
    book.active.append([NIP, 80, "", NIP])
    path = tmp_path / "scores.xlsx"
    book.save(path)
    error = refused(con, path)
    assert str(error).startswith(
        f"{path}, sheet 'Rekap': columns A and D are both headed 'nip', so which one holds nip"
    )


def test_a_repeated_header_in_parquet_is_refused(con, tmp_path):
    path = tmp_path / "scores.parquet"
    con.execute(
        f"""COPY (SELECT '{NIP}' AS nip, 1 AS "Nilai Akhir", 2 AS "nilai  akhir")
        TO '{path}' (FORMAT parquet)"""
    )
    error = refused(con, path, ["nip"], reads={"nip": "nip", "nilai akhir": "score"})
    assert "columns 2 and 3 are both headed 'nilai akhir', so which one holds score" in str(error)


# Files that are not what their name says ------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_refused_with_how_to_save_utf8(con, tmp_path, codec):
    path = tmp_path / "scores.csv"
    path.write_bytes(f"nip,score\r\n{NIP},80\r\n".encode(codec))
    error = refused(con, path)
    assert "encoding" in str(error) and "CSV UTF-8" in str(error)
    assert "encoding" in error.text("id") and "CSV UTF-8" in error.text("id")


def test_utf16_with_a_bom_is_still_read(con, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + f"nip,score\r\n{NIP},80\r\n".encode("utf-16-le"))
    assert extract(con, path).rows_read == 1


def test_a_workbook_renamed_to_csv_is_refused_as_not_text(con, tmp_path):
    book = Workbook()
    book.active.append(["nip"])
    book.save(tmp_path / "book.xlsx")
    path = tmp_path / "scores.csv"
    path.write_bytes((tmp_path / "book.xlsx").read_bytes())
    assert "is not a text file" in str(refused(con, path))


OLE = bytes.fromhex("D0CF11E0A1B11AE1")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # What Excel writes for a password-protected workbook: an OLE file, its package encrypted.
        (
            OLE + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x13" * 900,
            "the workbook is protected with a password",
        ),
        # An old Excel 97-2003 workbook named .xlsx.
        (
            OLE + b"\x00" * 504 + "Workbook".encode("utf-16-le") + b"\x13" * 900,
            "is an old Excel 97-2003 workbook (.xls) with an .xlsx name",
        ),
        # The OLE header and junk: either of the two.
        (OLE + bytes(range(256)) * 8, "a password-protected workbook or an old Excel 97-2003"),
        (f"nip;score\n{NIP};80\n".encode(), "is a text file (a CSV, perhaps) with an .xlsx name"),
        (b"", "the file is empty"),
    ],
)
def test_files_named_xlsx_that_are_not_workbooks_say_what_they_are(con, tmp_path, content, message):
    path = tmp_path / "scores.xlsx"
    path.write_bytes(content)
    error = refused(con, path)
    assert str(error).startswith(f"{path}: ") and message in str(error)
    assert_private(error, NIP)
