"""The stages of a run as Prefect tasks, and the sequence both flows share."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NONE

from evaluasi import pipeline
from evaluasi.operations import Stages, execute
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
    """Ingest, evaluate and publish under the warehouse's run lock, recording the run in the
    ledger (operations.execute); returns the run folder. Each stage is submitted to the flow's
    task runner, so it runs wherever that runner puts it (a thread, or a Dask worker)."""
    now = datetime.now(UTC)
    request = replace(request, run_id=request.run_id or pipeline.new_run_id(now), started_at=now)
    stages = Stages(
        ingest=lambda request: ingest.submit(request).result(),
        evaluate=lambda request: evaluate.submit(request).result(),
        publish=lambda request, ingested, evaluation: publish.submit(
            request, ingested, evaluation
        ).result(),
    )
    return execute(request, stages, get_run_logger())
