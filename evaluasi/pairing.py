"""Pairing periodic performance records around each programme, for participants and colleagues.

`performance` holds records not tied to a programme (SKP predikat, performance scores). This
module turns them into pre and post scores per programme in `performance_scores`, with DuckDB
ASOF joins, set-based over all programmes at once (models `int_enrolments`, `int_rank_bands`,
`int_performance_pairs`, `int_comparison_pairs`; their headers hold the full rules).
"""

from __future__ import annotations

from collections.abc import Mapping

import duckdb

from evaluasi import warehouse
from evaluasi.sources.catalog import PerformanceWindow


def derive_performance_scores(
    con: duckdb.DuckDBPyConnection, windows: Mapping[str, PerformanceWindow]
) -> int:
    """Replace `performance_scores` with pairs derived from `performance`; return its row count.

    Enrolled participants of a programme are the people with a `participants` row for it, plus
    those with a `scores` row for it in the group 'participant'. For every programme x enrolled
    participant x instrument they have records of, with the instrument's window from `windows`
    (`PerformanceWindow()` defaults for the rest):

    - pre: the latest record with ``period_end <= start_date``, if it is no older than
      ``start_date - pre_window_months`` (a record on the start date is pre);
    - post: the first record with ``period_end >= end_date + post_after_months``, if it is no
      later than ``end_date + (post_after_months + post_window_months)``;
    - records during the training and its aftermath are neither.

    Month arithmetic is DuckDB's, which clamps to the month's last day: 31 Jan 2024 + 1 month is
    29 Feb 2024.

    The comparison group of programme P and instrument I: people in `participants` who share the
    unit (OPD) of an enrolled participant of P and, where both are known, that participant's rank
    band (the roman numeral of the golongan: 'Penata Muda (III/a)' is band III); who are not
    enrolled in P nor in any programme of P's type overlapping P's evidence window
    ``[start_date - pre_window, end_date + post_after + post_window]``; paired with P's dates by
    the same rules. Rows are kept even when only pre or only post exists.

    A score given directly in `scores` for the same (nip, program_id, instrument, phase) wins
    over a derived one. Runs inside the caller's transaction: it creates the temp tables
    `performance_windows`, `enrolments` and `rank_bands`, deletes and refills
    `performance_scores`, and neither begins nor commits.

    Example (a warehouse with one programme, two participants and one colleague, each with
    quarterly SKP records around it):

    >>> derive_performance_scores(con, {"skp_predikat": PerformanceWindow(12, 6, 12)})
    6
    """
    con.execute("delete from performance_scores")
    # Most inboxes have no periodic records; enrolments over millions of scores are then waste.
    if not con.execute("select exists (select 1 from performance)").fetchone()[0]:
        return 0
    con.execute(
        "create or replace temp table performance_windows (instrument varchar primary key,"
        " pre_window_months integer not null, post_after_months integer not null,"
        " post_window_months integer not null)"
    )
    if windows:
        con.executemany(
            "insert into performance_windows values (?, ?, ?, ?)",
            [
                [name, w.pre_window_months, w.post_after_months, w.post_window_months]
                for name, w in windows.items()
            ],
        )
    con.execute("create or replace temp table enrolments as " + warehouse.sql("int_enrolments"))
    con.execute("create or replace temp table rank_bands as " + warehouse.sql("int_rank_bands"))
    defaults = PerformanceWindow()
    params = {
        "pre_window_months": defaults.pre_window_months,
        "post_after_months": defaults.post_after_months,
        "post_window_months": defaults.post_window_months,
    }
    for model in ("int_performance_pairs", "int_comparison_pairs"):
        con.execute("insert into performance_scores by name " + warehouse.sql(model), params)
    (count,) = con.execute("select count(*) from performance_scores").fetchone()
    return count
