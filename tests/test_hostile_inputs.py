"""The hostile-input corpus (tests/hostile_corpus.py) through the real pipeline.

Each case is checked before a run starts (`preflight`, what the command does) and then run
(`operations.execute`: ingest, evaluate, publish; no Prefect). It must end as its case says:
its rows loaded, a named row quarantined with a reason, or one UserError of the expected key,
one line in both languages, naming the file. In every case every source's rows read = rows
loaded + rows quarantined, and no NIP or name of the inbox appears in anything that leaves the
restricted data area: the error, the log, the run ledger's error, the published folder.
"""

from __future__ import annotations

import logging
import re
import zipfile
from pathlib import Path

import pytest
from conftest import run_request, site_settings
from hostile_corpus import CASES, NAMES, Case, Loaded, Quarantined, Refused, base_inbox

from evaluasi import operations, warehouse
from evaluasi.config import Settings
from evaluasi.errors import EvaluasiError, UserError
from evaluasi.preflight import preflight

_NIP = re.compile(r"(?<!\d)\d{18}(?!\d)")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def _secrets(inbox: Path, case: Case) -> set[str]:
    """Every NIP-like number and name in the inbox's files, and the case's own secrets."""
    found = set(case.secrets) | set(NAMES)
    for path in inbox.rglob("*"):
        if path.is_file() and not path.is_symlink() and path.suffix in (".csv", ".toml"):
            text = path.read_bytes().decode("utf-8", "replace")
            found |= set(_NIP.findall(text))
    return found


def _published_text(folder: Path) -> str:
    parts = []
    for path in folder.rglob("*"):
        if not path.is_file() or path.name == "plotly.min.js":
            continue
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                parts += [book.read(name).decode("utf-8", "replace") for name in book.namelist()]
        else:
            parts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(parts)


def _run(case: Case, root: Path) -> tuple[Settings, Path | None, UserError | None, str]:
    inbox = base_inbox(root / "inbox")
    case.build(inbox)
    settings = site_settings(root)
    request = run_request(settings)
    collect = _Collect()
    collect.setFormatter(logging.Formatter("%(name)s %(message)s"))
    logger = logging.getLogger()
    logger.addHandler(collect)
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    folder, refused = None, None
    try:
        preflight(settings)
        folder = operations.execute(request)
    except UserError as error:
        refused = error
    except EvaluasiError as error:  # a failed run is a bug here, not a hostile input handled
        pytest.fail(f"{case.name}: the run failed: {error}")
    finally:
        logger.removeHandler(collect)
        logger.setLevel(previous)
    return settings, folder, refused, "\n".join(collect.lines)


def test_the_corpus_is_large_and_varied() -> None:
    assert len(CASES) >= 60
    assert len({case.name for case in CASES}) == len(CASES)
    kinds = {type(case.expect) for case in CASES}
    assert kinds == {Loaded, Quarantined, Refused}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_hostile_input_ends_as_expected_and_loses_nothing(case: Case, tmp_path: Path) -> None:
    settings, folder, refused, log = _run(case, tmp_path)
    expect = case.expect
    if isinstance(expect, Refused):
        assert refused is not None, f"{case.name}: not refused"
        assert refused.key == expect.key, (refused.key, refused.text("en"))
        for lang in ("id", "en"):
            text = refused.text(lang)
            assert "\n" not in text and expect.file in text, text
            if expect.row is not None:
                assert str(expect.row) in text
    else:
        assert refused is None, f"{case.name}: refused with {refused.key}: {refused}"
        assert folder is not None and (folder / "index.html").is_file()
        with warehouse.connect(settings.warehouse) as con:
            ledger = con.execute(
                "select source, rows_read, rows_loaded, rows_quarantined from source_files"
            ).fetchall()
            quarantine = con.execute(
                'select source, source_row, "column", reason from quarantine'
            ).fetchall()
            loaded = {
                table: con.execute(
                    f"select source, source_row, * exclude (source, sheet, source_row) from {table}"
                ).df()
                for table in ("scores", "programs")
            }
        for source, read, rows_loaded, rows_quarantined in ledger:
            assert read == rows_loaded + rows_quarantined, source
        if isinstance(expect, Quarantined):
            hits = [
                (column, reason)
                for source, row, column, reason in quarantine
                if source == expect.file and row == expect.row and reason == expect.reason
            ]
            assert hits, (expect, sorted(quarantine))
            if expect.column is not None:
                assert any(column == expect.column for column, _ in hits), (expect, hits)
        else:
            assert expect.file in {source for source, *_ in ledger}
            bad = [q for q in quarantine if q[0] == expect.file]
            assert not bad, bad
            if expect.row is not None:
                scores = loaded["scores"]
                row = scores[
                    (scores["source"] == expect.file) & (scores["source_row"] == expect.row)
                ]
                assert len(row) == 1, expect
                if expect.column:
                    assert row.iloc[0][expect.column] == expect.value
            quality = (folder / "quality.html").read_text(encoding="utf-8")
            listed = {part.split("</code>")[0] for part in quality.split("<code>")[1:]}
            assert set(expect.unclaimed) <= listed
    outside = [log]
    if refused is not None:
        outside += [refused.text("id"), refused.text("en"), repr(refused)]
    if folder is not None:
        outside.append(_published_text(folder))
    if settings.warehouse.exists():
        with warehouse.connect(settings.warehouse) as con:
            outside += [str(e) for (e,) in con.execute("select error from runs").fetchall()]
    leaked = {
        secret for secret in _secrets(settings.inbox, case) if any(secret in o for o in outside)
    }
    assert not leaked, f"{case.name}: {sorted(leaked)[:5]} left the restricted area"
