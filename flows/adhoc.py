"""Ad-hoc flow: M&E staff evaluate chosen programmes, instruments or OPDs, over a quarter, a date
range or everything, on demand; its typed parameters are the form of the Prefect UI."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from prefect import flow

from evaluasi.config import load_settings
from evaluasi.errors import UserError
from evaluasi.periods import date_range, parse_period, today_in_jakarta
from evaluasi.pipeline import RunRequest
from flows.run import run_stages
from flows.runners import task_runner_from_env


@flow(name="evaluasi-adhoc", log_prints=True, task_runner=task_runner_from_env())
def adhoc_evaluation(
    program_ids: list[str] | None = None,
    period: str = "all",
    lang: Literal["id", "en"] | None = None,
    instruments: list[str] | None = None,
    opd: list[str] | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    inbox: str | None = None,
    warehouse: str | None = None,
    reports: str | None = None,
    sources: str | None = None,
    allow_shrink: bool = False,
) -> str:
    """Evaluate `program_ids` (all when empty) with post evidence in `period` (`2026Q3` or
    `all`), or between `start_date` and `end_date` (both included) when either is given.

    `instruments` keeps only those instruments and `opd` only people of those OPDs (units as
    written in the staff register); empty means all. `lang` is the report's language (default
    EVALUASI_LANG, else Indonesian). `inbox`, `warehouse`, `reports` and `sources` (the source
    configuration file) override the configured paths. `allow_shrink` publishes even when the
    evidence shrank drastically against the last good run. Returns the run folder.
    """
    settings = load_settings().with_overrides(
        inbox=_path(inbox),
        warehouse=_path(warehouse),
        reports_dir=_path(reports),
        sources=_path(sources),
    )
    if start_date is not None or end_date is not None:
        if start_date is None or end_date is None:
            raise UserError("date_range_half")
        chosen = date_range(start_date, end_date)
    else:
        chosen = parse_period(period, today_in_jakarta())
    request = RunRequest(
        settings=settings,
        period=chosen,
        flow="adhoc",
        lang=lang or settings.lang,
        allow_shrink=allow_shrink,
        program_ids=tuple(program_ids) if program_ids else None,
        instruments=tuple(instruments) if instruments else None,
        units=tuple(opd) if opd else None,
    )
    return str(run_stages(request))


def _path(value: str | None) -> Path | None:
    return Path(value).resolve() if value else None
