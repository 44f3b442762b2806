"""The trend against earlier runs: which run stands for each period, and what is counted."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from evaluasi import warehouse
from evaluasi.history import HISTORY_COLUMNS, run_history


@pytest.fixture
def con(tmp_path):
    with warehouse.connect(tmp_path / "w.duckdb") as connection:
        yield connection


def add_run(
    con,
    run_id: str,
    period: str,
    day: int,
    status: str = "completed",
    program_ids: list[str] | None = None,
) -> None:
    """A run of `period` started on `day` November 2026."""
    con.execute(
        "insert into runs (run_id, flow, parameters, period, lang, started_at, status)"
        " values ($run_id, 'quarterly', $parameters, $period, 'id', $started_at, $status)",
        {
            "run_id": run_id,
            "parameters": json.dumps({"period": period, "program_ids": program_ids}),
            "period": period,
            "started_at": datetime(2026, 11, day, tzinfo=UTC),
            "status": status,
        },
    )


def add_results(con, run_id: str, rows: list[tuple]) -> None:
    """Rows of (program_id, instrument, n_participants, verdict, cohen_dz)."""
    con.executemany(
        "insert into program_results"
        " (run_id, program_id, instrument, n_participants, verdict, cohen_dz)"
        " values (?, ?, ?, ?, ?, ?)",
        [(run_id, *row) for row in rows],
    )


def add_evaluated_run(con, run_id: str, period: str, day: int, **kwargs) -> None:
    """A run with one positive programme x instrument row."""
    add_run(con, run_id, period, day, **kwargs)
    add_results(con, run_id, [("P-A", "knowledge_test", 10, "positive", 0.5)])


def test_the_columns_and_their_types(con):
    add_evaluated_run(con, "q2", "2026Q2", 1)
    add_evaluated_run(con, "q3", "2026Q3", 2, status="running")
    history = run_history(con, "q3")
    assert tuple(history.columns) == HISTORY_COLUMNS
    assert history["period"].tolist() == ["2026Q2", "2026Q3"]
    assert history["is_current"].tolist() == [False, True]
    assert history["is_current"].dtype == bool
    for column in ("n_programs", "n_results", "n_participants", "n_testable", "n_positive"):
        assert history[column].dtype == "int64"
    assert history["share_positive"].dtype == "float64"
    assert history["median_dz"].dtype == "float64"
    assert history["started_at"].iloc[0] == datetime(2026, 11, 1, tzinfo=UTC)


def test_the_latest_completed_run_stands_for_its_period(con):
    add_evaluated_run(con, "q2-first", "2026Q2", 1)
    add_evaluated_run(con, "q2-second", "2026Q2", 2)
    add_evaluated_run(con, "q2-failed", "2026Q2", 3, status="failed")
    add_evaluated_run(con, "q2-running", "2026Q2", 4, status="running")
    add_evaluated_run(con, "current", "2026Q3", 5)
    history = run_history(con, "current")
    assert history["run_id"].tolist() == ["q2-second", "current"]


def test_partial_runs_are_left_out(con):
    add_evaluated_run(con, "q1", "2026Q1", 1)
    add_evaluated_run(con, "q2-full", "2026Q2", 2)
    add_evaluated_run(con, "q2-partial", "2026Q2", 3, program_ids=["P-A"])
    add_evaluated_run(con, "q1-partial", "2025Q4", 4, program_ids=["P-A"])
    add_evaluated_run(con, "current", "2026Q3", 5)
    history = run_history(con, "current")
    assert history["run_id"].tolist() == ["q1", "q2-full", "current"]


def test_a_run_without_program_ids_in_its_parameters_is_full_scope(con):
    add_evaluated_run(con, "q2", "2026Q2", 1)
    con.execute("update runs set parameters = '{\"period\": \"2026Q2\"}' where run_id = 'q2'")
    add_evaluated_run(con, "current", "2026Q3", 2)
    assert run_history(con, "current")["run_id"].tolist() == ["q2", "current"]


def test_runs_started_after_the_run_are_left_out(con):
    add_evaluated_run(con, "q2-old", "2026Q2", 1)
    add_evaluated_run(con, "current", "2026Q3", 2)
    add_evaluated_run(con, "q2-new", "2026Q2", 3)
    add_evaluated_run(con, "q4", "2026Q4", 4)
    history = run_history(con, "current")
    assert history["run_id"].tolist() == ["q2-old", "current"]


def test_the_run_stands_for_its_own_period_while_still_running(con):
    add_evaluated_run(con, "q3-completed", "2026Q3", 1)
    add_evaluated_run(con, "q2", "2026Q2", 2)
    add_evaluated_run(con, "current", "2026Q3", 3, status="running")
    history = run_history(con, "current")
    assert history["run_id"].tolist() == ["q2", "current"]
    assert history["is_current"].tolist() == [False, True]


def test_a_run_of_all_periods_comes_last_after_earlier_quarters(con):
    add_evaluated_run(con, "all-old", "all", 1)
    add_evaluated_run(con, "q1", "2026Q1", 2)
    add_evaluated_run(con, "q2", "2026Q2", 3)
    add_evaluated_run(con, "current", "all", 4, status="running")
    history = run_history(con, "current")
    assert history["period"].tolist() == ["2026Q1", "2026Q2", "all"]
    assert history["run_id"].tolist() == ["q1", "q2", "current"]
    assert history["is_current"].tolist() == [False, False, True]


def test_counts_share_and_median_of_a_run(con):
    add_run(con, "current", "2026Q3", 1)
    add_results(
        con,
        "current",
        [
            # Two instruments of one programme: its 12 people count once.
            ("P-A", "knowledge_test", 12, "positive", 0.8),
            ("P-A", "supervisor_rating", 11, "not_shown", 0.1),
            ("P-B", "knowledge_test", 7, "negative", -0.4),
            ("P-C", "knowledge_test", 3, "insufficient", None),
            ("P-D", "skp_predikat", 20, "positive", None),
            ("P-E", "knowledge_test", 9, None, 0.3),
        ],
    )
    row = run_history(con, "current").iloc[0]
    assert row["n_programs"] == 5
    assert row["n_results"] == 6
    assert row["n_participants"] == 12 + 7 + 3 + 20 + 9
    assert row["n_testable"] == 4
    assert row["n_positive"] == 2
    assert row["n_negative"] == 1
    # Positive over all rows, as the index KPI counts: 2 of 6.
    assert row["share_positive"] == pytest.approx(100 * 2 / 6)
    # The median of -0.4, 0.1, 0.3, 0.8: halfway between 0.1 and 0.3.
    assert row["median_dz"] == pytest.approx(0.2)


def test_more_than_eight_periods_keep_the_eight_most_recent(con):
    quarters = [f"{year}Q{number}" for year in (2024, 2025) for number in (1, 2, 3, 4)]
    for day, period in enumerate(quarters, start=1):
        add_evaluated_run(con, period, period, day)
    add_evaluated_run(con, "current", "2026Q1", 20)
    history = run_history(con, "current")
    # Nine periods: the oldest quarter, 2024Q1, gives way.
    assert history["period"].tolist() == [*quarters[1:], "2026Q1"]


def test_the_run_is_kept_among_eight_periods_when_later_quarters_were_run_before_it(con):
    quarters = [f"2025Q{number}" for number in (1, 2, 3, 4)] + [
        f"2026Q{number}" for number in (1, 2, 3, 4)
    ]
    for day, period in enumerate(quarters, start=1):
        add_evaluated_run(con, period, period, day)
    add_evaluated_run(con, "current", "2024Q4", 20)
    history = run_history(con, "current")
    assert history["period"].tolist() == ["2024Q4", *quarters[1:]]


def test_an_earlier_run_that_stored_no_rows_counts_zero(con):
    add_run(con, "q2", "2026Q2", 1)
    add_evaluated_run(con, "current", "2026Q3", 2)
    first = run_history(con, "current").iloc[0]
    assert first["run_id"] == "q2"
    assert first[["n_programs", "n_results", "n_participants"]].tolist() == [0, 0, 0]
    assert first[["share_positive", "median_dz"]].isna().all()


def test_a_run_without_results_gives_an_empty_frame(con):
    add_evaluated_run(con, "q2", "2026Q2", 1)
    add_run(con, "current", "2026Q3", 2, status="running")
    history = run_history(con, "current")
    assert history.empty
    assert tuple(history.columns) == HISTORY_COLUMNS
    assert run_history(con, "no-such-run").empty
