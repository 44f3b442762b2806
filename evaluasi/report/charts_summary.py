"""The summary page's charts, as plotly figure dictionaries: programme effects per instrument
(forest plots) and the trend over earlier runs.

A forest plot shows, per programme, the estimate its verdict rests on (after the comparison
group or the regression-to-the-mean allowance), the raw observed change and the change shrunk
toward the mean of all programmes, each with its 95% CI, in the instrument's own units. Long
lists are cut into charts of at most `FOREST_ROWS_MAX` programmes, so that each fits on a
printed A4 page; the parts of one instrument share their axis.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from evaluasi.messages import t
from evaluasi.report.charts import (
    VERDICT_COLOURS,
    VERDICT_ORDER,
    VERDICT_SYMBOLS,
    ZERO_COLOUR,
    layout,
    plotly_text,
    shorten,
)

FOREST_ROWS_MAX = 20
_ROW_HEIGHT = 34
_LABEL_MAX = 44
_OFFSET = 0.24  # vertical offset of the observed and shrunken marks from the main one
_SHRUNK_COLOUR = "#1f2933"
_POOLED_COLOUR = "#0072B2"

Interval = tuple[float, float | None, float | None]  # estimate, CI low, CI high


@dataclass(frozen=True)
class EffectRow:
    programme: str  # plain text; escaped here for plotly
    verdict: str
    main: Interval  # the verdict's estimate
    observed: Interval | None  # the raw mean change, when it differs from `main`
    shrunk: Interval | None
    hover: str  # the row's numbers, already formatted for the report language


def chunks(rows: Sequence[EffectRow]) -> list[list[EffectRow]]:
    """`rows` cut into the fewest parts of at most FOREST_ROWS_MAX, as even as possible."""
    if not rows:
        return []
    parts = math.ceil(len(rows) / FOREST_ROWS_MAX)
    size = math.ceil(len(rows) / parts)
    return [list(rows[i : i + size]) for i in range(0, len(rows), size)]


def x_range(rows: Sequence[EffectRow], pooled: Interval | None) -> list[float]:
    """One axis range for every part of an instrument's forest plot, zero always in view."""
    values = [0.0]
    for row in rows:
        for interval in (row.main, row.observed, row.shrunk):
            if interval is not None:
                values += [v for v in interval if v is not None and math.isfinite(v)]
    if pooled is not None:
        values += [v for v in pooled if v is not None and math.isfinite(v)]
    low, high = min(values), max(values)
    pad = (high - low) * 0.06 or 1.0
    return [low - pad, high + pad]


def forest_figure(
    rows: Sequence[EffectRow],
    pooled: Interval | None,
    axis: list[float],
    axis_title: str,
    lang: str,
) -> dict[str, object]:
    """Programmes top to bottom in the order given; the main estimate coloured and shaped by
    verdict, the observed change as a grey ring above it, the shrunken one as a dark diamond
    below it, and the pooled mean with its CI as a shaded band."""
    count = len(rows)
    position = {id(row): count - 1 - index for index, row in enumerate(rows)}
    traces: list[dict[str, object]] = []
    verdicts = [*VERDICT_ORDER, *sorted({r.verdict for r in rows} - set(VERDICT_ORDER))]
    for verdict in verdicts:
        members = [row for row in rows if row.verdict == verdict]
        if not members:
            continue
        colour = VERDICT_COLOURS.get(verdict, ZERO_COLOUR)
        name = t(f"verdict_{verdict}", lang) if verdict in VERDICT_COLOURS else verdict
        traces.append(
            _interval_trace(
                [(position[id(row)], row.main) for row in members],
                name=plotly_text(name),
                colour=colour,
                symbol=VERDICT_SYMBOLS.get(verdict, "square"),
                size=12,
                thickness=2.5,
                hover=[plotly_text(row.hover) for row in members],
            )
        )
    for key, attribute, offset, colour, symbol in (
        ("forest_observed", "observed", _OFFSET, ZERO_COLOUR, "circle-open"),
        ("forest_shrunk", "shrunk", -_OFFSET, _SHRUNK_COLOUR, "diamond-open"),
    ):
        marks = [
            (position[id(row)] + offset, interval)
            for row in rows
            if (interval := getattr(row, attribute)) is not None
        ]
        if marks:
            traces.append(
                _interval_trace(
                    marks,
                    name=plotly_text(t(key, lang)),
                    colour=colour,
                    symbol=symbol,
                    size=8,
                    thickness=1.2,
                    hover=None,
                )
            )
    shapes: list[dict[str, object]] = [
        {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": 0,
            "x1": 0,
            "y0": 0,
            "y1": 1,
            "line": {"color": "#3e4c59", "width": 1.5},
        }
    ]
    if pooled is not None:
        estimate, low, high = pooled
        if low is not None and high is not None:
            shapes.append(
                {
                    "type": "rect",
                    "xref": "x",
                    "yref": "paper",
                    "x0": low,
                    "x1": high,
                    "y0": 0,
                    "y1": 1,
                    "fillcolor": "rgba(0,114,178,0.12)",
                    "line": {"width": 0},
                    "layer": "below",
                }
            )
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": estimate,
                "x1": estimate,
                "y0": 0,
                "y1": 1,
                "line": {"color": _POOLED_COLOUR, "width": 1.5, "dash": "dash"},
            }
        )
    return {
        "data": traces,
        "layout": layout(
            lang,
            height=max(240, 110 + _ROW_HEIGHT * count),
            showlegend=True,
            legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
            shapes=shapes,
            xaxis={
                "automargin": True,
                "gridcolor": "#e4e7eb",
                "zeroline": False,
                "range": axis,
                "title": {"text": plotly_text(axis_title)},
            },
            yaxis={
                "automargin": True,
                "showgrid": False,
                "zeroline": False,
                "tickmode": "array",
                "tickvals": [position[id(row)] for row in rows],
                "ticktext": [plotly_text(shorten(row.programme, _LABEL_MAX)) for row in rows],
                "range": [-0.7, count - 0.3],
                "fixedrange": True,
            },
        ),
    }


def _interval_trace(
    marks: Sequence[tuple[float, Interval]],
    *,
    name: str,
    colour: str,
    symbol: str,
    size: int,
    thickness: float,
    hover: list[str] | None,
) -> dict[str, object]:
    def arm(outer: float | None, inner: float | None) -> float:
        return 0.0 if outer is None or inner is None else max(outer - inner, 0.0)

    trace: dict[str, object] = {
        "type": "scatter",
        "mode": "markers",
        "name": name,
        "x": [interval[0] for _, interval in marks],
        "y": [y for y, _ in marks],
        "marker": {
            "color": colour,
            "size": size,
            "symbol": symbol,
            "line": {"color": colour, "width": 1.5},
        },
        "error_x": {
            "type": "data",
            "symmetric": False,
            "array": [arm(interval[2], interval[0]) for _, interval in marks],
            "arrayminus": [arm(interval[0], interval[1]) for _, interval in marks],
            "color": colour,
            "thickness": thickness,
            "width": 0,
        },
    }
    if hover is None:
        trace["hoverinfo"] = "skip"
    else:
        trace["customdata"] = hover
        trace["hovertemplate"] = "%{customdata}<extra></extra>"
    return trace


def trend_figure(
    periods: Sequence[str], shares: Sequence[float | None], current: Sequence[bool], lang: str
) -> dict[str, object]:
    """The share of results with a positive verdict per evaluation period, this run marked."""
    colours = [VERDICT_COLOURS["positive"] if now else ZERO_COLOUR for now in current]
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines+markers+text",
                "x": [plotly_text(period) for period in periods],
                "y": [None if share is None else round(share, 2) for share in shares],
                "text": ["" if share is None else f"{share:.0f}%" for share in shares],
                "textposition": "top center",
                "line": {"color": ZERO_COLOUR, "width": 2},
                "marker": {"color": colours, "size": 11},
                "hovertemplate": "%{x}: %{y:.0f}%<extra></extra>",
                "cliponaxis": False,
            }
        ],
        "layout": layout(
            lang,
            height=280,
            showlegend=False,
            xaxis={"automargin": True, "type": "category", "showgrid": False},
            yaxis={
                "automargin": True,
                "gridcolor": "#e4e7eb",
                "ticksuffix": "%",
                "range": [0, 105],
                "title": {"text": t("trend_axis", lang)},
            },
        ),
    }
