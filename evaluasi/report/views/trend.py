"""The summary page's look back: this run beside the latest full run of each earlier period."""

from __future__ import annotations

from typing import Any

import pandas as pd

from evaluasi.messages import t
from evaluasi.report.charts_summary import trend_figure
from evaluasi.report.formatting import (
    as_float,
    format_count,
    format_number,
    format_percent,
    format_period,
)
from evaluasi.report.views.common import chart, records


def trend_context(history: pd.DataFrame, lang: str) -> dict[str, Any] | None:
    """The trend table (and its chart once there are two periods), or None without history.

    `history` has history.HISTORY_COLUMNS, oldest period first."""
    if history.empty:
        return None
    rows = records(history)
    table = [
        {
            "period": format_period(str(row["period"]), lang),
            "current": bool(row["is_current"]),
            "programmes": format_count(row["n_programs"], lang),
            "participants": format_count(row["n_participants"], lang),
            "results": format_count(row["n_results"], lang),
            "positive": format_percent(row["share_positive"], lang),
            "median_dz": format_number(row["median_dz"], lang, 2, signed=True),
        }
        for row in rows
    ]
    figure = None
    if len(rows) > 1:
        figure = chart(
            "chart-trend",
            trend_figure(
                [item["period"] for item in table],
                [as_float(row["share_positive"]) for row in rows],
                [bool(row["is_current"]) for row in rows],
                lang,
            ),
            t("trend_title", lang),
        )
    return {"rows": table, "chart": figure}
