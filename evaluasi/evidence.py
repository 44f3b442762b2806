"""The guard against a run that would replace a good report with a much emptier one.

A broken export (header only, every NIP stored as a number, formulas Excel never calculated) or
a source that yields nothing loads without an error: its rows are read and quarantined, and the
run would publish a report with few or no programmes behind `latest`. So before the load is
committed, its evidence is compared with the last good (completed) run's: when a table the
statistics rest on loads less than `SHRINK_LIMIT` of what it loaded then, or nothing at all
loads, the load stops, is rolled back, and the message names each source with its counts then
and now. `allow_shrink` (the command's `--allow-shrink`) lets a deliberate shrink through.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from evaluasi import warehouse
from evaluasi.errors import UserError

# The tables whose rows are the evidence: programmes, and the scores or periodic records of
# their participants. Instruments and participants only describe them.
EVIDENCE_TABLES = ("programs", "scores", "performance")
# Less than half of the last good run's rows in an evidence table is not a correction of a
# few rows, it is a source gone wrong.
SHRINK_LIMIT = 0.5


class EvidenceShrank(UserError):
    """The load holds much less evidence than the last good run, or none; nothing was saved."""


def check_evidence(con: duckdb.DuckDBPyConnection, run_id: str, allow_shrink: bool) -> None:
    """Raise EvidenceShrank when the load of `run_id` (its ledger recorded, its transaction
    open) has no programme or no score at all, or loads less than SHRINK_LIMIT of the last good
    run's rows in an evidence table; unless `allow_shrink`."""
    if allow_shrink:
        return
    change = warehouse.query(con, "fct_evidence_change", run_id=run_id)
    totals = change.groupby("table")[["rows_loaded", "rows_loaded_before"]].sum()
    now = totals["rows_loaded"].reindex(list(EVIDENCE_TABLES), fill_value=0)
    before = totals["rows_loaded_before"].reindex(list(EVIDENCE_TABLES), fill_value=0)
    if now["programs"] == 0 or now["scores"] + now["performance"] == 0:
        empty = "programs" if now["programs"] == 0 else "scores"
        tables = [empty] if empty == "programs" else ["scores", "performance"]
        raise EvidenceShrank("evidence_none", table=empty, sources=_listing(change, tables))
    shrunk = [table for table in EVIDENCE_TABLES if now[table] < SHRINK_LIMIT * before[table]]
    if shrunk:
        run = str(change["last_good_run"].dropna().iloc[0])
        raise EvidenceShrank(
            "evidence_shrank",
            run=run,
            tables=", ".join(
                f"{table} {int(before[table])} → {int(now[table])}" for table in shrunk
            ),
            sources=_listing(change, shrunk),
        )


def _listing(change: pd.DataFrame, tables: list[str]) -> str:
    """Each source of `tables`: rows read, loaded and quarantined now, and loaded before."""
    rows = change[change["table"].isin(tables)]
    if rows.empty:
        return "-"
    return "; ".join(
        f"{row.source} ({int(row.rows_read)} / {int(row.rows_loaded)} / "
        f"{int(row.rows_quarantined)} / {int(row.rows_loaded_before)})"
        for row in rows.itertuples()
    )
