"""Loading is idempotent and atomic; the ledger and models work on a throw-away DuckDB file."""

from __future__ import annotations

import pytest
from conftest import score_rows, with_broken_row, write_inbox

from evaluasi import warehouse
from evaluasi.sources.inbox import read_inbox
from evaluasi.validation import validate_tables


def counts(con) -> dict[str, int]:
    return {
        t: con.execute(f"select count(*) from {t}").fetchone()[0]
        for t in ("programs", "instruments", "scores", "quarantine", "source_files")
    }


def test_loading_the_same_inbox_twice_gives_the_same_rows(tmp_path):
    validated = validate_tables(
        read_inbox(write_inbox(tmp_path / "in", with_broken_row(score_rows())))
    )
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        warehouse.load_validated(con, validated, "run-1")
        first = con.execute("select * from scores order by all").fetchall()
        once = counts(con)
        warehouse.load_validated(con, validated, "run-2")
        assert con.execute("select * from scores order by all").fetchall() == first
        twice = counts(con)
    assert once["scores"] == twice["scores"] == len(score_rows())
    assert once["programs"] == twice["programs"] == 3
    assert once["instruments"] == twice["instruments"] == 2
    # Quarantine and the file ledger are history: one set of rows per run.
    assert twice["quarantine"] == 2 * once["quarantine"] == 2
    assert twice["source_files"] == 2 * once["source_files"]


def test_a_failed_load_leaves_the_previous_rows(tmp_path, monkeypatch):
    validated = validate_tables(read_inbox(write_inbox(tmp_path / "in")))
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        warehouse.load_validated(con, validated, "run-1")
        before = con.execute("select * from scores order by all").fetchall()
        original = warehouse._insert

        def fail_on_quarantine(con, table, frame):
            if table == "quarantine":
                raise OSError("disk full")
            original(con, table, frame)

        monkeypatch.setattr(warehouse, "_insert", fail_on_quarantine)
        with pytest.raises(OSError, match="disk full"):
            warehouse.load_validated(con, validated, "run-2")
        assert con.execute("select * from scores order by all").fetchall() == before
        assert (
            con.execute("select count(*) from source_files where run_id = 'run-2'").fetchone()[0]
            == 0
        )


def test_run_ledger_records_start_and_end(tmp_path):
    from datetime import UTC, datetime

    with warehouse.connect(tmp_path / "w.duckdb") as con:
        warehouse.start_run(
            con,
            "r1",
            "adhoc",
            {"period": "all"},
            "all",
            "id",
            datetime(2026, 11, 1, tzinfo=UTC),
            {"duckdb": "1.5.6"},
        )
        warehouse.finish_run(
            con,
            "r1",
            "completed",
            datetime(2026, 11, 1, 0, 1, tzinfo=UTC),
            n_programs=3,
            n_results=4,
            report_dir="/r/r1",
        )
        status, n_programs, parameters = con.execute(
            "select status, n_programs, parameters from runs"
        ).fetchone()
    assert (status, n_programs) == ("completed", 3)
    assert '"period": "all"' in parameters
    with pytest.raises(ValueError, match="unknown run fields"):
        warehouse.finish_run(con, "r1", "failed", datetime.now(UTC), colour="red")
