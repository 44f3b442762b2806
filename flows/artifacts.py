"""What a run leaves in the Prefect UI: a markdown summary, the table of results and a link to
the published report. Only published numbers appear (no NIP, no name, no group under 5)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
from prefect.artifacts import (
    create_link_artifact,
    create_markdown_artifact,
    create_table_artifact,
)

from evaluasi.pipeline import Evaluation, IngestSummary, RunRequest

# Artifact keys group a deployment's runs in the UI (lowercase letters, digits and dashes).
SUMMARY_KEY = "evaluasi-summary"
RESULTS_KEY = "evaluasi-results"
REPORT_KEY = "evaluasi-report"
TABLE_COLUMNS = (
    "program_id",
    "program_name",
    "instrument",
    "n_paired",
    "mean_diff",
    "ci_low",
    "ci_high",
    "verdict",
    "verdict_basis",
    "verdict_q",
)
VERDICT_ORDER = ("positive", "not_shown", "negative", "insufficient")


def summary_markdown(
    request: RunRequest, ingested: IngestSummary, evaluation: Evaluation, folder: Path
) -> str:
    """The run in a few lines: period, programmes, verdicts, rows read and the report."""
    results = evaluation.results
    verdicts = Counter(results["verdict"].dropna().astype(str))
    lines = [
        f"# evaluasi run {request.run_id}",
        "",
        f"- Period: **{request.period.label}**, report language: {request.lang}",
        f"- Programmes evaluated: **{evaluation.n_programs}**"
        f" ({len(results)} programme x instrument results)",
        "- Verdicts: " + ", ".join(f"{code} {verdicts.get(code, 0)}" for code in VERDICT_ORDER),
        f"- Rows read: {ingested.rows_read:,}, quarantined: {ingested.rows_quarantined:,}",
        f"- Report: `{folder / 'index.html'}`",
    ]
    return "\n".join(lines) + "\n"


def results_table(evaluation: Evaluation) -> list[dict[str, object]]:
    """The published results, one row per programme x instrument, JSON-ready (None for empty)."""
    table = evaluation.results.reindex(columns=list(TABLE_COLUMNS))
    table = table.astype(object).where(pd.notna(table), None)
    return table.to_dict("records")


def publish_artifacts(
    request: RunRequest, ingested: IngestSummary, evaluation: Evaluation, folder: Path
) -> None:
    """Create the three artifacts of the run; call inside a flow or task run."""
    create_markdown_artifact(
        summary_markdown(request, ingested, evaluation, folder),
        key=SUMMARY_KEY,
        description=f"Run {request.run_id}",
    )
    create_table_artifact(
        results_table(evaluation),
        key=RESULTS_KEY,
        description=f"Results of run {request.run_id} (as results.csv, fewer columns)",
    )
    create_link_artifact(
        (folder / "index.html").as_uri(),
        link_text=f"Report of run {request.run_id}",
        key=REPORT_KEY,
        description="The published report (a file on the machine that ran the flow)",
    )
