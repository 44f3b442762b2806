"""Wilcoxon signed-rank test and matched-pairs rank-biserial correlation, all groups in one pass."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy import special

EXACT_MAX_N = 49


@dataclass(frozen=True)
class SignedRank:
    """Per-group results of :func:`signed_rank_test` (NaN where undefined)."""

    v: np.ndarray
    p_value: np.ndarray
    rank_biserial: np.ndarray
    n_nonzero: np.ndarray


@cache
def signrank_cdf_table() -> np.ndarray:
    """P(V <= k) of the null distribution of V for n = 0..49 pairs: row n, column k.

    V is the sum of a random subset of the ranks 1..n (each in or out with probability 1/2);
    the subset counts are built by the usual dynamic programme (add rank m to every subset of
    1..m-1) and are exact integers below 2^53. Columns beyond n(n + 1)/2 hold 1. This is the
    distribution of R's ``psignrank(k, n)``.
    """
    max_sum = EXACT_MAX_N * (EXACT_MAX_N + 1) // 2
    counts = np.zeros(max_sum + 1)
    counts[0] = 1.0
    table = np.ones((EXACT_MAX_N + 1, max_sum + 1))
    for m in range(1, EXACT_MAX_N + 1):
        shifted = np.zeros_like(counts)
        shifted[m:] = counts[:-m]
        counts = counts + shifted
        table[m] = np.cumsum(counts) / 2.0**m
    return table


def signed_rank_test(d: np.ndarray, codes: np.ndarray, n_groups: int) -> SignedRank:
    """Two-sided Wilcoxon signed-rank test of the differences ``d``, per group ``codes``.

    Convention of R's ``wilcox.test(post, pre, paired = TRUE)`` with its defaults
    (exact = NULL, correct = TRUE; Wilcoxon 1945, Hollander & Wolfe 1999, ch. 3):
    zero differences are dropped, |d| is ranked with average ranks for ties, and
    V = sum of the ranks of the positive differences. With n nonzero differences:

    * exact when n < 50 and there are no ties and no zeros:
      p = min(1, 2 P(V' <= min(V, n(n + 1)/2 - V))) under the null distribution
      (identical to R's ``psignrank`` branches, by symmetry);
    * otherwise normal approximation with tie correction and continuity correction:
      z = (V - n(n + 1)/4 - 0.5 sign(V - n(n + 1)/4)) /
      sqrt(n(n + 1)(2n + 1)/24 - sum(t^3 - t)/48), p = 2 Phi(-|z|).

    The matched-pairs rank-biserial correlation is (R+ - R-) / (R+ + R-) over the nonzero
    differences (Kerby 2014), i.e. 4V / (n(n + 1)) - 1; R: ``(sum(r[d > 0]) - sum(r[d < 0]))
    / sum(r)`` with ``r <- rank(abs(d[d != 0]))``, as ``effectsize::rank_biserial`` (paired).
    V, p and the correlation are NaN when every difference is zero (R gives V = 0, p = NA).

    Vectorised: one lexsort by (group, |d|) ranks every group; the exact null distributions
    for n = 1..49 are computed once and cached.
    """
    nonzero = d != 0
    group = codes[nonzero]
    magnitude = np.abs(d[nonzero])
    order = np.lexsort((magnitude, group))
    group, magnitude = group[order], magnitude[order]
    positive = (d[nonzero] > 0)[order]
    size = group.size

    n_nonzero = np.bincount(group, minlength=n_groups)
    group_start = np.cumsum(n_nonzero) - n_nonzero
    new_run = np.ones(size, dtype=bool)
    new_run[1:] = (group[1:] != group[:-1]) | (magnitude[1:] != magnitude[:-1])
    run_start = np.flatnonzero(new_run)
    run_length = np.diff(np.append(run_start, size))
    run_group = group[run_start]
    run_rank = (run_start - group_start[run_group] + 1) + (run_length - 1) / 2.0
    rank = np.repeat(run_rank, run_length)
    v = np.bincount(group, weights=rank * positive, minlength=n_groups).astype(np.float64)
    tie_term = np.bincount(
        run_group, weights=run_length.astype(np.float64) ** 3 - run_length, minlength=n_groups
    )
    has_ties = np.bincount(run_group, weights=run_length > 1, minlength=n_groups) > 0
    has_zeros = np.bincount(codes[~nonzero], minlength=n_groups) > 0

    n = n_nonzero.astype(np.float64)
    total_rank = n * (n + 1.0) / 2.0
    centre = n * (n + 1.0) / 4.0
    with np.errstate(invalid="ignore", divide="ignore"):
        z = v - centre
        sigma = np.sqrt(n * (n + 1.0) * (2.0 * n + 1.0) / 24.0 - tie_term / 48.0)
        z = (z - 0.5 * np.sign(z)) / sigma
        p = 2.0 * special.ndtr(-np.abs(z))
        rank_biserial = (2.0 * v - total_rank) / total_rank

    exact = (n_nonzero >= 1) & (n_nonzero <= EXACT_MAX_N) & ~has_ties & ~has_zeros
    if exact.any():
        n_exact = n_nonzero[exact]
        v_exact = v[exact].astype(np.int64)
        tail = np.minimum(v_exact, n_exact * (n_exact + 1) // 2 - v_exact)
        p[exact] = np.minimum(1.0, 2.0 * signrank_cdf_table()[n_exact, tail])

    empty = n_nonzero == 0
    v[empty] = np.nan
    p[empty] = np.nan
    rank_biserial[empty] = np.nan
    return SignedRank(v=v, p_value=p, rank_biserial=rank_biserial, n_nonzero=n_nonzero)
