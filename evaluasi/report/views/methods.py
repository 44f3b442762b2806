"""The methods page: a section per statistic family; the run's parameters, versions and inputs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from evaluasi.messages import t
from evaluasi.privacy import CATEGORY_TABLE_COLUMNS
from evaluasi.report.formatting import (
    format_datetime,
    format_period,
)
from evaluasi.report.views.common import VERDICTS, common_context, verdict_view
from evaluasi.results import COMPARISON_COLUMNS, SHRUNK_COLUMNS
from evaluasi.stats.comparison import ADJUSTED_MEAN_COLUMNS
from evaluasi.stats.engine import ATTRITION_RESULT_COLUMNS, BINARY_ONLY, ORDINAL_ONLY, RTM_COLUMNS
from evaluasi.stats.verdict import VERDICT_COLUMNS

if TYPE_CHECKING:
    from evaluasi.report.render import ReportInput

# Statistic columns of results.csv documented under each methods section: the SPEC section 4
# ones in its order, each further family after the one it extends. Columns of the other result
# files (pooled.csv, subgroups.csv, subgroup_tests.csv) are named in their sections' texts.
METHOD_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("counts", ("n_participants", "n_pre", "n_post", "n_paired")),
    ("attrition", ATTRITION_RESULT_COLUMNS),
    ("descriptives", ("pre_mean", "pre_sd", "post_mean", "post_sd")),
    ("mean_change", ("mean_diff", "sd_diff", "se_diff", "ci_low", "ci_high")),
    ("t_test", ("t_stat", "df", "p_value")),
    ("cohen_dz", ("cohen_dz", "dz_ci_low", "dz_ci_high")),
    ("d_av", ("d_av",)),
    (
        "more_effect_sizes",
        ("hedges_gz", "gz_ci_low", "gz_ci_high", "d_rm", "pre_post_r", "prob_superiority"),
    ),
    ("wilcoxon", ("wilcoxon_v", "wilcoxon_p")),
    ("hodges_lehmann", ("hl_estimate", "hl_ci_low", "hl_ci_high", "hl_conf_level")),
    ("rank_biserial", ("rank_biserial",)),
    ("shapiro", ("shapiro_w", "shapiro_p")),
    ("pct", ("pct_improved", "pct_unchanged", "pct_declined")),
    ("normalized_gain", ("normalized_gain",)),
    ("normalized_change", ("mean_individual_gain", "normalized_change")),
    ("mde", ("mde_dz",)),
    ("ordinal", ORDINAL_ONLY),
    ("binary", BINARY_ONLY),
    ("category_tables", tuple(CATEGORY_TABLE_COLUMNS)),
    ("adjustment", ("p_holm", "q_bh")),
    ("comparison", (*COMPARISON_COLUMNS, *ADJUSTED_MEAN_COLUMNS)),
    ("regression_to_mean", RTM_COLUMNS),
    ("verdict", VERDICT_COLUMNS),
    ("pooling", ()),
    ("shrinkage", tuple(SHRUNK_COLUMNS)),
    ("subgroups", ()),
    ("attribution", ()),
    ("small_groups", ("notes",)),
    ("privacy", ()),
    ("charts", ()),
    ("summary", ()),
    ("numbers", ()),
)


def methods_context(report: ReportInput, lang: str) -> dict[str, Any]:
    run = report.run
    sections = [
        {
            "anchor": f"method-{name}",
            "title": t(f"method_{name}_title", lang),
            "paragraphs": t(f"method_{name}_body", lang).split("\n\n"),
            "columns": columns,
        }
        for name, columns in METHOD_SECTIONS
    ]
    context = common_context(run, lang, "methods", t("methods_title", lang))
    context.update(
        sections=sections,
        verdict_legend=[verdict_view(code, lang) for code in VERDICTS],
        run_facts=[
            (t("run_id_label", lang), run.run_id),
            (t("run_started", lang), format_datetime(run.started_at, lang)),
            (t("run_period", lang), format_period(run.period, lang)),
            (t("run_language", lang), t("language_name", lang)),
        ],
        parameters=sorted(run.parameters.items()),
        versions=list(run.versions.items()),
        fingerprints=sorted(run.input_fingerprints.items()),
    )
    return context
