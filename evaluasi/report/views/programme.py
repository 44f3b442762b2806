"""A programme page: its facts and, per instrument, verdict, conclusion, counts, charts, panels."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from evaluasi.messages import MESSAGES, t
from evaluasi.report.formatting import (
    EMPTY,
    as_float,
    format_count,
    format_date_range,
    format_number,
    format_p_clause,
    format_percent,
    format_rupiah,
)
from evaluasi.report.views.common import (
    MIN_PAIRS,
    VERDICTS,
    PageNames,
    Row,
    ci_text,
    code_label,
    common_context,
    has_comparison,
    is_suppressed,
    note_codes,
    records,
    score_decimals,
    text,
    verdict_view,
)
from evaluasi.report.views.distributions import instrument_charts
from evaluasi.report.views.panels import (
    PooledIndex,
    attrition_panel,
    category_tiles,
    effect_panel,
    pooled_panel,
    subgroup_panel,
)
from evaluasi.report.views.statistics import comparison_table, statistics_table, transition_table

if TYPE_CHECKING:
    from evaluasi.report.render import ReportInput, RunInfo

ATTRITION_WARNING = 10.0  # percent


@dataclass(frozen=True)
class ProgrammeData:
    """One programme's share of the run's tables, split once for all pages."""

    program_id: str
    rows: list[dict[str, Any]]  # results rows, one per instrument
    pairs: dict[str, pd.DataFrame]  # instrument -> complete pre/post pairs
    subgroups: dict[str, list[dict[str, Any]]]  # instrument -> subgroup level rows
    subgroup_tests: dict[str, list[dict[str, Any]]]  # instrument -> tests per dimension


def split_by_programme(report: ReportInput) -> Iterator[ProgrammeData]:
    """Every programme's data, in the order of the results. Each table is turned into records
    once and then grouped: slicing a wide table per programme costs milliseconds a page."""

    def by_key(frame: pd.DataFrame) -> dict[str, dict[str, list[dict[str, Any]]]]:
        split: dict[str, dict[str, list[dict[str, Any]]]] = {}
        if frame.empty or not {"program_id", "instrument"} <= set(frame.columns):
            return split
        for row in records(frame):
            programme = split.setdefault(str(row["program_id"]), {})
            programme.setdefault(str(row["instrument"]), []).append(row)
        return split

    pairs: dict[str, dict[str, pd.DataFrame]] = {}
    frame = report.pairs
    if not frame.empty:
        scores = frame[["pre", "post"]].apply(pd.to_numeric, errors="coerce")
        keys = [frame["program_id"].astype(str), frame["instrument"].astype(str)]
        for (program_id, instrument), part in scores.groupby(keys, sort=False):
            pairs.setdefault(program_id, {})[instrument] = part.dropna()
    levels = by_key(report.subgroups)
    tests = by_key(report.subgroup_tests)
    rows: dict[str, list[dict[str, Any]]] = {}
    for row in records(report.results):
        rows.setdefault(str(row["program_id"]), []).append(row)
    for program_id, programme_rows in rows.items():
        yield ProgrammeData(
            program_id=program_id,
            rows=programme_rows,
            pairs=pairs.get(program_id, {}),
            subgroups=levels.get(program_id, {}),
            subgroup_tests=tests.get(program_id, {}),
        )


def programme_context(
    run: RunInfo, data: ProgrammeData, pooled: PooledIndex, names: PageNames, lang: str
) -> dict[str, Any]:
    rows = data.rows
    first = rows[0]
    name = text(first["program_name"]) or data.program_id
    enrolled = max(
        (v for row in rows if (v := as_float(row["n_participants"])) is not None), default=None
    )
    cost = as_float(first["cost_idr"])
    jp = as_float(first["jp"])
    facts = [
        (t("programme_type", lang), text(first["program_type"]) or EMPTY),
        (
            t("programme_dates", lang),
            format_date_range(first["start_date"], first["end_date"], lang),
        ),
        (t("programme_jp", lang), format_number(jp, lang, 0)),
    ]
    if cost is not None:
        facts.append((t("programme_cost", lang), format_rupiah(cost, lang)))
        if enrolled:
            facts.append(
                (t("programme_cost_per_participant", lang), format_rupiah(cost / enrolled, lang))
            )
            if jp:
                facts.append(
                    (
                        t("programme_cost_per_participant_jp", lang),
                        format_rupiah(cost / enrolled / jp, lang),
                    )
                )
    instruments = [
        _instrument_view(row, data, pooled, names.anchor(row["instrument"]), f"chart-{index}", lang)
        for index, row in enumerate(rows, start=1)
    ]
    context = common_context(run, lang, "programme", name)
    context.update(
        programme={"name": name},
        facts=facts,
        instruments=instruments,
        charts=any(view["charts"] or view.get("transition") for view in instruments),
    )
    return context


def _instrument_view(
    row: Row, data: ProgrammeData, pooled: PooledIndex, anchor: str, chart_id: str, lang: str
) -> dict[str, Any]:
    label = text(row["instrument_label"]) or text(row["instrument"])
    kind = text(row["instrument_kind"])
    low, high = as_float(row["scale_min"]), as_float(row["scale_max"])
    subtitle = [t(f"kind_{kind}", lang) if f"kind_{kind}" in MESSAGES[lang] else kind]
    if low is not None and high is not None:
        subtitle.append(
            t(
                "scale_range",
                lang,
                low=format_number(low, lang, 0),
                high=format_number(high, lang, 0),
            )
        )
    enrolled, paired = as_float(row["n_participants"]), as_float(row["n_paired"])
    attrition = (enrolled - paired) / enrolled * 100 if enrolled and paired is not None else None
    suppressed = is_suppressed(row)
    view: dict[str, Any] = {
        "anchor": anchor,
        "label": label,
        "subtitle": " · ".join(part for part in subtitle if part),
        "verdict": verdict_view(row["verdict"], lang),
        "suppressed": suppressed,
        "counts": [
            (t("count_enrolled", lang), format_count(enrolled, lang)),
            (t("count_pre", lang), format_count(row["n_pre"], lang)),
            (t("count_post", lang), format_count(row["n_post"], lang)),
            (t("count_paired", lang), format_count(paired, lang)),
            (t("count_attrition", lang), format_percent(attrition, lang)),
        ],
        "notes": [(code, code_label("note", code, lang)) for code in note_codes(row["notes"])],
        "charts": [],
    }
    if suppressed:
        return view

    decimals = score_decimals(row)
    instrument = str(row["instrument"])
    group = data.pairs.get(instrument, pd.DataFrame(columns=["pre", "post"]))

    def mean_sd(mean: str, sd: str) -> str:
        text = format_number(row[mean], lang, decimals)
        if text == EMPTY:
            return EMPTY
        return t("mean_sd", lang, mean=text, sd=format_number(row[sd], lang, decimals))

    numeric = kind == "numeric"
    view.update(
        means=(
            [
                (t("mean_before", lang), mean_sd("pre_mean", "pre_sd")),
                (t("mean_after", lang), mean_sd("post_mean", "post_sd")),
            ]
            if numeric
            else category_tiles(row, lang)
        ),
        conclusion=_conclusion(row, label, lang),
        caveats=_caveats(row, attrition, lang),
        stats=statistics_table(row, decimals, lang),
        effects=effect_panel(row, lang) if numeric else [],
        comparison=comparison_table(row, decimals, lang),
        transition=transition_table(row, f"{chart_id}-transition", lang),
        attrition=attrition_panel(row, lang),
        pooled=pooled_panel(row, pooled, lang) if numeric else None,
        subgroups=subgroup_panel(
            row, data.subgroups.get(instrument, []), data.subgroup_tests.get(instrument, []), lang
        ),
    )
    if len(group) >= MIN_PAIRS:
        view["charts"] = instrument_charts(row, group, chart_id, decimals, lang)
    return view


def _conclusion(row: Row, instrument: str, lang: str) -> list[str]:
    """Plain-language sentences for leaders: what changed by the estimate the verdict rests on
    (its basis), whether that can be chance, and how large an effect could have been seen."""
    verdict = text(row["verdict"])
    basis = text(row["verdict_basis"])
    if verdict not in VERDICTS:
        return [t("conclusion_other", lang, instrument=instrument, verdict=verdict or EMPTY)]
    if verdict == "insufficient":
        reason = "insufficient" if is_suppressed(row) or not basis else "untestable"
        return [t(f"conclusion_{reason}", lang, instrument=instrument)]
    # Shares (net improving, pass rate) read as percentage points.
    scale = 100.0 if basis in ("mcnemar", "sign") else 1.0
    decimals = 1 if basis in ("mcnemar", "sign") else score_decimals(row)

    def number(column: str) -> str:
        value = as_float(row[column])
        return format_number(None if value is None else value * scale, lang, decimals, signed=True)

    sentences = [
        t(
            f"conclusion_change_{basis}",
            lang,
            instrument=instrument,
            change=number("verdict_estimate"),
            low=number("verdict_ci_low"),
            high=number("verdict_ci_high"),
            improved=format_percent(row["pct_improved"], lang),
            declined=format_percent(row["pct_declined"], lang),
        )
    ]
    rtm = as_float(row["rtm_expected_change"])
    if basis == "paired" and rtm is not None and rtm > 0:
        sentences.append(
            t("conclusion_rtm", lang, rtm=format_number(rtm, lang, score_decimals(row)))
        )
    sentences.append(
        t(f"conclusion_{verdict}", lang, q=format_p_clause("q", row["verdict_q"], lang))
    )
    mde = as_float(row["mde_dz"])
    if verdict == "not_shown" and basis == "paired" and mde is not None:
        sentences.append(
            t(
                "conclusion_mde",
                lang,
                n=format_count(row["n_paired"], lang),
                mde=format_number(mde, lang, 2),
            )
        )
    return sentences


def _caveats(row: Row, attrition: float | None, lang: str) -> list[str]:
    """What a reader should keep in mind: no comparison group, regression to the mean, many
    drop-outs, and changes too far from normal for the t-test alone."""
    caveats = []
    if not has_comparison(row):
        caveats.append(t("caveat_no_comparison", lang))
    caveats.append(t("caveat_regression", lang))
    if attrition is not None and attrition > ATTRITION_WARNING:
        caveats.append(t("caveat_attrition", lang, share=format_percent(attrition, lang)))
    shapiro = as_float(row["shapiro_p"])
    if text(row["instrument_kind"]) == "numeric" and shapiro is not None and shapiro < 0.05:
        caveats.append(
            t(
                "caveat_normality",
                lang,
                p=format_p_clause("p", shapiro, lang),
                hl=ci_text(
                    row, "hl_estimate", "hl_ci_low", "hl_ci_high", lang, score_decimals(row)
                ),
            )
        )
    return caveats
