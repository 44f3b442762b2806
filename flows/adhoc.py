"""Ad-hoc flow: M&E staff evaluate chosen programmes, a quarter or everything, on demand."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from prefect import flow

from evaluasi.config import load_settings
from evaluasi.periods import parse_period, today_in_jakarta
from evaluasi.pipeline import RunRequest
from flows.run import run_stages
from flows.runners import task_runner_from_env


@flow(name="evaluasi-adhoc", log_prints=True, task_runner=task_runner_from_env())
def adhoc_evaluation(
    program_ids: list[str] | None = None,
    period: str = "all",
    lang: Literal["id", "en"] = "id",
    inbox: str | None = None,
    warehouse: str | None = None,
    reports: str | None = None,
    sources: str | None = None,
) -> str:
    """Evaluate `program_ids` (all when empty) with post evidence in `period` (`2026Q3` or `all`).

    `inbox`, `warehouse`, `reports` and `sources` (the source configuration file) override the
    configured paths. Returns the run folder.
    """
    settings = load_settings().with_overrides(
        inbox=_path(inbox),
        warehouse=_path(warehouse),
        reports_dir=_path(reports),
        sources=_path(sources),
    )
    request = RunRequest(
        settings=settings,
        period=parse_period(period, today_in_jakarta()),
        flow="adhoc",
        lang=lang,
        program_ids=tuple(program_ids) if program_ids else None,
    )
    return str(run_stages(request))


def _path(value: str | None) -> Path | None:
    return Path(value).resolve() if value else None
