"""Per (programme, instrument) paired pre/post statistics, vectorised across all groups at once."""

from __future__ import annotations

import numpy as np
import pandas as pd

from evaluasi.stats.effect_size import (
    cohen_dz,
    d_av,
    dz_interval,
    normalized_gain,
)
from evaluasi.stats.groups import PairedGroups, group_pairs
from evaluasi.stats.normality import shapiro_by_group, shapiro_in_range
from evaluasi.stats.notes import join_notes
from evaluasi.stats.power import mde_dz
from evaluasi.stats.ttest import paired_t_test
from evaluasi.stats.wilcoxon import signed_rank_test

STAT_COLUMNS: tuple[str, ...] = (
    "n_paired",
    "pre_mean",
    "pre_sd",
    "post_mean",
    "post_sd",
    "mean_diff",
    "sd_diff",
    "se_diff",
    "ci_low",
    "ci_high",
    "t_stat",
    "df",
    "p_value",
    "cohen_dz",
    "dz_ci_low",
    "dz_ci_high",
    "d_av",
    "wilcoxon_v",
    "wilcoxon_p",
    "rank_biserial",
    "shapiro_w",
    "shapiro_p",
    "pct_improved",
    "pct_unchanged",
    "pct_declined",
    "normalized_gain",
    "mde_dz",
    "notes",
)


def _instrument_maxima(instruments: pd.Series, scale_max: pd.Series | None) -> np.ndarray:
    """Each group's instrument maximum; NaN when unknown or listed with conflicting values."""
    if scale_max is None:
        return np.full(len(instruments), np.nan)
    by_instrument = pd.to_numeric(scale_max, errors="coerce").astype(np.float64).groupby(level=0)
    highest, lowest = by_instrument.max(), by_instrument.min()
    maxima = highest.where(highest == lowest)
    return maxima.reindex(instruments.to_numpy()).to_numpy(dtype=np.float64, na_value=np.nan)


def paired_statistics(pairs: pd.DataFrame, scale_max: pd.Series | None = None) -> pd.DataFrame:
    """Descriptives, paired t-test, Wilcoxon, effect sizes and power per programme x instrument.

    ``pairs`` has one row per participant with columns program_id, instrument, pre, post;
    ``scale_max`` (optional) maps instrument -> maximum score (NaN: no maximum). Returns one
    row per (program_id, instrument) present, sorted by both, with ``KEY_COLUMNS`` followed by
    ``STAT_COLUMNS``. With d = post - pre over the complete pairs (both scores finite):

    * n_paired; pre/post mean and SD (n - 1); mean_diff, sd_diff, se_diff = sd_diff / sqrt(n);
    * ci_low/ci_high, t_stat, df, p_value: ``t.test(post, pre, paired = TRUE)``
      (:func:`~evaluasi.stats.ttest.paired_t_test`);
    * cohen_dz = mean(d)/sd(d) with a 95% CI by inverting the non-central t
      (:func:`~evaluasi.stats.effect_size.dz_confidence_interval`), empty with the note
      ``dz_ci_not_computable`` where the differences are so nearly constant (|t| above
      about 1800 to 4000, by n) that the non-central t cannot be computed reliably at the
      limits;
      d_av = mean(d) / sqrt((var(pre) + var(post))/2);
    * wilcoxon_v, wilcoxon_p, rank_biserial: ``wilcox.test(post, pre, paired = TRUE)``
      (:func:`~evaluasi.stats.wilcoxon.signed_rank_test`);
    * shapiro_w, shapiro_p: ``shapiro.test(d)`` for 3 <= n <= 5000;
    * pct_improved / pct_unchanged / pct_declined: 100 * share of d > 0, d = 0, d < 0;
    * normalized_gain: Hake's class gain (post_mean - pre_mean) / (scale_max - pre_mean);
    * mde_dz: d_z detectable with 80% power at two-sided alpha 0.05,
      ``power.t.test(n, sd = 1, power = 0.8, type = "paired")$delta``;
    * notes: ``;``-separated codes from ``NOTE_CODES`` explaining each empty value.

    Never raises for data reasons (small, constant or incomplete groups give NaN plus a note);
    raises ValueError only when a required column is missing. Everything except Shapiro-Wilk
    is computed for all groups at once with grouped numpy reductions.
    """
    groups = group_pairs(pairs)
    maxima = _instrument_maxima(groups.keys["instrument"], scale_max)
    return paired_statistics_of(groups, maxima)


def paired_statistics_of(groups: PairedGroups, maxima: np.ndarray) -> pd.DataFrame:
    """:func:`paired_statistics` of pairs already grouped, with each group's scale maximum
    (NaN: none); the statistics engine groups once and calls this."""
    n = groups.n
    d = groups.post - groups.pre
    pre_mean, pre_var = groups.mean_var(groups.pre)
    post_mean, post_var = groups.mean_var(groups.post)
    mean_diff, var_diff = groups.mean_var(d)
    sd_diff = np.sqrt(var_diff)

    ttest = paired_t_test(mean_diff, sd_diff, n)
    usable = (n >= 2) & ~ttest.essentially_constant
    dz = np.where(usable, cohen_dz(mean_diff, sd_diff), np.nan)
    interval = dz_interval(ttest.t_stat, n)
    dz_low, dz_high = interval.low, interval.high
    dz_not_computable = usable & ~interval.computable
    wilcoxon = signed_rank_test(d, groups.codes, groups.n_groups)
    enough = n >= 2
    mde = mde_dz(n)

    identical = groups.is_constant(d)
    shapiro_w, shapiro_p = shapiro_by_group(d, groups.starts, n, shapiro_in_range(n) & ~identical)

    with np.errstate(invalid="ignore", divide="ignore"):
        pct_improved, pct_unchanged, pct_declined = (
            100.0 * groups.count(mask) / n for mask in (d > 0, d == 0, d < 0)
        )

    columns = {
        "n_paired": n.astype(np.int64),
        "pre_mean": pre_mean,
        "pre_sd": np.sqrt(pre_var),
        "post_mean": post_mean,
        "post_sd": np.sqrt(post_var),
        "mean_diff": mean_diff,
        "sd_diff": sd_diff,
        "se_diff": ttest.se_diff,
        "ci_low": ttest.ci_low,
        "ci_high": ttest.ci_high,
        "t_stat": ttest.t_stat,
        "df": ttest.df,
        "p_value": ttest.p_value,
        "cohen_dz": dz,
        "dz_ci_low": dz_low,
        "dz_ci_high": dz_high,
        "d_av": d_av(mean_diff, pre_var, post_var),
        "wilcoxon_v": np.where(enough, wilcoxon.v, np.nan),
        "wilcoxon_p": np.where(enough, wilcoxon.p_value, np.nan),
        "rank_biserial": np.where(enough, wilcoxon.rank_biserial, np.nan),
        "shapiro_w": shapiro_w,
        "shapiro_p": shapiro_p,
        "pct_improved": pct_improved,
        "pct_unchanged": pct_unchanged,
        "pct_declined": pct_declined,
        "normalized_gain": normalized_gain(pre_mean, post_mean, maxima),
        "mde_dz": mde,
    }
    columns["notes"] = join_notes(
        {
            "incomplete_pairs_dropped": groups.n_dropped > 0,
            "too_few_pairs": ~enough,
            "no_variation": ttest.essentially_constant,
            "all_differences_zero": enough & (wilcoxon.n_nonzero == 0),
            "shapiro_out_of_range": enough & ~shapiro_in_range(n),
            "dz_ci_not_computable": dz_not_computable,
            "dz_ci_failed": usable & ~dz_not_computable & (np.isnan(dz_low) | np.isnan(dz_high)),
            "mde_failed": enough & np.isnan(mde),
            "no_scale_max": np.isnan(maxima),
            "pre_at_scale_max": (n > 0) & (pre_mean >= maxima),
        },
        groups.n_groups,
    )
    statistics = pd.DataFrame({name: columns[name] for name in STAT_COLUMNS})
    statistics["notes"] = statistics["notes"].astype("str")
    return pd.concat([groups.keys, statistics], axis=1)
