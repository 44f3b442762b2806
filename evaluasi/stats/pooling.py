"""Random-effects pooling of programme effects per pool, and empirical-Bayes shrunken effects."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from evaluasi.stats.notes import join_notes

EFFECT = "yi"
VARIANCE = "vi"
LEVEL = 0.95

POOLING_COLUMNS: tuple[str, ...] = (
    "k",
    "pooled_estimate",
    "pooled_se",
    "pooled_ci_low",
    "pooled_ci_high",
    "pooled_p",
    "tau2",
    "q",
    "q_df",
    "q_p",
    "i2",
    "pi_low",
    "pi_high",
    "pooled_notes",
)

SHRUNK_COLUMNS: tuple[str, ...] = (
    "shrunk_estimate",
    "shrunk_se",
    "shrunk_ci_low",
    "shrunk_ci_high",
)

POOLING_NOTE_CODES: dict[str, str] = {
    "effects_dropped": (
        "Some programmes of the pool had no finite effect or no finite, positive sampling "
        "variance and were left out of the pooling and of the shrunken effects."
    ),
    "no_programmes": (
        "No programme of the pool has a usable effect and sampling variance, so every pooled "
        "statistic is empty."
    ),
    "single_programme": (
        "Only one programme: the pooled effect is its own effect, the between-programme "
        "variance tau2 is 0 by convention, and the heterogeneity test Q and I2 are empty."
    ),
    "too_few_programmes_for_prediction": (
        "Fewer than 3 programmes, so the prediction interval for a new programme (a t "
        "interval with k - 2 degrees of freedom) is empty."
    ),
    "tau2_not_converged": (
        "The REML estimate of the between-programme variance tau2 did not converge, so tau2, "
        "I2, the pooled effect with its interval and p-value, the prediction interval and "
        "the shrunken effects are empty; Cochran's Q is still reported."
    ),
}

# The search for tau2 (see _reml_tau2) stops once a step changes it by less than RELATIVE_STEP
# of itself, once the score is zero up to its rounding error SCORE_ROUNDING (the data in double
# precision pin tau2 down no further), or at 0; heading below ZERO_SHARE of the smallest vi it
# goes to 0. One step changes tau2 by at most a factor exp(MAX_LOG_STEP). Pools still searching
# after MAX_ITERATIONS get tau2_not_converged.
RELATIVE_STEP = 1e-12
SCORE_ROUNDING = 16 * np.finfo(np.float64).eps
ZERO_SHARE = 1e-10
MAX_LOG_STEP = np.log(1e6)
MAX_ITERATIONS = 100
# Where the search stops, its tau2 is checked (see _verified): a tau2 > 0 must have the score
# change sign, up to its rounding, between tau2 (1 - VERIFY_STEP) and tau2 (1 + VERIFY_STEP).
VERIFY_STEP = 1e-9
# After the search, every pool's score is scanned (see _interior_maxima) on a grid of
# GRID_PER_DECADE points per decade of tau2 for the sign changes that bracket its maxima, at
# most GRID_ROWS copied rows at a time to bound the memory.
GRID_PER_DECADE = 10
GRID_ROWS = 2**20


def _require(frame: pd.DataFrame, columns: list[str], name: str) -> None:
    """Raise ValueError naming the ``columns`` that ``frame`` (called ``name``) lacks."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} is missing columns: {missing}")


def _code_rows(effects: pd.DataFrame, keys: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """Keys of every pool (sorted) and each row's pool number (-1 for a row without a key)."""
    if not keys:
        raise ValueError("keys must name at least one column that defines the pools")
    _require(effects, [*keys, EFFECT, VARIANCE], "effects")
    grouped = effects.groupby(keys, sort=True, observed=True, dropna=True)
    pool_keys = grouped.size().index.to_frame(index=False)
    codes = grouped.ngroup().to_numpy(dtype=np.float64, na_value=np.nan)
    return pool_keys, np.where(np.isnan(codes), -1, codes).astype(np.int64)


def _usable(effects: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """yi and vi as floats, and whether the row can be pooled (both finite, vi > 0)."""
    y, v = (
        pd.to_numeric(effects[c], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
        for c in (EFFECT, VARIANCE)
    )
    return y, v, np.isfinite(y) & np.isfinite(v) & (v > 0)


@dataclass(frozen=True)
class _Pools:
    """Which pool (0 .. size - 1) each usable row belongs to, and per pool one ``top`` row,
    the one with the smallest vi and so the largest weight 1 / (vi + tau2) at any tau2."""

    codes: np.ndarray
    top: np.ndarray
    size: int

    @classmethod
    def of(cls, codes: np.ndarray, v: np.ndarray, size: int) -> _Pools:
        order = np.lexsort((v, codes))
        first = np.ones(codes.size, dtype=bool)
        first[1:] = codes[order][1:] != codes[order][:-1]
        top = np.zeros(codes.size, dtype=bool)
        top[order[first]] = True
        return cls(codes, top, size)

    def subset(self, rows: np.ndarray) -> _Pools:
        return _Pools(self.codes[rows], self.top[rows], self.size)

    def total(self, values: np.ndarray) -> np.ndarray:
        """Per-pool sums of ``values``."""
        return np.bincount(self.codes, weights=values, minlength=self.size)

    def others(self, values: np.ndarray) -> np.ndarray:
        """Per row, the sum of the positive ``values`` over the other rows of its pool.

        Summed directly for the top row; by subtraction for the rest, which loses at most a
        factor k of precision when their values are at most the top row's.
        """
        subtracted = self.total(values)[self.codes] - values
        rest = self.total(np.where(self.top, 0.0, values))[self.codes]
        return np.where(self.top, rest, subtracted)


@dataclass(frozen=True)
class _Fit:
    """The intercept-only random-effects model of every pool at a given tau2."""

    mu: np.ndarray
    sum_w: np.ndarray
    trace_p: np.ndarray
    score: np.ndarray
    score_rounding: np.ndarray
    information: np.ndarray
    curvature: np.ndarray
    loglik: np.ndarray


def _restricted_fit(pools: _Pools, y: np.ndarray, v: np.ndarray, tau2: np.ndarray) -> _Fit:
    """Each pool's weighted mean mu, sum(W) and restricted log-likelihood (without its
    constant) at ``tau2``, W = 1 / (vi + tau2), with its derivatives in tau2.

    With S = sum(W), P = W - W 1 1' W / S and r = y - mu, so that P y = W r:
    tr(P) = sum(W_i c_i) / S with c_i = sum_{j != i} W_j, tr(PP) = (sum((W_i c_i)^2) +
    sum(W_i^2 d_i)) / S^2 with d_i = sum_{j != i} W_j^2, y' P P y = sum(W^2 r^2) and
    y' P P P y = sum(W (W r - m)^2), m = sum(W^2 r) / S: sums of positive terms, which stay
    accurate when one weight dominates (unlike sum(W) - sum(W^2) / S). The score is
    (y' P P y - tr(P)) / 2, the expected information tr(PP) / 2 (their ratio is metafor's
    Fisher-scoring step) and the curvature (second derivative) tr(PP) / 2 - y' P P P y.
    ``y`` should be centred near each pool's mean, so that r is computed accurately.
    """
    w = 1.0 / (v + tau2[pools.codes])
    w2 = w * w
    sum_w = pools.total(w)
    with np.errstate(invalid="ignore", divide="ignore"):
        mu = pools.total(w * y) / sum_w
        r = y - mu[pools.codes]
        trace_p = pools.total(w * pools.others(w)) / sum_w
        trace_pp = pools.total((w * pools.others(w)) ** 2 + w2 * pools.others(w2)) / sum_w**2
        m = pools.total(w2 * r) / sum_w
        yppy = pools.total(w2 * r * r)
        ypppy = pools.total(w * (w * r - m[pools.codes]) ** 2)
        log_det = pools.total(np.log(v + tau2[pools.codes])) + np.log(sum_w)
        return _Fit(
            mu=mu,
            sum_w=sum_w,
            trace_p=trace_p,
            score=0.5 * (yppy - trace_p),
            score_rounding=SCORE_ROUNDING * (yppy + trace_p),
            information=0.5 * trace_pp,
            curvature=0.5 * trace_pp - ypppy,
            loglik=-0.5 * (log_det + pools.total(w * r * r)),
        )


def _reml_tau2(
    pools: _Pools, y: np.ndarray, v: np.ndarray, k: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """REML tau2 per pool, all pools at once; and whether the search converged.

    Like metafor, the search starts from the Hedges (method-of-moments) estimate; when that
    is 0, from metafor's first Fisher-scoring step away from 0, or not at all (tau2 = 0)
    when the restricted likelihood does not rise from 0 (see :func:`_search`). As metafor's
    ``ll0check``, tau2 = 0 wherever the likelihood is higher there than at the point found.
    Then every pool whose search converged, and every pool left at 0 although 0 is no
    maximum, is scanned by :func:`_interior_maxima` between ZERO_SHARE of the smallest vi
    and :func:`_no_maximum_above` for a higher maximum, which replaces tau2 where found.
    Pools with k = 1 get tau2 = 0, pools with k = 0 NaN.

    Guard: a tau2 is returned, and counted as converged, only where the search stopped
    within MAX_ITERATIONS and :func:`_verified` confirms the stopping point, or where the
    restart inside finds a maximum that :func:`_is_root` confirms; elsewhere NaN.
    """
    at_zero = _restricted_fit(pools, y, v, np.zeros_like(k))
    smallest_v = np.full_like(k, np.inf)
    smallest_v[pools.codes[pools.top]] = v[pools.top]
    with np.errstate(invalid="ignore", divide="ignore"):
        ybar = pools.total(y) / k
        spread = pools.total((y - ybar[pools.codes]) ** 2)
        hedges = (spread - (1.0 - 1.0 / k) * pools.total(v)) / (k - 1)
        first_step = at_zero.score / at_zero.information
    rises = at_zero.score > at_zero.score_rounding
    start = np.where(k >= 2, np.where(hedges > 0, hedges, np.where(rises, first_step, 0.0)), 0.0)
    floor = ZERO_SHARE * smallest_v
    found, active = _search(
        pools, y, v, start, np.zeros_like(k), np.full_like(k, np.inf), floor, rises
    )
    loglik = _restricted_fit(pools, y, v, found).loglik
    tau2 = np.where(at_zero.loglik > loglik + 1e-12 * np.abs(loglik), 0.0, found)
    near_zero = _restricted_fit(pools, y, v, floor)
    converged = ~active & ((k == 0) | _verified(pools, y, v, tau2, at_zero, near_zero))
    # Every converged pool is scanned for a higher maximum, up to a tau2 above which the
    # likelihood only falls (_no_maximum_above), and so is every pool left at 0 where 0 is
    # no maximum.
    retry = ~active & (k >= 2) & (converged | (tau2 == 0))
    if retry.any():
        # Where tau2 > 0 it is the point found, whose likelihood is known.
        reference = np.where(tau2 > 0, loglik, at_zero.loglik)
        top = _no_maximum_above(pools, y, v, k)
        interior = _interior_maxima(pools, y, v, retry, floor, top, reference)
        better = retry & np.isfinite(interior)
        tau2 = np.where(better, interior, tau2)
        converged |= better
    return np.where(converged & (k > 0), tau2, np.nan), converged


def _search(
    pools: _Pools,
    y: np.ndarray,
    v: np.ndarray,
    tau2: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    floor: np.ndarray,
    rises: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Search every pool whose start ``tau2`` is > 0 for a root of the score; returns where
    each stopped and whether it is still searching.

    The search looks for the zero of the score in u = log(tau2) by safeguarded Newton steps
    (Press et al., Numerical Recipes, ``rtsafe``): a Newton step in u where the likelihood is
    concave in u, else a Fisher-scoring step in u of at least a factor 10 in tau2; a step
    that leaves the bracket between the largest tau2 known to have a positive score
    (``low``) and the smallest known to have a negative one (``high``) bisects the bracket
    (geometrically) instead. Plain Fisher scoring in tau2 (metafor's) converges linearly,
    and very slowly when the sampling variances span orders of magnitude; steps in
    log(tau2) cross such ranges quickly. A search heading down ends at 0 where metafor's
    Fisher step would leave [0, inf) and the score at 0 is not positive either (not
    ``rises``), or once it falls below ``floor``. Given a bracket with both ends > 0 and
    finite, ``floor`` no higher than its lower end and ``rises``, the search never leaves
    it. Each iteration uses only the rows of pools still searching.
    """
    active = tau2 > 0
    for _ in range(MAX_ITERATIONS):
        rows = active[pools.codes]
        if not rows.any():
            break
        fit = _restricted_fit(pools.subset(rows), y[rows], v[rows], tau2)
        uphill = fit.score > 0
        low = np.where(active & uphill, tau2, low)
        high = np.where(active & ~uphill, tau2, high)
        # First and second derivatives of the restricted log-likelihood in u = log(tau2).
        slope = tau2 * fit.score
        bend = slope + tau2 * tau2 * fit.curvature
        with np.errstate(invalid="ignore", divide="ignore"):
            fisher = fit.score / (tau2 * fit.information)
            log_step = np.where(
                bend < 0,
                -slope / bend,
                np.sign(fit.score) * np.maximum(np.abs(fisher), np.log(10.0)),
            )
            proposal = tau2 * np.exp(np.clip(log_step, -MAX_LOG_STEP, MAX_LOG_STEP))
            # Steps go the way the score points, so a proposal outside the bracket has passed
            # a point already tried, and both ends of the bracket are positive and finite.
            inside = (proposal > low) & (proposal < high)
            proposal = np.where(inside, proposal, np.sqrt(low * high))
        # fisher tau2 is metafor's Fisher step: at or below -tau2 it would leave [0, inf).
        at_root = np.abs(fit.score) <= fit.score_rounding
        to_zero = ~at_root & ~uphill & ((~rises & (fisher <= -1.0)) | (proposal < floor))
        settled = (
            at_root
            | to_zero
            | (np.abs(proposal - tau2) <= RELATIVE_STEP * proposal)
            | (np.isfinite(high) & (high - low <= RELATIVE_STEP * high))
        )
        new = np.where(to_zero, 0.0, np.where(at_root, tau2, proposal))
        tau2 = np.where(active, new, tau2)
        active &= ~settled
    return tau2, active


def _no_maximum_above(pools: _Pools, y: np.ndarray, v: np.ndarray, k: np.ndarray) -> np.ndarray:
    """A tau2 T per pool (k >= 2) above which the restricted score S is negative, so every
    maximum of the likelihood lies below it: T = max(10 max(vi), 3 R^2), R the range of yi.

    With w_i = 1 / (vi + tau2), 2 S = sum(w^2 (y - mu)^2) - sum(w) (1 - sum(w^2) / sum(w)^2).
    For tau2 >= 10 max(vi) the weights are within a factor 1.1 of each other, so
    sum(w^2) / sum(w)^2 <= max(w) / sum(w) <= 1.1 / 2.1 and sum(w) >= k / (1.1 tau2): the
    second term is at least 0.43 k / tau2, while the first is at most k R^2 / tau2^2 (mu lies
    within the range), smaller once tau2 > R^2 / 0.43, which 3 R^2 is.
    """
    largest_v = np.zeros(pools.size)
    highest, lowest = np.full(pools.size, -np.inf), np.full(pools.size, np.inf)
    np.maximum.at(largest_v, pools.codes, v)
    np.maximum.at(highest, pools.codes, y)
    np.minimum.at(lowest, pools.codes, y)
    with np.errstate(invalid="ignore"):
        top = np.maximum(10.0 * largest_v, 3.0 * (highest - lowest) ** 2)
    return np.where(k >= 2, top, np.nan)


def _interior_maxima(
    pools: _Pools,
    y: np.ndarray,
    v: np.ndarray,
    stuck: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    reference: np.ndarray,
) -> np.ndarray:
    """For each ``stuck`` pool, the highest verified maximum of the restricted likelihood
    in (``low``, ``high``] that is not lower than at 0 (as in the ``ll0check``); NaN
    elsewhere and where there is none.

    The score S is evaluated on a geometric grid from ``low`` to ``high`` with at least
    GRID_PER_DECADE points per decade; every step where S > 0 turns into S <= 0 brackets a
    maximum, and :func:`_search` started at the bracket's geometric middle solves it without
    leaving it. Where S(low) > 0 and S(high) <= 0 there is at least one such bracket, and
    the lowest maximum above 0 is higher than at 0 (the likelihood rises all the way to
    it). Of two maxima closer together than the grid's spacing, one can be missed. The grid
    points (in blocks of at most GRID_ROWS rows) and the brackets of all pools are evaluated
    together, each as a pool of its own.
    """
    which = np.flatnonzero(stuck & (high > low))
    best = np.full(stuck.size, np.nan)
    if which.size == 0:
        return best
    span = np.log(high[which] / low[which])
    steps = int(np.ceil(GRID_PER_DECADE * span.max() / np.log(10.0))) + 1
    grid = low[which, None] * np.exp(span[:, None] * np.linspace(0.0, 1.0, steps))
    score = np.empty_like(grid)
    rows = np.bincount(pools.codes, minlength=pools.size)[which].sum()
    block = max(1, GRID_ROWS // rows)
    for begin in range(0, steps, block):
        columns = slice(begin, min(begin + block, steps))
        width = columns.stop - begin
        on_grid = _copies(pools, y, v, np.repeat(which, width))
        fit = _restricted_fit(*on_grid, grid[:, columns].ravel())
        score[:, columns] = fit.score.reshape(which.size, width)
    pool_of, at = np.nonzero((score[:, :-1] > 0) & (score[:, 1:] <= 0))
    left, right = grid[pool_of, at], grid[pool_of, at + 1]
    brackets = _copies(pools, y, v, which[pool_of])
    roots, searching = _search(
        *brackets,
        np.sqrt(left * right),
        left,
        right,
        np.zeros_like(left),
        np.ones(left.size, dtype=bool),
    )
    loglik = _restricted_fit(*brackets, roots).loglik
    owner = which[pool_of]
    usable = (
        ~searching
        & _is_root(*brackets, roots)
        & ~(reference[owner] > loglik + 1e-12 * np.abs(loglik))
    )
    order = np.lexsort((-loglik, ~usable, owner))
    first = np.ones(order.size, dtype=bool)
    first[1:] = owner[order][1:] != owner[order][:-1]
    chosen = order[first & usable[order]]
    best[owner[chosen]] = roots[chosen]
    return best


def _copies(
    pools: _Pools, y: np.ndarray, v: np.ndarray, parents: np.ndarray
) -> tuple[_Pools, np.ndarray, np.ndarray]:
    """Pools 0 .. parents.size - 1 (with their y and v), pool j a copy of pool parents[j].

    The rows keep their order, so each copy's sums equal its parent's to the last bit.
    """
    order = np.argsort(pools.codes, kind="stable")
    counts = np.bincount(pools.codes, minlength=pools.size)
    lengths = counts[parents]
    ends = np.cumsum(lengths)
    within = np.arange(ends[-1] if ends.size else 0) - np.repeat(ends - lengths, lengths)
    rows = order[np.repeat(np.cumsum(counts)[parents] - lengths, lengths) + within]
    codes = np.repeat(np.arange(parents.size), lengths)
    return _Pools.of(codes, v[rows], parents.size), y[rows], v[rows]


def _is_root(pools: _Pools, y: np.ndarray, v: np.ndarray, tau2: np.ndarray) -> np.ndarray:
    """Whether the score S changes sign, up to its rounding r, within a relative VERIFY_STEP
    of each tau2 > 0: S(tau2 (1 - VERIFY_STEP)) >= -r and S(tau2 (1 + VERIFY_STEP)) <= r, so
    the likelihood rises into tau2 and falls after it. False for tau2 <= 0 and NaN."""
    with np.errstate(invalid="ignore"):
        below = _restricted_fit(pools, y, v, tau2 * (1.0 - VERIFY_STEP))
        above = _restricted_fit(pools, y, v, tau2 * (1.0 + VERIFY_STEP))
        return (
            (tau2 > 0)
            & (below.score >= -below.score_rounding)
            & (above.score <= above.score_rounding)
        )


def _verified(
    pools: _Pools, y: np.ndarray, v: np.ndarray, tau2: np.ndarray, at_zero: _Fit, near_zero: _Fit
) -> np.ndarray:
    """Whether each pool's tau2 is a point the REML search converged to, by the score S.

    tau2 > 0: a root of S, bracketed (:func:`_is_root`). tau2 = 0: the maximum on the
    boundary, S(0) <= r with r the rounding error of S (the likelihood does not rise from
    0), or S(ZERO_SHARE min(vi)) <= r (``near_zero``: any root lies below the precision at
    which the search sends tau2 to 0). False for NaN.
    """
    boundary = (tau2 == 0) & (
        (at_zero.score <= at_zero.score_rounding) | (near_zero.score <= near_zero.score_rounding)
    )
    return _is_root(pools, y, v, tau2) | boundary


def pool_effects(effects: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Random-effects meta-analysis (REML) of the programme effects within each pool.

    ``effects`` has one row per programme with the columns ``keys`` (which define the pools),
    ``yi`` (an effect estimate) and ``vi`` (its sampling variance). Rows whose yi or vi is not
    a finite number, or whose vi <= 0, are ignored (``effects_dropped``); rows with a missing
    key belong to no pool. Returns one row per pool, sorted by ``keys``, with the key columns
    followed by ``POOLING_COLUMNS``. With k usable programmes in the pool, w_i = 1 / vi and
    W_i = 1 / (vi + tau2):

    * k: the number of programmes pooled.
    * tau2: the between-programme variance, REML (Viechtbauer 2005, J Educ Behav Stat
      30:261-293): the maximum over tau2 >= 0 of the restricted likelihood. It is found from
      metafor's starting value by safeguarded Newton steps in log(tau2) to a relative
      precision of 1e-12 (or as far as rounding allows), and 0 wherever the likelihood is
      higher at 0 (metafor's ``ll0check``). The likelihood can have more than one maximum,
      and a local search (metafor's Fisher scoring too) can stop at a lower one, or at 0
      (metafor warns "Fisher scoring algorithm may have gotten stuck at a local maximum").
      So every pool is then scanned: the derivative on a grid of 10 points per decade from
      1e-10 of the smallest vi up to max(10 max(vi), 3 range(yi)^2), above which it is
      negative; each change of sign from rising to falling is solved by the same steps kept
      within its bracket, and tau2 is the highest maximum found (0 where none is higher than
      at 0). This is the value metafor finds when started near it (``control =
      list(tau2.init = ...)``); it differs from metafor's default only where metafor stops at
      a lower maximum. Two maxima closer together than the grid's spacing can be taken for
      one. tau2 = 0 is reported only where 0 is a maximum: the derivative at 0 is not
      positive, or no longer positive at 1e-10 of the smallest vi. k = 1: tau2 = 0. A tau2
      that was not converged to is empty, with ``tau2_not_converged``: a search still moving
      after 100 steps, a tau2 > 0 where the derivative does not change sign within a
      relative 1e-9 of it, or a pool where the likelihood rises from 0 and no maximum inside
      is found.
    * pooled_estimate mu = sum(W y) / sum(W), pooled_se = 1 / sqrt(sum(W)); pooled_ci_low,
      pooled_ci_high = mu -/+ z_{0.975} se and pooled_p = 2 P(Z > |mu / se|), the normal
      (Wald) interval and test of metafor's default ``test = "z"``. k = 1: yi and sqrt(vi).
    * q: Cochran's Q = sum w (y - mu_FE)^2 with mu_FE = sum(w y) / sum(w); q_df = k - 1;
      q_p = P(chi2_{k-1} > Q). Empty for k < 2.
    * i2 (percent): 100 tau2 / (tau2 + s2) with the "typical" within-programme variance
      s2 = (k - 1) sum(w) / (sum(w)^2 - sum(w^2)) (Higgins & Thompson 2002, Stat Med
      21:1539-1558, eq. 9; computed as (k - 1) / tr(P) at tau2 = 0, without cancellation),
      metafor's definition for random-effects models; equal to
      (Q - (k - 1)) / Q only for the DerSimonian-Laird tau2. Empty for k < 2.
    * pi_low, pi_high: the 95% prediction interval for the true effect of a new programme,
      mu -/+ t_{0.975, k-2} sqrt(tau2 + se^2) (Higgins, Thompson & Spiegelhalter 2009, J R
      Stat Soc A 172:137-159; IntHout et al. 2016, BMJ Open 6:e010247). metafor's
      ``predict(fit)`` uses z instead of t by default; t_{k-2} is used here on purpose, as
      it reflects that tau2 is estimated from few programmes. Empty for k < 3.
    * pooled_notes: ``;``-separated codes from ``POOLING_NOTE_CODES`` explaining each empty
      value.

    Agrees with R's ``metafor::rma(yi, vi, method = "REML")`` (metafor 3.8) run with a tight
    convergence threshold (its default stops once tau2 changes by less than 1e-5), and with
    ``I2``, ``QE``, ``QEp`` of that fit. Never raises for data reasons; raises ValueError
    when ``keys`` is empty or a column is missing. All pools are fitted at once: each
    iteration of the tau2 search updates every pool still searching from per-pool sums
    (``np.bincount``), and sums stay accurate when effects lie far from 0 or one programme's
    weight dominates.

    >>> effects = pd.DataFrame({
    ...     "instrument": ["test"] * 4 + ["survey"],
    ...     "yi": [0.42, 0.10, 0.75, 0.31, 0.2], "vi": [0.02, 0.03, 0.05, 0.01, 0.04]})
    >>> pooled = pool_effects(effects, ["instrument"])
    >>> print(pooled[["instrument", "k", "pooled_estimate", "tau2", "i2", "pi_low"]].round(4))
      instrument  k  pooled_estimate    tau2       i2  pi_low
    0     survey  1           0.2000  0.0000      NaN     NaN
    1       test  4           0.3592  0.0147  39.6578 -0.3073
    >>> print(pooled["pooled_notes"].tolist())
    ['single_programme;too_few_programmes_for_prediction', '']
    """
    pool_keys, codes = _code_rows(effects, keys)
    y_all, v_all, usable_all = _usable(effects)
    usable = usable_all & (codes >= 0)
    size = len(pool_keys)
    y, v = y_all[usable], v_all[usable]
    pools = _Pools.of(codes[usable], v, size)

    k = pools.total(np.ones_like(y))
    fixed = _restricted_fit(pools, y, v, np.zeros(size))
    # Effects centred on their pool's fixed-effect mean keep the residuals y - mu accurate to
    # their own size however far from 0 the effects lie; Q is then a plain weighted sum.
    centred = y - fixed.mu[pools.codes]
    tau2, converged = _reml_tau2(pools, centred, v, k)
    fit = _restricted_fit(pools, centred, v, tau2)
    mu = fixed.mu + fit.mu
    with np.errstate(invalid="ignore", divide="ignore"):
        se = np.where(k >= 1, 1.0 / np.sqrt(fit.sum_w), np.nan)
        z = stats.norm.isf((1.0 - LEVEL) / 2.0)
        q = pools.total(centred**2 / v)
        q_df = np.where(k >= 2, k - 1, np.nan)
        typical_v = q_df / fixed.trace_p
        t = stats.t.isf((1.0 - LEVEL) / 2.0, np.where(k >= 3, k - 2, np.nan))
        half_width = t * np.sqrt(tau2 + se**2)
    columns: dict[str, np.ndarray] = {
        "k": k.astype(np.int64),
        "pooled_estimate": mu,
        "pooled_se": se,
        "pooled_ci_low": mu - z * se,
        "pooled_ci_high": mu + z * se,
        "pooled_p": 2.0 * stats.norm.sf(np.abs(mu / se)),
        "tau2": tau2,
        "q": np.where(k >= 2, q, np.nan),
        "q_df": q_df,
        "q_p": stats.chi2.sf(q, q_df),
        "i2": 100.0 * tau2 / (tau2 + typical_v),
        "pi_low": mu - half_width,
        "pi_high": mu + half_width,
    }
    all_rows = np.bincount(codes[codes >= 0], minlength=size)
    columns["pooled_notes"] = join_notes(
        {
            "effects_dropped": all_rows > k,
            "no_programmes": k == 0,
            "single_programme": k == 1,
            "too_few_programmes_for_prediction": (k >= 1) & (k < 3),
            "tau2_not_converged": ~converged,
        },
        size,
        POOLING_NOTE_CODES,
    )
    pooled = pd.DataFrame({name: columns[name] for name in POOLING_COLUMNS})
    pooled["pooled_notes"] = pooled["pooled_notes"].astype("str")
    return pd.concat([pool_keys, pooled], axis=1)


def shrink_effects(effects: pd.DataFrame, pooled: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Empirical-Bayes (shrunken) effect of every programme, for ranking programmes fairly.

    ``effects`` is the input of :func:`pool_effects` and ``pooled`` its result for the same
    ``keys``. Each programme's effect is pulled towards its pool's mean mu in proportion to
    how noisy it is, so a small programme with a lucky estimate cannot top a ranking. With
    lambda = tau2 / (tau2 + vi) and se_mu the pooled_se:

    * shrunk_estimate = mu + lambda (yi - mu) = lambda yi + (1 - lambda) mu, the best linear
      unbiased prediction of the programme's true effect (Raudenbush & Bryk 2002,
      Hierarchical Linear Models, 2nd ed., ch. 3-4; Robinson 1991, Stat Sci 6:15-32).
    * shrunk_se = sqrt(lambda vi + (1 - lambda)^2 se_mu^2), which adds the uncertainty of mu;
      shrunk_ci_low, shrunk_ci_high = shrunk_estimate -/+ z_{0.975} shrunk_se.

    Agrees with R's ``metafor::blup(rma(yi, vi, method = "REML"))`` (``pred``, ``se``,
    ``pi.lb``, ``pi.ub``). When tau2 = 0 every programme gets the pooled estimate and its
    standard error. Returns ``effects`` with ``SHRUNK_COLUMNS`` added, rows in the same order;
    NaN for rows ignored by the pooling, without a pool in ``pooled``, or whose pool's tau2
    is empty. Raises ValueError when a column is missing or ``pooled`` repeats a pool.

    >>> effects = pd.DataFrame({
    ...     "instrument": "test", "yi": [0.42, 0.10, 0.75, 0.31], "vi": [0.02, 0.03, 0.05, 0.01]})
    >>> shrunk = shrink_effects(effects, pool_effects(effects, ["instrument"]), ["instrument"])
    >>> print(shrunk[["yi", "shrunk_estimate", "shrunk_se"]].round(4))
         yi  shrunk_estimate  shrunk_se
    0  0.42           0.3849     0.1075
    1  0.10           0.2741     0.1186
    2  0.75           0.4478     0.1301
    3  0.31           0.3299     0.0865
    """
    _require(effects, [*keys, EFFECT, VARIANCE], "effects")
    _require(pooled, [*keys, "pooled_estimate", "pooled_se", "tau2"], "pooled")
    if pooled.duplicated(keys).any():
        raise ValueError(f"pooled has more than one row for some pools of {keys}")
    y, v, usable = _usable(effects)
    pool_of_row = effects[keys].merge(
        pooled[[*keys, "pooled_estimate", "pooled_se", "tau2"]], on=keys, how="left"
    )
    mu, se_mu, tau2 = (
        pool_of_row[c].to_numpy(dtype=np.float64, na_value=np.nan)
        for c in ("pooled_estimate", "pooled_se", "tau2")
    )
    known = usable & effects[keys].notna().all(axis=1).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        share = tau2 / (tau2 + v)
        estimate = np.where(known, mu + share * (y - mu), np.nan)
        se = np.where(known, np.sqrt(share * v + (1.0 - share) ** 2 * se_mu**2), np.nan)
    z = stats.norm.isf((1.0 - LEVEL) / 2.0)
    return effects.assign(
        shrunk_estimate=estimate,
        shrunk_se=se,
        shrunk_ci_low=estimate - z * se,
        shrunk_ci_high=estimate + z * se,
    )
