"""The distribution and change charts of an instrument, each with the table of its numbers.

Which distribution chart an instrument gets depends on its scores: categories (ordinal,
binary) and short whole-number scales (a 1-5 rating) as bars per value with their labels;
other numeric scores as paired lines up to `PAIRED_LINES_MAX` pairs and as a raincloud above.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from evaluasi.messages import t
from evaluasi.report import charts
from evaluasi.report.charts_programme import (
    PAIRED_LINES_MAX,
    RAIN_SAMPLE,
    category_figure,
    paired_lines_figure,
    raincloud_figure,
)
from evaluasi.report.formatting import as_float, format_count, format_number, format_percent
from evaluasi.report.views.common import Row, category_labels, chart, text

_BOX_ROWS = (
    ("min", "minimum"),
    ("q1", "q1"),
    ("median", "median"),
    ("q3", "q3"),
    ("max", "maximum"),
    ("mean", "mean"),
)


def instrument_charts(
    row: Row, group: pd.DataFrame, chart_id: str, decimals: int, lang: str
) -> list[dict[str, Any]]:
    """The distribution chart and, for numeric instruments, the chart of the change per
    participant; `group` holds the complete pairs. A category instrument has none: its change
    per participant is the transition table, whose withheld cells the counts per distance of
    change would give back (privacy.py)."""
    pre = group["pre"].to_numpy(dtype=float)
    post = group["post"].to_numpy(dtype=float)
    panels = [_distribution(row, pre, post, chart_id, decimals, lang)]
    if text(row["instrument_kind"]) == "numeric":
        panels.append(_change(pre, post, chart_id, decimals, lang))
    return panels


def _distribution(
    row: Row, pre: np.ndarray, post: np.ndarray, chart_id: str, decimals: int, lang: str
) -> dict[str, Any]:
    title = t("chart_distribution_title", lang)
    before, after = t("chart_before", lang), t("chart_after", lang)
    levels, labels = _levels(row, pre, post, lang)
    if levels is not None:
        if text(row["instrument_kind"]) in ("ordinal", "binary"):
            # From the results, where withheld counts are null (privacy.py).
            shares_pre = _aligned(
                charts.category_shares(row["pre_counts"], row["n_paired"]), levels
            )
            shares_post = _aligned(
                charts.category_shares(row["post_counts"], row["n_paired"]), levels
            )
        else:
            shares_pre = charts.level_shares(pre, levels)
            shares_post = charts.level_shares(post, levels)
        figure: object = category_figure(labels, shares_pre, shares_post, lang)
        note = t("chart_bars_note", lang)
        header = [
            t("col_score", lang),
            f"{before} ({t('col_share', lang)})",
            f"{after} ({t('col_share', lang)})",
        ]

        def share(value: float | None) -> str:
            return t("cell_suppressed", lang) if value is None else format_percent(value, lang)

        rows = [
            [label, share(share_pre), share(share_post)]
            for label, share_pre, share_post in zip(labels, shares_pre, shares_post, strict=True)
        ]
    else:
        boxes = (charts.box_summary(pre), charts.box_summary(post))
        if pre.size <= PAIRED_LINES_MAX:
            figure = paired_lines_figure(pre, post, lang)
            note = t("chart_lines_note", lang)
        else:
            figure = raincloud_figure(pre, post, boxes, chart_id, lang)
            note = t("chart_raincloud_note", lang, sample=format_count(RAIN_SAMPLE, lang))
        header = [t("col_statistic", lang), before, after]
        rows = [
            [
                t(f"summary_{field}", lang),
                format_number(getattr(boxes[0], attr), lang, decimals),
                format_number(getattr(boxes[1], attr), lang, decimals),
            ]
            for field, attr in _BOX_ROWS
        ]
    return {
        "title": title,
        "chart": chart(f"{chart_id}-distribution", figure, title),
        "note": note,
        "header": header,
        "rows": rows,
    }


def _aligned(shares: list[float | None], levels: list[int]) -> list[float | None]:
    """Shares for every level; withheld throughout when the results hold none for this row."""
    return shares if len(shares) == len(levels) else [None] * len(levels)


def _levels(
    row: Row, pre: np.ndarray, post: np.ndarray, lang: str
) -> tuple[list[int] | None, list[str]]:
    """The values to draw bars for and their labels: an ordinal or pass/fail instrument's
    categories as stored (1..K, the failing label first), or a short whole-number scale; None
    for a box-like chart."""
    kind = text(row["instrument_kind"])
    labels = category_labels(row)
    if kind in ("ordinal", "binary"):
        count = len(labels) or int(as_float(row["n_categories"]) or 2)
        levels = list(range(1, count + 1))  # stored codes: 1 = the first (lowest) label
        if len(labels) != len(levels):
            labels = [format_number(level, lang, 0) for level in levels]
        return levels, labels
    levels = charts.score_levels(pre, post, as_float(row["scale_min"]), as_float(row["scale_max"]))
    if levels is None:
        return None, []
    return levels, [format_number(level, lang, 0) for level in levels]


def _change(
    pre: np.ndarray, post: np.ndarray, chart_id: str, decimals: int, lang: str
) -> dict[str, Any]:
    bins = charts.change_bins(post - pre)
    rows = [
        [
            format_number(b.centre, lang, 0, signed=True)
            if b.whole
            else t(
                "range_format",
                lang,
                low=format_number(b.low, lang, decimals, signed=True),
                high=format_number(b.high, lang, decimals, signed=True),
            ),
            format_count(b.count, lang),
        ]
        for b in bins
    ]
    title = t("chart_change_title", lang)
    return {
        "title": title,
        "chart": chart(f"{chart_id}-change", charts.change_figure(bins, lang), title),
        "note": t("chart_change_note", lang),
        "header": [t("col_change", lang), t("col_pairs", lang)],
        "rows": rows,
    }
