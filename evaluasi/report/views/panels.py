"""The context panels of an instrument on a programme page: attrition, effect sizes, the
programme among all programmes with the instrument (pooled and shrunken), and subgroups."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from evaluasi.messages import MESSAGES, t
from evaluasi.report.formatting import (
    EMPTY,
    as_float,
    format_count,
    format_number,
    format_p_clause,
    format_percent,
)
from evaluasi.report.views.common import Row, category_labels, ci_text, score_decimals, text
from evaluasi.report.views.statistics import stat

# A standardised baseline difference between completers and drop-outs from which the change
# measured on completers may not hold for the whole intake (Cohen's "small" effect).
DROPOUT_SMD_WARNING = 0.2

PooledIndex = Mapping[tuple[str, str, str], Row]


def pooled_index(pooled: Sequence[Row]) -> dict[tuple[str, str, str], Row]:
    """Pooled rows by (scope, instrument, programme type); '' for the type of instrument pools."""
    return {
        (text(row["scope"]), text(row["instrument"]), text(row["program_type"])): row
        for row in pooled
    }


def attrition_panel(row: Row, lang: str) -> dict[str, Any]:
    """Who did not finish: how many had a pre-test and no post-test, and how their pre-test
    compared with that of the people who finished (withheld for 1 to 4 drop-outs)."""
    dropouts = as_float(row["n_dropouts"])
    enrolled = as_float(row["n_participants"])
    decimals = score_decimals(row)
    if dropouts is None:  # not counted: say nothing rather than that everyone finished
        return {"sentences": [], "rows": []}
    if not dropouts:
        return {"sentences": [t("attrition_none", lang)], "rows": []}
    sentences = [
        t(
            "attrition_share",
            lang,
            dropouts=format_count(dropouts, lang),
            enrolled=format_count(enrolled, lang),
            share=format_percent(_percent(row["attrition_rate"]), lang),
        )
    ]
    if text(row["instrument_kind"]) != "numeric":  # no mean of category codes to compare
        return {"sentences": sentences, "rows": []}
    dropout_mean = as_float(row["pre_mean_dropouts"])
    if dropout_mean is None:
        sentences.append(t("attrition_small", lang))
        return {"sentences": sentences, "rows": []}
    smd = as_float(row["dropout_pre_smd"])
    sentences.append(
        t(
            "attrition_baseline",
            lang,
            dropouts=format_number(dropout_mean, lang, decimals),
            completers=format_number(row["pre_mean"], lang, decimals),
            smd=format_number(smd, lang, 2, signed=True),
        )
    )
    if smd is not None and abs(smd) >= DROPOUT_SMD_WARNING:
        sentences.append(t("attrition_biased", lang))
    return {
        "sentences": sentences,
        "rows": [
            [
                t("attrition_completers", lang),
                format_count(row["n_paired"], lang),
                format_number(row["pre_mean"], lang, decimals),
            ],
            [
                t("attrition_dropouts", lang),
                format_count(dropouts, lang),
                format_number(dropout_mean, lang, decimals),
            ],
        ],
        "header": [t("col_group", lang), t("col_people", lang), t("mean_before", lang)],
    }


def effect_panel(row: Row, lang: str) -> list[dict[str, str]]:
    """Effect sizes of a numeric instrument with their 95% CIs, standardised and in points."""
    decimals = score_decimals(row)
    level = as_float(row["hl_conf_level"])
    return [
        stat(
            "stat_dz",
            "cohen_dz",
            ci_text(row, "cohen_dz", "dz_ci_low", "dz_ci_high", lang, 2),
            lang,
        ),
        stat(
            "stat_gz",
            "more_effect_sizes",
            ci_text(row, "hedges_gz", "gz_ci_low", "gz_ci_high", lang, 2),
            lang,
        ),
        stat("stat_d_av", "d_av", format_number(row["d_av"], lang, 2, signed=True), lang),
        stat(
            "stat_d_rm", "more_effect_sizes", format_number(row["d_rm"], lang, 2, signed=True), lang
        ),
        stat(
            "stat_hl",
            "hodges_lehmann",
            _with_level(
                ci_text(row, "hl_estimate", "hl_ci_low", "hl_ci_high", lang, decimals), level, lang
            ),
            lang,
        ),
        stat(
            "stat_prob_superiority",
            "more_effect_sizes",
            format_percent(_percent(row["prob_superiority"]), lang),
            lang,
        ),
        stat(
            "stat_rank_biserial",
            "rank_biserial",
            format_number(row["rank_biserial"], lang, 2, signed=True),
            lang,
        ),
        stat(
            "stat_pre_post_r", "more_effect_sizes", format_number(row["pre_post_r"], lang, 2), lang
        ),
    ]


def _with_level(interval: str, level: float | None, lang: str) -> str:
    """The Hodges-Lehmann interval's achieved confidence, when the exact one is not 95%."""
    if interval == EMPTY or level is None or abs(level - 0.95) < 5e-4:
        return interval
    return t("ci_level_note", lang, interval=interval, level=format_percent(level * 100, lang, 1))


def pooled_panel(row: Row, pooled: PooledIndex, lang: str) -> dict[str, Any] | None:
    """This programme among every programme of the run measured with the same instrument: the
    random-effects mean and prediction interval, and its own change before and after
    shrinkage toward that mean. None without a pool of at least two programmes."""
    instrument = text(row["instrument"])
    overall = pooled.get(("instrument", instrument, ""))
    if overall is None or (as_float(overall["k"]) or 0) < 2:
        return None
    if as_float(overall["pooled_estimate"]) is None:
        return None
    decimals = score_decimals(row)

    def interval(source: Row, estimate: str, low: str, high: str) -> str:
        return ci_text(source, estimate, low, high, lang, decimals)

    rows = [
        stat(
            "pooled_all",
            "pooling",
            t(
                "pooled_value",
                lang,
                interval=interval(overall, "pooled_estimate", "pooled_ci_low", "pooled_ci_high"),
                k=format_count(overall["k"], lang),
            ),
            lang,
        ),
        stat(
            "pooled_prediction",
            "pooling",
            t(
                "range_format",
                lang,
                low=format_number(overall["pi_low"], lang, decimals, signed=True),
                high=format_number(overall["pi_high"], lang, decimals, signed=True),
            )
            if as_float(overall["pi_low"]) is not None
            else EMPTY,
            lang,
        ),
        stat("pooled_i2", "pooling", format_percent(overall["i2"], lang), lang),
    ]
    same_type = pooled.get(("program_type", instrument, text(row["program_type"])))
    if same_type is not None and as_float(same_type["pooled_estimate"]) is not None:
        rows.append(
            stat(
                "pooled_type",
                "pooling",
                t(
                    "pooled_value",
                    lang,
                    interval=interval(
                        same_type, "pooled_estimate", "pooled_ci_low", "pooled_ci_high"
                    ),
                    k=format_count(same_type["k"], lang),
                ),
                lang,
            )
        )
    rows += [
        stat(
            "pooled_observed",
            "mean_change",
            interval(row, "mean_diff", "ci_low", "ci_high"),
            lang,
        ),
        stat(
            "pooled_shrunk",
            "shrinkage",
            interval(
                row, "mean_diff_shrunk", "mean_diff_shrunk_ci_low", "mean_diff_shrunk_ci_high"
            ),
            lang,
        ),
    ]
    rank = as_float(row["shrunk_rank"])
    if rank is not None:
        rows.append(
            stat(
                "pooled_rank",
                "shrinkage",
                t(
                    "rank_of",
                    lang,
                    rank=format_count(rank, lang),
                    k=format_count(overall["k"], lang),
                ),
                lang,
            )
        )
    return {"intro": t("pooled_intro", lang), "rows": rows}


def subgroup_panel(
    row: Row, levels: Sequence[Row], tests: Sequence[Row], lang: str
) -> list[dict[str, Any]]:
    """Per dimension (OPD, rank band, sex, age band) with at least one level shown: the change
    per level, withheld levels marked, and the test of a difference between the shown levels."""
    decimals = score_decimals(row)
    test_by_dimension = {text(test["dimension"]): test for test in tests}
    by_dimension: dict[str, list[Row]] = {}
    for level in levels:
        by_dimension.setdefault(text(level["dimension"]), []).append(level)
    panels = []
    for dimension, members in by_dimension.items():
        if all(_withheld(level) for level in members):
            continue
        shown = [
            [
                _level_label(dimension, text(level["level"]), lang),
                format_count(level["n_paired"], lang),
                ci_text(level, "mean_diff", "ci_low", "ci_high", lang, decimals),
            ]
            for level in members
            if not _withheld(level)
        ]
        withheld = len(members) - len(shown)
        if withheld:
            shown.append(
                [t("subgroup_withheld", lang, count=format_count(withheld, lang)), EMPTY, EMPTY]
            )
        panels.append(
            {
                "title": _dimension_label(dimension, lang),
                "rows": shown,
                "test": _subgroup_test(test_by_dimension.get(dimension), lang),
            }
        )
    return panels


def _withheld(level: Row) -> bool:
    flag = level["suppressed"]
    return bool(flag) and not (isinstance(flag, float) and np.isnan(flag))


def _subgroup_test(test: Row | None, lang: str) -> str:
    if test is None or as_float(test["welch_p"]) is None:
        return t("subgroup_no_test", lang)
    return t(
        "subgroup_test",
        lang,
        df1=format_number(test["welch_df1"], lang, 0),
        df2=format_number(test["welch_df2"], lang, 1),
        f=format_number(test["welch_f"], lang, 2),
        p=format_p_clause("p", test["welch_p"], lang),
    )


def _dimension_label(dimension: str, lang: str) -> str:
    key = f"subgroup_dimension_{dimension}"
    return t(key, lang) if key in MESSAGES[lang] else dimension


def _level_label(dimension: str, level: str, lang: str) -> str:
    key = f"subgroup_level_{dimension}_{level}"
    return t(key, lang) if key in MESSAGES[lang] else level


def category_tiles(row: Row, lang: str) -> list[tuple[str, str]]:
    """The before and after tiles of an ordinal instrument (the middle category) or a binary
    one (the pass rate), from the results; withheld values show as withheld."""
    kind = text(row["instrument_kind"])
    withheld = t("cell_suppressed", lang)
    if kind == "binary":
        return [
            (
                t(f"pass_rate_{when}", lang),
                _percent_text(row[f"pass_rate_{column}"], lang, withheld),
            )
            for when, column in (("before", "pre"), ("after", "post"))
        ]
    labels = category_labels(row)

    def label(value: object) -> str:
        code = as_float(value)
        if code is None:
            return withheld
        return labels[int(code) - 1] if 1 <= code <= len(labels) else format_number(code, lang, 0)

    return [
        (t("median_before", lang), label(row["pre_median_category"])),
        (t("median_after", lang), label(row["post_median_category"])),
    ]


def _percent_text(share: object, lang: str, withheld: str) -> str:
    value = as_float(share)
    return withheld if value is None else format_percent(value * 100, lang)


def _percent(share: object) -> float | None:
    value = as_float(share)
    return None if value is None else value * 100
