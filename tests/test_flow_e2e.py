"""The real Prefect flow on small inboxes: inbox -> warehouse -> statistics -> published report."""

from __future__ import annotations

import json
import logging
import re
import time
import zipfile
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from conftest import BROKEN_NIP, SCORES, score_rows, with_broken_row, write_inbox
from scipy import stats

from evaluasi.results import RESULT_COLUMNS, SPEC_COLUMNS

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def run_flow(prefect_harness):
    from flows.adhoc import adhoc_evaluation

    def run(root: Path, period: str = "all", **kwargs) -> Path:
        return Path(
            adhoc_evaluation(
                period=period,
                inbox=str(root / "inbox"),
                warehouse=str(root / "warehouse.duckdb"),
                reports=str(root / "reports"),
                **kwargs,
            )
        )

    return run


@pytest.fixture(scope="module")
def broken_run(tmp_path_factory, run_flow):
    root = tmp_path_factory.mktemp("broken")
    write_inbox(root / "inbox", with_broken_row(score_rows()))
    first = run_flow(root)
    second = run_flow(root)
    return root, first, second


def read_results(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "results.csv", dtype={"program_id": str})


def test_run_publishes_a_complete_folder_and_latest(broken_run):
    root, first, second = broken_run
    assert first.parent == second.parent == root / "reports"
    assert (root / "reports" / "latest").resolve() == second.resolve()
    for folder in (first, second):
        names = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
        assert {
            "results.csv",
            "index.html",
            "quality.html",
            "methods.html",
            "assets/plotly.min.js",
        } <= names
        assert sum(name.startswith("program-") for name in names) == 3


def test_results_csv_has_spec_columns_under_exact_names(broken_run):
    _, first, _ = broken_run
    results = read_results(first)
    assert list(results.columns) == RESULT_COLUMNS
    assert list(results.columns[2 : 2 + len(SPEC_COLUMNS)]) == SPEC_COLUMNS
    assert results[["program_id", "instrument"]].values.tolist() == [
        ["P-A", "knowledge_test"],
        ["P-B", "knowledge_test"],
        ["P-B", "supervisor_rating"],
        ["P-C", "knowledge_test"],
    ]


def test_same_inbox_twice_gives_same_results_and_rows(broken_run):
    root, first, second = broken_run
    assert (first / "results.csv").read_bytes() == (second / "results.csv").read_bytes()
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from scores").fetchone()[0] == len(score_rows())
        runs = con.execute("select status, n_results from runs order by started_at").fetchall()
    assert runs == [("completed", 4), ("completed", 4)]


def test_broken_nip_is_quarantined_and_evaluated_as_if_absent(broken_run, tmp_path, run_flow):
    root, first, _ = broken_run
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        quarantined = con.execute(
            'select source, source_row, "column", reason, raw from quarantine'
        ).fetchall()
    assert len(quarantined) == 1
    source, source_row, column, reason, raw = quarantined[0]
    assert (source, source_row, column, reason) == (
        "scores.csv",
        3,
        "nip",
        "nip_stored_as_number",
    )
    assert BROKEN_NIP in raw
    write_inbox(tmp_path / "inbox")
    clean = run_flow(tmp_path)
    assert (clean / "results.csv").read_bytes() == (first / "results.csv").read_bytes()


def test_statistics_agree_with_scipy(broken_run):
    _, first, _ = broken_run
    row = read_results(first).set_index(["program_id", "instrument"]).loc[("P-A", "knowledge_test")]
    pre, post = np.array(SCORES["P-A"], dtype=float).T
    test = stats.ttest_rel(post, pre)
    assert row.n_participants == row.n_paired == 8
    assert row.mean_diff == pytest.approx(np.mean(post - pre), abs=1e-12)
    assert row.t_stat == pytest.approx(test.statistic, abs=1e-9)
    assert row.p_value == pytest.approx(test.pvalue, abs=1e-9)
    assert row.pre_sd == pytest.approx(np.std(pre, ddof=1), abs=1e-12)


def test_small_programme_is_suppressed_but_counted(broken_run):
    _, first, _ = broken_run
    small = read_results(first).set_index("program_id").loc["P-C"]
    assert small.n_paired == 3
    assert np.isnan(small.mean_diff) and np.isnan(small.p_value)
    assert "suppressed_small_group" in small.notes
    assert small.verdict == "insufficient"


def test_nothing_published_contains_a_nip(broken_run):
    root, _, _ = broken_run
    nips = {row["nip"] for row in score_rows()} | {BROKEN_NIP}
    assert any((root / "reports").rglob("results.xlsx"))
    for path in (root / "reports").rglob("*"):
        if not path.is_file():
            continue
        if path.suffix == ".xlsx":  # a zip of XML parts
            with zipfile.ZipFile(path) as book:
                texts = [book.read(name).decode("utf-8") for name in book.namelist()]
        elif path.suffix in {".html", ".csv", ".css", ".json", ".js"}:
            texts = [path.read_text(encoding="utf-8")]
        else:
            continue
        assert not any(n in text for n in nips for text in texts), path


def test_quarter_selects_programmes_with_post_evidence_in_it(tmp_path, run_flow):
    write_inbox(tmp_path / "inbox")
    q2 = read_results(run_flow(tmp_path, period="2026Q2"))
    assert sorted(set(q2["program_id"])) == ["P-B"]
    q3_folder = run_flow(tmp_path, period="2026Q3")
    q3 = read_results(q3_folder)
    assert sorted(set(q3["program_id"])) == ["P-A", "P-B", "P-C"]
    only_a_folder = run_flow(tmp_path, period="all", program_ids=["P-A"])
    only_a = read_results(only_a_folder)
    assert set(only_a["program_id"]) == {"P-A"}
    # The summary's trend reads the warehouse's history: Q2's run beside this one.
    trend = _trend_rows(q3_folder)
    assert [period for period, _ in trend] == ["Triwulan II 2026", "Triwulan III 2026"]
    assert [cells[0] for _, cells in trend] == ["1", "3"]  # programmes evaluated
    # A partial run (chosen programmes) never enters a later trend; it shows the quarters.
    assert [period for period, _ in _trend_rows(only_a_folder)] == [
        "Triwulan II 2026",
        "Triwulan III 2026",
        "Semua periode",
    ]


def _trend_rows(folder: Path) -> list[tuple[str, list[str]]]:
    """The trend table of a run's summary: (period, its cells) per row, oldest first."""
    index = (folder / "index.html").read_text(encoding="utf-8")
    table = index.split('id="trend-table"')[1].split("</tbody>")[0].split("<tbody>")[1]
    rows = []
    for row in table.split("</tr>")[:-1]:
        period = row.split('<th scope="row">')[1].split(" <span")[0].split("</th>")[0]
        rows.append((period, re.findall(r'<td class="num">([^<]*)</td>', row)))
    return rows


def test_a_run_leaves_its_summary_results_and_report_link_in_the_prefect_ui(
    tmp_path, prefect_harness
):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterFlowRunId,
        LogFilter,
        LogFilterFlowRunId,
    )
    from prefect.logging.handlers import APILogHandler

    from flows.adhoc import adhoc_evaluation

    write_inbox(tmp_path / "inbox")
    state = adhoc_evaluation(
        period="all",
        inbox=str(tmp_path / "inbox"),
        warehouse=str(tmp_path / "warehouse.duckdb"),
        reports=str(tmp_path / "reports"),
        return_state=True,
    )
    folder = Path(state.result())
    run_id = state.state_details.flow_run_id
    for handler in logging.getLogger("evaluasi").handlers:
        if isinstance(handler, APILogHandler):
            handler.flush()
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run_id]))
        )
        messages: list[str] = []
        for _ in range(40):  # logs reach the API in batches
            logs = client.read_logs(
                log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run_id]))
            )
            messages = [log.message for log in logs]
            if any("rows read into scores" in message for message in messages):
                break
            time.sleep(0.5)
    by_key = {artifact.key: artifact for artifact in artifacts}
    assert set(by_key) == {"evaluasi-summary", "evaluasi-results", "evaluasi-report"}
    summary = by_key["evaluasi-summary"].data
    assert f"`{folder / 'index.html'}`" in summary and "Programmes evaluated: **3**" in summary
    results = read_results(folder)
    table = by_key["evaluasi-results"].data
    table = json.loads(table) if isinstance(table, str) else table
    assert len(table) == len(results)
    assert by_key["evaluasi-report"].data.startswith("[Report of run") or "file://" in str(
        by_key["evaluasi-report"].data
    )
    # the library's own log lines (evaluasi.sources.landing) reach the run's logs
    assert any("rows read into scores" in message for message in messages), messages[:20]
    nips = {row["nip"] for row in score_rows()}
    assert not any(nip in str(artifact.data) for artifact in artifacts for nip in nips)


def test_adhoc_scope_instruments_opd_and_date_range(tmp_path, run_flow):
    write_inbox(tmp_path / "inbox")
    people = list(dict.fromkeys(r["nip"] for r in score_rows() if r["program_id"] == "P-B"))
    # The staff register: the first 6 Latsar participants work at the Inspektorat.
    pd.DataFrame(
        {
            "nip": people,
            "name": [f"Pegawai {i}" for i in range(len(people))],
            "unit": ["Inspektorat"] * 6 + ["Dinas Kesehatan"] * (len(people) - 6),
        }
    ).to_csv(tmp_path / "inbox" / "participants.csv", index=False)

    only_test = read_results(run_flow(tmp_path, instruments=["knowledge_test"]))
    assert set(only_test["instrument"]) == {"knowledge_test"}
    assert sorted(set(only_test["program_id"])) == ["P-A", "P-B", "P-C"]

    inspektorat = read_results(run_flow(tmp_path, opd=["Inspektorat"]))
    assert set(inspektorat["program_id"]) == {"P-B"}
    test_row = inspektorat[inspektorat["instrument"] == "knowledge_test"].iloc[0]
    pre, post = np.array(SCORES["P-B"][:6], dtype=float).T
    assert test_row["n_paired"] == 6
    assert test_row["mean_diff"] == pytest.approx((post - pre).mean(), abs=1e-9)

    # A date range equal to the third quarter selects what 2026Q3 selects.
    ranged = run_flow(tmp_path, start_date=date(2026, 7, 1), end_date=date(2026, 9, 30))
    quarter = run_flow(tmp_path, period="2026Q3")
    assert (
        read_results(ranged)["program_id"].tolist() == read_results(quarter)["program_id"].tolist()
    )
    assert "2026-07-01..2026-09-30" in (ranged / "index.html").read_text(encoding="utf-8")
    # Partial runs (instruments, OPD) and date ranges stay out of the trend: the quarter's run
    # has no earlier period to compare with.
    assert 'id="trend-table"' not in (quarter / "index.html").read_text(encoding="utf-8")
