"""The stages of a run as Prefect tasks, and the sequence both flows share."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NONE

from evaluasi import pipeline
from evaluasi.pipeline import Evaluation, IngestSummary, RunRequest


@task(name="ingest", cache_policy=NONE)
def ingest(request: RunRequest) -> IngestSummary:
    return pipeline.ingest(request)


@task(name="evaluate", cache_policy=NONE)
def evaluate(request: RunRequest) -> Evaluation:
    return pipeline.evaluate(request)


@task(name="publish", cache_policy=NONE)
def publish(request: RunRequest, ingested: IngestSummary, evaluation: Evaluation) -> Path:
    return pipeline.publish(request, ingested, evaluation)


def run_stages(request: RunRequest) -> Path:
    """Ingest, evaluate and publish, recording the run in the ledger; returns the run folder."""
    logger = get_run_logger()
    now = datetime.now(UTC)
    request = replace(request, run_id=request.run_id or pipeline.new_run_id(now), started_at=now)
    pipeline.begin(request)
    logger.info(
        "run %s: period %s, inbox %s", request.run_id, request.period.label, request.settings.inbox
    )
    try:
        ingested = ingest(request)
        logger.info("read %d rows, quarantined %d", ingested.rows_read, ingested.rows_quarantined)
        evaluation = evaluate(request)
        logger.info("evaluated %d programme x instrument rows", len(evaluation.results))
        folder = publish(request, ingested, evaluation)
    except Exception as error:
        pipeline.finish(request, "failed", error=f"{type(error).__name__}: {error}")
        raise
    pipeline.finish(
        request,
        "completed",
        n_programs=int(evaluation.results["program_id"].nunique()),
        n_results=len(evaluation.results),
        report_dir=str(folder),
    )
    logger.info("published %s", folder / "index.html")
    return folder
