"""The statistics tables of an instrument by its kind (numeric, ordinal, binary), its transition
table and its comparison-group panel."""

from __future__ import annotations

import json

from evaluasi.messages import t
from evaluasi.report.charts_programme import transition_figure
from evaluasi.report.formatting import (
    EMPTY,
    as_float,
    format_count,
    format_number,
    format_p,
    format_p_clause,
    format_percent,
)
from evaluasi.report.views.common import (
    Row,
    category_labels,
    chart,
    ci_text,
    has_comparison,
    is_suppressed,
    text,
)


def stat(key: str, anchor: str, value: str, lang: str) -> dict[str, str]:
    return {"label": t(key, lang), "anchor": f"method-{anchor}", "value": value}


def statistics_table(row: Row, decimals: int, lang: str) -> list[dict[str, str]]:
    """The statistics table of an instrument, by its kind, ending with the adjusted p-value of
    the verdict."""
    kind = text(row["instrument_kind"])
    if kind == "ordinal":
        rows = _ordinal_statistics(row, lang)
    elif kind == "binary":
        rows = _binary_statistics(row, lang)
    else:
        rows = _numeric_statistics(row, decimals, lang)
    return [*rows, stat("stat_verdict_q", "verdict", format_p(row["verdict_q"], lang), lang)]


def _ordinal_statistics(row: Row, lang: str) -> list[dict[str, str]]:
    def p_clause(column: str) -> str:
        return format_p_clause("p", row[column], lang)

    def chi2(stat: str, p: str) -> str:
        value = format_number(row[stat], lang, 2)
        df = format_number(row["stuart_maxwell_df"], lang, 0)
        return EMPTY if value == EMPTY else t("chi2_format", lang, df=df, x=value, p=p_clause(p))

    return [
        stat("stat_pct", "pct", _pct_text(row, lang), lang),
        stat("stat_sign_test", "ordinal", format_p(row["sign_test_p"], lang), lang),
        stat(
            "stat_stuart_maxwell", "ordinal", chi2("stuart_maxwell_stat", "stuart_maxwell_p"), lang
        ),
        stat("stat_bhapkar", "ordinal", chi2("bhapkar_stat", "bhapkar_p"), lang),
        stat(
            "stat_wilcoxon",
            "wilcoxon",
            _pair_text(
                "wilcoxon_format",
                "v",
                format_number(row["wilcoxon_v"], lang, 1),
                p_clause("wilcoxon_p"),
                lang,
            ),
            lang,
        ),
    ]


def _binary_statistics(row: Row, lang: str) -> list[dict[str, str]]:
    def points(column: str) -> object:
        value = as_float(row[column])
        return None if value is None else 100.0 * value

    change = format_number(points("prop_diff"), lang, 1, signed=True)
    low = format_number(points("prop_diff_ci_low"), lang, 1, signed=True)
    high = format_number(points("prop_diff_ci_high"), lang, 1, signed=True)
    interval = (
        EMPTY if change == EMPTY else t("ci_format", lang, estimate=change, low=low, high=high)
    )
    return [
        stat("stat_prop_diff", "binary", interval, lang),
        stat("stat_pct", "pct", _pct_text(row, lang), lang),
        stat("stat_mcnemar", "binary", format_p(row["mcnemar_p"], lang), lang),
        stat("stat_mcnemar_midp", "binary", format_p(row["mcnemar_midp"], lang), lang),
    ]


def _pct_text(row: Row, lang: str) -> str:
    return t(
        "pct_format",
        lang,
        up=format_percent(row["pct_improved"], lang),
        same=format_percent(row["pct_unchanged"], lang),
        down=format_percent(row["pct_declined"], lang),
    )


def transition_table(row: Row, chart_id: str, lang: str) -> dict[str, object] | None:
    """The pre x post table of an ordinal or binary instrument with its category labels, and
    its heatmap; cells withheld in the results (privacy.py) show as withheld."""
    kind = text(row["instrument_kind"])
    if kind == "binary":
        cells = [[row["n_ff"], row["n_fp"]], [row["n_pf"], row["n_pp"]]]
    elif kind == "ordinal" and text(row["transition"]):
        cells = json.loads(text(row["transition"]))
    else:
        return None
    if is_suppressed(row):
        return None
    labels = category_labels(row)
    if len(labels) != len(cells):
        first = 0 if kind == "binary" else 1
        labels = [format_number(first + index, lang, 0) for index in range(len(cells))]
    counts = [[as_float(value) for value in line] for line in cells]
    texts = [
        [
            t("cell_suppressed", lang) if count is None else format_count(count, lang)
            for count in line
        ]
        for line in counts
    ]
    title = t("transition_title", lang)
    return {
        "labels": labels,
        "rows": list(zip(labels, texts, strict=True)),
        "chart": chart(chart_id, transition_figure(labels, counts, texts, lang), title),
    }


def _numeric_statistics(row: Row, decimals: int, lang: str) -> list[dict[str, str]]:
    def number(column: str, places: int = 2) -> str:
        return format_number(row[column], lang, places)

    def p(column: str) -> str:
        return format_p(row[column], lang)

    def p_clause(column: str) -> str:
        return format_p_clause("p", row[column], lang)

    df_value = as_float(row["df"])
    df_text = number("df", 0 if df_value is None or df_value.is_integer() else 1)
    t_text = number("t_stat")
    return [
        stat(
            "stat_mean_diff",
            "mean_change",
            ci_text(row, "mean_diff", "ci_low", "ci_high", lang, decimals),
            lang,
        ),
        stat("stat_sd_diff", "mean_change", number("sd_diff", decimals), lang),
        stat("stat_se_diff", "mean_change", number("se_diff", decimals), lang),
        stat(
            "stat_t",
            "t_test",
            EMPTY
            if t_text == EMPTY
            else t("t_format", lang, df=df_text, t=t_text, p=p_clause("p_value")),
            lang,
        ),
        stat("stat_p_holm", "adjustment", p("p_holm"), lang),
        stat("stat_q_bh", "adjustment", p("q_bh"), lang),
        stat(
            "stat_wilcoxon",
            "wilcoxon",
            _pair_text(
                "wilcoxon_format", "v", number("wilcoxon_v", 1), p_clause("wilcoxon_p"), lang
            ),
            lang,
        ),
        stat(
            "stat_shapiro",
            "shapiro",
            _pair_text("shapiro_format", "w", number("shapiro_w", 3), p_clause("shapiro_p"), lang),
            lang,
        ),
        stat(
            "stat_pct",
            "pct",
            _pct_text(row, lang),
            lang,
        ),
        stat(
            "stat_normalized_gain",
            "normalized_gain",
            format_number(row["normalized_gain"], lang, 2, signed=True),
            lang,
        ),
        stat("stat_mde", "mde", number("mde_dz"), lang),
    ]


def _pair_text(key: str, name: str, statistic: str, p: str, lang: str) -> str:
    return EMPTY if statistic == EMPTY else t(key, lang, **{name: statistic, "p": p})


def comparison_table(row: Row, decimals: int, lang: str) -> list[dict[str, str]] | None:
    """The comparison-group panel: colleagues used, DiD and ANCOVA with their CIs and p."""
    if not has_comparison(row):
        return None

    def interval(estimate: str, low: str, high: str) -> str:
        return ci_text(row, estimate, low, high, lang, decimals)

    return [
        stat(key, "comparison", value, lang)
        for key, value in (
            ("stat_n_comparison", format_count(row["n_comparison"], lang)),
            ("stat_did", interval("did_estimate", "did_ci_low", "did_ci_high")),
            ("stat_did_p", format_p(row["did_p"], lang)),
            ("stat_ancova", interval("ancova_effect", "ancova_ci_low", "ancova_ci_high")),
            ("stat_ancova_p", format_p(row["ancova_p"], lang)),
            ("stat_slopes_p", format_p(row["slopes_p"], lang)),
        )
    ]
