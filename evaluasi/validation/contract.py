"""The data contract of every canonical table, as Great Expectations suites, checked after loading.

The row rules (evaluasi/sql/stg_*.sql) decide what is quarantined, on every row, in DuckDB. These
suites are the independent second check: they state, in GX's vocabulary, what a loaded table
promises (keys unique, NIPs well-formed, phases and groups known, dates in order and in their
table's plausible window, ...), and they run on what was actually loaded. A failure means a bug
in the rules, never a user's mistake, and the load is refused. Their results are kept per run
(`expectation_results`) for the data-quality page and the ledger.

GX validates pandas frames (its SQL data source does not work on DuckDB). Tables up to
`FULL_CHECK_ROWS` rows are checked whole; a larger table is checked on a uniform random sample
of that many rows with a fixed seed, because GX on pandas costs about 20 s per million score
rows for the scores suite (benchmarks/ingest.py) while the SQL rules already cover every row.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import duckdb
import pandas as pd

# GX would otherwise try to send usage statistics over the network at import time.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

import great_expectations as gx
from great_expectations.data_context.types.base import (
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)

from evaluasi import warehouse
from evaluasi.sources.nip import NIP_PATTERN
from evaluasi.sources.tables import TABLES
from evaluasi.validation.stage import date_windows

logging.getLogger("great_expectations").setLevel(logging.WARNING)
expect = gx.expectations

FULL_CHECK_ROWS = 250_000
SAMPLE_SEED = 20261123
RESULT_COLUMNS = [
    "table",
    "expectation",
    "column",
    "success",
    "element_count",
    "unexpected_count",
    "sampled",
]


class ContractError(Exception):
    """A loaded table broke its contract: the validation rules let something through."""


@dataclass(frozen=True)
class Known:
    """Values other tables' expectations refer to."""

    program_ids: list[str]
    instruments: list[str]
    dates: dict[str, tuple[dt.date, dt.date]]  # plausible window by table


def _plausible(known: Known, table: str, *columns: str) -> list[Any]:
    earliest, latest = (pd.Timestamp(day) for day in known.dates[table])
    return [
        expect.ExpectColumnValuesToBeBetween(column=column, min_value=earliest, max_value=latest)
        for column in columns
    ]


def _programs(known: Known) -> list[Any]:
    return [
        expect.ExpectColumnValuesToBeUnique(column="program_id"),
        *_not_null("program_id", "name", "type", "start_date", "end_date", "jp"),
        expect.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="end_date", column_B="start_date", or_equal=True
        ),
        expect.ExpectColumnValuesToBeBetween(column="jp", min_value=0),
        expect.ExpectColumnValuesToBeBetween(column="cost_idr", min_value=0),
        *_plausible(known, "programs", "start_date", "end_date"),
    ]


def _instruments(_: Known) -> list[Any]:
    return [
        expect.ExpectColumnValuesToBeUnique(column="instrument"),
        *_not_null("instrument", "label", "kind"),
        expect.ExpectColumnValuesToBeInSet(
            column="kind", value_set=["numeric", "ordinal", "binary"]
        ),
        expect.ExpectColumnValuesToBeInSet(column="level", value_set=[1, 2, 3, 4]),
    ]


def _participants(known: Known) -> list[Any]:
    return [
        *_not_null("nip"),
        expect.ExpectColumnValuesToMatchRegex(column="nip", regex=NIP_PATTERN),
        expect.ExpectCompoundColumnsToBeUnique(
            column_list=["nip", "program_id"], ignore_row_if="never"
        ),
        expect.ExpectColumnValuesToBeInSet(column="program_id", value_set=known.program_ids),
    ]


def _scores(known: Known) -> list[Any]:
    return [
        *_not_null("nip", "program_id", "instrument", "phase", "score", "group"),
        expect.ExpectColumnValuesToMatchRegex(column="nip", regex=NIP_PATTERN),
        expect.ExpectColumnValuesToBeInSet(column="phase", value_set=["pre", "post"]),
        expect.ExpectColumnValuesToBeInSet(column="group", value_set=["participant", "comparison"]),
        expect.ExpectColumnValuesToBeInSet(column="program_id", value_set=known.program_ids),
        expect.ExpectColumnValuesToBeInSet(column="instrument", value_set=known.instruments),
        expect.ExpectCompoundColumnsToBeUnique(
            column_list=["nip", "program_id", "instrument", "phase"]
        ),
        *_plausible(known, "scores", "assessed_on"),
    ]


def _performance(known: Known) -> list[Any]:
    return [
        *_not_null("nip", "instrument", "period_end", "value"),
        expect.ExpectColumnValuesToMatchRegex(column="nip", regex=NIP_PATTERN),
        expect.ExpectColumnValuesToBeInSet(column="instrument", value_set=known.instruments),
        expect.ExpectCompoundColumnsToBeUnique(column_list=["nip", "instrument", "period_end"]),
        *_plausible(known, "performance", "period_end"),
    ]


def _not_null(*columns: str) -> list[Any]:
    return [expect.ExpectColumnValuesToNotBeNull(column=column) for column in columns]


SUITES: dict[str, Callable[[Known], list[Any]]] = {
    "programs": _programs,
    "instruments": _instruments,
    "participants": _participants,
    "scores": _scores,
    "performance": _performance,
}


@cache
def _context() -> Any:
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        progress_bars=ProgressBarsConfig(globally=False),
        analytics_enabled=False,
    )
    return gx.get_context(mode="ephemeral", project_config=config)


@cache
def _batch_definition(table: str) -> Any:
    source = _context().data_sources.add_or_update_pandas(f"evaluasi_{table}")
    asset = source.add_dataframe_asset(table)
    return asset.add_batch_definition_whole_dataframe("whole")


def check_contract(con: duckdb.DuckDBPyConnection, run_id: str) -> pd.DataFrame:
    """Run every table's suite on the loaded rows; store and return one row per expectation.

    Raises ContractError naming each broken expectation when any fails.
    """
    known = Known(
        program_ids=[r[0] for r in con.execute("select program_id from programs").fetchall()],
        instruments=[r[0] for r in con.execute("select instrument from instruments").fetchall()],
        dates=date_windows(dt.date.today()),
    )
    rows = []
    for table in TABLES:
        frame, sampled = _frame(con, table)
        rows += _validate(table, frame, SUITES[table](known), sampled)
    results = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    broken = results[~results["success"]]
    if not broken.empty:
        listed = "; ".join(
            f"{r.table}.{r.column}: {r.expectation} ({r.unexpected_count} rows)"
            for r in broken.itertuples()
        )
        raise ContractError(f"loaded data broke its contract, nothing was saved: {listed}")
    warehouse.replace_temp_table(con, "contract_results", results)
    con.execute(
        "insert into expectation_results select $run_id, * from contract_results",
        {"run_id": run_id},
    )
    return results


def _frame(con: duckdb.DuckDBPyConnection, table: str) -> tuple[pd.DataFrame, bool]:
    columns = ", ".join(f'"{c}"' for c in TABLES[table].columns)
    (count,) = con.execute(f"select count(*) from {table}").fetchone()
    if count <= FULL_CHECK_ROWS:
        return con.execute(f"select {columns} from {table}").df(), False
    sample = (
        f"select {columns} from {table} "
        f"using sample reservoir({FULL_CHECK_ROWS} rows) repeatable ({SAMPLE_SEED})"
    )
    return con.execute(sample).df(), True


def _validate(table: str, frame: pd.DataFrame, suite: list[Any], sampled: bool) -> list[list]:
    if frame.empty:
        return []
    batch = _batch_definition(table).get_batch(batch_parameters={"dataframe": frame})
    expectations = gx.ExpectationSuite(name=f"{table}_contract", expectations=suite)
    outcome = batch.validate(expectations, result_format={"result_format": "BASIC"})
    rows = []
    for result in outcome.results:
        config = result.expectation_config
        if result.exception_info and result.exception_info.get("raised_exception"):
            message = result.exception_info.get("exception_message")
            raise RuntimeError(f"expectation {config.type} on {table} failed to run: {message}")
        kwargs = config.kwargs
        column = kwargs.get("column") or ",".join(
            kwargs.get("column_list") or [kwargs.get("column_A", ""), kwargs.get("column_B", "")]
        )
        rows.append(
            [
                table,
                config.type,
                column,
                bool(result.success),
                int(result.result.get("element_count", len(frame))),
                int(result.result.get("unexpected_count", 0) or 0),
                sampled,
            ]
        )
    return rows
