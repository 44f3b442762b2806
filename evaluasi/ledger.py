"""The per-run ledger of sources (`source_files`): every row read is loaded or quarantined.

For each source, rows_read comes from the reader, rows_quarantined from the quarantine (a row
that broke two rules counts once) and rows_loaded from the canonical tables. The three must add
up; if they do not, the load is refused rather than recorded wrongly.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from evaluasi import warehouse
from evaluasi.sources.landing import LandedSource
from evaluasi.sources.tables import TABLES

LEDGER_COLUMNS = [
    "source",
    "table",
    "fingerprint",
    "status",
    "rows_read",
    "rows_loaded",
    "rows_quarantined",
]


class LedgerError(Exception):
    """Rows were lost between reading and loading: a bug, never a user's mistake."""


def record_ledger(
    con: duckdb.DuckDBPyConnection, run_id: str, landed: list[LandedSource]
) -> pd.DataFrame:
    """Count every source's rows, check read = loaded + quarantined, and store the ledger rows."""
    loaded = _counts(
        con,
        " union all ".join(
            f"select source, count(*) as n from {table} group by source" for table in TABLES
        ),
    )
    quarantined = _counts(
        con,
        "select source, count(*) as n from "
        "(select distinct source, sheet, source_row from quarantine) group by source",
    )
    rows = []
    for item in landed:
        n_loaded = loaded.get(item.source, 0)
        n_quarantined = quarantined.get(item.source, 0)
        if n_loaded + n_quarantined != item.rows_read:
            raise LedgerError(
                f"{item.source}: {item.rows_read} rows read but {n_loaded} loaded and "
                f"{n_quarantined} quarantined; nothing was saved. Please report this."
            )
        rows.append(
            {
                "source": item.source,
                "table": item.table,
                "fingerprint": item.fingerprint,
                "status": item.status,
                "rows_read": item.rows_read,
                "rows_loaded": n_loaded,
                "rows_quarantined": n_quarantined,
            }
        )
    ledger = pd.DataFrame(rows, columns=LEDGER_COLUMNS)
    warehouse.replace_temp_table(con, "ledger", ledger)
    con.execute(
        "insert into source_files by name select $run_id as run_id, * from ledger",
        {"run_id": run_id},
    )
    return ledger


def _counts(con: duckdb.DuckDBPyConnection, query: str) -> dict[str, int]:
    return {source: int(n) for source, n in con.execute(query).fetchall()}
