"""The stages of one evaluation run as plain functions: ingest, evaluate, publish.

Prefect flows in `flows/` call these as tasks; tests call them directly. Each stage opens the
warehouse itself, so a stage can be retried or run alone.
"""

from __future__ import annotations

import platform
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from evaluasi import results as result_table
from evaluasi import warehouse
from evaluasi.config import Settings
from evaluasi.evidence import check_evidence
from evaluasi.history import run_history
from evaluasi.ledger import record_ledger
from evaluasi.pairing import derive_performance_scores
from evaluasi.periods import JAKARTA, Period
from evaluasi.publish import publish_folder
from evaluasi.report import ReportInput, RunInfo, write_report
from evaluasi.report.excel import write_results_xlsx
from evaluasi.sources.catalog import Catalog, load_catalog
from evaluasi.sources.landing import land_sources, unclaimed_files
from evaluasi.validation.contract import check_contract
from evaluasi.validation.findings import rejection_summary, unevaluated_programs
from evaluasi.validation.stage import rebuild_canonical

VERSIONED_PACKAGES = (
    "evaluasi",
    "pandas",
    "numpy",
    "scipy",
    "duckdb",
    "great_expectations",
    "prefect",
    "plotly",
)


def new_run_id(now: datetime) -> str:
    """A sortable, unique run id such as `20261123T093000Z-1a2b3c`."""
    return f"{now.strftime('%Y%m%dT%H%M%SZ')}-{secrets.token_hex(3)}"


def library_versions() -> dict[str, str]:
    """Versions of Python and of every library that shapes a result, for the methods page."""
    versions = {"python": platform.python_version()}
    for package in VERSIONED_PACKAGES:
        try:
            versions[package] = version(package.replace("_", "-"))
        except PackageNotFoundError:
            versions[package] = "not installed"
    return versions


@dataclass(frozen=True)
class RunRequest:
    """Everything that defines one run."""

    settings: Settings
    period: Period
    flow: str
    lang: str = "id"
    program_ids: tuple[str, ...] | None = None
    # Only these instruments, and only people of these OPDs (participants and comparison
    # colleagues alike); None for all.
    instruments: tuple[str, ...] | None = None
    units: tuple[str, ...] | None = None
    # Publish even when the evidence shrank drastically against the last good run (evidence.py).
    allow_shrink: bool = False
    run_id: str = ""
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def parameters(self) -> dict[str, Any]:
        return {
            "period": self.period.label,
            "lang": self.lang,
            "program_ids": list(self.program_ids) if self.program_ids else None,
            "instruments": list(self.instruments) if self.instruments else None,
            "units": list(self.units) if self.units else None,
            "allow_shrink": self.allow_shrink,
            "inbox": str(self.settings.inbox),
        }


@dataclass(frozen=True)
class IngestSummary:
    """What the ingest stage loaded and rejected: the ledger, rejections counted by reason in
    the order to show them (no raw values, no NIPs), the contract checks, the programmes the
    load leaves with nothing to evaluate and why, and the inbox files no source reads."""

    sources: pd.DataFrame
    rejections: pd.DataFrame
    expectations: pd.DataFrame
    unevaluated: pd.DataFrame = field(default_factory=pd.DataFrame)
    unclaimed: tuple[str, ...] = ()

    @property
    def rows_read(self) -> int:
        return int(self.sources["rows_read"].sum())

    @property
    def rows_quarantined(self) -> int:
        return int(self.sources["rows_quarantined"].sum())

    @property
    def fingerprints(self) -> dict[str, str]:
        """Each source's sha256 fingerprint, by source name."""
        return dict(zip(self.sources["source"], self.sources["fingerprint"], strict=True))


def begin(request: RunRequest) -> None:
    """Record the run as started in the ledger."""
    with warehouse.connect(request.settings.warehouse) as con:
        warehouse.start_run(
            con,
            request.run_id,
            request.flow,
            request.parameters,
            request.period.label,
            request.lang,
            request.started_at,
            library_versions(),
        )


def ingest(request: RunRequest) -> IngestSummary:
    """Land changed sources, validate everything landed, rebuild the canonical tables.

    One transaction: a source that cannot be read, or a load that breaks its contract, leaves
    the warehouse exactly as it was.
    """
    settings = request.settings
    catalog = load_catalog(settings.sources_file)
    with warehouse.connect(settings.warehouse) as con, warehouse.transaction(con):
        return load_sources(
            con, settings.inbox, catalog, request.run_id, request.lang, request.allow_shrink
        )


def load_sources(
    con: duckdb.DuckDBPyConnection,
    inbox: Path,
    catalog: Catalog,
    run_id: str,
    lang: str = "id",
    allow_shrink: bool = False,
    environ: Mapping[str, str] | None = None,
) -> IngestSummary:
    """The ingest stage inside the caller's transaction: land, validate and load, check the
    contract, pair performance records, record the ledger, and refuse a load whose evidence
    shrank drastically against the last good run unless `allow_shrink` (evidence.py)."""
    landed = land_sources(con, inbox, catalog, run_id, environ)
    rebuild_canonical(con, run_id, lang)
    expectations = check_contract(con, run_id)
    derive_performance_scores(con, catalog.windows)
    ledger = record_ledger(con, run_id, landed)
    check_evidence(con, run_id, allow_shrink)
    return IngestSummary(
        ledger,
        rejection_summary(con),
        expectations,
        unevaluated_programs(con),
        tuple(unclaimed_files(inbox, catalog)),
    )


@dataclass(frozen=True)
class Evaluation:
    """A run's result tables and the participants' complete pairs behind the published rows
    (no identifiers)."""

    results: pd.DataFrame
    pooled: pd.DataFrame
    subgroups: pd.DataFrame
    subgroup_tests: pd.DataFrame
    pairs: pd.DataFrame
    history: pd.DataFrame  # this run beside earlier periods' runs (history.HISTORY_COLUMNS)

    @property
    def n_programs(self) -> int:
        return int(self.results["program_id"].nunique())


@dataclass(frozen=True)
class EvaluationInputs:
    """What the statistics read from the warehouse: the programme summary, every person's pre
    and post score (participants and comparison colleagues) and the participants' complete
    pairs by subgroup. Programme, instrument, group and subgroup columns are categoricals; no
    NIP is among them."""

    summary: pd.DataFrame
    pairs: pd.DataFrame
    subgroup_pairs: pd.DataFrame


SUBGROUP_DIMENSIONS = ("unit", "rank_band", "sex", "age_band")


def read_inputs(
    con: duckdb.DuckDBPyConnection,
    period: Period,
    program_ids: tuple[str, ...] | None,
    instruments: tuple[str, ...] | None = None,
    units: tuple[str, ...] | None = None,
) -> EvaluationInputs:
    """Select the run's programmes and read what the statistics need: only `instruments` and
    only people of the OPDs in `units` when given.

    Text columns cross into pandas as DuckDB enums, which arrive as categoricals: each
    distinct programme or OPD name is converted once, not once per row."""
    con.execute(
        "create or replace temp table selected_programs as "
        + warehouse.sql("int_selected_programs"),
        {
            "all_periods": period.is_all,
            "period_start": period.start,
            "period_end": period.end,
            "program_ids": list(program_ids) if program_ids else None,
        },
    )
    scope = {
        "instruments": list(instruments) if instruments else None,
        "units": list(units) if units else None,
    }
    for table, model, params in (
        ("enrolments", "int_enrolments", None),
        ("rank_bands", "int_rank_bands", None),
        ("pairs", "int_pairs", scope),
        ("participant_subgroups", "int_participant_subgroups", None),
    ):
        con.execute(f"create or replace temp table {table} as " + warehouse.sql(model), params)
    summary = warehouse.query(con, "fct_program_summary")
    pairs = warehouse.fetch_coded(
        con, "pairs", ["program_id", "instrument", "group"], ["pre", "post"]
    )
    wide = warehouse.fetch_coded(
        con,
        "participant_subgroups",
        ["program_id", "instrument", *SUBGROUP_DIMENSIONS],
        ["pre", "post"],
    )
    return EvaluationInputs(summary, pairs, _by_dimension(wide))


def _by_dimension(wide: pd.DataFrame) -> pd.DataFrame:
    """One row per complete pair and subgroup dimension (columns dimension, level)."""
    keys = ["program_id", "instrument", "pre", "post"]
    long = pd.concat([wide[keys]] * len(SUBGROUP_DIMENSIONS), ignore_index=True)
    long["dimension"] = pd.Categorical.from_codes(
        np.repeat(np.arange(len(SUBGROUP_DIMENSIONS)), len(wide)), SUBGROUP_DIMENSIONS
    )
    levels = [
        wide[d].cat.set_categories(wide[d].cat.categories.astype(str)) for d in SUBGROUP_DIMENSIONS
    ]
    long["level"] = union_categoricals(levels, ignore_order=True)
    return long


def evaluate(request: RunRequest) -> Evaluation:
    """Select the run's programmes and compute every statistic; store the results."""
    with warehouse.connect(request.settings.warehouse) as con:
        inputs = read_inputs(
            con, request.period, request.program_ids, request.instruments, request.units
        )
        computed = result_table.compute(inputs.summary, inputs.pairs, inputs.subgroup_pairs)
        warehouse.store_results(con, request.run_id, computed)
        trend = run_history(con, request.run_id)
    return Evaluation(
        computed.programs,
        computed.pooled,
        computed.subgroups,
        computed.subgroup_tests,
        result_table.publishable_pairs(computed.programs, inputs.pairs),
        trend,
    )


def finish(request: RunRequest, status: str, **fields: Any) -> None:
    """Record how the run ended in the ledger."""
    with warehouse.connect(request.settings.warehouse) as con:
        warehouse.finish_run(con, request.run_id, status, datetime.now(UTC), **fields)


def publish(request: RunRequest, ingested: IngestSummary, evaluation: Evaluation) -> Path:
    """Write the run folder (results.csv and the HTML report) and point `latest` at it."""
    report = ReportInput(
        run=RunInfo(
            run_id=request.run_id,
            started_at=request.started_at.astimezone(JAKARTA),
            period=request.period.label,
            lang=request.lang,
            parameters={k: str(v) for k, v in request.parameters.items() if k != "inbox"},
            versions=library_versions(),
            input_fingerprints=ingested.fingerprints,
        ),
        results=evaluation.results,
        pairs=evaluation.pairs,
        sources=ingested.sources.drop(columns="fingerprint"),
        rejections=ingested.rejections,
        unevaluated=ingested.unevaluated,
        unclaimed=ingested.unclaimed,
        contract=ingested.expectations,
        pooled=evaluation.pooled,
        subgroups=evaluation.subgroups,
        subgroup_tests=evaluation.subgroup_tests,
        history=evaluation.history,
    )

    def write(folder: Path) -> None:
        result_table.write_results_csv(evaluation.results, folder / "results.csv")
        result_table.write_csv(evaluation.pooled, folder / "pooled.csv")
        result_table.write_csv(evaluation.subgroups, folder / "subgroups.csv")
        result_table.write_csv(evaluation.subgroup_tests, folder / "subgroup_tests.csv")
        write_results_xlsx(
            evaluation.results,
            evaluation.pooled,
            evaluation.subgroups,
            folder / "results.xlsx",
            request.lang,
        )
        write_report(folder, report)

    return publish_folder(request.settings.reports_dir, request.run_id, write)
