"""The non-central t CDF (exact where it can be trusted, guarded elsewhere) and a vectorised
monotone root solver that returns only roots it has verified."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike
from scipy import special
from scipy.optimize import elementwise

# Largest |ncp| at which scipy's nctdtr (Boost's series) is trusted. Boost validates it for
# df, ncp < 600 (peak error 120 eps). Checked here against the exact integral (see
# nct_cdf_exact) at the 2.5% and 97.5% points for df = 1 .. 1e6: relative error below 1e-10
# (mostly 3e-13) up to |ncp| = 4094; there (ncp^2 / 2 near 2^23) the series abruptly loses
# five digits, and from |ncp| near 1.2e5 on it returns NaN, some calls after 15 s of work.
# 4000 keeps a margin below the break.
EXACT_NCP_LIMIT = 4000.0
# A root is accepted where the exact function reproduces its target to this share of the
# target's scale (for a probability p, min(p, 1 - p)): two orders above the worst error of
# nctdtr below EXACT_NCP_LIMIT, and far too small to change any published digit.
ROOT_RTOL = 1e-8
# Below this |t| the CDF is taken at t = 0: nctdtr returns NaN for df = 1 and |t| < 1e-102,
# and the CDF moves by at most the density at 0 (below 0.4) times |t|, less than 4e-21.
TINY_T = 1e-20


def nct_cdf_exact(t: ArrayLike, df: ArrayLike, ncp: ArrayLike) -> np.ndarray:
    """P(T' <= t) for a non-central t variable T' with ``df`` degrees of freedom and ``ncp``,
    computed exactly or not at all: NaN where |ncp| > EXACT_NCP_LIMIT or nctdtr fails.
    For |t| below TINY_T = 1e-20 the CDF at t = 0, Phi(-ncp), is returned (nctdtr gives NaN
    for df = 1 and |t| < 1e-102); it differs by less than 4e-21.

    Boost's series (Benton & Krishnamoorthy 2003, Comput. Stat. Data Anal. 43:249) through
    ``scipy.special.nctdtr``. It agrees with R's ``pt(t, df, ncp)`` to about 1e-12 wherever R
    computes it exactly (|ncp| <= 37.62 and df <= 4e5), and, for |ncp| <= EXACT_NCP_LIMIT,
    with the exact integral P(T' <= t) = Phi(-ncp) + int_{-ncp}^inf phi(z) P(chi2_df >
    df ((z + ncp) / t)^2) dz (t > 0) to 1e-10 of the smaller tail probability at the points
    the confidence interval and power searches aim at (``tests/test_stats_nct.py``).
    """
    t, df, ncp = np.broadcast_arrays(*(np.asarray(a, dtype=np.float64) for a in (t, df, ncp)))
    # P(T' <= t) = P(T' <= 0) + O(t): see TINY_T.
    t = np.where(np.abs(t) < TINY_T, 0.0, t)
    trusted = np.abs(ncp) <= EXACT_NCP_LIMIT
    p = np.full(t.shape, np.nan)
    with np.errstate(all="ignore"):
        p[trusted] = special.nctdtr(df[trusted], ncp[trusted], t[trusted])
    return np.clip(p, 0.0, 1.0, out=p)


def nct_cdf(t: ArrayLike, df: ArrayLike, ncp: ArrayLike) -> np.ndarray:
    """P(T' <= t) as :func:`nct_cdf_exact`, with an approximation where that is NaN.

    nctdtr returns NaN in some far tails (|t| or |ncp| large, mostly of opposite signs), and
    :func:`nct_cdf_exact` beyond |ncp| > EXACT_NCP_LIMIT. There the Abramowitz & Stegun (1964)
    26.7.10 normal approximation Phi((t (1 - 1/(4 df)) - ncp) / sqrt(1 + t^2 / (2 df))) is
    used (R's ``pt`` uses it beyond |ncp| > 37.62), clipped by the exact bound P(T' <= 0) =
    Phi(-ncp) (the CDF is at most that for t <= 0 and at least that for t >= 0). For |ncp| <=
    EXACT_NCP_LIMIT, on a grid of df from 1 to 1e7, |t| up to 1e6, every value guarded so lies
    within 2e-8 of 0 or 1, far from the probabilities the searches aim at. Beyond that limit
    the approximation can be off by 1e-2 for small df: it only steers a search, and a root is
    accepted only where :func:`nct_cdf_exact` confirms it (:func:`solve_monotone`).
    """
    t, df, ncp = np.broadcast_arrays(*(np.asarray(a, dtype=np.float64) for a in (t, df, ncp)))
    p = nct_cdf_exact(t, df, ncp)
    with np.errstate(all="ignore"):
        failed = np.isnan(p) & ~np.isnan(t) & ~np.isnan(df) & ~np.isnan(ncp)
        if failed.any():
            tf, ncpf = t[failed], ncp[failed]
            s = 1.0 / (4.0 * df[failed])
            approx = special.ndtr((tf * (1.0 - s) - ncpf) / np.sqrt(1.0 + tf * tf * 2.0 * s))
            at_zero = special.ndtr(-ncpf)
            p[failed] = np.where(tf <= 0, np.minimum(approx, at_zero), np.maximum(approx, at_zero))
    return np.clip(p, 0.0, 1.0)


def solve_monotone(
    func: Callable[..., np.ndarray],
    start: ArrayLike,
    args: tuple[np.ndarray, ...],
    lower: float | None = None,
    *,
    exact: Callable[..., np.ndarray] | None = None,
    scale: ArrayLike = 1.0,
) -> np.ndarray:
    """Elementwise root of a monotone ``func(x, *args)`` near ``start``, NaN unless verified.

    A bracket is grown geometrically from [start, start + 1] (never below ``lower``), then
    the root is polished by Chandrupatla's bracketing method (``scipy.optimize.
    elementwise``) to a few ulp. NaN where ``start`` or an argument is not finite.

    Guard: a root x is returned only where (1) a bracket with a sign change was found,
    (2) the polishing reports convergence, (3) the final bracket around x still has finite
    function values of opposite signs (or a zero), and (4) ``exact(x, *args)`` (``func``
    unless given: the same function computed without approximations, NaN where it cannot
    be) is within ROOT_RTOL * ``scale`` of zero. Every other element is NaN, so no value is
    returned that the method did not converge to: a function that never crosses zero, one
    that returns NaN, a search that runs out of iterations, or a root that the exact
    function does not confirm (for instance one on an approximation) all give NaN.
    """
    start = np.asarray(start, dtype=np.float64)
    root = np.full(start.shape, np.nan)
    ok = np.isfinite(start)
    for a in args:
        ok &= np.isfinite(a)
    if not ok.any():
        return root
    sub_args = tuple(np.asarray(a, dtype=np.float64)[ok] for a in args)
    tolerance = ROOT_RTOL * np.broadcast_to(np.asarray(scale, dtype=np.float64), start.shape)[ok]
    bracket = elementwise.bracket_root(func, start[ok], start[ok] + 1.0, xmin=lower, args=sub_args)
    found = bracket.success
    solved = np.full(found.shape, np.nan)
    if found.any():
        found_args = tuple(a[found] for a in sub_args)
        result = elementwise.find_root(
            func, (bracket.bracket[0][found], bracket.bracket[1][found]), args=found_args
        )
        f_left, f_right = result.f_bracket
        with np.errstate(invalid="ignore"):
            changed_sign = np.isfinite(f_left) & np.isfinite(f_right)
            changed_sign &= np.sign(f_left) * np.sign(f_right) <= 0
            residual = np.abs((exact or func)(result.x, *found_args))
            accepted = result.success & changed_sign & (residual <= tolerance[found])
        solved[found] = np.where(accepted, result.x, np.nan)
    root[ok] = solved
    return root
