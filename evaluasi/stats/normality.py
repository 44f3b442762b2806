"""Shapiro-Wilk normality test of the paired differences, group by group."""

from __future__ import annotations

import numpy as np
from scipy import stats

SHAPIRO_MIN_N = 3
SHAPIRO_MAX_N = 5000
RESCALE_BELOW_RANGE = 1e-10


def shapiro_by_group(
    d: np.ndarray, starts: np.ndarray, n: np.ndarray, eligible: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Shapiro-Wilk W and p of ``d[starts[g]:starts[g] + n[g]]`` for each group g in ``eligible``.

    Royston (1995), algorithm AS R94, via ``scipy.stats.shapiro``, a port of the code behind
    R's ``shapiro.test(d)``; they agree to ~1e-9 in W and ~1e-8 (relative) in p. As in R,
    samples spanning less than 1e-10 are divided by their range first. R only accepts
    3 <= n <= 5000 (:func:`shapiro_in_range`) and differences that are not all identical;
    the caller passes the groups meeting both as ``eligible``. Other groups get NaN. Loops
    over the eligible groups. Results do not depend on the order of the pairs.
    """
    w = np.full(n.shape, np.nan)
    p = np.full(n.shape, np.nan)
    for g in np.flatnonzero(eligible):
        # Sorted first: scipy centres on the middle element of its *input*, so an unsorted
        # sample makes W depend on row order in the last digits (scipy gh-15777).
        sample = np.sort(d[starts[g] : starts[g] + n[g]])
        spread = sample.max() - sample.min()
        result = stats.shapiro(sample / spread if spread < RESCALE_BELOW_RANGE else sample)
        w[g], p[g] = result.statistic, result.pvalue
    return w, p


def shapiro_in_range(n: np.ndarray) -> np.ndarray:
    """True where R's ``shapiro.test`` accepts the sample size (3 <= n <= 5000)."""
    return (n >= SHAPIRO_MIN_N) & (n <= SHAPIRO_MAX_N)
