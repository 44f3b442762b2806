"""Paired-design effect sizes (d_z with its non-central-t CI, d_av) and Hake's normalised gain."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from evaluasi.stats.nct import EXACT_NCP_LIMIT, nct_cdf, nct_cdf_exact, solve_monotone


def _ncp_gap(ncp: np.ndarray, t: np.ndarray, df: np.ndarray, target: np.ndarray) -> np.ndarray:
    # Held at its value at +-EXACT_NCP_LIMIT beyond (see dz_interval).
    return nct_cdf(t, df, np.clip(ncp, -EXACT_NCP_LIMIT, EXACT_NCP_LIMIT)) - target


def _exact_ncp_gap(
    ncp: np.ndarray, t: np.ndarray, df: np.ndarray, target: np.ndarray
) -> np.ndarray:
    return nct_cdf_exact(t, df, ncp) - target


def cohen_dz(mean_diff: ArrayLike, sd_diff: ArrayLike) -> np.ndarray:
    """Cohen's d_z = mean(d) / sd(d) for paired differences d, NaN when sd(d) is 0 or NaN.

    Cohen (1988), Statistical Power Analysis, ch. 2; Lakens (2013), Front. Psychol. 4:863.
    Equals t / sqrt(n).
    R: ``mean(post - pre) / sd(post - pre)``.
    """
    sd_diff = np.asarray(sd_diff, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(sd_diff > 0, np.asarray(mean_diff, dtype=np.float64) / sd_diff, np.nan)


def dz_confidence_interval(
    t: ArrayLike, n: ArrayLike, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Confidence interval of Cohen's d_z = mean(d) / sd(d) from the paired t statistic.

    Inverts the non-central t distribution (Steiger & Fouladi 1997; Cumming & Finch 2001):
    with df = n - 1, find ncp_lo and ncp_hi such that P(T'(df, ncp_lo) <= t) = (1 + level) / 2
    and P(T'(df, ncp_hi) <= t) = (1 - level) / 2, and return (ncp_lo, ncp_hi) / sqrt(n).
    Elementwise over arrays of t and n; NaN where t is not finite or n < 2.

    Agrees with R's ``uniroot(function(ncp) pt(t, n - 1, ncp) - p, ...)$root / sqrt(n)`` (the
    method behind ``MBESS::conf.limits.nct``) to about 1e-10 while both ncp limits stay
    within |ncp| <= 37.62. Beyond that R's ``pt`` switches to a normal approximation, whereas
    :func:`~evaluasi.stats.nct.nct_cdf_exact` stays exact, so R's limits are off by up to
    ~1e-3 in d_z (for n = 400, d_z = 3); they were checked here against R's numerical
    integral of the exact distribution.

    No interval where it cannot be computed reliably: both limits are NaN unless each ncp
    limit lies within |ncp| <= ``EXACT_NCP_LIMIT`` (:func:`dz_interval`), where
    the non-central t CDF is computed exactly, and the root search converged there, checked
    by the CDF at the limit reproducing its target to 1e-8 of the tail probability
    (:func:`~evaluasi.stats.nct.solve_monotone`). The upper limit leaves that range from
    |t| = 1785 for n = 2, 2751 for n = 10, 3512 for n = 100, 3741 for n = 400 and 3994 for
    n = 1e6 on, i.e. where the differences are nearly constant: sd(d) below 0.12% of |mean(d)|
    for n = 10, 0.5% for n = 400. There R's search does not fail but converges on the
    approximation: for n = 10 differences all 5 but one 5 + 1e-6 (t = 5e7), R's ``uniroot``
    with ``pt``, and ``effectsize::cohens_d(paired = TRUE)`` too, give (8.07e6, 2.27e7), while
    the exact distribution gives (8.66e6, 2.30e7); this function gives NaN. The limits are
    reported together or not at all.

    >>> low, high = dz_confidence_interval([4.06212768338204, 5e7], [10, 10])
    >>> print(low.round(6), high.round(6))
    [0.414628      nan] [2.118017      nan]
    """
    interval = dz_interval(t, n, level)
    return interval.low, interval.high


@dataclass(frozen=True)
class DzInterval:
    """Elementwise results of :func:`dz_interval`: the limits (NaN where there is no
    interval) and whether both ncp limits lie in the range where the CDF is exact."""

    low: np.ndarray
    high: np.ndarray
    computable: np.ndarray


def dz_interval(t: ArrayLike, n: ArrayLike, level: float = 0.95) -> DzInterval:
    """:func:`dz_confidence_interval`, and where the interval is computable at all.

    With F(ncp) = P(T'(n - 1, ncp) <= t), decreasing in ncp, the limits solve F = (1 + level)
    / 2 and F = (1 - level) / 2; both lie within [-M, M], M = ``EXACT_NCP_LIMIT``, exactly
    when F(-M) >= (1 + level) / 2 and F(M) <= (1 - level) / 2 (F at +-M is exact): that is
    ``computable``, False where t is not finite or n < 2. For a finite t it is False from |t|
    of about 1800 (n = 2) to 4000 (n large) on: the differences are nearly constant, and the
    interval is not reported (note ``dz_ci_not_computable``). Only computable limits are
    searched for, on F held at F(+-M) beyond +-M, so that the search never leaves the exact
    range although its bracket grows freely.
    """
    t = np.asarray(t, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    t, n = np.broadcast_arrays(t, n)
    df = np.where(n >= 2, n - 1.0, np.nan)
    both_t, both_df, targets = _limit_problems(t, df, level)
    inside = _limit_in_exact_range(both_t, both_df, targets)
    ncp = solve_monotone(
        _ncp_gap,
        np.where(inside, both_t, np.nan),
        (both_t, both_df, targets),
        exact=_exact_ncp_gap,
        scale=np.minimum(targets, 1.0 - targets),
    )
    dz = ncp / np.tile(np.sqrt(n.ravel()), 2)
    low, high = dz[: t.size], dz[t.size :]
    both = np.isfinite(low) & np.isfinite(high)
    return DzInterval(
        low=np.where(both, low, np.nan).reshape(t.shape),
        high=np.where(both, high, np.nan).reshape(t.shape),
        computable=(inside[: t.size] & inside[t.size :]).reshape(t.shape),
    )


def _limit_problems(
    t: np.ndarray, df: np.ndarray, level: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """t, df and target probability of the lower limits of every element, then the upper."""
    tail = (1.0 - level) / 2.0
    targets = np.concatenate([np.full(t.size, 1.0 - tail), np.full(t.size, tail)])
    return np.tile(t.ravel(), 2), np.tile(df.ravel(), 2), targets


def _limit_in_exact_range(t: np.ndarray, df: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Whether the root of P(T'(df, ncp) <= t) = target lies in [-M, M] (F decreases in ncp)."""
    bounds = np.array([-EXACT_NCP_LIMIT, EXACT_NCP_LIMIT])
    cdf = nct_cdf(t[:, None], df[:, None], bounds[None, :])
    return (cdf[:, 0] >= target) & (cdf[:, 1] <= target)


def d_av(mean_diff: ArrayLike, var_pre: ArrayLike, var_post: ArrayLike) -> np.ndarray:
    """Cohen's d_av = mean(d) / sqrt((var(pre) + var(post)) / 2), NaN when both are constant.

    Standardises the mean change by the average of the pre and post variances (Cumming 2012;
    Lakens 2013, Front. Psychol. 4:863), so it is comparable with a between-groups d. R:
    ``mean(post - pre) / sqrt((var(pre) + var(post)) / 2)``.
    """
    mean_diff = np.asarray(mean_diff, dtype=np.float64)
    pooled = (np.asarray(var_pre, dtype=np.float64) + np.asarray(var_post, dtype=np.float64)) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(pooled > 0, mean_diff / np.sqrt(pooled), np.nan)


def normalized_gain(pre_mean: ArrayLike, post_mean: ArrayLike, scale_max: ArrayLike) -> np.ndarray:
    """Class-level normalised gain <g> = (post_mean - pre_mean) / (scale_max - pre_mean).

    Hake (1998), Am. J. Phys. 66, 64: the share of the possible improvement that was realised.
    NaN when the instrument has no maximum (NaN) or the mean pre-test score is already at or
    above it (no room to gain). R: ``(mean(post) - mean(pre)) / (scale_max - mean(pre))``.
    """
    pre_mean = np.asarray(pre_mean, dtype=np.float64)
    room = np.asarray(scale_max, dtype=np.float64) - pre_mean
    with np.errstate(invalid="ignore", divide="ignore"):
        gain = (np.asarray(post_mean, dtype=np.float64) - pre_mean) / room
    return np.where(room > 0, gain, np.nan)
