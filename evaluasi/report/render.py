"""Write a run's static HTML report: summary, one page per programme, data quality and methods.

The folder opens offline: plotly.js and the stylesheet are copied beside the pages, links are
relative, and nothing refers to the network.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from importlib.resources import files
from pathlib import Path

import pandas as pd
import plotly.offline
from jinja2 import Environment, PackageLoader, StrictUndefined

from evaluasi.messages import LANGUAGES
from evaluasi.report import views
from evaluasi.results import RESULT_COLUMNS

PAIR_COLUMNS = ("program_id", "instrument", "pre", "post")
SOURCE_COLUMNS = ("source", "table", "rows_read", "rows_loaded", "rows_quarantined")
REJECTION_COLUMNS = ("source", "table", "column", "reason", "rows")


@dataclass(frozen=True)
class RunInfo:
    run_id: str
    started_at: datetime  # timezone-aware
    period: str  # "2026Q3" or "all"
    lang: str  # "id" or "en"
    parameters: dict[str, str]
    versions: dict[str, str]
    input_fingerprints: dict[str, str]  # source file name -> sha256


@dataclass(frozen=True)
class ReportInput:
    run: RunInfo
    results: pd.DataFrame  # one row per program_id x instrument, already privacy-suppressed
    pairs: pd.DataFrame  # program_id, instrument, pre, post; only groups with n_paired >= 5
    sources: pd.DataFrame
    rejections: pd.DataFrame
    # The Great Expectations contract checks of the loaded tables (validation/contract.py).
    contract: pd.DataFrame = field(default_factory=pd.DataFrame)
    # Random-effects pools per instrument (and programme type): results.POOLED_COLUMNS.
    pooled: pd.DataFrame = field(default_factory=pd.DataFrame)
    # Per-level subgroup statistics and the tests of a difference between levels, suppressed.
    subgroups: pd.DataFrame = field(default_factory=pd.DataFrame)
    subgroup_tests: pd.DataFrame = field(default_factory=pd.DataFrame)
    # This run beside the earlier periods' runs (history.HISTORY_COLUMNS), for the trend.
    history: pd.DataFrame = field(default_factory=pd.DataFrame)
    # Programmes the load leaves with nothing to evaluate, and why
    # (validation.findings.UNEVALUATED_COLUMNS), and the inbox files no source reads.
    unevaluated: pd.DataFrame = field(default_factory=pd.DataFrame)
    unclaimed: tuple[str, ...] = ()


def write_report(out_dir: Path, report: ReportInput) -> list[Path]:
    """Write the report into `out_dir`, an existing folder, and return the paths written.

    Other files in the folder (results.csv) are left alone. Every page is rendered before the first
    file is written, so a failure adds nothing to the folder. Raises ValueError for a folder that
    already holds a report, an unknown language or missing columns.
    """
    _check(out_dir, report)
    folder = out_dir.resolve()
    lang = report.run.lang
    names = views.PageNames.for_results(report.results)
    environment = _environment()

    def render(template: str, context: dict[str, object]) -> str:
        return environment.get_template(template).render(context)

    pages = {
        "index.html": render("index.html", views.index_context(report, names, lang)),
        "quality.html": render("quality.html", views.quality_context(report, lang)),
        "methods.html": render("methods.html", views.methods_context(report, lang)),
    }
    pooled = views.pooled_index(report.pooled.to_dict("records"))
    for data in views.split_by_programme(report):
        context = views.programme_context(report.run, data, pooled, names, lang)
        pages[names.page(data.program_id)] = render("program.html", context)
    assets = {
        "assets/plotly.min.js": plotly.offline.get_plotlyjs(),
        "assets/style.css": files("evaluasi.report")
        .joinpath("static/style.css")
        .read_text("utf-8"),
    }

    written = []
    (folder / "assets").mkdir()
    for name, text in {**pages, **assets}.items():
        path = _inside(folder, name)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _check(out_dir: Path, report: ReportInput) -> None:
    if report.run.lang not in LANGUAGES:
        raise ValueError(
            f"report language must be one of {', '.join(LANGUAGES)}, not {report.run.lang!r}"
        )
    if not out_dir.is_dir():
        raise ValueError(f"report folder {out_dir} does not exist: create it first")
    if (out_dir / "index.html").exists() or (out_dir / "assets").exists():
        raise ValueError(f"{out_dir} already holds a report: write each report to a new folder")
    for frame_name, frame, columns in (
        ("results", report.results, RESULT_COLUMNS),
        ("pairs", report.pairs, PAIR_COLUMNS),
        ("sources", report.sources, SOURCE_COLUMNS),
        ("rejections", report.rejections, REJECTION_COLUMNS),
    ):
        missing = [column for column in columns if column not in frame.columns]
        if missing:
            raise ValueError(f"report input {frame_name} lacks columns: {', '.join(missing)}")


def _inside(folder: Path, name: str) -> Path:
    """`folder / name`, refusing any name that would land outside the folder."""
    path = (folder / name).resolve()
    if not path.is_relative_to(folder):
        raise ValueError(f"report file name {name!r} would be written outside {folder}")
    return path


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("evaluasi.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
