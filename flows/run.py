"""The stages of a run as Prefect tasks, and the sequence both flows share."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NONE
from prefect.context import FlowRunContext, TaskRunContext
from prefect.logging.handlers import APILogHandler

from evaluasi import pipeline
from evaluasi.operations import Stages, execute, guarded
from evaluasi.pipeline import Evaluation, IngestSummary, RunRequest
from flows.artifacts import publish_artifacts

# Each task guards its stage (operations.guarded): Prefect logs what a task raises, and only
# errors whose text comes from the catalogue may reach its log.


@task(name="ingest", cache_policy=NONE)
def ingest(request: RunRequest) -> IngestSummary:
    return guarded("ingest", pipeline.ingest, request)


@task(name="evaluate", cache_policy=NONE)
def evaluate(request: RunRequest) -> Evaluation:
    return guarded("evaluate", pipeline.evaluate, request)


def _publish(request: RunRequest, ingested: IngestSummary, evaluation: Evaluation) -> Path:
    folder = pipeline.publish(request, ingested, evaluation)
    publish_artifacts(request, ingested, evaluation, folder)
    return folder


@task(name="publish", cache_policy=NONE)
def publish(request: RunRequest, ingested: IngestSummary, evaluation: Evaluation) -> Path:
    return guarded("publish", _publish, request, ingested, evaluation)


class _InRun(logging.Filter):
    """Only records made inside a flow or task run: outside one (the library used on its own)
    the API handler has nowhere to send them and would warn on every line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return FlowRunContext.get() is not None or TaskRunContext.get() is not None


def _library_logs_to_prefect() -> None:
    """Send the `evaluasi` library's log records made during a run to the Prefect API, as
    PREFECT_LOGGING_EXTRA_LOGGERS=evaluasi would, so that they show in the run's log in the UI
    without any setting. Only an API handler is added: the console already gets them."""
    library = logging.getLogger("evaluasi")
    library.setLevel(logging.INFO)
    if not any(isinstance(handler, APILogHandler) for handler in library.handlers):
        handler = APILogHandler()
        handler.addFilter(_InRun())
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
