"""The distribution and change charts of an instrument, each with the table of its numbers."""

from __future__ import annotations

from typing import Any

import pandas as pd

from evaluasi.messages import t
from evaluasi.report import charts
from evaluasi.report.formatting import (
    format_count,
    format_number,
    format_percent,
)
from evaluasi.report.views.common import chart


def instrument_charts(
    group: pd.DataFrame,
    scale_min: float | None,
    scale_max: float | None,
    chart_id: str,
    decimals: int,
    lang: str,
) -> list[dict[str, Any]]:
    """The distribution and change charts of one instrument, each with the table of its numbers."""
    pre, post = group["pre"].to_numpy(), group["post"].to_numpy()
    before, after = t("chart_before", lang), t("chart_after", lang)
    levels = charts.score_levels(pre, post, scale_min, scale_max)
    if levels is None:
        box_pre, box_post = charts.box_summary(pre), charts.box_summary(post)
        figure = charts.box_figure(box_pre, box_post, lang)
        note = t("chart_box_note", lang)
        header = [t("col_statistic", lang), before, after]
        table = [
            [
                t(f"summary_{field}", lang),
                format_number(getattr(box_pre, attr), lang, decimals),
                format_number(getattr(box_post, attr), lang, decimals),
            ]
            for field, attr in (
                ("min", "minimum"),
                ("q1", "q1"),
                ("median", "median"),
                ("q3", "q3"),
                ("max", "maximum"),
                ("mean", "mean"),
            )
        ]
    else:
        shares_pre = charts.level_shares(pre, levels)
        shares_post = charts.level_shares(post, levels)
        figure = charts.level_figure(levels, shares_pre, shares_post, lang)
        note = t("chart_bars_note", lang)
        header = [
            t("col_score", lang),
            f"{before} ({t('col_share', lang)})",
            f"{after} ({t('col_share', lang)})",
        ]
        table = [
            [
                format_number(level, lang, 0),
                format_percent(share_pre, lang),
                format_percent(share_post, lang),
            ]
            for level, share_pre, share_post in zip(levels, shares_pre, shares_post, strict=True)
        ]
    bins = charts.change_bins(post - pre)
    change_table = [
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
    distribution_title = t("chart_distribution_title", lang)
    change_title = t("chart_change_title", lang)
    return [
        {
            "title": distribution_title,
            "chart": chart(f"{chart_id}-distribution", figure, distribution_title),
            "note": note,
            "header": header,
            "rows": table,
        },
        {
            "title": change_title,
            "chart": chart(f"{chart_id}-change", charts.change_figure(bins, lang), change_title),
            "note": t("chart_change_note", lang),
            "header": [t("col_change", lang), t("col_pairs", lang)],
            "rows": change_table,
        },
    ]
