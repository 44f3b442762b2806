"""Non-central t CDF guarded against NaN, and a vectorised monotone root solver."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike
from scipy import special
from scipy.optimize import elementwise


def nct_cdf(t: ArrayLike, df: ArrayLike, ncp: ArrayLike) -> np.ndarray:
    """P(T' <= t) for a non-central t variable T' with ``df`` degrees of freedom and ``ncp``.

    Uses Boost's algorithm through ``scipy.special.nctdtr``, which agrees with R's
    ``pt(t, df, ncp)`` to about 1e-12 wherever R computes it exactly (|ncp| <= 37.62 and
    df <= 4e5; beyond that R itself uses the approximation below). ``nctdtr`` returns NaN in
    some far tails (|t| or |ncp| large, mostly of opposite signs). There the Abramowitz &
    Stegun (1964) 26.7.10 normal approximation Phi((t (1 - 1/(4 df)) - ncp) / sqrt(1 + t^2 /
    (2 df))) is used, clipped by the exact bound P(T' <= 0) = Phi(-ncp) (the CDF is at most
    that for t <= 0 and at least that for t >= 0). On a wide grid of df, t and ncp every
    guarded value lies within 1e-7 of 0 or 1, far from the probabilities the confidence
    interval and power searches aim at.
    """
    t, df, ncp = np.broadcast_arrays(*(np.asarray(a, dtype=np.float64) for a in (t, df, ncp)))
    with np.errstate(all="ignore"):
        p = np.asarray(special.nctdtr(df, ncp, t), dtype=np.float64)
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
    start: np.ndarray,
    args: tuple[np.ndarray, ...],
    lower: float | None = None,
) -> np.ndarray:
    """Elementwise root of a monotone ``func(x, *args)`` near ``start`` (NaN where none is found).

    A bracket is grown geometrically from [start, start + 1] (never below ``lower``), then the
    root is polished by Chandrupatla's bracketing method (``scipy.optimize.elementwise``) to
    the default tolerance of a few ulp, far below the 1e-10 the statistics need.
    """
    start = np.asarray(start, dtype=np.float64)
    root = np.full(start.shape, np.nan)
    ok = np.isfinite(start)
    for a in args:
        ok &= np.isfinite(a)
    if not ok.any():
        return root
    sub_args = tuple(np.asarray(a, dtype=np.float64)[ok] for a in args)
    bracket = elementwise.bracket_root(func, start[ok], start[ok] + 1.0, xmin=lower, args=sub_args)
    found = bracket.success
    solved = np.full(found.shape, np.nan)
    if found.any():
        result = elementwise.find_root(
            func,
            (bracket.bracket[0][found], bracket.bracket[1][found]),
            args=tuple(a[found] for a in sub_args),
        )
        solved[found] = np.where(result.success, result.x, np.nan)
    root[ok] = solved
    return root
