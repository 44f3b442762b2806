"""A whole run, safe under operations: one run at a time per warehouse, and a run killed at any
stage leaves the warehouse consistent and the last good report published.

Why a kill cannot corrupt anything: ingest and the storing of results are each one DuckDB
transaction; the report is written in a hidden staging folder and renamed into place, and
`latest` is swapped in one rename. What a killed run leaves is cleaned up by the next one,
under the run lock: its ledger row says `interrupted` instead of `running`, and its staging
folder is removed.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from evaluasi import notify, pipeline, warehouse
from evaluasi.lock import run_lock
from evaluasi.pipeline import Evaluation, IngestSummary, RunRequest
from evaluasi.publish import LATEST_TEMP_PREFIX, STAGING_PREFIX

INTERRUPTED = "interrupted"
_INTERRUPTED_ERROR = "the run stopped before it ended (killed, or its machine went down)"


@dataclass(frozen=True)
class Stages:
    """The three stages of a run; the flows pass their Prefect tasks."""

    ingest: Callable[[RunRequest], IngestSummary] = pipeline.ingest
    evaluate: Callable[[RunRequest], Evaluation] = pipeline.evaluate
    publish: Callable[[RunRequest, IngestSummary, Evaluation], Path] = pipeline.publish


def execute(
    request: RunRequest, stages: Stages | None = None, log: logging.Logger | None = None
) -> Path:
    """Run `request` (which has its run id) under the warehouse's run lock and return the
    published folder. A failure is recorded in the run ledger and raised again. When email
    notifications are configured (notify.notification_settings), one is sent either way; a
    notification that cannot be sent is a warning, never a failed run."""
    stages = stages or Stages()
    log = log or logging.getLogger(__name__)
    mail = notify.notification_settings()  # a wrong setting stops the run before it starts
    try:
        folder, evaluation = _locked_run(request, stages, log)
    except BaseException as error:
        if mail is not None:
            notify.run_failed(
                mail,
                request.run_id,
                request.period.label,
                f"{type(error).__name__}: {error}",
                request.lang,
            )
        raise
    log.info("published %s", folder / "index.html")
    if mail is not None:
        notify.report_published(
            mail,
            request.run_id,
            request.period.label,
            folder,
            evaluation.n_programs,
            len(evaluation.results),
            request.lang,
        )
    return folder


def _locked_run(
    request: RunRequest, stages: Stages, log: logging.Logger
) -> tuple[Path, Evaluation]:
    settings = request.settings
    holder = f"run {request.run_id}, process {os.getpid()} on {socket.gethostname()}"
    with run_lock(settings.warehouse, holder, settings.lock_wait_seconds):
        for line in recover(request):
            log.warning(line)
        pipeline.begin(request)
        log.info(
            "run %s: period %s, inbox %s",
            request.run_id,
            request.period.label,
            settings.inbox,
        )
        try:
            ingested = stages.ingest(request)
            log.info("read %d rows, quarantined %d", ingested.rows_read, ingested.rows_quarantined)
            evaluation = stages.evaluate(request)
            log.info("evaluated %d programme x instrument rows", len(evaluation.results))
            folder = stages.publish(request, ingested, evaluation)
        except BaseException as error:
            pipeline.finish(request, "failed", error=f"{type(error).__name__}: {error}")
            raise
        pipeline.finish(
            request,
            "completed",
            n_programs=evaluation.n_programs,
            n_results=len(evaluation.results),
            report_dir=str(folder),
            rows_read=ingested.rows_read,
            rows_quarantined=ingested.rows_quarantined,
            input_fingerprints=ingested.fingerprints,
        )
    return folder, evaluation


def recover(request: RunRequest) -> list[str]:
    """Clean up after runs that were killed: call only while holding the run lock, when no
    other run can be running. Returns what was done, for the log."""
    done = []
    with warehouse.connect(request.settings.warehouse) as con:
        stopped = con.execute(
            "update runs set status = $status, finished_at = $now, error = $error"
            " where status = 'running' returning run_id",
            {"status": INTERRUPTED, "now": datetime.now(UTC), "error": _INTERRUPTED_ERROR},
        ).fetchall()
    done += [
        f"run {run_id} had stopped before it ended; marked {INTERRUPTED}" for (run_id,) in stopped
    ]
    reports = request.settings.reports_dir
    if reports.is_dir():
        for staging in sorted(reports.glob(f"{STAGING_PREFIX}*")):
            shutil.rmtree(staging, ignore_errors=True)
            done.append(f"removed {staging.name}, left by a run that stopped while publishing")
        for link in sorted(reports.glob(f"{LATEST_TEMP_PREFIX}*")):
            link.unlink(missing_ok=True)
    return done
