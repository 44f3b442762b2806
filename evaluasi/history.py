"""A run's results next to the latest full evaluation of each earlier period, for the trend."""

from __future__ import annotations

import duckdb
import pandas as pd

from evaluasi import warehouse

HISTORY_COLUMNS = (
    "period",
    "run_id",
    "started_at",
    "is_current",
    "n_programs",
    "n_results",
    "n_participants",
    "n_testable",
    "n_positive",
    "n_negative",
    "share_positive",
    "median_dz",
)
_COUNT_COLUMNS = tuple(column for column in HISTORY_COLUMNS if column.startswith("n_"))


def run_history(con: duckdb.DuckDBPyConnection, run_id: str) -> pd.DataFrame:
    """One row per evaluation period, oldest first: run `run_id` and the runs before it.

    Model `evaluasi/sql/fct_run_history.sql`. The run itself represents its period whatever its
    status, since the report is written before the run is marked completed. Every other calendar
    quarter (`2026Q3`) is represented by its latest run that completed and evaluated the full scope:

    - a run restricted to chosen programmes (`program_ids` in its parameters) is partial, and
      its counts and shares would move the trend for reasons that are not impact;
    - a run started after `run_id` is left out, so that re-rendering an old report shows what
      was known then and not the future;
    - runs of `all` periods, and other runs of the run's own period, are not quarters next to it.

    Counts are those of the index KPIs: `n_results` programme x instrument rows, `n_participants`
    the sum over programmes of each programme's largest count across instruments (a person is
    counted once per programme), `n_testable` rows with a verdict other than `insufficient`,
    `share_positive` = 100 * n_positive / n_results (positive over all rows, not over testable
    ones), `median_dz` the median Cohen's d_z of the rows that have one. At most the 8 most
    recent periods are kept, always including the run's own; quarters sort as text and `all`
    comes last. An earlier run that stored no rows shows zero counts and no share or median.

    Empty (with the columns) when `run_id` has no stored results.
    """
    history = warehouse.query(con, "fct_run_history", run_id=run_id)
    history = history.reindex(columns=list(HISTORY_COLUMNS))
    return history.astype(
        {
            **dict.fromkeys(_COUNT_COLUMNS, "int64"),
            "period": "object",
            "run_id": "object",
            "is_current": "bool",
            "share_positive": "float64",
            "median_dz": "float64",
        }
    ).reset_index(drop=True)
