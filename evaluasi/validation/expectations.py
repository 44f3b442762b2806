"""Run Great Expectations suites on pandas frames and report which rows broke which rule.

Each expectation carries its quarantine reason and the user-facing column in its `meta`, so a suite
reads as the data contract of its table, and its unexpected rows become quarantine entries.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd

# GX would otherwise try to send usage statistics over the network at import time.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

import great_expectations as gx
from great_expectations.data_context.types.base import (
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)

logging.getLogger("great_expectations").setLevel(logging.WARNING)

Expectation = gx.expectations.Expectation
expect = gx.expectations


@dataclass(frozen=True)
class Rule:
    """One expectation of a table's contract and the quarantine reason for rows that break it."""

    expectation: Expectation
    reason: str
    column: str


def rule(expectation_type: type[Expectation], reason: str, reported: str, **kwargs: Any) -> Rule:
    """Build a Rule reported on the user's column `reported`; `kwargs` go to the expectation."""
    meta = {"reason": reason, "column": reported}
    return Rule(expectation_type(meta=meta, **kwargs), reason, reported)


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


@dataclass(frozen=True)
class SuiteResult:
    """Per-rule summary and the failing rows (index label, column, reason) of one suite run."""

    summary: pd.DataFrame
    failures: pd.DataFrame


def run_rules(table: str, frame: pd.DataFrame, rules: list[Rule]) -> SuiteResult:
    """Validate `frame` against `rules` with Great Expectations (result format COMPLETE)."""
    if frame.empty:
        empty = pd.DataFrame(columns=["table", "expectation", "column", "reason", "unexpected"])
        return SuiteResult(empty, pd.DataFrame(columns=["row", "column", "reason"]))
    batch = _batch_definition(table).get_batch(batch_parameters={"dataframe": frame})
    suite = gx.ExpectationSuite(name=f"{table}_contract")
    for item in rules:
        suite.add_expectation(item.expectation)
    outcome = batch.validate(suite, result_format={"result_format": "COMPLETE"})
    summary, failures = [], []
    for result in outcome.results:
        config = result.expectation_config
        if result.exception_info and result.exception_info.get("raised_exception"):
            message = result.exception_info.get("exception_message")
            raise RuntimeError(f"expectation {config.type} on {table} failed to run: {message}")
        rows = result.result.get("unexpected_index_list") or []
        summary.append(
            {
                "table": table,
                "expectation": config.type,
                "column": config.meta["column"],
                "reason": config.meta["reason"],
                "unexpected": len(rows),
            }
        )
        failures.extend(
            {"row": row, "column": config.meta["column"], "reason": config.meta["reason"]}
            for row in rows
        )
    return SuiteResult(
        pd.DataFrame(summary), pd.DataFrame(failures, columns=["row", "column", "reason"])
    )
