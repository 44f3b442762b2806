"""The DuckDB warehouse: connection, schema, loading validated tables, running `sql/` models.

SQL lives in `sql/` as one file per model and is loaded by name; values are always bound as
parameters. A load replaces the canonical tables as one transaction, so loading the same inbox
twice gives the same rows, and a failed load leaves the previous ones in place.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from evaluasi.validation import Validated

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
CANONICAL_TABLES = ("programs", "instruments", "participants", "scores")


@cache
def sql(name: str) -> str:
    """The text of model `sql/<name>.sql`."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


@contextmanager
def connect(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open (creating if needed) the warehouse file with its schema; closed on exit."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        con.execute(sql("schema"))
        yield con
    finally:
        con.close()


def query(con: duckdb.DuckDBPyConnection, model: str, **params: Any) -> pd.DataFrame:
    """Run model `sql/<model>.sql` with named parameters and return its rows."""
    return con.execute(sql(model), params or None).df()


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    con.register("incoming", frame)
    try:
        con.execute(f'insert into "{table}" by name select * from incoming')
    finally:
        con.unregister("incoming")


def load_validated(con: duckdb.DuckDBPyConnection, validated: Validated, run_id: str) -> None:
    """Replace the canonical tables with the validated inbox and record this run's ledger rows.

    One transaction: either everything is replaced and recorded, or nothing changes.
    """
    con.execute("begin transaction")
    try:
        # Children first: scores refer to programs and instruments.
        for table in reversed(CANONICAL_TABLES):
            con.execute(f"delete from {table}")
        for table in CANONICAL_TABLES:
            _insert(con, table, getattr(validated, table))
        _insert(con, "source_files", validated.sources.assign(run_id=run_id))
        _insert(con, "quarantine", validated.rejections.assign(run_id=run_id))
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def start_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    flow: str,
    parameters: dict[str, Any],
    period: str,
    lang: str,
    started_at: datetime,
    versions: dict[str, str],
) -> None:
    """Record a run as `running` in the run ledger."""
    con.execute(
        "insert into runs (run_id, flow, parameters, period, lang, started_at, status, versions)"
        " values ($run_id, $flow, $parameters, $period, $lang, $started_at, 'running', $versions)",
        {
            "run_id": run_id,
            "flow": flow,
            "parameters": json.dumps(parameters, sort_keys=True, default=str),
            "period": period,
            "lang": lang,
            "started_at": started_at,
            "versions": json.dumps(versions, sort_keys=True),
        },
    )


def finish_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    status: str,
    finished_at: datetime,
    **fields: Any,
) -> None:
    """Record how a run ended; `fields` may set n_programs, n_results, report_dir, error."""
    allowed = {"n_programs", "n_results", "report_dir", "error"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown run fields: {', '.join(sorted(unknown))}")
    assignments = "".join(f", {name} = ${name}" for name in fields)
    con.execute(
        f"update runs set status = $status, finished_at = $finished_at{assignments}"
        " where run_id = $run_id",
        {"run_id": run_id, "status": status, "finished_at": finished_at, **fields},
    )


def store_results(con: duckdb.DuckDBPyConnection, run_id: str, results: pd.DataFrame) -> None:
    """Keep a run's full (unsuppressed) results in the restricted warehouse."""
    columns = [row[0] for row in con.execute("describe program_results").fetchall()]
    _insert(con, "program_results", results.assign(run_id=run_id)[columns])
