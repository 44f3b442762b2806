"""Loading is idempotent, incremental and atomic; the ledger always adds up."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pandas as pd
import pytest
from conftest import BROKEN_NIP, load_inbox, nip, score_rows, with_broken_row, write_inbox

from evaluasi import warehouse
from evaluasi.rejected import export_rejected
from evaluasi.sources import landing
from evaluasi.sources.extract import SourceError


def snapshot(path) -> dict[str, list]:
    with warehouse.connect(path) as con:
        return {
            table: con.execute(f"select * from {table} order by all").fetchall()
            for table in ("programs", "instruments", "scores", "quarantine", "landed_scores")
        }


def test_loading_the_same_inbox_twice_gives_the_same_rows(tmp_path):
    inbox = write_inbox(tmp_path / "inbox", with_broken_row(score_rows()))
    db = tmp_path / "w.duckdb"
    load_inbox(inbox, db, run_id="run-1")
    first = snapshot(db)
    second_load = load_inbox(inbox, db, run_id="run-2")
    second = snapshot(db)
    assert len(second["scores"]) == len(score_rows())
    for table in ("programs", "instruments", "scores", "landed_scores"):
        assert second[table] == first[table]
    # The quarantine holds the latest load: the same rows, stamped with the newer run.
    assert [row[1:] for row in second["quarantine"]] == [row[1:] for row in first["quarantine"]]
    ledger = second_load.source_files
    assert sorted(ledger["run_id"].unique()) == ["run-1", "run-2"]
    assert set(ledger[ledger["run_id"] == "run-2"]["status"]) == {"unchanged"}


def test_an_unchanged_source_is_not_read_again(tmp_path, monkeypatch):
    inbox = write_inbox(tmp_path / "inbox")
    db = tmp_path / "w.duckdb"
    load_inbox(inbox, db, run_id="run-1")
    read = []
    original = landing.extract_file

    def spy(con, path, **kwargs):
        read.append(path.name)
        return original(con, path, **kwargs)

    monkeypatch.setattr(landing, "extract_file", spy)
    pd.DataFrame(score_rows()[:10]).to_csv(inbox / "scores.csv", index=False)
    loaded = load_inbox(inbox, db, run_id="run-2")
    assert read == ["scores.csv"]
    ledger = loaded.source_files.query("run_id == 'run-2'").set_index("source")
    assert ledger.loc["programs.csv", "status"] == "unchanged"
    assert ledger.loc["scores.csv", "status"] == "loaded"
    assert ledger.loc["scores.csv", "rows_read"] == 10


def test_a_changed_source_replaces_only_its_own_rows(tmp_path):
    inbox = write_inbox(tmp_path / "inbox")
    extra = [dict(score_rows()[0], nip=nip(900 + i)) for i in range(3)]
    pd.DataFrame(extra).to_csv(inbox / "scores_late.csv", index=False)
    db = tmp_path / "w.duckdb"
    first = load_inbox(inbox, db, run_id="run-1")
    assert len(first.scores) == len(score_rows()) + 3
    pd.DataFrame(extra[:1]).to_csv(inbox / "scores_late.csv", index=False)
    second = load_inbox(inbox, db, run_id="run-2")
    by_source = second.scores.groupby("source").size().to_dict()
    assert by_source == {"scores.csv": len(score_rows()), "scores_late.csv": 1}
    (inbox / "scores_late.csv").unlink()
    third = load_inbox(inbox, db, run_id="run-3")
    assert set(third.scores["source"]) == {"scores.csv"}
    assert "scores_late.csv" not in set(third.landed_sources["source"])


def test_every_run_ledger_adds_up(tmp_path):
    inbox = write_inbox(tmp_path / "inbox", with_broken_row(score_rows()))
    loaded = load_inbox(inbox)
    ledger = loaded.source_files
    assert (ledger["rows_read"] == ledger["rows_loaded"] + ledger["rows_quarantined"]).all()
    assert ledger.set_index("source").loc["scores.csv", "rows_quarantined"] == 1


def test_a_source_that_cannot_be_read_changes_nothing(tmp_path):
    inbox = write_inbox(tmp_path / "inbox")
    db = tmp_path / "w.duckdb"
    load_inbox(inbox, db, run_id="run-1")
    before = snapshot(db)
    pd.DataFrame(score_rows()[:4]).to_csv(inbox / "scores_more.csv", index=False)
    (inbox / "programs_extra.csv").write_text("title only, no header we know\n")
    with pytest.raises(SourceError, match=r"programs_extra\.csv"):
        load_inbox(inbox, db, run_id="run-2")
    assert snapshot(db) == before
    with warehouse.connect(db) as con:
        assert con.execute(
            "select count(*) from source_files where run_id = 'run-2'"
        ).fetchone() == (0,)


def test_rejected_rows_export_and_a_fixed_row_loads_when_dropped_back(tmp_path):
    inbox = write_inbox(tmp_path / "inbox", with_broken_row(score_rows()))
    db = tmp_path / "w.duckdb"
    first = load_inbox(inbox, db, run_id="run-1")
    out = tmp_path / "restricted"
    with warehouse.connect(db) as con:
        csv_files = export_rejected(con, out / "csv", "csv")
        xlsx_files = export_rejected(con, out / "xlsx", "xlsx")
    assert [p.name for p in csv_files] == ["scores_rejected.csv"]
    assert [p.name for p in xlsx_files] == ["scores_rejected.xlsx"]
    rejected = pd.read_csv(csv_files[0], dtype=str, keep_default_na=False)
    assert rejected.loc[0, "nip"] == BROKEN_NIP
    assert rejected.loc[0, "reason"] == "nip_stored_as_number"
    assert rejected.loc[0, "source"] == "scores.csv"
    from_excel = pd.read_excel(xlsx_files[0], dtype=str, keep_default_na=False)
    assert from_excel.drop(columns="source_row").equals(rejected.drop(columns="source_row"))
    # The officer looks the NIP up in SIASN and drops the corrected row back in.
    rejected.loc[0, "nip"] = nip(950)
    rejected.to_csv(inbox / "scores_fixed.csv", index=False)
    second = load_inbox(inbox, db, run_id="run-2")
    assert len(second.scores) == len(first.scores) + 1
    fixed = second.scores[second.scores["source"] == "scores_fixed.csv"]
    assert fixed["nip"].tolist() == [nip(950)]
    ledger = second.source_files.query("run_id == 'run-2'").set_index("source")
    assert ledger.loc["scores_fixed.csv", ["rows_loaded", "rows_quarantined"]].tolist() == [1, 0]


def test_run_ledger_records_start_and_end(tmp_path):
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


def test_a_warehouse_from_before_new_statistics_gains_their_columns(tmp_path):
    path = tmp_path / "w.duckdb"
    with warehouse.connect(path):
        pass
    con = duckdb.connect(str(path))
    con.execute("alter table program_results drop column hl_estimate")
    con.execute("drop table subgroup_tests")
    con.execute(
        "insert into program_results (run_id, program_id, instrument, mean_diff)"
        " values ('old', 'P', 'I', 1.5)"
    )
    con.close()
    with warehouse.connect(path) as con:
        columns = [row[0] for row in con.execute("describe program_results").fetchall()]
        assert "hl_estimate" in columns
        assert con.execute("select count(*) from subgroup_tests").fetchone() == (0,)
        kept = con.execute("select mean_diff, hl_estimate from program_results").fetchall()
    assert kept == [(1.5, None)]


def test_fetch_coded_keeps_order_and_nulls_and_gives_categoricals():
    con = duckdb.connect()
    con.execute("create table t (a varchar, b double)")
    empty = warehouse.fetch_coded(con, "t", ["a"], ["b"])
    assert empty.empty and isinstance(empty["a"].dtype, pd.CategoricalDtype)
    con.execute("insert into t values ('x', 1), (null, 2), ('a', 3), ('x', 4)")
    frame = warehouse.fetch_coded(con, "t", ["a"], ["b"])
    assert frame["a"].tolist()[0] == "x" and pd.isna(frame["a"].iloc[1])
    assert frame["a"].tolist()[2:] == ["a", "x"]
    assert frame["b"].tolist() == [1.0, 2.0, 3.0, 4.0]
    assert frame["a"].cat.categories.tolist() == ["a", "x"]
