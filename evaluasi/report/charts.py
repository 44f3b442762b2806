"""The report's chart style (colours, layout, safe JSON) and the summaries charts are drawn from.

Figures are built in Python and embedded as JSON. Every summary (quartiles, counts per value or
per bin) is also what the table beside its chart shows.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.io as pio

from evaluasi.messages import t

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies. style.css uses
# the same values for the verdict badges.
VERDICT_COLOURS = {
    "positive": "#009E73",
    "not_shown": "#6F6F6F",
    "negative": "#D55E00",
    "insufficient": "#B3B3B3",
}
# A second cue besides colour, repeated in the badges' symbols.
VERDICT_SYMBOLS = {
    "positive": "triangle-up",
    "not_shown": "circle",
    "negative": "triangle-down",
    "insufficient": "circle-open",
}
VERDICT_ORDER = ("positive", "not_shown", "negative", "insufficient")
BEFORE_COLOUR = "#56B4E9"
AFTER_COLOUR = "#0072B2"
ZERO_COLOUR = "#9A9A9A"

FONT_STACK = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif'
)
PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "zoomIn2d", "zoomOut2d"],
}
# Scores with at most this many whole values (a Likert item, a 0/1 item, SKP predikat) are shown
# as bars per value: paired lines or a raincloud of five levels hide more than they show.
_MAX_LEVELS = 11
_MAX_UNIT_BINS = 40
_MAX_WHOLE_TICKS = 12  # beyond this, a tick on every whole number crowds the axis


def script_json(value: object) -> str:
    """JSON that is safe inside an inline `<script>`: no `</script>`, `<!--` or line separators."""
    text = pio.to_json(value, validate=False, pretty=False)
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


def plotly_text(value: str) -> str:
    """Data text for plotly labels: plotly reads tags such as `<a>` in text, so escape them."""
    return html.escape(value, quote=False)


def shorten(label: str, limit: int) -> str:
    """Cut from the middle: names of a series differ at the end (Angkatan I, Angkatan II)."""
    if len(label) <= limit:
        return label
    tail = (limit - 1) // 3
    return label[: limit - 1 - tail].rstrip() + "…" + label[-tail:].lstrip()


def layout(lang: str, **changes: object) -> dict[str, object]:
    layout: dict[str, object] = {
        "template": "none",
        "font": {"family": FONT_STACK, "size": 13, "color": "#1f2933"},
        "separators": ",." if lang == "id" else ".,",
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "#ffffff",
        "margin": {"l": 10, "r": 16, "t": 36, "b": 10},
        "hoverlabel": {"font": {"family": FONT_STACK}},
        "xaxis": {"automargin": True, "gridcolor": "#e4e7eb", "zeroline": False},
        "yaxis": {"automargin": True, "gridcolor": "#e4e7eb", "zeroline": False},
    }
    layout.update(changes)
    return layout


@dataclass(frozen=True)
class BoxSummary:
    minimum: float
    q1: float
    median: float
    q3: float
    maximum: float
    mean: float


def box_summary(values: Sequence[float]) -> BoxSummary:
    """Five-number summary and mean; quartiles as R's default `quantile(type = 7)`."""
    data = np.asarray(values, dtype=float)
    q1, median, q3 = np.quantile(data, [0.25, 0.5, 0.75], method="linear")
    return BoxSummary(
        minimum=float(data.min()),
        q1=float(q1),
        median=float(median),
        q3=float(q3),
        maximum=float(data.max()),
        mean=float(data.mean()),
    )


def score_levels(
    pre: Sequence[float], post: Sequence[float], scale_min: float | None, scale_max: float | None
) -> list[int] | None:
    """The whole-number values to draw bars for, or None when the scores call for paired lines
    or a raincloud.

    The instrument's own scale decides when it is known, so that a 0-100 test keeps its chart
    even if one group's scores happen to be close together, and unused levels show as empty bars.
    """
    data = np.concatenate([np.asarray(pre, dtype=float), np.asarray(post, dtype=float)])
    if data.size == 0 or not np.all(data == np.round(data)):
        return None
    low, high = float(data.min()), float(data.max())
    if scale_min is not None and scale_max is not None and scale_min <= low <= high <= scale_max:
        low, high = math.floor(scale_min), math.ceil(scale_max)
    if high - low + 1 > _MAX_LEVELS:
        return None
    return list(range(int(low), int(high) + 1))


def level_shares(values: Sequence[float], levels: Sequence[int]) -> list[float]:
    """Percent of `values` at each level of a numeric instrument's short scale. Nothing is
    withheld: individual scores of groups of MIN_GROUP or more are shown for numeric
    instruments (paired lines), and their published mean and SD would give withheld levels
    back. Category instruments take their shares from the results (`category_shares`)."""
    data = np.asarray(values, dtype=float)
    return [float(np.sum(data == level)) / data.size * 100 for level in levels]


def category_shares(counts: object, n_paired: object) -> list[float | None]:
    """Percent of the pairs in each category, from a results row's `pre_counts` or
    `post_counts` (a JSON list, null where withheld); None where withheld."""
    if not isinstance(counts, str) or not counts:
        return []
    n = float(n_paired)  # type: ignore[arg-type]
    return [None if count is None else count / n * 100 for count in json.loads(counts)]


@dataclass(frozen=True)
class ChangeBin:
    centre: float
    low: float
    high: float
    count: int
    whole: bool  # the bin holds one whole-number change, so it is labelled by that number


def change_bins(differences: Sequence[float]) -> list[ChangeBin]:
    """Histogram bins of d, centred on multiples of the width so that one bin is centred on zero.

    Whole-number changes over a modest range get one bin per value; otherwise a round width gives
    about fifteen bins. A value on a bin edge goes to the upper bin.
    """
    data = np.asarray(differences, dtype=float)
    span = float(data.max() - data.min())
    whole = bool(np.all(data == np.round(data))) and span <= _MAX_UNIT_BINS
    width = 1.0 if whole or span == 0 else _round_width(span / 15)
    index = np.floor(data / width + 0.5).astype(int)
    first, last = int(index.min()), int(index.max())
    counts = np.bincount(index - first, minlength=last - first + 1)
    return [
        ChangeBin(
            centre=k * width,
            low=(k - 0.5) * width,
            high=(k + 0.5) * width,
            count=int(counts[k - first]),
            whole=whole,
        )
        for k in range(first, last + 1)
    ]


def _round_width(raw: float) -> float:
    """The smallest of 1, 2 or 5 times a power of ten that is at least `raw`."""
    power = 10.0 ** math.floor(math.log10(raw))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= raw)


def change_figure(bins: Sequence[ChangeBin], lang: str) -> dict[str, object]:
    """Histogram of the change per participant: rises green, falls orange, a bin across zero
    grey."""
    colours = [
        VERDICT_COLOURS["positive"]
        if b.low >= 0
        else VERDICT_COLOURS["negative"]
        if b.high <= 0
        else ZERO_COLOUR
        for b in bins
    ]
    width = bins[0].high - bins[0].low
    # plotly would put ticks at half points between whole-number bars
    ticks = {"tick0": 0, "dtick": 1} if bins[0].whole and len(bins) <= _MAX_WHOLE_TICKS else {}
    # keep zero in view even when every change has the same sign: it is the reference point
    x_range = [min(bins[0].low, -width / 2), max(bins[-1].high, width / 2)]
    # whole counts: without this plotly labels small axes 0, 0.5, 1, ...
    count_ticks = {"dtick": 1} if max(b.count for b in bins) <= _MAX_WHOLE_TICKS else {}
    return {
        "data": [
            {
                "type": "bar",
                "x": [b.centre for b in bins],
                "y": [b.count for b in bins],
                "width": [width * 0.92] * len(bins),
                "marker": {"color": colours},
                "hovertemplate": "%{x}: %{y}<extra></extra>",
            }
        ],
        "layout": layout(
            lang,
            height=320,
            showlegend=False,
            xaxis={
                "automargin": True,
                "showgrid": False,
                "zeroline": True,
                "zerolinecolor": "#3e4c59",
                "title": {"text": t("chart_change_axis", lang)},
                "range": x_range,
                **ticks,
            },
            yaxis={
                "automargin": True,
                "gridcolor": "#e4e7eb",
                "rangemode": "tozero",
                "title": {"text": t("chart_count_axis", lang)},
                **count_ticks,
            },
        ),
    }


def tint(colour: str) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},0.25)"
