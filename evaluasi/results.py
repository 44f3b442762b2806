"""The results of a run: per programme x instrument (`results.csv`), pooled per instrument and
programme type (`pooled.csv`) and by subgroup (`subgroups.csv`).

Order of work: every statistic per programme x instrument (the statistics engine), then
small-group suppression, then the portfolio: Holm and Benjamini-Hochberg adjustments over every
published p-value of the run, random-effects pooling, empirical-Bayes shrinkage and the verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from evaluasi import stats
from evaluasi.privacy import (
    CATEGORY_TABLE_COLUMNS,
    MIN_GROUP,
    SMALL_CELLS,
    protect_category_tables,
    suppress_small_groups,
)
from evaluasi.stats.comparison import ADJUSTED_MEAN_COLUMNS, DESIGN_COLUMNS, PARTICIPANT
from evaluasi.stats.engine import (
    ATTRITION_RESULT_COLUMNS,
    CATEGORY_COLUMNS,
    EFFECT_COLUMNS,
    ENGINE_COLUMNS,
    RTM_COLUMNS,
    program_statistics,
)
from evaluasi.stats.notes import NOTE_SEPARATOR, add_note
from evaluasi.stats.pooling import POOLING_COLUMNS, pool_effects, shrink_effects
from evaluasi.stats.subgroups import subgroup_statistics
from evaluasi.stats.verdict import VERDICT_COLUMNS, verdicts

KEYS = list(stats.KEY_COLUMNS)
COUNT_COLUMNS = ["n_participants", "n_pre", "n_post", "n_paired"]
# The paired statistics, in SPEC §4 order, as the statistics engine names them.
PAIRED_COLUMNS = [c for c in stats.STAT_COLUMNS if c not in ("n_paired", "notes")]
ADJUSTED_COLUMNS = ["p_holm", "q_bh"]
COMPARISON_COLUMNS = list(DESIGN_COLUMNS)
# SPEC §4, in order: the columns of results.csv under exactly these names.
SPEC_COLUMNS = [*COUNT_COLUMNS, *PAIRED_COLUMNS, *ADJUSTED_COLUMNS, *COMPARISON_COLUMNS, "verdict"]
SHRUNK_COLUMNS = [
    "mean_diff_shrunk",
    "mean_diff_shrunk_ci_low",
    "mean_diff_shrunk_ci_high",
    "shrunk_rank",
]
# Columns after the SPEC ones, grouped as the methods page documents them.
EXTRA_COLUMNS = [
    *(c for c in VERDICT_COLUMNS if c != "verdict"),
    *EFFECT_COLUMNS,
    *ATTRITION_RESULT_COLUMNS,
    *ADJUSTED_MEAN_COLUMNS,
    *RTM_COLUMNS,
    *CATEGORY_COLUMNS,
    *CATEGORY_TABLE_COLUMNS,
    *SHRUNK_COLUMNS,
]
DESCRIPTIVE_COLUMNS = [
    "program_name",
    "program_type",
    "start_date",
    "end_date",
    "jp",
    "cost_idr",
    "instrument_label",
    "instrument_kind",
    "instrument_categories",
    "scale_min",
    "scale_max",
]
RESULT_COLUMNS = [*KEYS, *SPEC_COLUMNS, *EXTRA_COLUMNS, "notes", *DESCRIPTIVE_COLUMNS]
# Every statistic about the participants' scores: blanked when fewer than MIN_GROUP pairs.
STATISTIC_COLUMNS = [c for c in ENGINE_COLUMNS if c not in ("n_paired", "n_comparison", "notes")]
COMPARISON_STATISTICS = [c for c in COMPARISON_COLUMNS if c != "n_comparison"] + list(
    ADJUSTED_MEAN_COLUMNS
)
SMALL_COMPARISON = "suppressed_small_comparison"
# What the drop-outs scored is about them alone: withheld when fewer than MIN_GROUP dropped out.
DROPOUT_STATISTICS = ["pre_mean_dropouts", "dropout_pre_smd"]
SMALL_DROPOUTS = "suppressed_small_dropouts"
# Pre-test scores but no post-test score yet (a follow-up not due, or not collected).
NO_POST = "no_post_scores"
# Notes that describe how much data there is, not what it says: kept on suppressed rows.
NOTES_ABOUT_DATA_ONLY = frozenset(
    {
        "too_few_pairs",
        "incomplete_pairs_dropped",
        "no_pairs",
        "unknown_category_count",
        "invalid_category_dropped",
        "no_scale_max",
        "no_comparison_group",
        "too_few_comparison",
        "comparison_not_for_kind",
        NO_POST,
        SMALL_CELLS,
    }
)
POOL_SCOPES = {"instrument": ["instrument"], "program_type": ["instrument", "program_type"]}
POOLED_COLUMNS = ["scope", "instrument", "program_type", *POOLING_COLUMNS]


@dataclass(frozen=True)
class RunResults:
    """A run's result tables, all free of identifiers and of groups under MIN_GROUP people."""

    programs: pd.DataFrame
    pooled: pd.DataFrame
    subgroups: pd.DataFrame
    subgroup_tests: pd.DataFrame


def compute(
    summary: pd.DataFrame, pairs: pd.DataFrame, subgroup_pairs: pd.DataFrame | None = None
) -> RunResults:
    """Results from the programme summary (counts, attributes), the pairs of every person
    (participants and comparison colleagues, pre or post possibly missing) and, optionally,
    the participants' complete pairs by subgroup (model int_participant_subgroups, one row
    per pair and subgroup dimension)."""
    instruments = summary.drop_duplicates("instrument").rename(
        columns={"instrument_kind": "kind", "instrument_categories": "categories"}
    )[["instrument", "kind", "scale_min", "scale_max", "categories"]]
    statistics = program_statistics(pairs, instruments)
    results = summary.merge(
        statistics.drop(columns=["n_paired", "n_comparison"]), on=KEYS, how="left"
    )
    results["notes"] = _revealing_notes_dropped(results)
    results = suppress_small_groups(results, STATISTIC_COLUMNS)
    small = (results["n_comparison"] > 0) & (results["n_comparison"] < MIN_GROUP)
    results.loc[small, COMPARISON_STATISTICS] = np.nan
    results["notes"] = add_note(results["notes"], small, SMALL_COMPARISON)
    few = (results["n_dropouts"] > 0) & (results["n_dropouts"] < MIN_GROUP)
    results.loc[few, DROPOUT_STATISTICS] = np.nan
    results["notes"] = add_note(results["notes"], few, SMALL_DROPOUTS)
    results = protect_category_tables(results)
    results["notes"] = add_note(
        results["notes"], (results["n_post"] == 0) & (results["n_pre"] > 0), NO_POST
    )
    results["p_holm"] = stats.p_adjust(results["p_value"], "holm")
    results["q_bh"] = stats.p_adjust(results["p_value"], "BH")
    results = pd.concat([results, verdicts(results)], axis=1)
    pooled, shrunk = _pool(results)
    results = results.merge(shrunk, on=KEYS, how="left")
    results = results[RESULT_COLUMNS].sort_values(KEYS, ignore_index=True)
    levels, tests = _subgroups(subgroup_pairs)
    return RunResults(results, pooled, levels, tests)


def _revealing_notes_dropped(results: pd.DataFrame) -> pd.Series:
    """Notes of rows under MIN_GROUP pairs keep only codes that say nothing about the few
    people's scores (a low pre-test mean, scores that did not change would)."""
    small = results["n_paired"].fillna(0) < MIN_GROUP
    kept = (
        results.loc[small, "notes"]
        .fillna("")
        .str.split(NOTE_SEPARATOR)
        .map(lambda codes: NOTE_SEPARATOR.join(c for c in codes if c in NOTES_ABOUT_DATA_ONLY))
    )
    return results["notes"].where(~small, kept)


def _effects(results: pd.DataFrame) -> pd.DataFrame:
    """Each numeric result's mean change and its sampling variance, for pooling."""
    numeric = results[results["instrument_kind"] == "numeric"]
    return numeric[[*KEYS, "program_type"]].assign(
        yi=numeric["mean_diff"], vi=numeric["se_diff"] ** 2
    )


def _pool(results: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Random-effects pools of the mean change per instrument and per instrument x programme
    type, and each programme's shrunken mean change (toward its instrument's pool) and rank."""
    effects = _effects(results)
    pools = []
    for scope, keys in POOL_SCOPES.items():
        pooled = pool_effects(effects, keys).assign(scope=scope)
        pools.append(pooled)
    pooled = pd.concat(pools, ignore_index=True).reindex(columns=POOLED_COLUMNS)
    by_instrument = pooled[pooled["scope"] == "instrument"]
    shrunk = shrink_effects(effects, by_instrument, ["instrument"])
    shrunk = shrunk.rename(
        columns={
            "shrunk_estimate": "mean_diff_shrunk",
            "shrunk_ci_low": "mean_diff_shrunk_ci_low",
            "shrunk_ci_high": "mean_diff_shrunk_ci_high",
        }
    )
    shrunk["shrunk_rank"] = (
        shrunk.groupby("instrument")["mean_diff_shrunk"]
        .rank(ascending=False, method="min")
        .astype("Int64")
    )
    return pooled, shrunk[[*KEYS, *SHRUNK_COLUMNS]]


def _subgroups(subgroup_pairs: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    if subgroup_pairs is None:
        subgroup_pairs = pd.DataFrame(columns=[*KEYS, "dimension", "level", "pre", "post"]).astype(
            {"pre": np.float64, "post": np.float64}
        )
    return subgroup_statistics(subgroup_pairs, MIN_GROUP)


def publishable_pairs(results: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Participants' complete pairs of the groups whose statistics are published, without any
    identifier."""
    shown = results.loc[results["n_paired"] >= MIN_GROUP, KEYS]
    complete = pairs[(pairs["group"] == PARTICIPANT) & pairs["pre"].notna() & pairs["post"].notna()]
    return complete.merge(shown, on=KEYS)[[*KEYS, "pre", "post"]]


# Text that Excel, LibreOffice or a later paste could take for a formula (CSV injection,
# OWASP): published tables carry programme names and labels from the data.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with every text value that starts like a formula prefixed with `'`, which
    spreadsheets show as the text itself. Numbers (a negative change) are not text and stay."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype(object)
        elif not (values.dtype == object or isinstance(values.dtype, pd.StringDtype)):
            continue
        text = values.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_START))
        if text.any():
            out[column] = values.where(~text, "'" + values.astype(str))
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """A published result table as CSV: full float precision, ISO dates, UTF-8, `\\n` line
    ends, formula-like text neutralised (`neutralised`)."""
    neutralised(frame).to_csv(path, index=False, date_format="%Y-%m-%d", lineterminator="\n")


def write_results_csv(results: pd.DataFrame, path: Path) -> None:
    """`results.csv`: one row per programme x instrument, RESULT_COLUMNS in order."""
    write_csv(results[RESULT_COLUMNS], path)
