"""Minimum detectable standardised effect (d_z) of a paired t-test for a given number of pairs."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

from evaluasi.stats.nct import nct_cdf, nct_cdf_exact, solve_monotone


def _power_gap(
    delta: np.ndarray, n: np.ndarray, critical: np.ndarray, power: np.ndarray
) -> np.ndarray:
    return (1.0 - nct_cdf(critical, n - 1.0, np.sqrt(n) * delta)) - power


def _exact_power_gap(
    delta: np.ndarray, n: np.ndarray, critical: np.ndarray, power: np.ndarray
) -> np.ndarray:
    return (1.0 - nct_cdf_exact(critical, n - 1.0, np.sqrt(n) * delta)) - power


def mde_dz(n: ArrayLike, alpha: float = 0.05, power: float = 0.8) -> np.ndarray:
    """Smallest d_z a two-sided paired t-test at level ``alpha`` detects with ``power``.

    Solves power = P(T' > t_{1 - alpha/2, n-1}) for delta, where T' is non-central t with
    n - 1 degrees of freedom and ncp = sqrt(n) * delta; like R's default ``strict = FALSE``
    the (negligible) probability of rejecting in the wrong tail is ignored. Elementwise over
    ``n``, solving once per distinct n; NaN for n < 2. Cohen (1988), ch. 2.

    Guard (:func:`~evaluasi.stats.nct.solve_monotone`): delta is returned only where the
    search converged, checked by the exact non-central t at the root reproducing ``power``
    to 1e-8 of min(power, 1 - power); NaN otherwise. The root's ncp stays below 17 for every
    n >= 2 at the default alpha and power, well inside the exact range of
    :func:`~evaluasi.stats.nct.nct_cdf_exact`.

    Agrees with R's ``power.t.test(n = n, sd = 1, sig.level = alpha, power = power,
    type = "paired")$delta`` to the accuracy of R's root finder: R stops at
    ``tol = .Machine$double.eps^0.25`` (differences up to ~2e-6), and to 1e-10 with
    ``tol = 1e-12``.
    """
    n = np.asarray(n, dtype=np.float64)
    values, inverse = np.unique(n, return_inverse=True)
    valid = np.where(values >= 2, values, np.nan)
    with np.errstate(invalid="ignore"):
        critical = stats.t.isf(alpha / 2.0, valid - 1.0)
    delta = solve_monotone(
        _power_gap,
        np.zeros_like(valid),
        (valid, critical, np.full(valid.shape, power)),
        lower=0.0,
        exact=_exact_power_gap,
        scale=min(power, 1.0 - power),
    )
    return delta[inverse].reshape(n.shape)
