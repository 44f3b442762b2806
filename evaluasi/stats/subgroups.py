"""Change post - pre by subgroup (unit, rank, sex, age band) per programme x instrument: a paired
t interval per subgroup and the one-way ANOVA and Welch tests of a difference between subgroups,
with subgroups too small to publish left out of both."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from evaluasi.privacy import MIN_GROUP
from evaluasi.stats.comparison import PERFECT_FIT_SHARE
from evaluasi.stats.groups import KEY_COLUMNS, PairedGroups, group_pairs
from evaluasi.stats.notes import join_notes
from evaluasi.stats.ttest import paired_t_test

DIMENSION_COLUMNS: tuple[str, ...] = (*KEY_COLUMNS, "dimension")
LEVEL_KEY_COLUMNS: tuple[str, ...] = (*DIMENSION_COLUMNS, "level")

LEVEL_COLUMNS: tuple[str, ...] = (
    "n_paired",
    "mean_diff",
    "sd_diff",
    "ci_low",
    "ci_high",
    "p_value",
    "pre_mean",
    "post_mean",
    "suppressed",
)

SUBGROUP_TEST_COLUMNS: tuple[str, ...] = (
    "n_levels",
    "n_paired",
    "interaction_f",
    "interaction_df1",
    "interaction_df2",
    "interaction_p",
    "welch_f",
    "welch_df1",
    "welch_df2",
    "welch_p",
    "subgroup_notes",
)

SUBGROUP_NOTE_CODES: dict[str, str] = {
    "levels_suppressed": (
        "Some subgroups had fewer people with both a pre-test and a post-test score than the "
        "minimum group size (5 unless configured otherwise); to protect their privacy their "
        "statistics are not shown, and they are left out of the tests of a difference between "
        "subgroups."
    ),
    "fewer_than_two_levels": (
        "Fewer than 2 subgroups are large enough to be shown, so there is nothing to compare: "
        "the ANOVA and Welch tests of a difference between subgroups are empty."
    ),
    "no_residual_variation": (
        "Within every subgroup shown, everyone changed by the same amount (or the changes differ "
        "only by rounding error), so the ANOVA and Welch tests of a difference between subgroups "
        "are empty."
    ),
    "level_without_variation": (
        "In at least one subgroup shown, everyone changed by the same amount (or the changes "
        "differ only by rounding error); Welch's test weighs each subgroup by the inverse of its "
        "variance, so it is empty. The ANOVA is still reported."
    ),
}

_STATISTICS = [c for c in LEVEL_COLUMNS if c not in ("n_paired", "suppressed")]


def _group_levels(pairs: pd.DataFrame) -> PairedGroups:
    """Complete pairs grouped by (program_id, instrument, dimension, level), keys sorted, as
    :func:`~evaluasi.stats.groups.group_pairs` groups them, so a complete pair means the same
    here as there. Rows with any key missing (an unknown level in particular) are ignored; a
    level whose rows are all incomplete keeps zero pairs.
    """
    return group_pairs(pairs, LEVEL_KEY_COLUMNS)


def _f_test(
    statistic: np.ndarray, df1: np.ndarray, df2: np.ndarray, defined: np.ndarray
) -> dict[str, np.ndarray]:
    """F statistic, its degrees of freedom and p = P(F_{df1, df2} > F); all NaN where undefined."""
    statistic, df1, df2 = (np.where(defined, x, np.nan) for x in (statistic, df1, df2))
    return {"f": statistic, "df1": df1, "df2": df2, "p": stats.f.sf(statistic, df1, df2)}


def _between_level_tests(
    dimension: np.ndarray,
    n_dimensions: int,
    n: np.ndarray,
    mean: np.ndarray,
    var: np.ndarray,
    within: np.ndarray,
    constant: np.ndarray,
) -> dict[str, np.ndarray]:
    """One-way ANOVA and Welch's test of the level means within each dimension.

    Arguments are per shown level: its dimension's code, n, mean and variance of d, the sum of
    squared deviations of d from the level mean, and whether d is essentially constant.
    """

    def per_dimension(values: np.ndarray) -> np.ndarray:
        return np.bincount(dimension, weights=values, minlength=n_dimensions)

    n = n.astype(np.float64)
    k = np.bincount(dimension, minlength=n_dimensions).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        total = per_dimension(n)
        grand = per_dimension(n * mean) / total
        between = per_dimension(n * (mean - grand[dimension]) ** 2)
        residual = per_dimension(within)
        anova_f = (between / (k - 1)) / (residual / (total - k))

        weight = n / var
        weight_total = per_dimension(weight)
        weighted_mean = per_dimension(weight * mean) / weight_total
        a = per_dimension((1 - weight / weight_total[dimension]) ** 2 / (n - 1)) / (k**2 - 1)
        welch_f = per_dimension(weight * (mean - weighted_mean[dimension]) ** 2) / (
            (k - 1) * (1 + 2 * (k - 2) * a)
        )
        welch_df2 = 1 / (3 * a)

        enough = k >= 2
        total_var = (between + residual) / (total - 1)
        exact = enough & (residual / (total - k) <= PERFECT_FIT_SHARE * (grand**2 + total_var))
    any_constant = np.bincount(dimension[constant], minlength=n_dimensions) > 0
    anova = _f_test(anova_f, k - 1, total - k, enough & ~exact)
    welch = _f_test(welch_f, k - 1, welch_df2, enough & ~exact & ~any_constant)
    return {
        "n_levels": k.astype(np.int64),
        "n_paired": total.astype(np.int64),
        **{f"interaction_{name}": values for name, values in anova.items()},
        **{f"welch_{name}": values for name, values in welch.items()},
        "fewer_than_two_levels": ~enough,
        "no_residual_variation": exact,
        "level_without_variation": enough & ~exact & any_constant,
    }


def _suppress(
    n: np.ndarray, dimension: np.ndarray, n_dimensions: int, min_group: int, complementary: bool
) -> np.ndarray:
    """Levels under ``min_group`` pairs (primary suppression), plus, in a dimension where that
    leaves exactly one level hidden, the smallest shown level (complementary suppression)."""
    primary = n < min_group
    if not complementary:
        return primary
    hidden = np.bincount(dimension[primary], minlength=n_dimensions)
    candidates = np.flatnonzero(~primary & (hidden[dimension] == 1))
    order = candidates[np.lexsort((n[candidates], dimension[candidates]))]
    first = np.ones(order.size, dtype=bool)
    first[1:] = dimension[order][1:] != dimension[order][:-1]
    suppressed = primary.copy()
    suppressed[order[first]] = True
    return suppressed


def subgroup_statistics(
    pairs: pd.DataFrame, min_group: int = MIN_GROUP, complementary: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mean change per subgroup and tests of whether the change differs between subgroups.

    ``pairs`` has one row per participant x subgroup dimension, with columns program_id,
    instrument, dimension (such as ``'unit'``, ``'rank'``, ``'sex'``, ``'age_band'``), level
    (the participant's subgroup in that dimension; missing means unknown and the row is
    ignored), pre and post. Only complete pairs (both scores finite) count. Returns two tables:

    ``levels``: one row per (program_id, instrument, dimension, level) present, sorted, with
    ``LEVEL_KEY_COLUMNS`` followed by ``LEVEL_COLUMNS``. With d = post - pre over the level's
    complete pairs:

    * n_paired (nullable Int64); mean_diff, sd_diff (n - 1), pre_mean, post_mean, by R's
      two-pass ``mean`` and ``var``;
    * ci_low, ci_high, p_value: the 95% interval mean(d) -/+ t_{0.975, n-1} sd(d) / sqrt(n) and
      the two-sided p of mean(d) = 0, as R's ``t.test(post, pre, paired = TRUE)``
      (:func:`~evaluasi.stats.ttest.paired_t_test`; NaN when d is essentially constant);
    * suppressed: True when the level has fewer than ``min_group`` complete pairs, or hides
      alongside such a level (complementary suppression, below). Privacy
      rule (:mod:`evaluasi.privacy`): no statistic about fewer than 5 people is published, so
      a suppressed row has n_paired <NA> and every statistic NaN; the row is kept so that a
      report can say the subgroup has fewer than 5 people.

    ``tests``: one row per (program_id, instrument, dimension) with at least one level, sorted,
    with ``DIMENSION_COLUMNS`` followed by ``SUBGROUP_TEST_COLUMNS``. Only the k levels shown
    (not suppressed) enter, N = sum n_i pairs in all, so a small subgroup can never drive a
    test; with n_i, m_i, s_i^2 the size, mean and variance of d in level i and m the mean of
    all N changes:

    * n_levels = k, n_paired = N;
    * interaction_f, interaction_df1, interaction_df2, interaction_p: the one-way ANOVA of d on
      the level, R's ``anova(lm(d ~ level))``: F = (SSB / (k - 1)) / (SSW / (N - k)) with
      SSB = sum n_i (m_i - m)^2 and SSW = sum_i sum_j (d_ij - m_i)^2, on k - 1 and N - k df.
      With two measurements per person this F is exactly the F of the time x subgroup
      interaction in the mixed (split-plot) ANOVA of the scores, ``aov(score ~ time * level +
      Error(id / time))`` (Huck & McLean 1975, Psychol Bull 82:511-518): it asks whether the
      programme changed scores differently in different subgroups. It assumes equal
      variances of d across subgroups.
    * welch_f, welch_df1, welch_df2, welch_p: Welch's (1951, Biometrika 38:330-336) test, R's
      ``oneway.test(d ~ level)`` (var.equal = FALSE), which does not assume equal variances:
      with w_i = n_i / s_i^2, W = sum w_i, m_w = sum w_i m_i / W and
      A = sum (1 - w_i / W)^2 / (n_i - 1) / (k^2 - 1),
      F = sum w_i (m_i - m_w)^2 / ((k - 1) (1 + 2 (k - 2) A)) on k - 1 and 1 / (3 A) df.
    * subgroup_notes: ``;``-separated codes from ``SUBGROUP_NOTE_CODES`` explaining each
      empty value and each left-out subgroup.

    Both tests need k >= 2; both are empty when the within-level residual variance
    SSW / (N - k) is at most 1e-20 of (m^2 + var(d)), that is zero up to rounding, where R would
    print a meaningless or infinite F; Welch's test is also empty when d is essentially
    constant in a level (se < 10 eps |m_i|, as R's ``t.test``), where R's ``oneway.test``
    gives NaN. The test columns are NaN together whenever the test is undefined.

    Caveats: the tests compare subgroups within one programme and instrument, several
    dimensions at a time, without adjustment for multiplicity, so a small p is a lead to
    follow, not a finding. That one subgroup's change is significant and another's is not is
    no evidence that they differ (Gelman & Stern 2006, Am Stat 60:328-331); the tests are.
    Suppression is primary and complementary: the whole programme's n and mean change are
    published, so a dimension with exactly one hidden level would let a reader recover that
    level's size and mean change by subtraction. There the smallest shown level is hidden as
    well (``suppressed`` True, note ``levels_suppressed``), so what subtraction recovers is
    about at least ``min_group`` people together. ``complementary=False`` hides only the small
    levels themselves (for restricted analyses that publish no programme totals).

    Never raises for data reasons (small, constant or unknown subgroups give NaN plus a
    note); raises ValueError when a required column is missing or ``min_group`` < 2 (a level
    needs 2 pairs for a standard deviation). Everything is computed for all programmes,
    instruments, dimensions and levels at once with grouped numpy reductions.

    >>> pairs = pd.DataFrame({
    ...     "program_id": "P", "instrument": "test", "dimension": "unit",
    ...     "level": ["A"] * 5 + ["B"] * 6 + ["C"] * 3,
    ...     "pre": [50, 55, 60, 62, 58, 40, 45, 52, 48, 50, 44, 70, 65, 61],
    ...     "post": [61, 63, 66, 75, 64, 44, 46, 55, 53, 50, 49, 71, 70, 66]})
    >>> levels, tests = subgroup_statistics(pairs)
    >>> print(levels[["level", "n_paired", "mean_diff", "ci_low", "ci_high", "suppressed"]]
    ...       .round(3).to_string(index=False))
    level  n_paired  mean_diff  ci_low  ci_high  suppressed
        A         5        8.8   4.933   12.667       False
        B         6        3.0   0.799    5.201       False
        C      <NA>        NaN     NaN      NaN        True
    >>> print(tests[["n_levels", "interaction_f", "interaction_p", "welch_p", "subgroup_notes"]]
    ...       .round(4).to_string(index=False))
     n_levels  interaction_f  interaction_p  welch_p    subgroup_notes
            2        13.5807          0.005   0.0098 levels_suppressed
    """
    if min_group < 2:
        raise ValueError(f"min_group must be at least 2, got {min_group}")
    groups = _group_levels(pairs)
    n = groups.n
    d = groups.post - groups.pre
    mean_diff, var_diff = groups.mean_var(d)
    pre_mean, _ = groups.mean_var(groups.pre)
    post_mean, _ = groups.mean_var(groups.post)
    sd_diff = np.sqrt(var_diff)
    ttest = paired_t_test(mean_diff, sd_diff, n)
    residual = d - mean_diff[groups.codes]
    within = groups.total(residual * residual)

    level_keys = groups.keys
    by_dimension = level_keys.groupby(list(DIMENSION_COLUMNS), sort=True)
    dimension = by_dimension.ngroup().to_numpy(dtype=np.int64)
    dimension_keys = by_dimension.size().index.to_frame(index=False)
    n_dimensions = len(dimension_keys)
    suppressed = _suppress(n, dimension, n_dimensions, min_group, complementary)

    n_paired = pd.array(n, dtype="Int64")
    n_paired[suppressed] = pd.NA
    values = {
        "mean_diff": mean_diff,
        "sd_diff": sd_diff,
        "ci_low": ttest.ci_low,
        "ci_high": ttest.ci_high,
        "p_value": ttest.p_value,
        "pre_mean": pre_mean,
        "post_mean": post_mean,
    }
    levels = pd.DataFrame(
        {
            "n_paired": n_paired,
            **{name: np.where(suppressed, np.nan, values[name]) for name in _STATISTICS},
            "suppressed": suppressed,
        }
    )

    shown = ~suppressed
    tests = _between_level_tests(
        dimension[shown],
        n_dimensions,
        n[shown],
        mean_diff[shown],
        var_diff[shown],
        within[shown],
        ttest.essentially_constant[shown],
    )
    tests["subgroup_notes"] = join_notes(
        {
            "levels_suppressed": np.bincount(dimension[suppressed], minlength=n_dimensions) > 0,
            "fewer_than_two_levels": tests["fewer_than_two_levels"],
            "no_residual_variation": tests["no_residual_variation"],
            "level_without_variation": tests["level_without_variation"],
        },
        n_dimensions,
        SUBGROUP_NOTE_CODES,
    )
    table = pd.DataFrame({name: tests[name] for name in SUBGROUP_TEST_COLUMNS})
    table["subgroup_notes"] = table["subgroup_notes"].astype("str")
    return (
        pd.concat([level_keys, levels], axis=1),
        pd.concat([dimension_keys, table], axis=1),
    )
