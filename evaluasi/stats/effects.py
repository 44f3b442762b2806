"""More paired effect sizes per group: g_z, d_rm, superiority, normalised gains (Hodges-Lehmann:
:mod:`evaluasi.stats.hodges_lehmann`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from evaluasi.stats.effect_size import normalized_gain
from evaluasi.stats.groups import PairedGroups


def small_sample_correction(df: ArrayLike) -> np.ndarray:
    """Hedges' exact small-sample correction J(df) = Gamma(df/2) / (sqrt(df/2) Gamma((df - 1)/2)).

    Hedges (1981), J. Educ. Stat. 6:107, eq. 6b; Hedges & Olkin (1985), p. 80. Computed as
    exp(lgamma(df/2) - lgamma((df - 1)/2)) / sqrt(df/2), so it stays finite for any df.
    J(df) < 1 and tends to 1 (J ~ 1 - 3/(4 df - 1)). NaN where df <= 1 (J(1) = 0 is no
    correction) or df is NaN. R: ``gamma(df/2) / (sqrt(df/2) * gamma((df - 1)/2))``.
    """
    df = np.asarray(df, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        j = np.exp(special.gammaln(df / 2) - special.gammaln((df - 1) / 2)) / np.sqrt(df / 2)
    return np.where(df > 1, j, np.nan)


def hedges_gz(
    dz: ArrayLike, dz_ci_low: ArrayLike, dz_ci_high: ArrayLike, n: ArrayLike
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hedges' g_z = J(n - 1) d_z and its interval (the d_z non-central-t limits times J).

    Unbiased counterpart of Cohen's d_z = mean(d)/sd(d) for n pairs (Lakens 2013, Front.
    Psychol. 4:863, eq. 8 with the exact J of :func:`small_sample_correction` instead of its
    approximation). The limits are those of :func:`~evaluasi.stats.effect_size.
    dz_confidence_interval` scaled by the same J > 0, so they keep their order and coverage
    for d_z * J. Returns (g_z, ci_low, ci_high); NaN where d_z is NaN or n < 3, and the
    limits NaN wherever the d_z interval is (no interval where the non-central t cannot be
    computed reliably at its limits: ``dz_ci_not_computable``).
    R: ``dz * gamma((n - 1)/2) / (sqrt((n - 1)/2) * gamma((n - 2)/2))``.
    """
    j = small_sample_correction(np.asarray(n, dtype=np.float64) - 1)
    return (
        np.asarray(dz, dtype=np.float64) * j,
        np.asarray(dz_ci_low, dtype=np.float64) * j,
        np.asarray(dz_ci_high, dtype=np.float64) * j,
    )


def pre_post_correlation(groups: PairedGroups) -> np.ndarray:
    """Pearson correlation of pre and post over each group's complete pairs.

    r = sum((pre - mean(pre))(post - mean(post))) / ((n - 1) sd(pre) sd(post)), with the
    means and SDs of :meth:`PairedGroups.mean_var`, clipped to [-1, 1] like R. NaN for fewer
    than 2 pairs or when pre or post does not vary (R returns NA with a warning).
    R: ``cor(pre, post)``.
    """
    pre_mean, pre_var = groups.mean_var(groups.pre)
    post_mean, post_var = groups.mean_var(groups.post)
    cross = groups.total(
        (groups.pre - pre_mean[groups.codes]) * (groups.post - post_mean[groups.codes])
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        r = cross / (groups.n - 1) / (np.sqrt(pre_var) * np.sqrt(post_var))
    return np.where((pre_var > 0) & (post_var > 0), np.clip(r, -1.0, 1.0), np.nan)


def d_rm(dz: ArrayLike, r: ArrayLike) -> np.ndarray:
    """Repeated-measures d_rm = d_z sqrt(2 (1 - r)), r the pre/post correlation.

    Lakens (2013), Front. Psychol. 4:863, eq. 9: mean(d) / sqrt(sd1^2 + sd2^2 - 2 r sd1 sd2)
    * sqrt(2 (1 - r)), which is the same number because sd(d)^2 = sd1^2 + sd2^2 - 2 r sd1 sd2.
    It removes the gain in d_z that comes from a high pre/post correlation, so it sits close
    to d_av. NaN where d_z or r is NaN. R: ``mean(d) / sd(d) * sqrt(2 * (1 - cor(pre, post)))``.
    """
    with np.errstate(invalid="ignore"):
        return np.asarray(dz, dtype=np.float64) * np.sqrt(
            2.0 * (1.0 - np.asarray(r, dtype=np.float64))
        )


def probability_of_superiority(groups: PairedGroups) -> np.ndarray:
    """Probability of superiority for paired data: P(d > 0) + P(d = 0)/2, d = post - pre.

    The share of participants who improved, with ties counted half (Grissom & Kim 2012,
    Effect Sizes for Research, ch. 5, "PS_dep"); 0.5 means no tendency either way. NaN for a
    group without pairs. R: ``mean(d > 0) + mean(d == 0) / 2``.
    """
    d = groups.post - groups.pre
    with np.errstate(invalid="ignore", divide="ignore"):
        return (groups.count(d > 0) + 0.5 * groups.count(d == 0)) / groups.n


@dataclass(frozen=True)
class NormalizedGains:
    """Per-group results of :func:`normalized_gains` (NaN where undefined)."""

    normalized_gain: np.ndarray
    mean_individual_gain: np.ndarray
    n_pre_at_max: np.ndarray
    normalized_change: np.ndarray
    n_change_dropped: np.ndarray


def normalized_gains(
    groups: PairedGroups, scale_max: ArrayLike, scale_min: ArrayLike = 0.0
) -> NormalizedGains:
    """Hake's class gain, the mean individual gain and Marx-Cummings' normalised change c.

    ``scale_max`` and ``scale_min`` hold each group's scale limits (a scalar applies to every
    group; NaN: unknown, which makes the results that need it NaN with zero counts). Scores
    are taken to lie within the scale, as validation ensures.

    * normalized_gain: Hake (1998), Am. J. Phys. 66:64, the class gain
      (mean(post) - mean(pre)) / (max - mean(pre)), as in ``paired_statistics``;
    * mean_individual_gain: mean of (post - pre)/(max - pre) over pairs with pre < max
      (Hake 1998, footnote 16; Bao 2006, Am. J. Phys. 74:917); ``n_pre_at_max`` counts the
      excluded pairs, pre >= max;
    * normalized_change: mean of Marx & Cummings (2007), Am. J. Phys. 75:87, c =
      (post - pre)/(max - pre) if post > pre, (post - pre)/(pre - min) if post < pre, 0 if
      equal; pairs with pre = post = max or pre = post = min are dropped. Marx & Cummings
      use percentages (min = 0); measuring the room to fall from the scale minimum carries
      c over to scales such as 1-5. Pairs whose c would divide by zero or less (only
      possible outside the scale) are dropped too; ``n_change_dropped`` counts all of them.

    R (min = 0): ``mean(((post - pre) / (max - pre))[pre < max])``, and for c
    ``keep <- !(pre == post & (pre == max | pre == 0)); mean(ifelse(post > pre, (post - pre) /
    (max - pre), ifelse(post < pre, (post - pre) / pre, 0))[keep])``.
    """
    n_groups = groups.n_groups
    maxima = np.broadcast_to(np.asarray(scale_max, dtype=np.float64), (n_groups,))
    minima = np.broadcast_to(np.asarray(scale_min, dtype=np.float64), (n_groups,))
    pre_mean, _ = groups.mean_var(groups.pre)
    post_mean, _ = groups.mean_var(groups.post)
    known_max = np.isfinite(maxima)
    known_both = known_max & np.isfinite(minima)
    pair_max, pair_min = maxima[groups.codes], minima[groups.codes]
    pair_known_max, pair_known_both = known_max[groups.codes], known_both[groups.codes]
    pre, post = groups.pre, groups.post
    change = post - pre
    room_up, room_down = pair_max - pre, pre - pair_min
    with np.errstate(invalid="ignore", divide="ignore"):
        individual = pair_known_max & (room_up > 0)
        gain = np.where(individual, change / room_up, 0.0)
        mean_gain = groups.total(gain) / groups.count(individual)

        up, down = change > 0, change < 0
        ceiling_or_floor = (change == 0) & ((pre == pair_max) | (pre == pair_min))
        outside = (up & ~(room_up > 0)) | (down & ~(room_down > 0))
        kept = pair_known_both & ~ceiling_or_floor & ~outside
        c = np.where(up, change / room_up, np.where(down, change / room_down, 0.0))
        mean_c = groups.total(np.where(kept, c, 0.0)) / groups.count(kept)
    return NormalizedGains(
        normalized_gain=normalized_gain(pre_mean, post_mean, maxima),
        mean_individual_gain=np.where(known_max, mean_gain, np.nan),
        n_pre_at_max=groups.count(pair_known_max & ~(room_up > 0)),
        normalized_change=np.where(known_both, mean_c, np.nan),
        n_change_dropped=groups.count(pair_known_both & ~kept),
    )
