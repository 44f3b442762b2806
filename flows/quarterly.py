"""Quarterly flow: evaluate every programme with new post-training evidence in a quarter."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from prefect import flow

from evaluasi.config import load_settings
from evaluasi.periods import parse_period, today_in_jakarta
from evaluasi.pipeline import RunRequest
from flows.run import run_stages
from flows.runners import task_runner_from_env


@flow(name="evaluasi-quarterly", log_prints=True, task_runner=task_runner_from_env())
def quarterly_evaluation(
    period: str | None = None,
    lang: Literal["id", "en"] | None = None,
    allow_shrink: bool = False,
) -> str:
    """Evaluate the quarter `period` (e.g. `2026Q3`; default: the last completed quarter), in
    `lang` (default EVALUASI_LANG, else Indonesian).

    Paths come from the settings (EVALUASI_* environment variables, or `data/` and `reports/`
    under the working directory). A run whose evidence shrank drastically against the last good
    run stops unless `allow_shrink`. Returns the published run folder.
    """
    settings = load_settings()
    request = RunRequest(
        settings=settings,
        period=parse_period(period, today_in_jakarta()),
        flow="quarterly",
        lang=lang or settings.lang,
        allow_shrink=allow_shrink,
    )
    return str(run_stages(request))


if __name__ == "__main__":
    print(Path(quarterly_evaluation()) / "index.html")
