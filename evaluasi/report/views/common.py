"""What every page shares: page names, chart embedding, verdict badges, notes and row helpers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import pandas as pd
from markupsafe import Markup

from evaluasi.messages import MESSAGES, t
from evaluasi.report import charts
from evaluasi.report.formatting import (
    EMPTY,
    as_float,
    format_ci,
    format_datetime,
    format_number,
    format_period,
)
from evaluasi.report.slugs import assign_slugs

if TYPE_CHECKING:
    from evaluasi.report.render import RunInfo

MIN_PAIRS = 5
SUPPRESSED_NOTE = "suppressed_small_group"
VERDICTS = charts.VERDICT_ORDER

Row = Mapping[str, Any]


@dataclass(frozen=True)
class PageNames:
    """File names of programme pages and ids of instrument sections, shared by every link."""

    programmes: dict[str, str]
    instruments: dict[str, str]

    @classmethod
    def for_results(cls, results: pd.DataFrame) -> PageNames:
        return cls(
            programmes=assign_slugs(results["program_id"].astype(str)),
            instruments=assign_slugs(results["instrument"].astype(str)),
        )

    def page(self, program_id: object) -> str:
        return f"program-{self.programmes[str(program_id)]}.html"

    def anchor(self, instrument: object) -> str:
        return f"instrument-{self.instruments[str(instrument)]}"


@dataclass(frozen=True)
class Chart:
    id: str
    json: Markup  # already escaped for an inline script by charts.script_json
    label: str


def chart(chart_id: str, figure: object, label: str) -> Chart:
    return Chart(id=chart_id, json=Markup(charts.script_json(figure)), label=label)


def plotly_config() -> Markup:
    return Markup(charts.script_json(charts.PLOTLY_CONFIG))


def text(value: object) -> str:
    """A text cell: empty for missing values, which pandas gives as NaN or None."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def note_codes(value: object) -> list[str]:
    return [code.strip() for code in text(value).split(";") if code.strip()]


def is_suppressed(row: Row) -> bool:
    """Too small a group to publish statistics or charts for."""
    n_paired = as_float(row["n_paired"])
    return n_paired is None or n_paired < MIN_PAIRS or SUPPRESSED_NOTE in note_codes(row["notes"])


def verdict_view(code: object, lang: str) -> dict[str, str]:
    verdict = text(code)
    if verdict in VERDICTS:
        return {
            "code": verdict,
            "label": t(f"verdict_{verdict}", lang),
            "explain": t(f"verdict_{verdict}_explain", lang),
        }
    return {"code": "other", "label": verdict or EMPTY, "explain": ""}


def code_label(family: str, code: str, lang: str) -> str:
    """The reader's text for a code of a family (`note`, `reason`); unknown codes show as is."""
    key = f"{family}_{code}"
    return t(key, lang) if key in MESSAGES[lang] else code


def score_decimals(row: Row) -> int:
    """Two decimals on short scales (1-5 Likert), one on long ones (0-100 tests)."""
    low, high = as_float(row["scale_min"]), as_float(row["scale_max"])
    return 1 if low is not None and high is not None and high - low >= 20 else 2


def ci_text(row: Row, estimate: str, low: str, high: str, lang: str, decimals: int) -> str:
    def number(column: str) -> str:
        return format_number(row[column], lang, decimals, signed=True)

    return format_ci(number(estimate), number(low), number(high), lang)


def common_context(run: RunInfo, lang: str, active: str, page_title: str) -> dict[str, Any]:
    generated = format_datetime(run.started_at, lang)
    return {
        "lang": lang,
        "t": partial(t, lang=lang),
        "active": active,
        "page_title": page_title,
        "header_meta": t(
            "header_meta", lang, period=format_period(run.period, lang), generated=generated
        ),
        "footer": t(
            "footer_text",
            lang,
            version=run.versions.get("evaluasi", EMPTY),
            run_id=run.run_id,
            generated=generated,
        ),
        "charts": False,
        "plotly_config": plotly_config(),
    }


def programme_order(results: pd.DataFrame) -> list[str]:
    """Programme ids by name, so every list in the report reads in the same order."""
    first = results.drop_duplicates("program_id")
    keyed = sorted(
        (text(name).casefold(), str(program_id))
        for program_id, name in zip(first["program_id"], first["program_name"], strict=True)
    )
    return [program_id for _, program_id in keyed]


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return frame.to_dict("records")


def has_comparison(row: Row) -> bool:
    """Comparison colleagues whose scores the statistics used (numeric instruments only)."""
    n_comparison = as_float(row["n_comparison"])
    numeric = text(row["instrument_kind"]) == "numeric"
    return numeric and n_comparison is not None and n_comparison > 0


def category_labels(row: Row) -> list[str]:
    """An ordinal or binary instrument's category labels, lowest first (`a;b;c` in the data)."""
    return [part.strip() for part in text(row["instrument_categories"]).split(";") if part.strip()]
