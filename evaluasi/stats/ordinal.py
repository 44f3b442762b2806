"""Ordinal instruments per programme x instrument: transition tables, sign, marginal-homogeneity
and signed-rank tests on category positions, all groups in one pass."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special

from evaluasi.stats.groups import KEY_COLUMNS, group_pairs
from evaluasi.stats.notes import NOTE_CODES, join_notes
from evaluasi.stats.wilcoxon import signed_rank_test

ORDINAL_COLUMNS: tuple[str, ...] = (
    "n_paired",
    "n_categories",
    "transition",
    "pct_improved",
    "pct_unchanged",
    "pct_declined",
    "sign_test_p",
    "stuart_maxwell_stat",
    "stuart_maxwell_df",
    "stuart_maxwell_p",
    "bhapkar_stat",
    "bhapkar_p",
    "wilcoxon_v",
    "wilcoxon_p",
    "notes",
)

CATEGORY_NOTE_CODES: dict[str, str] = {
    "incomplete_pairs_dropped": NOTE_CODES["incomplete_pairs_dropped"],
    "unknown_category_count": (
        "The number of categories of the instrument is unknown (or below 2), so no score could "
        "be read as a category and every statistic is empty."
    ),
    "invalid_category_dropped": (
        "Some scores were not a category of the instrument (a whole number from 1 to its number "
        "of categories) and were left out of every statistic."
    ),
    "no_pairs": "No complete pair with valid categories, so every statistic is empty.",
    "all_differences_zero": (
        "No participant changed category, so the sign test, the McNemar tests, the "
        "marginal-homogeneity tests and the Wilcoxon test are empty."
    ),
    "categories_without_change_dropped": (
        "Some categories were used only by participants who stayed in them; they say nothing "
        "about change and were left out of the Stuart-Maxwell and Bhapkar tests, whose degrees "
        "of freedom are lower accordingly."
    ),
    "categories_never_exchange": (
        "The categories fall into sets between which no participant moved, so the covariance "
        "of the marginal differences is singular and the Stuart-Maxwell and Bhapkar tests are "
        "empty."
    ),
    "bhapkar_singular": (
        "Nobody stayed in their category and every move is exactly one step in the same "
        "direction on some common ordering of the categories (for example, everyone made the "
        "same move), so the covariance estimate of the Bhapkar test is singular and the test is "
        "empty."
    ),
}


@dataclass(frozen=True)
class CategoryPairs:
    """Complete pairs whose scores are valid category positions, as 0-based category indices.

    ``keys`` has one row per (program_id, instrument) present, sorted; ``codes`` gives each kept
    pair's row in ``keys``. ``n_categories`` is 0 for groups whose category count is unknown.
    """

    keys: pd.DataFrame
    codes: np.ndarray
    pre: np.ndarray
    post: np.ndarray
    n: np.ndarray
    n_categories: np.ndarray
    n_dropped: np.ndarray
    n_invalid: np.ndarray

    @property
    def n_groups(self) -> int:
        return len(self.keys)

    def count(self, mask: np.ndarray) -> np.ndarray:
        """Per-group number of kept pairs where ``mask`` is true."""
        return np.bincount(self.codes[mask], minlength=self.n_groups)


def _declared_categories(
    keys: pd.DataFrame, n_categories: Mapping[tuple[str, str], int] | int
) -> np.ndarray:
    """Each group's number of categories: a whole number >= 2, else 0 (unknown)."""
    if isinstance(n_categories, int):
        declared = np.full(len(keys), float(n_categories))
    elif len(n_categories) == 0 or len(keys) == 0:
        declared = np.zeros(len(keys))
    else:
        lookup = pd.Series(
            list(n_categories.values()),
            index=pd.MultiIndex.from_tuples(list(n_categories), names=list(KEY_COLUMNS)),
            dtype=object,
        )
        declared = pd.to_numeric(
            lookup.reindex(pd.MultiIndex.from_frame(keys)), errors="coerce"
        ).to_numpy(dtype=np.float64, na_value=np.nan)
    valid = np.isfinite(declared) & (declared == np.floor(declared)) & (declared >= 2)
    return np.where(valid, declared, 0).astype(np.int64)


def category_pairs(
    pairs: pd.DataFrame, n_categories: Mapping[tuple[str, str], int] | int
) -> CategoryPairs:
    """Group ``pairs`` as :func:`~evaluasi.stats.groups.group_pairs` does and keep the complete
    pairs whose pre and post are whole numbers from 1 to the group's number of categories
    (``n_categories``: per (program_id, instrument), or one count for every group)."""
    groups = group_pairs(pairs)
    k = _declared_categories(groups.keys, n_categories)
    limit = k[groups.codes]
    valid = limit > 0
    for score in (groups.pre, groups.post):
        valid &= (score == np.floor(score)) & (score >= 1) & (score <= limit)
    codes = groups.codes[valid]
    return CategoryPairs(
        keys=groups.keys,
        codes=codes,
        pre=groups.pre[valid].astype(np.int64) - 1,
        post=groups.post[valid].astype(np.int64) - 1,
        n=np.bincount(codes, minlength=groups.n_groups),
        n_categories=k,
        n_dropped=groups.n_dropped,
        n_invalid=np.bincount(groups.codes[~valid & (limit > 0)], minlength=groups.n_groups),
    )


def transition_tables(categories: CategoryPairs) -> np.ndarray:
    """Pre-by-post counts per group, shape (groups, m, m) with m the highest category used
    anywhere (at least 1): entry [g, i, j] counts group g's pairs from category i + 1 to j + 1."""
    m = int(max(categories.pre.max(initial=0), categories.post.max(initial=0))) + 1
    flat = (categories.codes * m + categories.pre) * m + categories.post
    counts = np.bincount(flat, minlength=categories.n_groups * m * m)
    return counts.reshape(categories.n_groups, m, m).astype(np.float64)


def _transition_json(table: np.ndarray, n_categories: int) -> str | None:
    if n_categories == 0:
        return None
    full = np.zeros((n_categories, n_categories), dtype=np.int64)
    size = min(n_categories, table.shape[0])
    full[:size, :size] = table[:size, :size]
    return json.dumps(full.tolist(), separators=(",", ":"))


@dataclass(frozen=True)
class MarginalHomogeneity:
    """Per-group results of :func:`marginal_homogeneity` (NaN where undefined)."""

    stuart_maxwell_stat: np.ndarray
    stuart_maxwell_df: np.ndarray
    stuart_maxwell_p: np.ndarray
    bhapkar_stat: np.ndarray
    bhapkar_p: np.ndarray
    categories_dropped: np.ndarray
    never_exchange: np.ndarray
    bhapkar_singular: np.ndarray


def marginal_homogeneity(tables: np.ndarray) -> MarginalHomogeneity:
    """Stuart-Maxwell and Bhapkar tests of marginal homogeneity of square count tables (g, m, m).

    With n_ij the pairs from category i (pre) to j (post), d_i = n_i+ - n_+i and the conditional
    covariance V_ii = n_i+ + n_+i - 2 n_ii, V_ij = -(n_ij + n_ji), over all categories but one:

    * Stuart (1955), Maxwell (1970): X2_SM = d' V^-1 d, chi-square with K - 1 df;
    * Bhapkar (1966), the Wald statistic with the unconditional covariance V - d d'/n:
      X2_B = X2_SM / (1 - X2_SM / n) (Agresti 2013, Categorical Data Analysis, 3rd ed., 11.3).

    Convention for sparse tables. A category that no participant entered or left (never used,
    or used only on the diagonal) has d_i = 0 and a zero row in V, so it is left out and K counts
    only the categories with some change; ``categories_dropped`` flags groups where a used
    category was left out this way (never-used categories are simply absent). V is then the
    Laplacian of the graph of categories joined by moves, so it is invertible exactly when that
    graph is connected; otherwise (``never_exchange``) both tests are NaN, as when nobody changed
    category. n in X2_B counts all pairs. Bhapkar's covariance n V_B = n V - d d' is singular
    exactly when X2_SM = n, i.e. when no pair is on the diagonal and some scores b on the
    categories make every move i -> j satisfy b_i - b_j = 1 (e.g. all pairs in one cell); that
    gives NaN with ``bhapkar_singular``. Otherwise 1 - X2_SM / n >= 1 / (K n) (a cycle of
    inconsistent moves leaves least-squares residuals summing to at least 1), so the test
    ``1 - X2_SM / n < 1 / (2 K n)`` separates the cases far above rounding error.

    R: for a table without dropped categories this is the textbook base-R computation
    ``d <- (rowSums(x) - colSums(x))[-k]; S <- -(x + t(x)); diag(S) <- rowSums(x) + colSums(x)
    - 2 * diag(x); X2 <- t(d) %*% solve(S[-k, -k], d)``, equal to
    ``DescTools::StuartMaxwellTest(x)`` when no category has equal margins (the DescTools
    source we read drops every such category, which changes the statistic) and to
    ``contingencytables::Stuart_test_paired_cxc`` / ``Bhapkar_test_paired_cxc``. Published
    checks: Stuart's vision data X2_SM = 11.96 (df 3); Fagerland, Lydersen & Laake (2017,
    Statistical Analysis of Contingency Tables, ch. 9) Peterson data, X2_SM = 26.250 and
    X2_B = 27.304 (df 3).

    Vectorised: connectivity by repeated squaring of the boolean adjacency matrices, then one
    batched ``numpy.linalg.solve`` over every group (identity rows stand in for the category
    left out and for untestable groups).
    """
    n_groups, m, _ = tables.shape
    eye = np.eye(m, dtype=bool)
    off = np.where(eye, 0.0, tables)
    exchange = off + off.transpose(0, 2, 1)
    degree = exchange.sum(axis=2)
    used = (tables.sum(axis=2) + tables.sum(axis=1)) > 0
    kept = degree > 0
    n_kept = kept.sum(axis=1)
    reference = m - 1 - np.argmax(kept[:, ::-1], axis=1)

    reach = (exchange > 0) | eye
    for _ in range(int(np.ceil(np.log2(max(m, 2))))):
        reach = np.matmul(reach.astype(np.float64), reach.astype(np.float64)) > 0
    from_reference = reach[np.arange(n_groups), reference]
    connected = np.all(from_reference | ~kept, axis=1)
    testable = (n_kept >= 2) & connected

    in_system = kept & (np.arange(m) != reference[:, None]) & testable[:, None]
    covariance = np.where(eye, degree[:, :, None], -exchange)
    covariance = np.where(in_system[:, :, None] & in_system[:, None, :], covariance, 0.0)
    covariance = covariance + (eye & ~in_system[:, :, None])
    d = np.where(in_system, tables.sum(axis=2) - tables.sum(axis=1), 0.0)
    solution = np.linalg.solve(covariance, d[..., None])[..., 0]

    n = tables.sum(axis=(1, 2))
    with np.errstate(invalid="ignore", divide="ignore"):
        stat = np.where(testable, np.sum(d * solution, axis=1), np.nan)
        singular_bhapkar = testable & (1.0 - stat / n < 0.5 / (n_kept * n))
        df = np.where(testable, n_kept - 1.0, np.nan)
        bhapkar = np.where(singular_bhapkar, np.nan, stat / (1.0 - stat / n))
        p = special.chdtrc(df, stat)
        bhapkar_p = special.chdtrc(df, bhapkar)
    return MarginalHomogeneity(
        stuart_maxwell_stat=stat,
        stuart_maxwell_df=df,
        stuart_maxwell_p=p,
        bhapkar_stat=bhapkar,
        bhapkar_p=bhapkar_p,
        categories_dropped=(n_kept >= 2) & np.any(used & ~kept, axis=1),
        never_exchange=(n_kept >= 2) & ~connected,
        bhapkar_singular=singular_bhapkar,
    )


def sign_test(n_up: np.ndarray, n_down: np.ndarray) -> np.ndarray:
    """Exact two-sided sign test: p = min(1, 2 P(X <= min(n_up, n_down))), X ~ Bin(n_up +
    n_down, 1/2), ties (unchanged pairs) dropped; NaN when n_up + n_down = 0.

    R: ``binom.test(n_up, n_up + n_down)$p.value`` (for p = 1/2 R's two-sided rule, which sums
    the outcomes no more likely than the observed one, is exactly twice the smaller tail).
    """
    total = n_up + n_down
    with np.errstate(invalid="ignore"):
        p = np.minimum(1.0, 2.0 * special.bdtr(np.minimum(n_up, n_down), total, 0.5))
    return np.where(total > 0, p, np.nan)


def ordinal_statistics(
    pairs: pd.DataFrame, n_categories: Mapping[tuple[str, str], int]
) -> pd.DataFrame:
    """Transition table and paired tests for ordinal instruments, per programme x instrument.

    ``pairs`` has columns program_id, instrument, pre, post with scores as 1-based category
    positions in ascending order (1 = lowest); ``n_categories`` maps (program_id, instrument)
    to the instrument's number of categories K. Pairs count when both scores are whole numbers
    from 1 to K. Returns one row per (program_id, instrument) present, sorted, with
    ``KEY_COLUMNS`` followed by ``ORDINAL_COLUMNS``:

    * n_paired (pairs used), n_categories (K, 0 when unknown);
    * transition: the K x K table of counts, rows = pre category, columns = post category, as
      compact JSON (``"[[3,1],[0,2]]"``; R: ``table(factor(pre, 1:K), factor(post, 1:K))``),
      missing when K is unknown;
    * pct_improved / pct_unchanged / pct_declined: 100 * share of post > pre, =, <;
    * sign_test_p: exact two-sided sign test on improved vs declined (:func:`sign_test`,
      ``binom.test(n_up, n_up + n_down)``);
    * stuart_maxwell_stat/df/p, bhapkar_stat/p: marginal homogeneity
      (:func:`marginal_homogeneity`);
    * wilcoxon_v, wilcoxon_p: signed-rank test of the category differences post - pre,
      ``wilcox.test(post, pre, paired = TRUE)`` (ties are the rule here, so the p-value is
      almost always the tie-corrected normal approximation);
    * notes: ``;``-separated codes from ``CATEGORY_NOTE_CODES`` explaining empty values.

    Never raises for data reasons (unknown K, invalid scores, empty or unchanged groups give
    NaN plus a note); raises ValueError only when a required column is missing.

    >>> pairs = pd.DataFrame({"program_id": "P1", "instrument": "sikap",
    ...                       "pre": [1, 1, 2, 2, 3, 1], "post": [2, 3, 2, 3, 3, 2]})
    >>> row = ordinal_statistics(pairs, {("P1", "sikap"): 3}).iloc[0]
    >>> row["transition"], float(row["pct_improved"]), float(row["stuart_maxwell_stat"])
    ('[[0,2,1],[0,1,1],[0,0,1]]', 66.66666666666667, 3.6)
    """
    categories = category_pairs(pairs, n_categories)
    n_groups = categories.n_groups
    n = categories.n
    d = categories.post - categories.pre
    n_up, n_same, n_down = (categories.count(mask) for mask in (d > 0, d == 0, d < 0))
    tables = transition_tables(categories)
    homogeneity = marginal_homogeneity(tables)
    wilcoxon = signed_rank_test(d.astype(np.float64), categories.codes, n_groups)

    with np.errstate(invalid="ignore", divide="ignore"):
        pct_improved, pct_unchanged, pct_declined = (
            100.0 * count / n for count in (n_up, n_same, n_down)
        )
    columns = {
        "n_paired": n.astype(np.int64),
        "n_categories": categories.n_categories,
        "transition": [
            _transition_json(table, k)
            for table, k in zip(tables, categories.n_categories, strict=True)
        ],
        "pct_improved": pct_improved,
        "pct_unchanged": pct_unchanged,
        "pct_declined": pct_declined,
        "sign_test_p": sign_test(n_up, n_down),
        "stuart_maxwell_stat": homogeneity.stuart_maxwell_stat,
        "stuart_maxwell_df": homogeneity.stuart_maxwell_df,
        "stuart_maxwell_p": homogeneity.stuart_maxwell_p,
        "bhapkar_stat": homogeneity.bhapkar_stat,
        "bhapkar_p": homogeneity.bhapkar_p,
        "wilcoxon_v": wilcoxon.v,
        "wilcoxon_p": wilcoxon.p_value,
        "notes": join_notes(
            {
                "incomplete_pairs_dropped": categories.n_dropped > 0,
                "unknown_category_count": categories.n_categories == 0,
                "invalid_category_dropped": categories.n_invalid > 0,
                "no_pairs": (categories.n_categories > 0) & (n == 0),
                "all_differences_zero": (n > 0) & (n_same == n),
                "categories_without_change_dropped": homogeneity.categories_dropped,
                "categories_never_exchange": homogeneity.never_exchange,
                "bhapkar_singular": homogeneity.bhapkar_singular,
            },
            n_groups,
            CATEGORY_NOTE_CODES,
        ),
    }
    statistics = pd.DataFrame({name: columns[name] for name in ORDINAL_COLUMNS})
    statistics["notes"] = statistics["notes"].astype("str")
    return pd.concat([categories.keys, statistics], axis=1)
