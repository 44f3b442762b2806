"""The run ledger as `evaluasi runs` shows it: the most recent runs, newest first."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from evaluasi import warehouse
from evaluasi.periods import JAKARTA

RUN_LEDGER_COLUMNS = (
    "run_id",
    "flow",
    "period",
    "status",
    "started",
    "seconds",
    "programmes",
    "results",
    "rows read",
    "quarantined",
    "report or error",
)


def recent_runs(path: Path, limit: int = 20) -> pd.DataFrame:
    """The `limit` most recent runs of the warehouse at `path` (model `fct_run_ledger`).

    Raises WarehouseError with what to do when a run holds the file open just now."""
    with warehouse.connect(path) as con:
        return warehouse.query(con, "fct_run_ledger", limit=limit)


def format_runs(runs: pd.DataFrame) -> str:
    """A plain text table, one run a line; times in WIB."""
    if runs.empty:
        return "no runs yet"
    rows = [
        [
            str(run.run_id),
            str(run.flow),
            str(run.period),
            str(run.status),
            pd.Timestamp(run.started_at).tz_convert(JAKARTA).strftime("%Y-%m-%d %H:%M"),
            _count(run.seconds),
            _count(run.n_programs),
            _count(run.n_results),
            _count(run.rows_read),
            _count(run.rows_quarantined),
            str(run.report_dir if isinstance(run.report_dir, str) else run.error or ""),
        ]
        for run in runs.itertuples(index=False)
    ]
    widths = [
        max(len(header), *(len(row[i]) for row in rows))
        for i, header in enumerate(RUN_LEDGER_COLUMNS)
    ]
    lines = [RUN_LEDGER_COLUMNS, *rows]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


def _count(value: object) -> str:
    return "" if value is None or pd.isna(value) else f"{int(value):,}"
