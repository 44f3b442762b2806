"""The distribution charts of a programme page, as plotly figure dictionaries.

Small programmes show every participant's pair as a line from before to after; large ones a
raincloud (density, box and a fixed random sample of scores), because thousands of lines hide
each other. Ordinal and binary instruments show the share in each category and the transition
heatmap. Individual scores appear without any identifier, only for groups of at least five,
and in score order: the order of the rows (which may follow a list of people) never shows, and
a raincloud does not show which score before goes with which score after.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence

import numpy as np

from evaluasi.messages import t
from evaluasi.report.charts import (
    AFTER_COLOUR,
    BEFORE_COLOUR,
    VERDICT_COLOURS,
    ZERO_COLOUR,
    BoxSummary,
    layout,
    plotly_text,
    tint,
)

# Up to this many pairs each one is drawn as a line; above it, a raincloud.
PAIRED_LINES_MAX = 40
# Scores drawn as points in a raincloud: enough to show the spread, few enough to stay light.
RAIN_SAMPLE = 150
_DENSITY_POINTS = 80
_DENSITY_BINS = 256
_DIRECTION_COLOURS = {
    "up": VERDICT_COLOURS["positive"],
    "same": ZERO_COLOUR,
    "down": VERDICT_COLOURS["negative"],
}
_SCORE_AXIS_TITLE = "chart_score_axis"


def paired_lines_figure(pre: np.ndarray, post: np.ndarray, lang: str) -> dict[str, object]:
    """One line per participant from the pre to the post score, coloured by the direction of
    change, and the means as a thick line."""
    before, after = t("chart_before", lang), t("chart_after", lang)
    traces: list[dict[str, object]] = []
    # Drawn in score order, never in the order of the rows, which may follow a list of people.
    order = np.lexsort((post, pre))
    pre, post = pre[order], post[order]
    direction = np.sign(post - pre)
    for key, sign in (("up", 1), ("same", 0), ("down", -1)):
        chosen = direction == sign
        count = int(chosen.sum())
        if not count:
            continue
        xs: list[object] = [before, after, None] * count
        ys = np.column_stack([pre[chosen], post[chosen], np.full(count, np.nan)]).ravel()
        colour = _DIRECTION_COLOURS[key]
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": xs,
                "y": [None if math.isnan(v) else float(v) for v in ys],
                "name": plotly_text(f"{t(f'chart_direction_{key}', lang)} ({count})"),
                "line": {"color": colour, "width": 1.2},
                "marker": {"color": colour, "size": 5},
                "opacity": 0.75,
                "hoverinfo": "skip",
            }
        )
    traces.append(
        {
            "type": "scatter",
            "mode": "lines+markers",
            "x": [before, after],
            "y": [float(pre.mean()), float(post.mean())],
            "name": plotly_text(t("chart_mean", lang)),
            "line": {"color": "#1f2933", "width": 4},
            "marker": {"color": "#1f2933", "size": 10, "symbol": "diamond"},
            "hovertemplate": "%{x}: %{y:.2f}<extra></extra>",
        }
    )
    return {
        "data": traces,
        "layout": layout(
            lang,
            height=340,
            legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
            xaxis={"automargin": True, "showgrid": False, "type": "category"},
            yaxis={
                "automargin": True,
                "gridcolor": "#e4e7eb",
                "title": {"text": t(_SCORE_AXIS_TITLE, lang)},
            },
        ),
    }


def density(values: np.ndarray, low: float, high: float) -> tuple[np.ndarray, np.ndarray]:
    """A Gaussian kernel density on `_DENSITY_POINTS` points over [low, high].

    Bandwidth as R's `bw.nrd0` (0.9 min(sd, IQR / 1.34) n^-1/5). The scores are first binned
    into `_DENSITY_BINS` bins, so a programme of any size costs the same; the binning error is
    far below what the eye can see at chart size.
    """
    data = np.asarray(values, dtype=float)
    spread = float(np.std(data, ddof=1)) if data.size > 1 else 0.0
    q1, q3 = np.quantile(data, [0.25, 0.75])
    scale = min(spread, (q3 - q1) / 1.34) or spread or abs(float(data[0])) or 1.0
    bandwidth = 0.9 * scale * data.size ** (-0.2)
    grid = np.linspace(low, high, _DENSITY_POINTS)
    counts, edges = np.histogram(data, bins=_DENSITY_BINS, range=(low, high))
    centres = (edges[:-1] + edges[1:]) / 2
    z = (grid[:, None] - centres[None, :]) / bandwidth
    heights = np.exp(-0.5 * z * z) @ counts / (data.size * bandwidth * math.sqrt(2 * math.pi))
    return grid, heights


def raincloud_figure(
    pre: np.ndarray,
    post: np.ndarray,
    boxes: tuple[BoxSummary, BoxSummary],
    seed_text: str,
    lang: str,
) -> dict[str, object]:
    """Before and after side by side: a half density ("cloud"), a box of the quartiles and a
    jittered random sample of `RAIN_SAMPLE` scores ("rain"). The sample is drawn with a seed
    made from `seed_text`, so a re-run draws the same points."""
    rng = np.random.default_rng(zlib.crc32(seed_text.encode("utf-8")))
    low = float(min(pre.min(), post.min()))
    high = float(max(pre.max(), post.max()))
    pad = (high - low) * 0.05 or 1.0
    traces: list[dict[str, object]] = []
    labels = (t("chart_before", lang), t("chart_after", lang))
    for position, (label, values, box, colour) in enumerate(
        zip(labels, (pre, post), boxes, (BEFORE_COLOUR, AFTER_COLOUR), strict=True)
    ):
        grid, heights = density(values, low - pad, high + pad)
        width = 0.38 * heights / heights.max() if heights.max() > 0 else heights
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": (position + 0.08 + np.concatenate([width, [0.0, 0.0]])).round(4).tolist(),
                "y": np.concatenate([grid, [grid[-1], grid[0]]]).round(4).tolist(),
                "fill": "toself",
                "fillcolor": tint(colour),
                "line": {"color": colour, "width": 1.5},
                "name": plotly_text(label),
                "hoverinfo": "skip",
                "showlegend": False,
            }
        )
        traces.append(
            {
                "type": "box",
                "x0": position,
                "q1": [box.q1],
                "median": [box.median],
                "q3": [box.q3],
                "lowerfence": [box.minimum],
                "upperfence": [box.maximum],
                "mean": [box.mean],
                "x": [position],
                "boxmean": True,
                "width": 0.12,
                "marker": {"color": colour},
                "line": {"color": colour, "width": 2},
                "fillcolor": "#ffffff",
                "name": plotly_text(label),
                "showlegend": False,
            }
        )
        # Sorted, so that neither the rows' order nor the pairing of before and after shows.
        sample = np.sort(
            values if values.size <= RAIN_SAMPLE else rng.choice(values, RAIN_SAMPLE, False)
        )
        jitter = rng.uniform(-0.2, -0.1, sample.size)
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": (position + jitter).round(4).tolist(),
                "y": np.asarray(sample, dtype=float).tolist(),
                "marker": {"color": colour, "size": 4, "opacity": 0.55},
                "name": plotly_text(label),
                "hoverinfo": "skip",
                "showlegend": False,
            }
        )
    return {
        "data": traces,
        "layout": layout(
            lang,
            height=340,
            showlegend=False,
            xaxis={
                "automargin": True,
                "showgrid": False,
                "tickmode": "array",
                "tickvals": [0, 1],
                "ticktext": [plotly_text(label) for label in labels],
                "range": [-0.35, 1.55],
                "fixedrange": True,
            },
            yaxis={
                "automargin": True,
                "gridcolor": "#e4e7eb",
                "title": {"text": t(_SCORE_AXIS_TITLE, lang)},
            },
        ),
    }


def category_figure(
    labels: Sequence[str],
    before: Sequence[float | None],
    after: Sequence[float | None],
    lang: str,
) -> dict[str, object]:
    """The share of pairs in each category (or whole score level), before and after. A withheld
    share (None) is drawn as a hatched grey bar as tall as the tallest shown, labelled
    withheld, so that it never reads as 0%."""
    shown = [share for share in (*before, *after) if share is not None]
    tallest = max(shown, default=100.0) or 100.0
    withheld = t("cell_suppressed", lang)
    names = [plotly_text(label) for label in labels]
    traces: list[dict[str, object]] = []
    for group, name, shares, colour in (
        ("before", t("chart_before", lang), before, BEFORE_COLOUR),
        ("after", t("chart_after", lang), after, AFTER_COLOUR),
    ):
        traces.append(
            {
                "type": "bar",
                "name": plotly_text(name),
                "offsetgroup": group,
                "x": names,
                "y": [None if share is None else round(float(share), 4) for share in shares],
                "marker": {"color": colour},
                "hovertemplate": "%{x}: %{y:.0f}%<extra>" + plotly_text(name) + "</extra>",
            }
        )
        if any(share is None for share in shares):
            traces.append(
                {
                    "type": "bar",
                    "name": plotly_text(f"{name}: {withheld}"),
                    "offsetgroup": group,
                    "x": names,
                    "y": [round(float(tallest), 4) if share is None else None for share in shares],
                    "marker": {
                        "color": "rgba(0,0,0,0)",
                        "line": {"color": colour, "width": 1},
                        "pattern": {"shape": "/", "fgcolor": "#9aa5b1", "size": 6},
                    },
                    "text": [plotly_text(withheld) if share is None else "" for share in shares],
                    "textposition": "inside",
                    "textangle": -90,
                    "hovertemplate": "%{x}: "
                    + plotly_text(withheld)
                    + "<extra>"
                    + plotly_text(name)
                    + "</extra>",
                }
            )
    return {
        "data": traces,
        "layout": layout(
            lang,
            height=340,
            barmode="group",
            bargap=0.25,
            legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
            xaxis={
                "automargin": True,
                "type": "category",
                "showgrid": False,
                "title": {"text": t(_SCORE_AXIS_TITLE, lang)},
            },
            yaxis={
                "automargin": True,
                "gridcolor": "#e4e7eb",
                "ticksuffix": "%",
                "rangemode": "tozero",
                "title": {"text": t("chart_share_axis", lang)},
            },
        ),
    }


def transition_figure(
    labels: Sequence[str],
    counts: Sequence[Sequence[float | None]],
    cell_text: Sequence[Sequence[str]],
    lang: str,
) -> dict[str, object]:
    """Heatmap of people by category before (rows) and after (columns); withheld cells are left
    without colour and labelled withheld, as in the table. Cells above the diagonal moved up."""
    names = [plotly_text(label) for label in labels]
    return {
        "data": [
            {
                "type": "heatmap",
                "x": names,
                "y": names,
                "z": [[None if v is None else float(v) for v in row] for row in counts],
                # From 0, so that a table of published zeros reads as empty, not mid-blue.
                "zmin": 0,
                "zmax": max([1.0, *(float(v) for row in counts for v in row if v is not None)]),
                "text": [[plotly_text(text) for text in row] for row in cell_text],
                "texttemplate": "%{text}",
                "hovertemplate": "%{y} → %{x}: %{text}<extra></extra>",
                "colorscale": [[0.0, "#f7fbff"], [0.5, "#6baed6"], [1.0, "#08519c"]],
                # withheld cells have no colour: the plot's grey shows through
                "showscale": False,
                "xgap": 2,
                "ygap": 2,
            }
        ],
        "layout": layout(
            lang,
            height=max(260, 80 + 48 * len(labels)),
            xaxis={
                "automargin": True,
                "type": "category",
                "side": "top",
                "title": {"text": t("chart_after", lang)},
                "fixedrange": True,
            },
            yaxis={
                "automargin": True,
                "type": "category",
                "autorange": "reversed",
                "title": {"text": t("chart_before", lang)},
                "fixedrange": True,
            },
            margin={"l": 10, "r": 16, "t": 60, "b": 10},
            plot_bgcolor="#e4e7eb",
        ),
    }
