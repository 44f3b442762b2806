"""The Hodges-Lehmann estimate of d = post - pre and its interval, as R's ``wilcox.test``, per
group, with exact Walsh-sum order statistics that stay fast at national scale."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from evaluasi.stats.groups import PairedGroups
from evaluasi.stats.wilcoxon import EXACT_MAX_N, signrank_cdf_table

# Candidate sets at most this large (or twice the group size) are sorted outright.
SORT_CANDIDATES_AT = 256
# Fixed seed: the pivots only decide how fast the selection runs, never what it returns.
PIVOT_SEED = 20240605
# Groups whose nonzero differences are all multiples of 10^-k, k <= HISTOGRAM_MAX_DECIMALS,
# within QUANTUM_TOLERANCE of the scaled value, have their Walsh sums counted (the histogram
# path). post - pre of decimal scores is off by about 1e-16 times the scores: 2e-10 of a
# difference of 0.001 between scores near 1000.
HISTOGRAM_MAX_DECIMALS = 6
QUANTUM_TOLERANCE = 1e-9
# Largest scaled difference: keeps the tolerance below 1/50 of a quantum, so that sums of
# different decimal values cannot be mistaken for one another.
HISTOGRAM_MAX_SCALED = 2**24
# Widest range of a group's scaled differences. Its FFTs then have at most 2^18 points, 2 MB
# per work array, so a batch of BATCH_CELLS still holds 16 groups and the counting step
# stays near 100 MB whatever the data (a row may not exceed a batch: 2^21 would be the hard
# limit). Admits differences spanning 131 points with three decimals, 13,107 with one.
HISTOGRAM_MAX_RANGE = 2**17 - 1
# Largest group on the histogram path: keeps the FFT's error in the pair counts below 0.05.
HISTOGRAM_MAX_N = 2**20
# Cells per batch of padded rows (sorting, FFTs): 32 MB per float64 work array.
BATCH_CELLS = 2**22


@dataclass(frozen=True)
class HodgesLehmann:
    """Per-group results of :func:`hodges_lehmann` (NaN where undefined).

    ``conf_level`` is the level R reports for the interval: the requested one, or the
    lower one R falls back to when a small sample cannot reach it; NaN where there is no
    interval (R reports 0 there). ``exact`` marks groups on R's exact branch.
    """

    estimate: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    conf_level: np.ndarray
    exact: np.ndarray


def hodges_lehmann(groups: PairedGroups, level: float = 0.95) -> HodgesLehmann:
    """Hodges-Lehmann estimate of the pseudo-median of d = post - pre and its interval.

    As R's ``wilcox.test(post - pre, conf.int = TRUE)`` (defaults exact = NULL, correct =
    TRUE; Hodges & Lehmann 1963; Bauer 1972, JASA 67:687; Hollander & Wolfe 1999, ch. 3).
    Zero differences are dropped; with n nonzero differences, the N = n(n + 1)/2 Walsh
    averages (d_i + d_j)/2, i <= j, sorted, are w_(1) <= ... <= w_(N).

    * Estimate: the median of the Walsh averages, on both branches.
    * Exact branch (n < 50, no ties in |d|, no zeros): qu = ``qsignrank((1 - level)/2, n)``
      (at least 1), interval (w_(qu), w_(N + 1 - qu)). Where the achieved alpha
      2 ``psignrank(qu - 1, n)`` exceeds 1.5 (1 - level), R lowers ``conf_level`` to
      1 - signif(achieved alpha, 2).
    * Otherwise R inverts the normal approximation of the signed-rank statistic V(mu) of
      d - mu, with tie and continuity correction: the limits are the roots of
      z(mu) = +-qnorm(1 - alpha/2) found by ``uniroot`` between min(d) and max(d), after
      doubling alpha until z(min d) and z(max d) straddle both quantiles (then
      ``conf_level`` = 1 - alpha, and when alpha reaches 1 both limits are median(d)).
      Between consecutive Walsh averages z(mu) is a constant, nonincreasing step function
      of V(mu) = #{w > mu} (Tukey's identity), with the tie correction of the repeated d
      values, so each root is the Walsh average where z steps across the quantile:
      w_(N + 1 - K), K the smallest count with z > quantile. These are the points R's
      ``uniroot`` converges to; with its default ``tol.root = 1e-4`` R stops within 1e-4 of
      them. R's estimate on this branch is the root of z(mu) without continuity correction,
      i.e. the median of the Walsh averages again; when N is even R may return any point
      between the two middle Walsh averages, where z is exactly 0. Walsh averages that
      differ only by rounding (0.7 - 0.3 and 0.1 + 0.3) are taken in floating-point order,
      or as the one decimal value they stand for on the histogram path below; R cannot
      separate them either, so a limit may differ from R's by such an ulp.
    * If every nonzero difference is equal, R gives no interval and that value as estimate;
      with no nonzero difference, everything is NaN.
    * Guard: every search here runs over integers (counts and ranks) and ends exactly; each
      limit of the normal-approximation branch is used only where z is checked to step
      across the quantile at the count found (``_first_count_above``), else the interval
      and ``conf_level`` are NaN.

    Order statistics of the Walsh averages are selected without forming all N of them, for
    every queried rank of every group at once; there is no loop over groups, only over
    batches of them, pivot rounds and binary-search steps.

    * Scores are whole numbers or have a few decimals, so most groups take the histogram
      path: if every nonzero d is a multiple of 10^-k (k <= 6, up to a relative 1e-9), the
      integers t = d 10^k span a range r <= 2^17 - 1 with r <= N, and n <= 2^20, the number
      of Walsh sums of each value follows from the histogram h of t as (h * h + h on the
      diagonal) / 2, with h * h from batched real FFTs (exact after rounding, see
      ``_pair_counts``), and each rank is read off the cumulative counts: O(n + r log r)
      per group. Its Walsh averages are the decimal values (t_i + t_j) / (2 10^k), rounded
      once, so they can differ from the floating-point (d_i + d_j)/2 R forms by an ulp
      (1.2e-14 at most in the timings below).
    * Every other group goes to random pivots (Monahan 1984, ACM TOMS 10:265, Algorithm
      616): the ranks are narrowed by random pivots, counting each pivot's rank with a
      binary search per row of the sorted matrix d_i + d_j, until at most max(256, 2n)
      candidates remain, which are sorted. Expected time O(n log^2 n) per group and memory
      O(n).

    Timings, one run each on a 2-core machine busy with other work (load about 3.4; numpy
    2.4), the former pivots-only code in brackets. 1,000 groups of 5,000 pairs: scores
    with one decimal 0.6 s (128 s), whole numbers 0.3 s (70 s), two decimals 1.1 s, three
    decimals 8 s (FFTs of 2^17 points); 100 groups of 50,000 one-decimal pairs 0.3 s
    (141 s); 50,000 groups of 10 two-decimal pairs, on the pivot path, 1.4 s (8.5 s).
    Unrounded differences still take the pivots: 50 groups of 5,000 pairs, 5 s (5.5 s).
    """
    n_groups = groups.n_groups
    d = groups.post - groups.pre
    nonzero = d != 0
    # The pairs come sorted by group, so sorting within groups leaves ``group`` as it is.
    group = groups.codes[nonzero]
    n = np.bincount(group, minlength=n_groups)
    x = _sort_within_groups(d[nonzero], n)
    start = np.cumsum(n) - n
    n_walsh = n * (n + 1) // 2

    # Ties in |d| only matter on the exact branch, so only its small groups are checked.
    small = (n >= 1) & (n <= EXACT_MAX_N)
    in_small = small[group]
    size_group = group[in_small]
    size = _sort_within_groups(np.abs(x[in_small]), n[small])
    tied = (size_group[1:] == size_group[:-1]) & (size[1:] == size[:-1])
    has_ties = np.bincount(size_group[1:][tied], minlength=n_groups) > 0
    has_zeros = groups.count(~nonzero) > 0
    exact = (n >= 1) & (n <= EXACT_MAX_N) & ~has_ties & ~has_zeros

    alpha = 1.0 - level
    conf_level = np.full(n_groups, level)
    k_low = np.zeros(n_groups, dtype=np.int64)
    k_high = np.zeros(n_groups, dtype=np.int64)
    if exact.any():
        # qu depends on n alone: one row of the table per size, not a copy per group.
        table = signrank_cdf_table()
        # R's qsignrank: the first q with P(V <= q) >= p, less a fuzz of 10 epsilon.
        qu = np.maximum(np.argmax(table >= alpha / 2 - 10 * np.finfo(np.float64).eps, axis=1), 1)
        achieved = 2.0 * table[np.arange(table.shape[0]), qu - 1]
        qu, achieved = qu[n[exact]], achieved[n[exact]]
        conf_level[exact] = np.where(achieved - alpha > alpha / 2, 1.0 - _signif2(achieved), level)
        k_low[exact] = qu
        k_high[exact] = n_walsh[exact] - qu + 1

    approx = (n >= 1) & ~exact
    shrunk, approx_alpha, k_lo_approx, k_hi_approx = _normal_limits(x, group, n, start, level)
    approx_ci = approx & ~np.isnan(approx_alpha)
    conf_level[approx] = np.where(
        approx_alpha >= 1.0,
        0.0,
        np.where(1.0 - level < approx_alpha * 0.75, 1.0 - approx_alpha, level),
    )[approx]
    conf_level[~(exact | approx_ci)] = np.nan
    k_low[approx_ci] = k_lo_approx[approx_ci]
    k_high[approx_ci] = k_hi_approx[approx_ci]

    present = np.flatnonzero(n >= 1)
    interval = np.flatnonzero(exact | (approx_ci & ~shrunk))
    query_group = np.concatenate([present, present, interval, interval])
    query_rank = np.concatenate(
        [
            (n_walsh[present] + 1) // 2,
            n_walsh[present] // 2 + 1,
            k_low[interval],
            k_high[interval],
        ]
    )
    walsh = _walsh_sum_order_statistics(x, start, n, query_group, query_rank) / 2.0
    parts = np.split(walsh, np.cumsum([present.size, present.size, interval.size]))
    estimate = np.full(n_groups, np.nan)
    estimate[present] = (parts[0] + parts[1]) / 2.0
    ci_low = np.full(n_groups, np.nan)
    ci_high = np.full(n_groups, np.nan)
    ci_low[interval], ci_high[interval] = parts[2], parts[3]
    fallback = approx_ci & shrunk
    first, size = start[fallback], n[fallback]
    ci_low[fallback] = ci_high[fallback] = (x[first + (size - 1) // 2] + x[first + size // 2]) / 2
    return HodgesLehmann(
        estimate=estimate, ci_low=ci_low, ci_high=ci_high, conf_level=conf_level, exact=exact
    )


def _signif2(values: np.ndarray) -> np.ndarray:
    """R's ``signif(values, 2)`` for the achieved levels 2^-k that arise here (0.125 -> 0.12)."""
    scale = 10.0 ** (1.0 - np.floor(np.log10(values)))
    return np.round(values * scale) / scale


def _normal_limits(
    x: np.ndarray, group: np.ndarray, n: np.ndarray, start: np.ndarray, level: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """R's normal-approximation interval as Walsh-average ranks, per group.

    ``x`` holds the nonzero differences sorted within groups. Returns ``shrunk`` (alpha
    reached 1: both limits are the median of x), the alpha R ends with (NaN when every x
    of the group is equal or there is none, or when z is not seen to cross a quantile at
    the count found for a limit) and the ranks of the lower and upper limit among the
    sorted Walsh averages.
    """
    n_groups = n.size
    nf = n.astype(np.float64)
    new_run = np.ones(x.size, dtype=bool)
    new_run[1:] = (group[1:] != group[:-1]) | (x[1:] != x[:-1])
    run_start = np.flatnonzero(new_run)
    run_length = np.diff(np.append(run_start, x.size)).astype(np.float64)
    run_group = group[run_start]
    run_ties = run_length**3 - run_length
    ties = np.bincount(run_group, weights=run_ties, minlength=n_groups)
    first_run = np.zeros(n_groups)
    last_run = np.zeros(n_groups)
    first_ties = np.zeros(n_groups)
    last_ties = np.zeros(n_groups)
    if run_start.size:
        is_first = run_start == start[run_group]
        is_last = np.append(run_group[1:] != run_group[:-1], True)
        first_run[run_group[is_first]] = run_length[is_first]
        first_ties[run_group[is_first]] = run_ties[is_first]
        last_run[run_group[is_last]] = run_length[is_last]
        last_ties[run_group[is_last]] = run_ties[is_last]

    with np.errstate(invalid="ignore", divide="ignore"):
        # z at mu = min(x): the copies of the minimum become zeros and are dropped, every
        # other difference is positive; at mu = max(x) every remaining one is negative.
        above_min = nf - first_run
        z_at_min = _z_score(above_min * (above_min + 1.0) / 2.0, above_min, ties - first_ties)
        z_at_max = _z_score(np.zeros(n_groups), nf - last_run, ties - last_ties)
    alpha = np.full(n_groups, 1.0 - level)
    usable = (n >= 1) & np.isfinite(z_at_min) & np.isfinite(z_at_max)
    alpha[~usable] = np.nan
    while True:
        with np.errstate(invalid="ignore"):
            widen = usable & (
                (z_at_min < -special.ndtri(alpha / 2)) | (z_at_max > special.ndtri(alpha / 2))
            )
        if not widen.any():
            break
        alpha[widen] *= 2.0
    shrunk = usable & (alpha >= 1.0)
    n_walsh = n * (n + 1) // 2
    count_low, crossed_low = _first_count_above(-special.ndtri(alpha / 2), nf, ties, n_walsh)
    count_high, crossed_high = _first_count_above(special.ndtri(alpha / 2), nf, ties, n_walsh)
    k_low = n_walsh + 1 - count_low
    k_high = n_walsh + 1 - count_high
    alpha[usable & ~shrunk & ~(crossed_low & crossed_high)] = np.nan
    return (
        shrunk,
        alpha,
        np.clip(k_low, 1, np.maximum(n_walsh, 1)),
        np.clip(k_high, 1, np.maximum(n_walsh, 1)),
    )


def _z_score(v: np.ndarray, m: np.ndarray, ties: np.ndarray) -> np.ndarray:
    """R's continuity-corrected z of the signed-rank sum ``v`` of ``m`` values, R's order."""
    z = v - m * (m + 1.0) / 4.0
    sigma = np.sqrt(m * (m + 1.0) * (2.0 * m + 1.0) / 24.0 - ties / 48.0)
    return (z - 0.5 * np.sign(z)) / sigma


def _first_count_above(
    quantile: np.ndarray, n: np.ndarray, ties: np.ndarray, n_walsh: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Smallest count v in 0..N with z(v) > quantile (N + 1 if none), by bisection; and
    whether z crosses the quantile there: v <= N, z(v) > quantile and, unless v = 0,
    z(v - 1) <= quantile.

    The bisection halves an integer range, so it ends after at most log2(N) + 1 steps; the
    crossing is checked afterwards rather than taken from it, so that a count z does not
    step across (NaN quantile or z) is never used as a limit.
    """
    low = np.zeros(n.size, dtype=np.int64)
    high = n_walsh + 1
    with np.errstate(invalid="ignore", divide="ignore"):
        while (low < high).any():
            mid = (low + high) // 2
            above = _z_score(mid.astype(np.float64), n, ties) > quantile
            open_ = low < high
            high = np.where(open_ & above, mid, high)
            low = np.where(open_ & ~above, mid + 1, low)
        at = _z_score(low.astype(np.float64), n, ties) > quantile
        before = _z_score((low - 1).astype(np.float64), n, ties) <= quantile
    crossed = (low <= n_walsh) & at & ((low == 0) | before)
    return low, crossed


def _sort_within_groups(values: np.ndarray, n: np.ndarray) -> np.ndarray:
    """``values``, consecutive groups of sizes ``n``, sorted within each group.

    Each group becomes a row padded with +inf to a power-of-two width, and batches of rows
    of one width are sorted at once, so no call is made per group.
    """
    result = np.empty_like(values)
    start = np.cumsum(n) - n
    for batch, elements in _row_batches(np.where(n > 0, _power_of_two_at_least(n), 0), n):
        width = _power_of_two_at_least(n[batch[0]])
        cell = elements + np.repeat(np.arange(batch.size) * width - start[batch], n[batch])
        rows = np.full(batch.size * width, np.inf)
        rows[cell] = values[elements]
        rows.reshape(batch.size, width).sort(axis=1)
        result[elements] = rows[cell]
    return result


def _power_of_two_at_least(m: ArrayLike) -> np.ndarray:
    """The smallest power of two >= m, for integers m >= 1 (below 2^53)."""
    return np.left_shift(1, np.frexp(np.asarray(m, dtype=np.float64) - 1)[1]).astype(np.int64)


def _row_batches(width: np.ndarray, n: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Batches of groups, one row of ``width`` cells each, for consecutive groups of sizes ``n``.

    Groups of width 0 are left out. Each batch holds groups of one width, in increasing
    group order, and at most BATCH_CELLS cells (or a single row, if wider). Yields the
    groups of the batch and the positions of their elements, group after group.
    """
    start = np.cumsum(n) - n
    order = np.flatnonzero(width > 0)
    order = order[np.argsort(width[order], kind="stable")]
    row_width = width[order]
    run_first = np.flatnonzero(np.append(True, row_width[1:] != row_width[:-1]))
    run_length = np.diff(np.append(run_first, order.size))
    in_run = np.arange(order.size) - np.repeat(run_first, run_length)
    cut = np.flatnonzero(in_run % np.maximum(BATCH_CELLS // row_width, 1) == 0)
    sizes = n[order]
    offset = np.cumsum(sizes) - sizes
    elements = np.arange(sizes.sum()) + np.repeat(start[order] - offset, sizes)
    bounds = np.append(cut, order.size)
    element_bounds = np.append(offset[cut], elements.size)
    for b in range(cut.size):
        yield (
            order[bounds[b] : bounds[b + 1]],
            elements[element_bounds[b] : element_bounds[b + 1]],
        )


def _walsh_sum_order_statistics(
    x: np.ndarray,
    start: np.ndarray,
    n: np.ndarray,
    query_group: np.ndarray,
    query_rank: np.ndarray,
) -> np.ndarray:
    """The ``query_rank``-th smallest (1-based) sum x_i + x_j, i <= j, within ``query_group``.

    ``x`` is sorted within each group g = x[start[g] : start[g] + n[g]]. Groups that
    :func:`_quantise` admits are counted out by :func:`_select_by_histogram` from their
    distinct values and how often each occurs; every other group goes to
    :func:`_select_by_pivots`.
    """
    result = np.full(query_group.size, np.nan)
    distinct = np.ones(x.size, dtype=bool)
    distinct[1:] = x[1:] != x[:-1]
    distinct[start[n > 0]] = True
    seen = np.append(0, np.cumsum(distinct))
    n_distinct = seen[start + n] - seen[start]
    first = np.flatnonzero(distinct)
    decimals, scaled = _quantise(x[first], n_distinct, n)
    counted = decimals[query_group] >= 0
    result[counted] = _select_by_histogram(
        scaled,
        np.diff(np.append(first, x.size)),
        n_distinct,
        decimals,
        query_group[counted],
        query_rank[counted],
    )
    result[~counted] = _select_by_pivots(x, start, n, query_group[~counted], query_rank[~counted])
    return result


def _quantise(
    values: np.ndarray, n_values: np.ndarray, n: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per group, the decimals k of the histogram path (-1: pivots); per value, value 10^k.

    ``values`` are a group's distinct nonzero differences in increasing order, ``n_values``
    of them for a group of ``n``. A group qualifies with the smallest
    k <= HISTOGRAM_MAX_DECIMALS for which every value times 10^k is within
    QUANTUM_TOLERANCE (relative) of a nonzero integer of magnitude at most
    HISTOGRAM_MAX_SCALED, if n <= HISTOGRAM_MAX_N and the range of those integers is at most
    HISTOGRAM_MAX_RANGE and at most n(n + 1)/2, the number of Walsh sums (for a sparser
    histogram the pivots are the cheaper way). ``scaled`` holds the integers of qualifying
    groups, 0 elsewhere.
    """
    n_groups = n.size
    group = np.repeat(np.arange(n_groups), n_values)
    decimals = np.full(n_groups, -1)
    scaled = np.zeros(values.size, dtype=np.int64)
    present = np.flatnonzero(n_values >= 1)
    first = np.cumsum(n_values)[present] - n_values[present]
    last = first + n_values[present] - 1
    spread = np.zeros(n_groups)
    spread[present] = values[last] - values[first]
    max_range = np.minimum(HISTOGRAM_MAX_RANGE, n * (n + 1) // 2)
    open_ = (n_values >= 1) & (n <= HISTOGRAM_MAX_N)
    for k in range(HISTOGRAM_MAX_DECIMALS + 1):
        # The scaled range only grows with k. Admitted values lie within 1/50 of their
        # integers, so the margin of 1/2 makes this the bound on the integer range.
        open_ &= spread * 10.0**k <= max_range + 0.5
        if not open_.any():
            break
        rows = np.flatnonzero(open_[group])
        value = values[rows] * 10.0**k
        nearest = np.rint(value)
        error = np.abs(value - nearest)
        magnitude = np.abs(value, out=value)
        off = (error > QUANTUM_TOLERANCE * magnitude) | (magnitude > HISTOGRAM_MAX_SCALED)
        missed = np.bincount(group[rows[off]], minlength=n_groups) > 0
        fits = open_ & ~missed
        taken = fits[group[rows]]
        scaled[rows[taken]] = nearest[taken]
        decimals[fits] = k
        open_ &= missed
    return decimals, scaled


def _select_by_histogram(
    scaled: np.ndarray,
    weight: np.ndarray,
    n_values: np.ndarray,
    decimals: np.ndarray,
    query_group: np.ndarray,
    query_rank: np.ndarray,
) -> np.ndarray:
    """:func:`_walsh_sum_order_statistics` for groups of integers t = x 10^k, by counting.

    ``scaled`` holds each group's distinct t in increasing order (``n_values`` of them),
    ``weight`` how often each occurs. With t - min(t) in 0..r and h their histogram, the
    number of pairs i <= j with sum s (of t - min t) is (c(s) + h(s/2) [s even]) / 2,
    c = h * h the self-convolution; the cumulative counts give every order statistic at
    once: the smallest s whose count reaches the rank. c comes from a real FFT of length
    L >= 2r + 1 (a power of two), for batches of groups with equal L (:func:`_pair_counts`).
    The sum returned is (s + 2 min t) / 10^k, the decimal value rounded once, which can
    differ from the floating-point x_i + x_j that R adds by an ulp or so (by at most the
    QUANTUM_TOLERANCE the x were admitted with). Memory: four work arrays of at most
    BATCH_CELLS cells.
    """
    n_groups = n_values.size
    result = np.empty(query_group.size)
    counted = np.unique(query_group)
    first = np.cumsum(n_values) - n_values
    low = np.zeros(n_groups, dtype=np.int64)
    length = np.zeros(n_groups, dtype=np.int64)
    low[counted] = scaled[first[counted]]
    span = scaled[first[counted] + n_values[counted] - 1] - low[counted]
    length[counted] = _power_of_two_at_least(2 * span + 1)
    row_of = np.zeros(n_groups, dtype=np.int64)
    for batch, elements in _row_batches(length, n_values):
        width = length[batch[0]]
        cell = scaled[elements] + np.repeat(
            np.arange(batch.size) * width - low[batch], n_values[batch]
        )
        hist = np.bincount(cell, weights=weight[elements], minlength=batch.size * width)
        cumulative = np.cumsum(_pair_counts(hist.reshape(batch.size, width)), axis=1)
        # One global binary search: shifting row r by r (largest total + 1) sorts all rows.
        step = cumulative[:, -1].max() + 1
        cumulative += np.arange(batch.size)[:, None] * step
        row_of[batch] = np.arange(batch.size)
        in_batch = np.zeros(n_groups, dtype=bool)
        in_batch[batch] = True
        queries = np.flatnonzero(in_batch[query_group])
        q_group, q_row = query_group[queries], row_of[query_group[queries]]
        cell = np.searchsorted(cumulative.ravel(), q_row * step + query_rank[queries])
        total = cell - q_row * width + 2 * low[q_group]
        result[queries] = total / 10.0 ** decimals[q_group]
    return result


def _pair_counts(hist: np.ndarray) -> np.ndarray:
    """Per row of ``hist`` (counts of t = 0..r, row length L >= 2r + 1), how many pairs
    i <= j have t_i + t_j = s, for s = 0..L - 1; exact for at most HISTOGRAM_MAX_N values.

    The self-convolution c = h * h is IFFT(FFT(h)^2) rounded to integers. Rounding error:
    c(s) <= n^2 for n values, and by Higham (2002, Accuracy and Stability of Numerical
    Algorithms, 2nd ed., thm 24.2) a length-L FFT is off by at most eps_L ||y||_2 with
    eps_L ~ log2(L) eta, eta = u + gamma_4 (sqrt 2 + u) ~ 6.7 u, u = 2^-53. Carrying this
    through FFT, squaring (|FFT h| <= ||h||_1 = n) and inverse FFT (||c||_2 <= n ||h||_2)
    bounds every entry's error by about (3 eps_L + u) n ||h||_2 <= (3 eps_L + u) n^2: for
    L <= 2^18 and n <= 2^20 below 0.05, far from the 0.5 that rounding tolerates. (The
    theorem is for the radix-2 FFT; numpy's pocketfft uses radix-4 and -2 steps with
    bounds of the same form.)
    """
    length = hist.shape[1]
    spectrum = np.fft.rfft(hist, axis=1)
    spectrum *= spectrum
    counts = np.rint(np.fft.irfft(spectrum, n=length, axis=1)).astype(np.int64)
    # c counts ordered pairs; the pairs i = j, on the diagonal, are added once more to halve.
    counts[:, ::2] += hist[:, : (length + 1) // 2].astype(np.int64)
    counts //= 2
    return counts


def _select_by_pivots(
    x: np.ndarray,
    start: np.ndarray,
    n: np.ndarray,
    query_group: np.ndarray,
    query_rank: np.ndarray,
) -> np.ndarray:
    """:func:`_walsh_sum_order_statistics` for any group, by random pivots.

    ``x`` is sorted within each group g = x[start[g] : start[g] + n[g]], so row i of the
    matrix x_i + x_j (j >= i) is sorted. Each query keeps a window [left, right) of
    candidate columns per row; a random candidate is the pivot, a binary search per row
    counts the sums below and at most the pivot, and the windows shrink to the side that
    holds the wanted rank, until the pivot is it or few candidates remain to be sorted.
    """
    n_queries = query_group.size
    result = np.full(n_queries, np.nan)
    if n_queries == 0:
        return result
    rng = np.random.default_rng(PIVOT_SEED)
    rank = query_rank.astype(np.int64)
    rows = n[query_group]
    row_query = np.repeat(np.arange(n_queries), rows)
    first_row = np.cumsum(rows) - rows
    row_i = start[query_group][row_query] + np.arange(row_query.size) - first_row[row_query]
    left = row_i.copy()
    right = (start + n)[query_group][row_query]
    sort_at = np.maximum(SORT_CANDIDATES_AT, 2 * rows)

    while row_query.size:
        width = right - left
        count = np.bincount(row_query, weights=width, minlength=n_queries).astype(np.int64)
        small = (count > 0) & (count <= sort_at)
        if small.any():
            taken = small[row_query]
            rows_taken = (a[taken] for a in (row_query, row_i, left, right))
            result[small] = _select_by_sorting(x, *rows_taken, rank[small])
            row_query, row_i, left, right = (a[~taken] for a in (row_query, row_i, left, right))
            if not row_query.size:
                break
            width = right - left

        first = np.flatnonzero(np.append(True, row_query[1:] != row_query[:-1]))
        active = row_query[first]
        ends = np.cumsum(width)
        target = ends[first] - width[first] + rng.integers(0, count[active])
        pivot_row = np.searchsorted(ends, target, side="right")
        pivot_col = left[pivot_row] + target - (ends[pivot_row] - width[pivot_row])
        pivot = np.zeros(n_queries)
        pivot[active] = x[row_i[pivot_row]] + x[pivot_col]

        below, at_most = _row_counts(x, row_i, left, right, pivot[row_query])
        n_below = np.bincount(row_query, weights=below - left, minlength=n_queries)
        n_at_most = np.bincount(row_query, weights=at_most - left, minlength=n_queries)
        n_below, n_at_most = n_below.astype(np.int64), n_at_most.astype(np.int64)
        lower = np.zeros(n_queries, dtype=bool)
        higher = np.zeros(n_queries, dtype=bool)
        lower[active] = rank[active] <= n_below[active]
        higher[active] = rank[active] > n_at_most[active]
        found = np.zeros(n_queries, dtype=bool)
        found[active] = ~lower[active] & ~higher[active]
        result[found] = pivot[found]
        right = np.where(lower[row_query], below, right)
        left = np.where(higher[row_query], at_most, left)
        rank[higher] -= n_at_most[higher]
        keep = ~found[row_query] & (left < right)
        row_query, row_i, left, right = (a[keep] for a in (row_query, row_i, left, right))
    return result


def _row_counts(
    x: np.ndarray, row_i: np.ndarray, left: np.ndarray, right: np.ndarray, pivot: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the first column in [left, right) whose sum is >= pivot, and > pivot."""
    xi = x[row_i]
    last = x.size - 1
    bounds = []
    for strict in (True, False):
        low, high = left.copy(), right.copy()
        for _ in range(int((right - left).max(initial=0)).bit_length()):
            open_ = low < high
            mid = np.minimum((low + high) // 2, last)
            sums = xi + x[mid]
            before = (sums < pivot) if strict else (sums <= pivot)
            low = np.where(open_ & before, mid + 1, low)
            high = np.where(open_ & ~before, mid, high)
        bounds.append(low)
    return bounds[0], bounds[1]


def _select_by_sorting(
    x: np.ndarray,
    row_query: np.ndarray,
    row_i: np.ndarray,
    left: np.ndarray,
    right: np.ndarray,
    rank: np.ndarray,
) -> np.ndarray:
    """Form every candidate sum of the rows and pick each query's ``rank``-th smallest.

    ``rank`` is given per query present in ``row_query``, in increasing query order. The
    queries are taken in batches of about BATCH_CELLS candidates, which bounds the memory
    when there are many small groups.
    """
    width = right - left
    first_row = np.flatnonzero(np.append(True, row_query[1:] != row_query[:-1]))
    before = (np.cumsum(width) - width)[first_row]
    first_query = np.unique(before // BATCH_CELLS, return_index=True)[1]
    query_bounds = np.append(first_query, first_row.size)
    row_bounds = np.append(first_row[first_query], row_query.size)
    result = np.empty(first_row.size)
    for b in range(first_query.size):
        rows = slice(row_bounds[b], row_bounds[b + 1])
        queries = slice(query_bounds[b], query_bounds[b + 1])
        owner = np.repeat(np.arange(row_bounds[b], row_bounds[b + 1]), width[rows])
        offsets = np.arange(owner.size) - np.repeat(
            np.cumsum(width[rows]) - width[rows], width[rows]
        )
        count = np.unique(row_query[owner], return_counts=True)[1]
        # The rows come in query order, so the sums are already grouped by query.
        sums = _sort_within_groups(x[row_i[owner]] + x[left[owner] + offsets], count)
        result[queries] = sums[np.cumsum(count) - count + rank[queries] - 1]
    return result
