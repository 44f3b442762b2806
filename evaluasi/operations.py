"""A whole run, safe under operations: one run at a time per warehouse, and a run killed at any
stage leaves the warehouse consistent and the last good report published.

Why a kill cannot corrupt anything: ingest and the storing of results are each one DuckDB
transaction; the report is written in a hidden staging folder and renamed into place, and
`latest` is swapped in one rename. A run is published when its folder is renamed into place.
What a killed run leaves is cleaned up by the next one, under the run lock: a run killed after
its folder was renamed into place is recorded `completed` with that folder (and `latest` points
at the newest published run), any other killed run `interrupted`, and staging folders are
removed. So the ledger and `latest` always agree.

Errors leave the restricted data area (console, Prefect logs, e-mail, the ledger), so only
errors whose text comes from the catalogue (`errors.EvaluasiError`) are told as they are. Any
other error may quote a row's values (a DuckDB conversion error does): its details go to a log
file in the restricted data area, and what is told is the stage, the error's type and that
file (`RunFailure`).
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from evaluasi import notify, pipeline, warehouse
from evaluasi.errors import EvaluasiError, RunFailure
from evaluasi.lock import run_lock
from evaluasi.pipeline import Evaluation, IngestSummary, RunRequest
from evaluasi.publish import LATEST, LATEST_TEMP_PREFIX, STAGING_PREFIX, point_latest

Result = TypeVar("Result")

INTERRUPTED = "interrupted"
_INTERRUPTED_ERROR = "the run stopped before it ended (killed, or its machine went down)"


def restricted_log(request: RunRequest) -> Path:
    """The log file of a run's unexpected errors, in the restricted data area."""
    return request.settings.restricted_dir / "logs" / f"{request.run_id}.log"


def guarded(stage: str, function: Callable[..., Result], request: RunRequest, *args: Any) -> Result:
    """`function(request, *args)`, with any error that is not an EvaluasiError written to the
    run's restricted log and raised as a RunFailure naming the stage, its type and that log."""
    try:
        return function(request, *args)
    except EvaluasiError:
        raise
    except Exception as error:
        raise _failure(request, stage, error) from None


def _failure(request: RunRequest, stage: str, error: BaseException) -> RunFailure:
    path = restricted_log(request)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log_file:
        log_file.write(f"{datetime.now(UTC).isoformat()} stage {stage}\n")
        log_file.write("".join(traceback.format_exception(error)))
    return RunFailure("run_failed", stage=stage, error_type=type(error).__name__, log=path)


def _ingest(request: RunRequest) -> IngestSummary:
    return guarded("ingest", pipeline.ingest, request)


def _evaluate(request: RunRequest) -> Evaluation:
    return guarded("evaluate", pipeline.evaluate, request)


def _publish(request: RunRequest, ingested: IngestSummary, evaluation: Evaluation) -> Path:
    return guarded("publish", pipeline.publish, request, ingested, evaluation)


@dataclass(frozen=True)
class Stages:
    """The three stages of a run, each guarded (see `guarded`); the flows pass their Prefect
    tasks, which guard the same way."""

    ingest: Callable[[RunRequest], IngestSummary] = _ingest
    evaluate: Callable[[RunRequest], Evaluation] = _evaluate
    publish: Callable[[RunRequest, IngestSummary, Evaluation], Path] = _publish


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
        told = _told(request, error)
        if mail is not None:
            notify.run_failed(
                mail, request.run_id, request.period.label, told.text(request.lang), request.lang
            )
        if told is not error and isinstance(error, Exception):
            raise told from None
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
            told = _told(request, error)
            pipeline.finish(request, "failed", error=told.text("en"))
            if told is not error and isinstance(error, Exception):
                raise told from None
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


def _told(request: RunRequest, error: BaseException) -> EvaluasiError:
    """What may be told of `error` outside the restricted area (see the module docstring)."""
    if isinstance(error, EvaluasiError):
        return error
    if not isinstance(error, Exception):  # interrupted (Ctrl-C, SystemExit): nothing to hide
        return RunFailure("run_stopped", error_type=type(error).__name__)
    return _failure(request, "run", error)


def recover(request: RunRequest) -> list[str]:
    """Clean up after runs that were killed: call only while holding the run lock, when no
    other run can be running. Returns what was done, for the log."""
    done = []
    reports = request.settings.reports_dir
    with warehouse.connect(request.settings.warehouse) as con:
        running = [
            row[0]
            for row in con.execute(
                "select run_id from runs where status = 'running' order by started_at"
            ).fetchall()
        ]
        for run_id in running:
            folder = reports / run_id
            if (folder / "index.html").is_file():
                _finish_published(con, run_id, folder)
                done.append(
                    f"run {run_id} had published {folder} before it stopped; marked completed"
                )
            else:
                warehouse.finish_run(
                    con, run_id, INTERRUPTED, datetime.now(UTC), error=_INTERRUPTED_ERROR
                )
                done.append(f"run {run_id} had stopped before it ended; marked {INTERRUPTED}")
        newest = con.execute(
            "select run_id from runs where status = 'completed' and report_dir is not null"
            " order by started_at desc, run_id desc limit 1"
        ).fetchone()
    if reports.is_dir():
        for staging in sorted(reports.glob(f"{STAGING_PREFIX}*")):
            shutil.rmtree(staging, ignore_errors=True)
            done.append(f"removed {staging.name}, left by a run that stopped while publishing")
        for link in sorted(reports.glob(f"{LATEST_TEMP_PREFIX}*")):
            link.unlink(missing_ok=True)
        latest = reports / LATEST
        if newest is not None and (reports / newest[0]).is_dir():
            pointed = os.readlink(latest) if latest.is_symlink() else None
            if pointed != newest[0]:
                point_latest(reports, newest[0])
                done.append(f"{LATEST} points at {newest[0]}, the newest published run")
    return done


def _finish_published(con: Any, run_id: str, folder: Path) -> None:
    """Record as completed a run killed after its folder was published, with what the folder
    and the run's ledger of sources say."""
    results = pd.read_csv(folder / "results.csv", usecols=["program_id"], dtype=str)
    read, quarantined = con.execute(
        "select sum(rows_read), sum(rows_quarantined) from source_files where run_id = ?",
        [run_id],
    ).fetchone()
    fingerprints = dict(
        con.execute(
            "select source, fingerprint from source_files where run_id = ?", [run_id]
        ).fetchall()
    )
    warehouse.finish_run(
        con,
        run_id,
        "completed",
        datetime.now(UTC),
        n_programs=int(results["program_id"].nunique()),
        n_results=len(results),
        report_dir=str(folder),
        rows_read=int(read or 0),
        rows_quarantined=int(quarantined or 0),
        input_fingerprints=fingerprints,
    )
