"""The summary page's forest plots: per instrument, every programme's estimated impact with its
95% CI, beside the raw and the shrunken change, with the table of the same numbers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from evaluasi.messages import MESSAGES, t
from evaluasi.report.charts_summary import EffectRow, Interval, chunks, forest_figure, x_range
from evaluasi.report.formatting import EMPTY, as_float, format_ci, format_number
from evaluasi.report.views.common import (
    PageNames,
    Row,
    chart,
    is_suppressed,
    score_decimals,
    text,
    verdict_view,
)
from evaluasi.report.views.panels import PooledIndex


def forest_sections(
    rows: Sequence[Row], pooled: PooledIndex, names: PageNames, lang: str
) -> tuple[list[dict[str, Any]], int]:
    """One section per instrument, numeric ones first, each group by label; and the number of
    results left out (suppressed, or without an estimate)."""
    by_instrument: dict[str, list[Row]] = {}
    left_out = 0
    for row in rows:
        if is_suppressed(row) or as_float(row["verdict_estimate"]) is None:
            left_out += 1
            continue
        by_instrument.setdefault(text(row["instrument"]), []).append(row)
    sections = []
    # Numeric instruments first, as their charts carry the most (observed and shrunken change).
    for instrument, members in sorted(
        by_instrument.items(),
        key=lambda item: (
            text(item[1][0]["instrument_kind"]) != "numeric",
            _label(item[1][0]).casefold(),
        ),
    ):
        sections.append(_section(instrument, members, pooled, names, lang))
    return sections, left_out


def _section(
    instrument: str, members: list[Row], pooled: PooledIndex, names: PageNames, lang: str
) -> dict[str, Any]:
    first = members[0]
    numeric = text(first["instrument_kind"]) == "numeric"
    scale = 1.0 if numeric else 100.0
    decimals = score_decimals(first) if numeric else 1

    def interval(row: Row, estimate: str, low: str, high: str) -> Interval | None:
        value = as_float(row[estimate])
        if value is None:
            return None
        bounds = (as_float(row[low]), as_float(row[high]))
        return (value * scale, *(None if b is None else b * scale for b in bounds))

    def interval_text(value: Interval | None) -> str:
        if value is None:
            return EMPTY
        parts = (format_number(v, lang, decimals, signed=True) for v in value)
        return format_ci(*parts, lang)

    table = []
    effects = []
    for row in members:
        main = interval(row, "verdict_estimate", "verdict_ci_low", "verdict_ci_high")
        assert main is not None  # rows without an estimate were left out
        observed = shrunk = None
        if numeric:
            observed = interval(row, "mean_diff", "ci_low", "ci_high")
            shrunk = interval(
                row, "mean_diff_shrunk", "mean_diff_shrunk_ci_low", "mean_diff_shrunk_ci_high"
            )
        basis = _basis_label(row, lang)
        name = text(row["program_name"]) or str(row["program_id"])
        effects.append(
            EffectRow(
                programme=name,
                verdict=text(row["verdict"]),
                main=main,
                observed=observed if observed != main else None,
                shrunk=shrunk,
                hover=f"{name} · {basis}: {interval_text(main)}",
            )
        )
        table.append(
            {
                "program_name": name,
                "page": names.page(row["program_id"]),
                "anchor": names.anchor(row["instrument"]),
                "verdict": verdict_view(row["verdict"], lang),
                "basis": basis,
                "main": interval_text(main),
                "observed": interval_text(observed),
                "shrunk": interval_text(shrunk),
                "sort": main[0],
            }
        )
    order = sorted(range(len(effects)), key=lambda i: -effects[i].main[0])
    effects = [effects[i] for i in order]
    table = [table[i] for i in order]
    pool = pooled.get(("instrument", instrument, "")) if numeric else None
    pooled_interval = _pooled_interval(pool)
    axis = x_range(effects, pooled_interval)
    axis_title = t("forest_axis_points" if numeric else "forest_axis_share", lang)
    label = _label(first)
    parts = chunks(effects)
    slug = names.instruments[instrument]
    return {
        "label": label,
        "numeric": numeric,
        "charts": [
            chart(
                f"chart-forest-{slug}-{index}",
                forest_figure(part, pooled_interval, axis, axis_title, lang),
                t("forest_chart_label", lang, instrument=label, part=index, parts=len(parts)),
            )
            for index, part in enumerate(parts, start=1)
        ],
        "pooled": _pooled_text(pooled_interval, pool, decimals, lang),
        "rows": table,
    }


def _label(row: Row) -> str:
    return text(row["instrument_label"]) or text(row["instrument"])


def _basis_label(row: Row, lang: str) -> str:
    basis = text(row["verdict_basis"])
    rtm = as_float(row["rtm_expected_change"])
    if basis == "paired" and rtm is not None and rtm > 0:
        basis = "paired_rtm"
    key = f"forest_basis_{basis}"
    return t(key, lang) if key in MESSAGES[lang] else basis


def _pooled_interval(pool: Mapping[str, Any] | None) -> Interval | None:
    if pool is None or (as_float(pool["k"]) or 0) < 2:
        return None
    estimate = as_float(pool["pooled_estimate"])
    if estimate is None:
        return None
    return (estimate, as_float(pool["pooled_ci_low"]), as_float(pool["pooled_ci_high"]))


def _pooled_text(
    interval: Interval | None, pool: Mapping[str, Any] | None, decimals: int, lang: str
) -> str:
    if interval is None or pool is None:
        return ""
    parts = (format_number(v, lang, decimals, signed=True) for v in interval)
    return t(
        "forest_pooled",
        lang,
        interval=format_ci(*parts, lang),
        k=format_number(pool["k"], lang, 0),
    )
