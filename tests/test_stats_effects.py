r"""Additional paired effect sizes, Hodges-Lehmann, gains, attrition and regression to the mean.

Every literal below was printed by R 4.2.2 running this script (``Rscript effects.R``); the
test data are rebuilt in Python with the same formulas, so R and numpy see identical numbers.
Intervals are given twice: with ``tol.root = 1e-13``, which R's root finder needs to reach
the exact limits (checked here to 1e-9), and with the default ``tol.root = 1e-4``, which
R's printed output only meets to within 1e-4.

p15 <- function(name, x) cat(name, "=", paste(sprintf("%.15g", x), collapse = ", "), "\n")
hl <- function(label, d, ...) {
  w <- suppressWarnings(wilcox.test(d, conf.int = TRUE, ...))
  p15(paste(label, w$method, "| estimate, ci, conf.level"),
      c(w$estimate, w$conf.int, attr(w$conf.int, "conf.level")))
}
both <- function(label, d) {
  hl(paste(label, "tol=1e-4"), d)
  hl(paste(label, "tol=1e-13"), d, tol.root = 1e-13)
}
sleep_d <- sleep$extra[sleep$group == 2] - sleep$extra[sleep$group == 1]
both("sleep", sleep_d)
hl("sleep level 0.9", sleep_d, conf.level = 0.9, tol.root = 1e-13)
x <- c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30)
y <- c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29)
both("depression", x - y)
hl("depression level 0.9", x - y, conf.level = 0.9)
i <- 1:60
both("ties60", ((i * 7) %% 11) - 4)
i <- 1:20
both("exact20", ((i * 29) %% 41 - 14.5) / 4)
i <- 1:60
both("distinct60", ((i * 37) %% 101 - 40.3) / 7)
both("tied4", c(1, 2, 2, 3))
both("tied7", c(-1, 2, 2, 3, 5, 5, 8))
both("exact3", c(0.5, 1.2, 2.1))
both("exact4", c(-0.5, 1.2, 2.1, 3.3))
both("exact5", c(-0.5, 1.2, 2.1, 3.3, 4.4))
both("zero1", c(0, 0, 2.5))
both("allzero_but_two_equal", c(0, 3, 3))
i <- 1:300
both("ties300", ((i * 7919) %% 23) - 9)
i <- 1:5000
both("big5000", round(((i * 7919) %% 1009 - 400) / 37, 1))
for (d in list(c(1, 1, 3), c(1, 2, 2, 4, 7, 9, 9.5)))
  hl(paste("even N:", paste(d, collapse = " ")), d, tol.root = 1e-13)
for (d in list(c(0, 0), 2.5, c(1, 3))) hl(paste(d, collapse = " "), d)
dz_ci <- function(t, df, n) {
  f <- function(ncp, target) pt(t, df, ncp) - target
  root <- function(target) uniroot(f, t + c(-30, 30), target = target, tol = 1e-13,
                                   extendInt = "yes", maxiter = 1000)$root
  c(root(0.975), root(0.025)) / sqrt(n)
}
effects <- function(label, pre, post) {
  cat("##", label, "\n")
  d <- post - pre; n <- length(d); df <- n - 1
  dz <- mean(d) / sd(d)
  J <- gamma(df / 2) / (sqrt(df / 2) * gamma((df - 1) / 2))
  r <- cor(pre, post)
  p15("J, g_z, g_z_ci", c(J, dz * J, dz_ci(dz * sqrt(n), df, n) * J))
  p15("r, d_rm", c(r, dz * sqrt(2 * (1 - r))))
  p15("ps", mean(d > 0) + mean(d == 0) / 2)
}
effects("sleep", sleep$extra[sleep$group == 1], sleep$extra[sleep$group == 2])
effects("depression", y, x)
i <- 1:60
pre <- 50 + (i * 13) %% 21
effects("ties60", pre, pre + ((i * 7) %% 11) - 4)
effects("n3", c(10, 12, 15), c(11, 15, 15.5))
df <- c(2, 3, 10, 100, 1000)
p15("J", gamma(df / 2) / (sqrt(df / 2) * gamma((df - 1) / 2)))
p15("J via lgamma", exp(lgamma(df / 2) - lgamma((df - 1) / 2)) / sqrt(df / 2))
pre  <- c(40, 100, 100, 0, 0, 80, 60, 90, 50, 100)
post <- c(70, 100,  90, 0, 20, 60, 60, 95, 50, 100)
mx <- 100
p15("hake class", (mean(post) - mean(pre)) / (mx - mean(pre)))
p15("mean individual gain, n excluded", c(mean(((post - pre) / (mx - pre))[pre < mx]),
                                          sum(pre >= mx)))
keep <- !(pre == post & (pre == mx | pre == 0))
cc <- ifelse(post > pre, (post - pre) / (mx - pre), ifelse(post < pre, (post - pre) / pre, 0))
p15("marx-cummings c, n dropped", c(mean(cc[keep]), sum(!keep)))
pc <- c(55, 60, 48, 70, 65, 52); pd <- c(40, 45, 58, 38)
nc <- length(pc); nd <- length(pd)
p15("rate (2 without pre), smd", c(nd / (nc + nd + 2),
  (mean(pc) - mean(pd)) / sqrt(((nc - 1) * var(pc) + (nd - 1) * var(pd)) / (nc + nd - 2))))
p15("one dropout smd", (mean(pc) - 50) / sqrt(((nc - 1) * var(pc)) / (nc + 1 - 2)))
rtm_integral <- function(mu, sigma, rho, cutoff) {
  integrate(function(x) (mu + rho * (x - mu) - x) * dnorm(x, mu, sigma), -Inf, cutoff,
            rel.tol = 1e-12)$value / pnorm(cutoff, mu, sigma)
}
args <- list(c(70, 10, 0.6, 60), c(70, 10, 0.8, 75), c(3.5, 0.8, 0.3, 2), c(0, 1, 0.5, -4))
for (a in args) p15(paste(a, collapse = ", "), rtm_integral(a[1], a[2], a[3], a[4]))
set.seed(1)
s <- MASS::mvrnorm(2e6, c(70, 70), 100 * matrix(c(1, 0.6, 0.6, 1), 2))
sel <- s[, 1] < 60
p15("simulated change below 60", mean(s[sel, 2] - s[sel, 1]))
"""

import math
from itertools import pairwise

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

from evaluasi.stats import hodges_lehmann as walsh
from evaluasi.stats import paired_statistics
from evaluasi.stats.effects import (
    d_rm,
    hedges_gz,
    normalized_gains,
    pre_post_correlation,
    probability_of_superiority,
    small_sample_correction,
)
from evaluasi.stats.groups import KEY_COLUMNS, PairedGroups, group_pairs
from evaluasi.stats.hodges_lehmann import hodges_lehmann
from evaluasi.stats.honesty import (
    ATTRITION_COLUMNS,
    attrition,
    rtm_expected_change,
    rtm_expected_change_below_cutoff,
)

# Warnings are errors, except Hypothesis's check that `random` was left alone while it drew
# data: Prefect's server threads, still alive from earlier tests in the session, use `random`.
pytestmark = [
    pytest.mark.filterwarnings("error"),
    pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning"),
]

NAN = math.nan
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SLEEP_PRE = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_POST = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
DEPRESSION_POST = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
DEPRESSION_PRE = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]


def differences(name: str) -> np.ndarray:
    """The differences each R case hands to ``wilcox.test``, built with R's formulas."""
    i60, i20, i300, i5000 = (np.arange(1, m + 1) for m in (60, 20, 300, 5000))
    built = {
        "sleep": np.array(SLEEP_POST) - np.array(SLEEP_PRE),
        "depression": np.array(DEPRESSION_POST) - np.array(DEPRESSION_PRE),
        "ties60": (i60 * 7) % 11 - 4.0,
        "exact20": ((i20 * 29) % 41 - 14.5) / 4,
        "distinct60": ((i60 * 37) % 101 - 40.3) / 7,
        "tied4": [1, 2, 2, 3],
        "tied7": [-1, 2, 2, 3, 5, 5, 8],
        "exact3": [0.5, 1.2, 2.1],
        "exact4": [-0.5, 1.2, 2.1, 3.3],
        "exact5": [-0.5, 1.2, 2.1, 3.3, 4.4],
        "zero1": [0, 0, 2.5],
        "allzero_but_two_equal": [0, 3, 3],
        "ties300": (i300 * 7919) % 23 - 9.0,
        # R's round() and numpy's agree here: no value sits on a .x5 boundary.
        "big5000": np.round(((i5000 * 7919) % 1009 - 400) / 37, 1),
    }
    return np.asarray(built[name], dtype=np.float64)


def groups_of(named: dict[str, np.ndarray | list[float]]) -> PairedGroups:
    """One group per name with pre = 0 and post = d, so post - pre is d bit for bit."""
    return group_pairs(
        pd.concat(
            pd.DataFrame({"program_id": name, "instrument": "I", "pre": 0.0, "post": d})
            for name, d in named.items()
        )
    )


# (estimate, ci_low, ci_high, conf.level) with tol.root = 1e-13, then with the default 1e-4.
HL_EXPECTED: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {
    "sleep": (
        (1.40000000000004, 1.05000000000005, 2.94999999999998, 0.95),
        (1.40002084226989, 1.05001799066454, 2.94992079954078, 0.95),
    ),
    "depression": ((0.46, 0.01, 0.786, 0.95), (0.46, 0.01, 0.786, 0.95)),
    "ties60": (
        (1, 3.42226300704638e-14, 2.00000000000002, 0.95),
        (1.00001352469421, 4.14563295457206e-05, 2.0000503221858, 0.95),
    ),
    "exact20": ((1.25, -0.25, 2.75, 0.95), (1.25, -0.25, 2.75, 0.95)),
    "distinct60": (
        (1.5285714285715, 0.38571428571436, 2.74285714285713, 0.95),
        (1.52865333850473, 0.385753741372304, 2.74280106320581, 0.95),
    ),
    "tied4": (
        (2, 1.49999999999996, 2.50000000000004, 0.8),
        (2, 1.49997544479815, 2.50002455520185, 0.8),
    ),
    "tied7": (
        (3.5, 0.499999999999936, 6.50000000000006, 0.95),
        (3.5, 0.499943881650763, 6.50001836882787, 0.95),
    ),
    "exact3": ((1.25, 0.5, 2.1, 0.75), (1.25, 0.5, 2.1, 0.75)),
    "exact4": ((1.525, -0.5, 3.3, 0.88), (1.525, -0.5, 3.3, 0.88)),
    "exact5": ((2.1, -0.5, 4.4, 0.95), (2.1, -0.5, 4.4, 0.95)),
    # R reports conf.level 0 for a missing interval; here it is NaN.
    "zero1": ((2.5, NAN, NAN, NAN), (2.5, NAN, NAN, NAN)),
    "allzero_but_two_equal": ((3, NAN, NAN, NAN), (3, NAN, NAN, NAN)),
    "ties300": (
        (2, 1.49999999999995, 2.99999999999992, 0.95),
        (2, 1.49995306710179, 2.99995768873804, 0.95),
    ),
    "big5000": (
        (2.84999999999997, 2.60000000000004, 3.04999999999997, 0.95),
        (2.84999105948815, 2.6000324800724, 3.04992377816233, 0.95),
    ),
}
EXACT_BRANCH = {"depression", "exact20", "exact3", "exact4", "exact5"}


def hl_rows(groups: PairedGroups, level: float = 0.95) -> dict[str, tuple[float, ...]]:
    result = hodges_lehmann(groups, level)
    columns = (result.estimate, result.ci_low, result.ci_high, result.conf_level)
    return {
        name: tuple(float(c[g]) for c in columns)
        for g, name in enumerate(groups.keys["program_id"])
    }


def test_hodges_lehmann_matches_r_on_both_branches() -> None:
    groups = groups_of({name: differences(name) for name in HL_EXPECTED})
    rows = hl_rows(groups)
    exact = dict(zip(groups.keys["program_id"], hodges_lehmann(groups).exact, strict=True))
    for name, (tight, default) in HL_EXPECTED.items():
        assert rows[name] == pytest.approx(tight, rel=1e-9, abs=1e-9, nan_ok=True), name
        assert rows[name] == pytest.approx(default, abs=1e-4, nan_ok=True), name
        assert exact[name] == (name in EXACT_BRANCH), name


def test_hodges_lehmann_other_level_matches_r() -> None:
    groups = groups_of({"sleep": differences("sleep"), "depression": differences("depression")})
    rows = hl_rows(groups, level=0.9)
    expected = {
        "sleep": (1.40000000000004, 1.14999999999995, 2.70000000000009, 0.9),
        "depression": (0.46, 0.175, 0.726, 0.9),
    }
    for name, values in expected.items():
        assert rows[name] == pytest.approx(values, rel=1e-9, abs=1e-9)


def test_hodges_lehmann_from_sleep_pairs() -> None:
    """Through group_pairs of the real pre/post columns, as paired_statistics sees them."""
    pairs = pd.DataFrame(
        {"program_id": "P", "instrument": "I", "pre": SLEEP_PRE, "post": SLEEP_POST}
    )
    result = hodges_lehmann(group_pairs(pairs))
    assert (result.estimate[0], result.ci_low[0], result.ci_high[0]) == pytest.approx(
        (1.4, 1.05, 2.95), rel=1e-9
    )


def test_even_number_of_walsh_averages_on_the_normal_branch() -> None:
    """With N even, z(mu) is exactly 0 between the two middle Walsh averages and R's uniroot
    returns whichever point of that stretch it meets first; the estimate here is its middle.
    The second case also shows alpha doubled to 1, where both limits are median(d)."""
    cases = {
        "a": ([1, 2, 2, 4, 7, 9, 9.5], 5.08645842427123, (5.0, 5.25), (1.5, 9.25, 0.95)),
        "b": ([1, 1, 3], 1.82842712474619, (1.0, 2.0), (1.0, 1.0, 0.0)),
    }
    rows = hl_rows(groups_of({name: case[0] for name, case in cases.items()}))
    for name, (_, r_estimate, (middle_low, middle_high), interval) in cases.items():
        assert middle_low <= r_estimate <= middle_high
        assert rows[name][0] == (middle_low + middle_high) / 2
        assert rows[name][1:] == pytest.approx(interval, abs=1e-12)


def test_hodges_lehmann_edge_groups() -> None:
    groups = groups_of({"empty_zero": [0.0, 0.0], "single": [2.5], "two": [1.0, 3.0]})
    rows = hl_rows(groups)
    assert all(math.isnan(v) for v in rows["empty_zero"])  # R: NaN, NaN, NaN, 0
    assert rows["single"] == (2.5, 2.5, 2.5, 0.0)  # R: 2.5, 2.5, 2.5, 0
    assert rows["two"] == (2.0, 1.0, 3.0, 0.5)  # R: 2, 1, 3, 0.5


def test_hodges_lehmann_of_5000_pairs() -> None:
    rng = np.random.default_rng(5)
    groups = groups_of({"ties": differences("big5000"), "continuous": rng.normal(0.4, 1.0, 5000)})
    result = hodges_lehmann(groups)
    assert result.estimate[1] == pytest.approx(2.84999999999997, rel=1e-12)


def test_selection_matches_numpy_for_a_large_continuous_group() -> None:
    x = np.random.default_rng(11).standard_t(3, 2000)
    i, j = np.triu_indices(x.size)
    walsh = np.sort((x[i] + x[j]) / 2)
    result = hodges_lehmann(groups_of({"g": x}))
    assert result.estimate[0] == np.median(walsh)
    # The limits are Walsh averages themselves, not interpolated values.
    assert result.ci_low[0] in walsh and result.ci_high[0] in walsh
    assert result.ci_low[0] < result.estimate[0] < result.ci_high[0]


def reference_interval(d: np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """R's ``wilcox.test(d, conf.int = TRUE)`` interval, transcribed, with brute force.

    The exact branch builds the signed-rank distribution as the product of (1 + t^k); the
    normal branch evaluates R's own W(d) (ranks of |x - d| by ``rankdata``, ties table,
    continuity correction) between every two consecutive distinct Walsh averages and takes
    the one where it drops to the quantile, i.e. the point ``uniroot`` converges to.
    """
    x = d[d != 0]
    n = x.size
    if n == 0:
        return NAN, NAN, NAN
    i, j = np.triu_indices(n)
    walsh = np.sort((x[i] + x[j]) / 2)
    alpha = 1 - level
    if n < 50 and np.unique(np.abs(x)).size == n and n == d.size:
        counts = np.array([1.0])
        for k in range(1, n + 1):
            counts = np.convolve(counts, np.r_[1.0, np.zeros(k - 1), 1.0])
        cdf = np.cumsum(counts) / 2.0**n
        qu = max(int(np.argmax(cdf >= alpha / 2 - 10 * np.finfo(float).eps)), 1)
        achieved = 2 * cdf[qu - 1]
        reached = level if achieved - alpha <= alpha / 2 else 1 - float(f"{achieved:.2g}")
        return walsh[qu - 1], walsh[walsh.size - qu], reached

    def w(mu: float) -> float:
        xd = x - mu
        xd = xd[xd != 0]
        nx = xd.size
        ranks = stats.rankdata(np.abs(xd))
        zd = ranks[xd > 0].sum() - nx * (nx + 1) / 4
        ties = np.unique(ranks, return_counts=True)[1].astype(float)
        sigma = math.sqrt(nx * (nx + 1) * (2 * nx + 1) / 24 - np.sum(ties**3 - ties) / 48)
        return (zd - 0.5 * np.sign(zd)) / sigma if sigma > 0 else NAN

    at_min, at_max = w(x.min()), w(x.max())
    if not (math.isfinite(at_min) and math.isfinite(at_max)):
        return NAN, NAN, NAN
    while at_min < stats.norm.isf(alpha / 2) or at_max > stats.norm.ppf(alpha / 2):
        alpha *= 2
    reached = 1 - min(1, alpha) if alpha >= 1 or 1 - level < alpha * 0.75 else level
    if alpha >= 1:
        return float(np.median(x)), float(np.median(x)), reached
    # Walsh averages an ulp or so apart (0.7 - 0.3 against 0.1 + 0.3) are one step for R:
    # its W(d) between them is rounding noise, and uniroot's tolerance cannot split them.
    points = np.unique(walsh)
    points = points[np.append(True, np.diff(points) > 1e-9 * np.maximum(1, np.abs(points[1:])))]
    between = [w((a + b) / 2) for a, b in pairwise(points)] + [at_max]

    def root(quantile: float) -> float:
        return points[next(k for k, value in enumerate(between) if value <= quantile)]

    return root(stats.norm.isf(alpha / 2)), root(stats.norm.ppf(alpha / 2)), reached


def pivots_only(patch: pytest.MonkeyPatch) -> None:
    """Send every group to the pivots, with candidate sets too small to skip the pivoting."""
    patch.setattr(walsh, "HISTOGRAM_MAX_RANGE", -1)
    patch.setattr(walsh, "SORT_CANDIDATES_AT", 1)


def spy_on(patch: pytest.MonkeyPatch, name: str) -> set[int]:
    """Record the groups that ``walsh.<name>(..., query_group, query_rank)`` is asked about."""
    asked: set[int] = set()
    select = getattr(walsh, name)

    def spy(*args: np.ndarray) -> np.ndarray:
        asked.update(args[-2].tolist())
        return select(*args)

    patch.setattr(walsh, name, spy)
    return asked


half_points = st.integers(-12, 16).map(lambda k: k / 2)
thousandths = st.integers(-5000, 9000).map(lambda k: k / 1000)
difference_lists = st.one_of(
    st.lists(half_points, min_size=1, max_size=40),
    st.lists(thousandths, min_size=1, max_size=55),
)


@SETTINGS
@given(st.lists(difference_lists, min_size=1, max_size=4), st.sampled_from([0.95, 0.9]))
def test_hodges_lehmann_against_brute_force(lists: list[list[float]], level: float) -> None:
    """Estimate = numpy median of the Walsh averages; interval = R's algorithm done slowly.
    Only the pivots select here, and they do the work (see :func:`pivots_only`); the
    histogram path is held to them by ``test_histogram_path_matches_the_pivots``."""
    named = {f"G{g}": np.array(d) for g, d in enumerate(lists)}
    with pytest.MonkeyPatch.context() as patch:
        pivots_only(patch)
        result = hodges_lehmann(groups_of(named), level)
    for g, d in enumerate(named.values()):
        x = d[d != 0]
        if x.size == 0:
            assert math.isnan(result.estimate[g])
            continue
        i, j = np.triu_indices(x.size)
        assert result.estimate[g] == np.median((x[i] + x[j]) / 2)
        with np.errstate(invalid="ignore", divide="ignore"):
            expected = reference_interval(d, level)
        got = (result.ci_low[g], result.ci_high[g], result.conf_level[g])
        assert got == pytest.approx(expected, rel=1e-12, abs=1e-12, nan_ok=True)


def test_many_groups_at_once_equal_each_group_alone() -> None:
    rng = np.random.default_rng(3)
    named = {
        f"G{g:02d}": rng.integers(-4, 7, int(rng.choice([1, 5, 30, 49, 50, 120, 400]))) / 2
        for g in range(24)
    }
    together = hodges_lehmann(groups_of(named))
    for g, (name, d) in enumerate(named.items()):
        alone = hodges_lehmann(groups_of({name: d}))
        for field in ("estimate", "ci_low", "ci_high", "conf_level", "exact"):
            assert getattr(together, field)[g] == pytest.approx(
                getattr(alone, field)[0], nan_ok=True
            ), (name, field)


@st.composite
def quantised_groups(draw: st.DrawFn) -> tuple[int, np.ndarray]:
    """(k, differences): integers t / 10^k over a range of at most the number of Walsh sums,
    so that the histogram path takes the group unless zeros among the t leave too few."""
    k = draw(st.integers(0, 3))
    size = draw(st.sampled_from([1, 2, 3, 120]) | st.integers(1, 60))
    low = draw(st.integers(-3 * size, 3 * size))
    spread = draw(st.integers(0, size * (size + 1) // 2))
    t = draw(st.lists(st.integers(low, low + spread), min_size=size, max_size=size))
    return k, np.array(t + [0] * draw(st.integers(0, 3))) / 10.0**k


@SETTINGS
@given(
    st.lists(quantised_groups(), min_size=1, max_size=8),
    st.sampled_from([0.95, 0.8]),
    st.sampled_from([1, 64, 2**22]),
)
def test_histogram_path_matches_the_pivots(
    drawn: list[tuple[int, np.ndarray]], level: float, batch_cells: int
) -> None:
    """Same results as the pivots: exactly for whole numbers, to rounding for decimals (the
    histogram path returns the decimal Walsh averages, the pivots the floating-point ones).
    Tiny batches split the sorting, counting and candidate sorting into many calls."""
    groups = groups_of({f"G{g:02d}": d for g, (_, d) in enumerate(drawn)})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(walsh, "BATCH_CELLS", batch_cells)
        pivoted = spy_on(patch, "_select_by_pivots")
        counted = hodges_lehmann(groups, level)
    with pytest.MonkeyPatch.context() as patch:
        pivots_only(patch)
        reference = hodges_lehmann(groups, level)
    fields = ("estimate", "ci_low", "ci_high", "conf_level", "exact")
    for g, (k, d) in enumerate(drawn):
        t = np.rint(d[d != 0] * 10**k)
        if t.size and np.ptp(t) <= t.size * (t.size + 1) // 2:
            assert g not in pivoted
        got = [getattr(counted, field)[g] for field in fields]
        want = [getattr(reference, field)[g] for field in fields]
        np.testing.assert_allclose(got, want, rtol=0, atol=0 if k == 0 else 1e-12)


def test_groups_the_histogram_cannot_take_go_to_the_pivots() -> None:
    rng = np.random.default_rng(8)
    named = {
        "counted": rng.integers(-20, 40, 500) / 10,
        "unrounded": rng.normal(0.5, 1.0, 300),
        "seven_decimals": rng.integers(1, 60, 200) / 1e7,
        "wide": rng.integers(-150_000, 150_000, 1000).astype(float),  # range > 2^17 - 1
        "sparse": np.array([1.0, 2.0, 900.0, -400.0]),  # range 1300 > 10 Walsh sums
        "far": 1e8 + rng.integers(0, 10, 50),  # beyond HISTOGRAM_MAX_SCALED
    }
    groups = groups_of(named)
    with pytest.MonkeyPatch.context() as patch:
        pivoted = spy_on(patch, "_select_by_pivots")
        counted = spy_on(patch, "_select_by_histogram")
        result = hodges_lehmann(groups)
    with pytest.MonkeyPatch.context() as patch:
        pivots_only(patch)
        reference = hodges_lehmann(groups)
    names = list(groups.keys["program_id"])
    assert counted == {names.index("counted")}
    assert pivoted == set(range(len(names))) - counted
    for field in ("estimate", "ci_low", "ci_high", "conf_level"):
        got, want = getattr(result, field), getattr(reference, field)
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)
        pivot_rows = sorted(pivoted)
        np.testing.assert_array_equal(got[pivot_rows], want[pivot_rows])


def test_pair_counts_are_exact_at_the_size_limits() -> None:
    """HISTOGRAM_MAX_N values over the widest admitted range, heaped on a few points so
    that the counts are as large as they get: FFT rounding must not change a single one."""
    widest = walsh.HISTOGRAM_MAX_RANGE
    length = int(walsh._power_of_two_at_least(2 * widest + 1))
    rng = np.random.default_rng(4)
    rows = []
    expected = np.zeros((3, length), dtype=np.int64)
    supports = ([0, widest], np.r_[0, widest, rng.choice(widest, 40, replace=False)], [widest])
    for row, points in enumerate(supports):
        points = np.unique(points)
        weight = rng.multinomial(walsh.HISTOGRAM_MAX_N, np.full(points.size, 1 / points.size))
        hist = np.zeros(length)
        hist[points] = weight
        rows.append(hist)
        i, j = np.triu_indices(points.size)
        pairs = np.where(i == j, weight[i] * (weight[i] + 1) // 2, weight[i] * weight[j])
        np.add.at(expected[row], points[i] + points[j], pairs)
    np.testing.assert_array_equal(walsh._pair_counts(np.array(rows)), expected)


@SETTINGS
@given(
    st.lists(st.lists(st.integers(-5, 5).map(float), max_size=40), min_size=1, max_size=12),
    st.sampled_from([1, 16, 2**22]),
)
def test_sort_within_groups(lists: list[list[float]], batch_cells: int) -> None:
    n = np.array([len(values) for values in lists])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(walsh, "BATCH_CELLS", batch_cells)
        got = walsh._sort_within_groups(np.array([v for vs in lists for v in vs]), n)
    np.testing.assert_array_equal(got, [v for values in lists for v in sorted(values)])


def test_hodges_lehmann_on_a_million_rounded_pairs_counts_as_the_pivots_select() -> None:
    """200 groups of 5,000 one-decimal score pairs take the histogram path (its speed is
    measured by benchmarks/engine.py, not here) and give the pivots' results."""
    rng = np.random.default_rng(1)
    pre = np.round(rng.normal(60, 10, 10**6), 1)
    pairs = pd.DataFrame(
        {
            "program_id": np.repeat([f"P{g:03d}" for g in range(200)], 5000),
            "instrument": "test",
            "pre": pre,
            "post": np.round(pre + rng.normal(3, 5, pre.size), 1),
        }
    )
    result = hodges_lehmann(group_pairs(pairs))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(walsh, "HISTOGRAM_MAX_RANGE", -1)
        reference = hodges_lehmann(group_pairs(pairs[: 3 * 5000]))
    for field in ("estimate", "ci_low", "ci_high", "conf_level"):
        np.testing.assert_allclose(
            getattr(result, field)[:3], getattr(reference, field), rtol=0, atol=1e-12
        )


# J(df), g_z with its interval, r and d_rm, probability of superiority: R's printed values.
GZ_EXPECTED = {
    "sleep": (0.913874891792552, 1.1739249035142, 0.378917895996093, 1.93560211252563),
    "depression": (0.90270333367641, 0.913347835555134, 0.159911737257076, 1.6313375367286),
    "ties60": (0.987224954559783, 0.327008481909365, 0.0690531961647653, 0.58233782401817),
    "n3": (0.564189583547756, 0.639730855868769, -0.254417141396057, 1.47061117666627),
}
DRM_EXPECTED = {
    "sleep": (0.795170205833578, 0.822176638386309, 0.95),
    "depression": (0.847876519115364, 0.558090053770757, 0.777777777777778),
    "ties60": (0.891355430189728, 0.154405193132011, 0.591666666666667),
    "n3": (0.859234581665688, 0.601637946421223, 1.0),
}


def effect_pairs() -> pd.DataFrame:
    i = np.arange(1, 61)
    pre = 50.0 + (i * 13) % 21
    data = {
        "sleep": (SLEEP_PRE, SLEEP_POST),
        "depression": (DEPRESSION_PRE, DEPRESSION_POST),
        "ties60": (pre, pre + (i * 7) % 11 - 4),
        "n3": ([10, 12, 15], [11, 15, 15.5]),
    }
    return pd.concat(
        pd.DataFrame({"program_id": name, "instrument": "I", "pre": pre, "post": post})
        for name, (pre, post) in data.items()
    )


def test_hedges_gz_drm_and_superiority_match_r() -> None:
    pairs = effect_pairs()
    table = paired_statistics(pairs)
    groups = group_pairs(pairs)
    g_z, low, high = hedges_gz(
        table["cohen_dz"], table["dz_ci_low"], table["dz_ci_high"], table["n_paired"]
    )
    correction = small_sample_correction(table["n_paired"] - 1)
    r = pre_post_correlation(groups)
    rm = d_rm(table["cohen_dz"], r)
    superiority = probability_of_superiority(groups)
    for g, name in enumerate(table["program_id"]):
        got_gz = (correction[g], g_z[g], low[g], high[g])
        assert got_gz == pytest.approx(GZ_EXPECTED[name], rel=1e-9), name
        assert (r[g], rm[g], superiority[g]) == pytest.approx(DRM_EXPECTED[name], rel=1e-9), name


def test_small_sample_correction() -> None:
    df = np.array([2, 3, 10, 100, 1000, 1, 0.5, NAN])
    expected = [
        0.564189583547756,
        0.723601254558268,
        0.922745608053087,
        0.992478054981403,  # R's lgamma form; gamma() itself loses digits here
        0.999249781179434,  # R's gamma() overflows to NaN at df = 1000
    ]
    got = small_sample_correction(df)
    assert got[:5] == pytest.approx(expected, rel=1e-12)
    assert np.isnan(got[5:]).all()
    for k in (2.0, 7.0, 40.0):
        assert small_sample_correction(k) == pytest.approx(
            math.gamma(k / 2) / (math.sqrt(k / 2) * math.gamma((k - 1) / 2)), rel=1e-12
        )
        assert abs(small_sample_correction(k) - (1 - 3 / (4 * k - 1))) < 0.01  # Hedges 1981


def test_hedges_gz_is_nan_below_three_pairs() -> None:
    g_z, low, high = hedges_gz([1.0, 1.0], [0.5, 0.5], [1.5, 1.5], [2, 3])
    assert np.isnan([g_z[0], low[0], high[0]]).all()
    assert g_z[1] == pytest.approx(0.564189583547756, rel=1e-12)


pair_lists = st.integers(1, 30).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 20).map(float), min_size=n, max_size=n),
        st.lists(st.integers(0, 20).map(float), min_size=n, max_size=n),
    )
)


@SETTINGS
@given(
    st.lists(pair_lists, min_size=1, max_size=5),
    st.sampled_from([20.0, 15.0, NAN]),
    st.sampled_from([0.0, 2.0]),
)
def test_per_group_statistics_against_simple_references(lists, scale_max, scale_min) -> None:
    """Scores of 0-20 against scales 0-15 or 2-20 also exercise the out-of-scale rules."""
    pairs = pd.concat(
        pd.DataFrame({"program_id": f"P{g}", "instrument": "I", "pre": pre, "post": post})
        for g, (pre, post) in enumerate(lists)
    )
    groups = group_pairs(pairs)
    r = pre_post_correlation(groups)
    superiority = probability_of_superiority(groups)
    gains = normalized_gains(groups, np.full(groups.n_groups, scale_max), scale_min)
    for g, (pre_list, post_list) in enumerate(lists):
        pre, post = np.array(pre_list), np.array(post_list)
        d = post - pre
        assert superiority[g] == pytest.approx(np.mean(d > 0) + np.mean(d == 0) / 2)
        if pre.size > 1 and pre.std() > 0 and post.std() > 0:
            assert r[g] == pytest.approx(stats.pearsonr(pre, post).statistic, abs=1e-12)
        else:
            assert math.isnan(r[g])
        check_gains(gains, g, pre, post, (scale_min, scale_max))


def check_gains(gains, g: int, pre: np.ndarray, post: np.ndarray, scale) -> None:
    bottom, top = scale
    if math.isnan(top):
        assert math.isnan(gains.mean_individual_gain[g]) and gains.n_pre_at_max[g] == 0
        assert math.isnan(gains.normalized_change[g]) and gains.n_change_dropped[g] == 0
        return
    individual = [(b - a) / (top - a) for a, b in zip(pre, post, strict=True) if a < top]
    c = []
    for a, b in zip(pre, post, strict=True):
        if b > a and a < top:
            c.append((b - a) / (top - a))
        elif b < a and a > bottom:
            c.append((b - a) / (a - bottom))
        elif b == a and a not in (bottom, top):
            c.append(0.0)
    assert gains.n_pre_at_max[g] == pre.size - len(individual)
    assert gains.mean_individual_gain[g] == pytest.approx(
        np.mean(individual) if individual else NAN, nan_ok=True
    )
    assert gains.n_change_dropped[g] == pre.size - len(c)
    assert gains.normalized_change[g] == pytest.approx(np.mean(c) if c else NAN, nan_ok=True)
    room = top - pre.mean()
    hake = (post.mean() - pre.mean()) / room if room > 0 else NAN
    assert gains.normalized_gain[g] == pytest.approx(hake, nan_ok=True)


def test_gains_hand_checked() -> None:
    """Scale 0-100. Per pair, gain g and Marx-Cummings c:
    40->70 g .5 c .5 | 100->100 g - c dropped | 100->90 g - c -.1 | 0->0 g 0 c dropped |
    0->20 g .2 c .2 | 80->60 g -1 c -.25 | 60->60 g 0 c 0 | 90->95 g .5 c .5 | 50->50 g 0 c 0 |
    100->100 g - c dropped. Mean g = .2/7, mean c = .85/7; class gain 2.5/38."""
    pre = [40, 100, 100, 0, 0, 80, 60, 90, 50, 100]
    post = [70, 100, 90, 0, 20, 60, 60, 95, 50, 100]
    groups = group_pairs(
        pd.DataFrame({"program_id": "P", "instrument": "I", "pre": pre, "post": post})
    )
    gains = normalized_gains(groups, [100.0])
    assert gains.normalized_gain[0] == pytest.approx(2.5 / 38, rel=1e-12)
    assert gains.normalized_gain[0] == pytest.approx(0.0657894736842105, rel=1e-12)  # R
    assert gains.mean_individual_gain[0] == pytest.approx(0.2 / 7, rel=1e-12)
    assert gains.mean_individual_gain[0] == pytest.approx(0.0285714285714286, rel=1e-12)  # R
    assert gains.n_pre_at_max[0] == 3
    assert gains.normalized_change[0] == pytest.approx(0.85 / 7, rel=1e-12)
    assert gains.normalized_change[0] == pytest.approx(0.121428571428571, rel=1e-12)  # R
    assert gains.n_change_dropped[0] == 3


def test_gains_with_no_room_or_no_usable_pairs() -> None:
    pairs = pd.DataFrame(
        {"program_id": ["A", "A", "B"], "instrument": "I", "pre": [10, 10, 0], "post": [10, 9, 0]}
    )
    gains = normalized_gains(group_pairs(pairs), [10.0, 10.0])
    assert math.isnan(gains.normalized_gain[0]) and gains.normalized_gain[1] == 0.0
    assert math.isnan(gains.mean_individual_gain[0]) and gains.n_pre_at_max[0] == 2
    assert gains.normalized_change[0] == pytest.approx(-0.1) and gains.n_change_dropped[0] == 1
    assert math.isnan(gains.normalized_change[1]) and gains.n_change_dropped[1] == 1


def test_attrition_matches_r() -> None:
    completers = [55, 60, 48, 70, 65, 52]
    people = pd.DataFrame(
        {
            "program_id": ["A"] * 12 + ["B"] * 7 + ["C"] * 2,
            "instrument": "I",
            "pre": [*completers, 40, 45, 58, 38, None, None, *completers, 50, 10, 20],
            "post": [*[70] * 6, None, "", "n/a", None, 80, None, *[70] * 6, None, 11, 22],
        }
    )
    result = attrition(people.sample(frac=1.0, random_state=2))
    assert list(result.columns) == [*KEY_COLUMNS, *ATTRITION_COLUMNS]
    a, b, c = (result.iloc[k] for k in range(3))
    assert (a["n_enrolled"], a["n_completers"], a["n_dropouts"]) == (12, 6, 4)
    assert a["attrition_rate"] == pytest.approx(0.333333333333333, rel=1e-12)
    assert a["pre_mean_dropouts"] == pytest.approx(45.25)
    assert a["dropout_pre_smd"] == pytest.approx(1.5311791012953, rel=1e-12)
    assert b["dropout_pre_smd"] == pytest.approx(1.00858941307485, rel=1e-12)
    assert (c["n_dropouts"], c["attrition_rate"]) == (0, 0.0)
    assert math.isnan(c["dropout_pre_smd"]) and math.isnan(c["pre_mean_dropouts"])


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "B", "C"]),
            st.one_of(st.none(), st.integers(0, 30).map(float)),
            st.one_of(st.none(), st.integers(0, 30).map(float)),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_attrition_against_pandas(people: list[tuple[str, float | None, float | None]]) -> None:
    frame = pd.DataFrame(people, columns=["program_id", "pre", "post"]).assign(instrument="I")
    result = attrition(frame).set_index("program_id")
    for name, rows in frame.groupby("program_id"):
        has_pre, has_post = rows["pre"].notna(), rows["post"].notna()
        done, gone = rows["pre"][has_pre & has_post], rows["pre"][has_pre & ~has_post]
        row = result.loc[name]
        assert row["n_enrolled"] == len(rows) and row["n_dropouts"] == len(gone)
        assert row["attrition_rate"] == pytest.approx(len(gone) / len(rows))
        pooled = math.sqrt(
            (done.var() * (len(done) - 1) if len(done) > 1 else 0.0)
            + (gone.var() * (len(gone) - 1) if len(gone) > 1 else 0.0)
        ) / math.sqrt(max(len(done) + len(gone) - 2, 1))
        if len(done) and len(gone) and len(done) + len(gone) >= 3 and pooled > 0:
            expected = (done.mean() - gone.mean()) / pooled
            assert row["dropout_pre_smd"] == pytest.approx(expected, rel=1e-9)
        else:
            assert math.isnan(row["dropout_pre_smd"])


# (mu, sigma, rho, cutoff) -> R's integrate() of E[post - pre | pre < cutoff].
RTM_EXPECTED = {
    (70, 10, 0.6, 60): 6.10054110464393,
    (70, 10, 0.8, 75): 1.01832086767407,
    (3.5, 0.8, 0.3, 2): 1.26726727232766,
    (0, 1, 0.5, -4): 2.11280357224474,
}


def test_rtm_below_cutoff_matches_numerical_integration_in_r() -> None:
    args = np.array(list(RTM_EXPECTED), dtype=float).T
    got = rtm_expected_change_below_cutoff(*args)
    assert got == pytest.approx(list(RTM_EXPECTED.values()), rel=1e-10)
    # R's simulation of 2e6 bivariate normal pairs (seed 1) selected below 60: 6.09938399220684.
    assert got[0] == pytest.approx(6.09938399220684, abs=0.01)


def test_rtm_forms_agree_and_edge_cases() -> None:
    mu, sigma, rho, cutoff = 70.0, 10.0, 0.6, 60.0
    truncated_mean = stats.truncnorm.mean(-np.inf, (cutoff - mu) / sigma, loc=mu, scale=sigma)
    assert rtm_expected_change(truncated_mean, mu, rho) == pytest.approx(
        rtm_expected_change_below_cutoff(mu, sigma, rho, cutoff), rel=1e-12
    )
    assert rtm_expected_change([60.0, 80.0, 70.0], 70.0, 0.75) == pytest.approx([2.5, -2.5, 0])
    assert np.isnan(rtm_expected_change([60.0, 60.0], 70.0, [1.5, NAN])).all()
    edge = rtm_expected_change_below_cutoff([0, 0, 0, 0], [1, 0, 1, 1], [0.5, 0.5, 2, 1], -40)
    assert edge[0] == pytest.approx(0.5 * 40, rel=1e-3)  # far tail: phi/Phi ~ |z|
    assert np.isnan(edge[1:3]).all() and edge[3] == 0.0


def test_normalized_change_on_a_scale_from_one() -> None:
    """Likert 1-5: the room to fall is pre - 1. 2->4: 2/3; 4->2: -2/3; 1->1 dropped; 3->3: 0."""
    pairs = pd.DataFrame(
        {"program_id": "P", "instrument": "I", "pre": [2, 4, 1, 3], "post": [4, 2, 1, 3]}
    )
    gains = normalized_gains(group_pairs(pairs), 5.0, 1.0)
    assert gains.normalized_change[0] == pytest.approx(0.0)
    assert gains.n_change_dropped[0] == 1
    assert gains.mean_individual_gain[0] == pytest.approx((2 / 3 - 2 + 0 + 0) / 4)
