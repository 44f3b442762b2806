"""The stages of a run as Prefect tasks, and the sequence both flows share."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NONE
from prefect.logging.handlers import APILogHandler

from evaluasi import pipeline
from evaluasi.operations import Stages, execute
from evaluasi.pipeline import Evaluation, IngestSummary, RunRequest
from flows.artifacts import publish_artifacts


@task(name="ingest", cache_policy=NONE)
def ingest(request: RunRequest) -> IngestSummary:
    return pipeline.ingest(request)


@task(name="evaluate", cache_policy=NONE)
def evaluate(request: RunRequest) -> Evaluation:
    return pipeline.evaluate(request)


@task(name="publish", cache_policy=NONE)
def publish(request: RunRequest, ingested: IngestSummary, evaluation: Evaluation) -> Path:
    folder = pipeline.publish(request, ingested, evaluation)
    publish_artifacts(request, ingested, evaluation, folder)
    return folder


def _library_logs_to_prefect() -> None:
    """Send the `evaluasi` library's log records to the Prefect API, as setting
    PREFECT_LOGGING_EXTRA_LOGGERS=evaluasi would, so that they show in the run's logs in the
    UI without any setting. Only the API handler is added: the console already gets them."""
    library = logging.getLogger("evaluasi")
    library.setLevel(logging.INFO)
    for handler in logging.getLogger("prefect.extra").handlers:
        if isinstance(handler, APILogHandler) and handler not in library.handlers:
            library.addHandler(handler)


_library_logs_to_prefect()


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
