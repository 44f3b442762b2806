r"""The non-central t behind the d_z interval and the power search, and the guarded solver.

Reference values come from R 4.2.2 (effectsize 0.8.3) with the script below; the exact CDF
is checked in Python against the same integral (``exact_cdf``), computed with scipy's quad.

# Exact non-central t CDF by the z-integral (valid for any ncp; R's pt() switches to the
# Abramowitz-Stegun approximation beyond |ncp| > 37.62):
# P(T' <= t) = pnorm(-ncp) + int_{-ncp}^Inf dnorm(z) P(chi2_df > df ((z + ncp) / t)^2) dz, t > 0
p15 <- function(name, x) cat(name, "=", paste(sprintf("%.15g", x), collapse = ", "), "\n")
pt_z <- function(q, df, ncp) {
  if (q < 0) return(1 - pt_z(-q, df, -ncp))
  pnorm(-ncp) + integrate(function(z) dnorm(z) * pchisq(df * ((z + ncp) / q)^2, df,
    lower.tail = FALSE), max(-ncp, -40), 40, rel.tol = 1e-13, abs.tol = 0,
    subdivisions = 2000L)$value
}
dz_ci_exact <- function(t, n) {
  f <- function(ncp, target) pt_z(t, n - 1, ncp) - target
  w <- 10 * (1 + abs(t) / sqrt(n - 1))
  sapply(c(0.975, 0.025), function(p) uniroot(f, t + c(-w, w), target = p, tol = 1e-10,
    extendInt = "yes")$root) / sqrt(n)
}
for (a in list(c(2000, 10), c(3500, 100), c(1000, 10000), c(-2500, 40)))
  p15(sprintf("dz_ci_exact(t = %g, n = %g)", a[1], a[2]), dz_ci_exact(a[1], a[2]))
# The degenerate case: ten differences of 5, one of them 5 + 1e-6.
i <- 1:10
pre <- 50 + (i * 13) %% 21
d <- rep(5, 10); d[1] <- 5 + 1e-6
tt <- t.test(pre + d, pre, paired = TRUE)
p15("t", tt$statistic)
f <- function(ncp, target) pt(tt$statistic, 9, ncp) - target
p15("uniroot with pt", sapply(c(0.975, 0.025), function(p) uniroot(f, tt$statistic + c(-30, 30),
  target = p, tol = 1e-13, extendInt = "yes", maxiter = 1000)$root) / sqrt(10))
suppressMessages(library(effectsize))
p15("effectsize::cohens_d paired CI",
  unlist(cohens_d(pre + d, pre, paired = TRUE)[, c("CI_low", "CI_high")]))
p15("exact (pt_z) limits", dz_ci_exact(unname(tt$statistic), 10))
p15("pt_z(t, 9, uniroot lower limit * sqrt(10))",
  pt_z(unname(tt$statistic), 9, 8067828.74718396 * sqrt(10)))

# Output:
# dz_ci_exact(t = 2000, n = 10) = 346.434382171605, 919.487601266328
# dz_ci_exact(t = 3500, n = 100) = 301.288611776385, 398.630531028563
# dz_ci_exact(t = 1000, n = 10000) = 9.86000808144992, 10.139956240793
# dz_ci_exact(t = -2500, n = 40) = -482.548760670505, -307.845041986685
# t = 50000001.1262379
# uniroot with pt = 8067828.74718396, 22676538.0858513
# effectsize::cohens_d paired CI = 8067828.7331024, 22676537.571725
# exact (pt_z) limits = 8660878.87128664, 22987175.564509
# pt_z(t, 9, uniroot lower limit * sqrt(10)) = 0.984806542690957
"""

import itertools
import math
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import integrate, special, stats

from evaluasi.stats import nct
from evaluasi.stats.effect_size import dz_confidence_interval, dz_interval
from evaluasi.stats.nct import (
    EXACT_NCP_LIMIT,
    ROOT_RTOL,
    nct_cdf,
    nct_cdf_exact,
    solve_monotone,
)
from evaluasi.stats.power import mde_dz

LEVEL_TAILS = (0.975, 0.025)


def computable(t: float, n: float) -> bool:
    return bool(dz_interval(t, n).computable)


def exact_cdf(t: float, df: float, ncp: float) -> float:
    """P(T' <= t) = Phi(-ncp) + int_{-ncp}^inf phi(z) P(chi2_df > df ((z + ncp)/t)^2) dz for
    t > 0 (reflected for t < 0), by quad, split where the chi-square factor steps."""
    if t < 0:
        return 1.0 - exact_cdf(-t, df, -ncp)
    if t < 1e-100:  # the CDF is Phi(-ncp) + O(t), and (z + ncp) / t would overflow
        return float(special.ndtr(-ncp))
    low, high = max(-ncp, -40.0), 40.0
    if high <= low:
        return 1.0

    def integrand(z: float) -> float:
        return float(stats.norm.pdf(z) * special.chdtrc(df, df * ((z + ncp) / t) ** 2))

    quantiles = [1e-12, 1e-6, 1e-3, 0.025, 0.16, 0.5, 0.84, 0.975, 0.999, 1 - 1e-6, 1 - 1e-12]
    steps = t * np.sqrt(stats.chi2.ppf(quantiles, df) / df) - ncp
    edges = [low, *sorted({p for p in [*steps, 0.0] if low < p < high}), high]
    with warnings.catch_warnings():
        # quad warns when 1e-13 is out of reach on a piece; the assertions bound the error.
        warnings.simplefilter("ignore", integrate.IntegrationWarning)
        total = sum(
            integrate.quad(integrand, a, b, limit=200, epsabs=0, epsrel=1e-13)[0]
            for a, b in itertools.pairwise(edges)
        )
    return float(special.ndtr(-ncp)) + total


def assert_limits_solve_their_equation(t: float, n: float, low: float, high: float) -> None:
    """Each finite limit reproduces its tail probability under the exact integral."""
    for limit, target in zip((low, high), LEVEL_TAILS, strict=True):
        tail = min(target, 1.0 - target)
        value = exact_cdf(t, n - 1.0, limit * math.sqrt(n))
        assert abs(value - target) <= ROOT_RTOL * tail, (t, n, limit, value)


@pytest.mark.parametrize("n", [2, 3, 10, 40, 400, 10_000, 1_000_000])
@pytest.mark.parametrize("t", [-1500.0, -30.0, -0.5, 0.0, 0.5, 3.0, 30.0, 300.0, 1500.0])
def test_interval_limits_solve_the_exact_equation(t: float, n: int) -> None:
    low, high = dz_confidence_interval(t, n)
    assert np.isfinite(low) and np.isfinite(high) and low < t / math.sqrt(n) < high
    assert_limits_solve_their_equation(t, n, float(low), float(high))


@pytest.mark.parametrize(
    ("t", "n", "expected"),
    [
        (2000.0, 10, (346.434382171605, 919.487601266328)),
        (3500.0, 100, (301.288611776385, 398.630531028563)),
        (1000.0, 10_000, (9.86000808144992, 10.139956240793)),
        (-2500.0, 40, (-482.548760670505, -307.845041986685)),
    ],
)
def test_large_ncp_limits_match_r_exact_integral(t: float, n: int, expected: tuple) -> None:
    # Every ncp limit here is far beyond 37.62, where R's own pt() is an approximation.
    assert dz_confidence_interval(t, n) == pytest.approx(expected, rel=1e-10)


def test_nct_cdf_exact_stops_at_its_limit() -> None:
    inside = nct_cdf_exact(3900.0, 9.0, EXACT_NCP_LIMIT)
    assert np.isfinite(inside) and inside == pytest.approx(
        exact_cdf(3900.0, 9.0, EXACT_NCP_LIMIT), rel=1e-10
    )
    assert np.isnan(nct_cdf_exact(4100.0, 9.0, EXACT_NCP_LIMIT + 1.0))
    # nct_cdf still answers there, by the normal approximation, for steering a search only.
    assert 0.0 < nct_cdf(4100.0, 9.0, EXACT_NCP_LIMIT + 1.0) < 1.0
    # nctdtr itself fails for df = 1 and a tiny t; the CDF there is Phi(-ncp) to 4e-21.
    assert np.isnan(special.nctdtr(1.0, 1.96, 1.7e-145))
    assert nct_cdf_exact(1.7e-145, 1.0, 1.96) == special.ndtr(-1.96)
    assert nct_cdf_exact(1e-20, 1.0, 1.96) == pytest.approx(special.ndtr(-1.96), abs=1e-20)
    assert np.isfinite(dz_confidence_interval(-1.7e-145, 2)).all()


def test_nearly_constant_differences_have_no_interval_and_r_is_wrong_there() -> None:
    t, n = 50000001.1262379, 10  # R's t.test of the degenerate case in the script
    low, high = dz_confidence_interval(t, n)
    assert np.isnan(low) and np.isnan(high)
    assert not computable(t, n)
    # R's uniroot (and effectsize) converge on pt()'s normal approximation, which this
    # module's nct_cdf also uses out there: its root is R's, but the exact CDF is 0.985 there,
    # not 0.975. R's exact-integral limits do solve the exact equation: the interval is only
    # withheld because the exact CDF cannot be computed at them by nctdtr.
    r_uniroot = 8067828.74718396 * math.sqrt(n)
    assert nct_cdf(t, n - 1, r_uniroot) == pytest.approx(0.975, abs=1e-8)
    assert exact_cdf(t, n - 1, r_uniroot) == pytest.approx(0.984806542690957, rel=1e-9)
    assert exact_cdf(t, n - 1, 8660878.87128664 * math.sqrt(n)) == pytest.approx(0.975, abs=1e-8)


@pytest.mark.parametrize("n", [2, 10, 40, 1_000_000])
def test_interval_is_reported_whole_or_not_at_all(n: int) -> None:
    # Bisect the |t| at which the interval stops being computable: below it both limits are
    # finite, above it both are NaN, although one limit alone would still be in range.
    inside, outside = 1.0, 1e5
    for _ in range(50):
        middle = math.sqrt(inside * outside)
        if computable(middle, n):
            inside = middle
        else:
            outside = middle
    assert 1700 < inside < EXACT_NCP_LIMIT
    for sign in (1.0, -1.0):
        low, high = dz_confidence_interval(sign * inside, n)
        assert np.isfinite(low) and np.isfinite(high)
        # One ncp limit is at EXACT_NCP_LIMIT here: nctdtr is still exact there.
        assert max(abs(low), abs(high)) * math.sqrt(n) > 0.999 * EXACT_NCP_LIMIT
        assert_limits_solve_their_equation(sign * inside, n, float(low), float(high))
        low, high = dz_confidence_interval(sign * outside * 1.001, n)
        assert np.isnan(low) and np.isnan(high)


def test_search_never_evaluates_nctdtr_beyond_its_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[float] = []
    real = special.nctdtr

    def spy(df: np.ndarray, ncp: np.ndarray, t: np.ndarray) -> np.ndarray:
        seen.append(float(np.max(np.abs(ncp), initial=0.0)))
        return real(df, ncp, t)

    monkeypatch.setattr(nct.special, "nctdtr", spy)
    dz_confidence_interval(np.array([5e7, 3.35e10, -2e8, 3.0]), np.array([10, 10, 40, 400]))
    mde_dz(np.array([2, 10, 10**8]))
    assert seen and max(seen) <= EXACT_NCP_LIMIT


def test_mde_solves_the_power_equation() -> None:
    n = np.array([2, 3, 5, 10, 30, 400, 5000, 10**6, 10**8])
    delta = mde_dz(n)
    assert np.all(np.isfinite(delta))
    for size, d in zip(n, delta, strict=True):
        critical = stats.t.isf(0.025, size - 1)
        power = 1.0 - exact_cdf(critical, size - 1.0, math.sqrt(size) * d)
        assert abs(power - 0.8) <= ROOT_RTOL * 0.2


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(
    t=st.one_of(
        st.floats(-6.0, 6.0), st.floats(-5000.0, 5000.0), st.sampled_from([1e6, -3.35e10, 5e7])
    ),
    n=st.integers(0, 6).flatmap(lambda e: st.integers(2, max(2, 10**e))),
)
def test_every_finite_limit_solves_its_equation(t: float, n: int) -> None:
    low, high = (float(x) for x in dz_confidence_interval(t, n))
    is_computable = computable(t, n)
    assert np.isfinite(low) == np.isfinite(high) == is_computable
    if not is_computable:
        assert abs(t) > 1700
        return
    assert low < t / math.sqrt(n) < high
    assert_limits_solve_their_equation(t, n, low, high)


# solve_monotone: a root only where the method converged and the exact function confirms it.


def _cube_gap(x: np.ndarray, a: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        return x**3 - a


def test_solver_returns_verified_roots_elementwise() -> None:
    a = np.array([8.0, -27.0, 0.5, np.nan])
    root = solve_monotone(_cube_gap, np.zeros(4), (a,))
    assert root[:3] == pytest.approx([2.0, -3.0, 0.5 ** (1 / 3)], rel=1e-14)
    assert np.isnan(root[3])


def test_solver_gives_nan_for_a_function_that_never_crosses_zero() -> None:
    def never(x: np.ndarray, a: np.ndarray) -> np.ndarray:
        return np.arctan(x) + a

    def flat(x: np.ndarray, a: np.ndarray) -> np.ndarray:
        return np.full_like(x, 0.5) + 0 * a

    assert np.isnan(solve_monotone(never, np.zeros(2), (np.array([2.0, -1.6]),))).all()
    assert np.isnan(solve_monotone(flat, np.zeros(1), (np.zeros(1),))).all()


def test_solver_gives_nan_where_the_bracket_closes_on_no_root() -> None:
    # Both change sign without a zero: a jump and a pole. The bracket converges onto the
    # discontinuity, and the residual there shows that it is no root.
    def jump(x: np.ndarray, at: np.ndarray) -> np.ndarray:
        return np.where(x < at, -1.0, 1.0)

    def pole(x: np.ndarray, at: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore"):
            return -1.0 / (x - at)

    assert np.isnan(solve_monotone(jump, np.zeros(1), (np.array([0.3]),))).all()
    assert np.isnan(solve_monotone(pole, np.zeros(1), (np.array([0.3]),))).all()


def test_solver_gives_nan_for_a_function_that_returns_nan() -> None:
    def nan_everywhere(x: np.ndarray, a: np.ndarray) -> np.ndarray:
        return np.full_like(x, np.nan) + a

    def nan_before_the_root(x: np.ndarray, a: np.ndarray) -> np.ndarray:
        return np.where(x < 1.5, x - a, np.nan)

    assert np.isnan(solve_monotone(nan_everywhere, np.zeros(1), (np.zeros(1),))).all()
    assert np.isnan(solve_monotone(nan_before_the_root, np.zeros(1), (np.array([2.0]),))).all()


def test_solver_gives_nan_for_a_root_below_its_bound() -> None:
    root = solve_monotone(_cube_gap, np.zeros(2), (np.array([8.0, -1e6]),), lower=-50.0)
    assert root[0] == pytest.approx(2.0) and np.isnan(root[1])


def test_solver_accepts_only_roots_the_exact_function_confirms() -> None:
    def steer(x: np.ndarray, a: np.ndarray) -> np.ndarray:
        return x - a

    def exact_far(x: np.ndarray, a: np.ndarray) -> np.ndarray:
        return x - a - 1e-3

    def exact_close(x: np.ndarray, a: np.ndarray) -> np.ndarray:
        return x - a - 0.1 * ROOT_RTOL

    a = (np.array([1.0]),)
    assert np.isnan(solve_monotone(steer, np.zeros(1), a, exact=exact_far)).all()
    assert solve_monotone(steer, np.zeros(1), a, exact=exact_close) == pytest.approx(1.0)
    # The tolerance is relative to the scale given for each element.
    assert np.isnan(solve_monotone(steer, np.zeros(1), a, exact=exact_close, scale=0.01)).all()
