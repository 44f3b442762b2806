"""The DuckDB warehouse: connection, schema, loading validated tables, running the SQL models.

SQL lives in `evaluasi/sql/` as one file per model, shipped inside the package and loaded by name;
values are always bound as parameters. A load runs in one transaction (`transaction`), so loading
the same inbox twice gives the same rows, and a failed load leaves the previous ones in place.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd

from evaluasi.config import duckdb_memory_limit
from evaluasi.errors import UserError

if TYPE_CHECKING:
    from evaluasi.results import RunResults

# Raised whenever evaluasi/sql/schema.sql changes in a way an existing warehouse file cannot follow.
SCHEMA_VERSION = 2


class WarehouseError(UserError):
    """The warehouse file cannot be used as it is; the message says what to do."""


@cache
def sql(name: str) -> str:
    """The text of model `evaluasi/sql/<name>.sql`."""
    # Through the package's resources, not a path beside the source, so an installed wheel works.
    return (files("evaluasi") / "sql" / f"{name}.sql").read_text(encoding="utf-8")


@contextmanager
def connect(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open (creating if needed) the warehouse file with its schema; closed on exit."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = open_file(path)
    try:
        try:
            # No progress bar: long reads would print it into the flow's logs.
            con.execute("set enable_progress_bar = false")
            con.execute("set memory_limit = $limit", {"limit": duckdb_memory_limit()})
            _check_schema_version(con, path)
            con.execute(sql("schema"))
            _add_new_columns(con)
            con.execute(sql("macros"))
        except duckdb.IOException as error:  # a damaged file may open and fail on first read
            raise _file_problem(path, error) from None
        yield con
    finally:
        con.close()


def check_file(path: Path) -> None:
    """Raise WarehouseError when the warehouse file exists and cannot be used (damaged, made
    by another version); a file held by a running evaluation is fine (the run lock waits)."""
    if not path.exists():
        return
    try:
        con = open_file(path, read_only=True)
    except WarehouseError as error:
        if error.key == "warehouse_held":
            return
        raise
    try:
        _check_schema_version(con, path)
    except duckdb.IOException as error:
        raise _file_problem(path, error) from None
    finally:
        con.close()


def open_file(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to the DuckDB file at `path`, or WarehouseError saying what is wrong with
    the file (damaged, held by another program, not readable) and what to do."""
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as error:
        raise _file_problem(path, error) from None


_DAMAGE_SIGNS = (
    "not a valid DuckDB database file",
    "Could not read enough bytes",
    "Corrupt",
    "checksum",
)


def _file_problem(path: Path, error: duckdb.Error) -> WarehouseError:
    message = str(error)
    if any(sign in message for sign in _DAMAGE_SIGNS):
        return WarehouseError("warehouse_damaged", file=path)
    if "Could not set lock" in message or "Conflicting lock" in message:
        return WarehouseError("warehouse_held", file=path)
    if "database file with version number" in message or "Storage version" in message:
        return WarehouseError("warehouse_other_duckdb", file=path)
    first = message.strip().splitlines()[0] if message.strip() else type(error).__name__
    return WarehouseError("warehouse_unreadable", file=path, problem=first)


def _check_schema_version(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    tables = {row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall()}
    if not tables:
        if read_only_connection(con):
            return
        con.execute("create table warehouse_info as select ? as schema_version", [SCHEMA_VERSION])
        return
    found = None
    if "warehouse_info" in tables:
        found = con.execute("select max(schema_version) from warehouse_info").fetchone()[0]
    if found != SCHEMA_VERSION:
        raise WarehouseError(
            "warehouse_other_schema", file=path, found=found or 1, needed=SCHEMA_VERSION
        )


def read_only_connection(con: duckdb.DuckDBPyConnection) -> bool:
    (mode,) = con.execute("select current_setting('access_mode')").fetchone()
    return str(mode).lower() == "read_only"


def _add_new_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Add the columns evaluasi/sql/schema.sql has gained since the file was made (new statistics);
    changes that are not additions raise SCHEMA_VERSION instead."""
    expected = duckdb.connect()
    try:
        expected.execute(sql("schema"))
        wanted = expected.execute(_COLUMNS).fetchall()
    finally:
        expected.close()
    present = {(table, column) for table, column, _ in con.execute(_COLUMNS).fetchall()}
    for table, column, data_type in wanted:
        if (table, column) not in present:
            con.execute(f'alter table "{table}" add column "{column}" {data_type}')


_COLUMNS = (
    "select table_name, column_name, data_type from duckdb_columns()"
    " where schema_name = 'main' and not internal order by table_name, column_index"
)


def query(con: duckdb.DuckDBPyConnection, model: str, **params: Any) -> pd.DataFrame:
    """Run model `evaluasi/sql/<model>.sql` with named parameters and return its rows."""
    return con.execute(sql(model), params or None).df()


def fetch_coded(
    con: duckdb.DuckDBPyConnection, table: str, coded: list[str], other: list[str]
) -> pd.DataFrame:
    """The rows of ``table`` in its stored order, ``coded`` text columns as pandas
    categoricals (through temporary DuckDB enums, so each distinct value crosses into Python
    once) and ``other`` columns as they are."""
    columns = []
    for position, column in enumerate(coded):
        enum = f"coded_{position}"
        con.execute(
            f"create or replace temp type {enum} as enum ("
            f'select distinct "{column}" from "{table}" where "{column}" is not null order by 1)'
        )
        columns.append(f'"{column}"::{enum} as "{column}"')
    columns += [f'"{column}"' for column in other]
    frame = con.execute(f'select {", ".join(columns)} from "{table}"').df()
    return frame.astype({column: "category" for column in coded})


def replace_temp_table(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> None:
    """Create (or replace) temp table `name` holding `frame`."""
    _with_frame(con, frame, f"create or replace temp table {name} as select * from incoming")


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    _with_frame(con, frame, f'insert into "{table}" by name select * from incoming')


def _with_frame(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, statement: str) -> None:
    """Run `statement` with `frame` visible as the relation `incoming`."""
    con.register("incoming", frame)
    try:
        con.execute(statement)
    finally:
        con.unregister("incoming")


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Everything inside is committed together, or rolled back together on any error."""
    con.execute("begin transaction")
    try:
        yield con
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


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
    """Record how a run ended; `fields` may set n_programs, n_results, report_dir, error,
    rows_read, rows_quarantined and input_fingerprints (source -> sha256, stored as JSON)."""
    allowed = {
        "n_programs",
        "n_results",
        "report_dir",
        "error",
        "rows_read",
        "rows_quarantined",
        "input_fingerprints",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown run fields: {', '.join(sorted(unknown))}")
    if "input_fingerprints" in fields:
        fields["input_fingerprints"] = json.dumps(fields["input_fingerprints"], sort_keys=True)
    assignments = "".join(f", {name} = ${name}" for name in fields)
    con.execute(
        f"update runs set status = $status, finished_at = $finished_at{assignments}"
        " where run_id = $run_id",
        {"run_id": run_id, "status": status, "finished_at": finished_at, **fields},
    )


RESULT_TABLES = {
    "programs": "program_results",
    "pooled": "pooled_results",
    "subgroups": "subgroup_results",
    "subgroup_tests": "subgroup_tests",
}


def store_results(con: duckdb.DuckDBPyConnection, run_id: str, results: RunResults) -> None:
    """Keep a run's result tables in the restricted warehouse, in one transaction."""
    with transaction(con):
        for field, table in RESULT_TABLES.items():
            columns = [row[0] for row in con.execute(f'describe "{table}"').fetchall()]
            frame = getattr(results, field).assign(run_id=run_id)
            _insert(con, table, frame.reindex(columns=columns))
