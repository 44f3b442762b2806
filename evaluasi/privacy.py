"""Small-group suppression: no statistic about fewer than MIN_GROUP people is published, and no
withheld count can be recovered from what is published beside it.

Two levels. A programme x instrument's *result* (its counts of people, its change with CI and
p, its verdict and the shares of pairs that improved, stayed the same and declined) describes
all its pairs; it is published when there are at least MIN_GROUP of them
(`suppress_small_groups`), and it is applied before the portfolio adjustments, so that the
published p-values are exactly the ones the Holm and Benjamini-Hochberg adjustments were
computed over.

The *category tables* of ordinal and pass/fail instruments break those pairs down: the
transition table (category before x category after) and its margins (how many were in each
category before, and after: the bars, the pass rates). A cell or margin of 1 to MIN_GROUP - 1
people is withheld, and so are complementary cells and margins, chosen by `cell_suppression`
until no withheld count follows from the published ones, the number of pairs, the shares that
improved, stayed and declined, and the middle categories. Counts that those always-published
facts determine are published as they are (the numbers who passed after failing and who failed
after passing, on a pass/fail instrument). Tests computed from the cells themselves are
withheld when a cell they depend on is: Stuart-Maxwell and Bhapkar when an off-diagonal cell
is, the Wilcoxon test of an ordinal instrument when the numbers at each distance of change are
not all determined, and the Newcombe interval of the change in pass rate when a concordant cell
is.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from evaluasi.cell_suppression import Table, protect, recoverable
from evaluasi.stats.notes import add_note

MIN_GROUP = 5
SUPPRESSED = "suppressed_small_group"
SMALL_CELLS = "suppressed_small_cells"
# Tests withheld because they would give back withheld cells.
CELL_TESTS_WITHHELD = "cell_tests_withheld"

# The binary cells of results.csv in the order of a 2 x 2 table: row = before (fail, pass),
# column = after (fail, pass).
BINARY_CELLS = ("n_ff", "n_fp", "n_pf", "n_pp")
MARGIN_COLUMNS = ["pre_counts", "post_counts"]
MEDIAN_COLUMNS = ["pre_median_category", "post_median_category"]
PASS_RATE_COLUMNS = ["pass_rate_pre", "pass_rate_post"]
CATEGORY_TABLE_COLUMNS = [*MARGIN_COLUMNS, *MEDIAN_COLUMNS, *PASS_RATE_COLUMNS]
MARGINAL_HOMOGENEITY = [
    "stuart_maxwell_stat",
    "stuart_maxwell_df",
    "stuart_maxwell_p",
    "bhapkar_stat",
    "bhapkar_p",
]
WILCOXON = ["wilcoxon_v", "wilcoxon_p"]
NEWCOMBE = ["prop_diff_ci_low", "prop_diff_ci_high"]


def suppress_small_groups(results: pd.DataFrame, statistics: list[str]) -> pd.DataFrame:
    """Blank `statistics` on rows with fewer than MIN_GROUP pairs and say so in `notes`."""
    small = results["n_paired"].fillna(0) < MIN_GROUP
    out = results.copy()
    out.loc[small, statistics] = float("nan")
    out["notes"] = add_note(out["notes"], small, SUPPRESSED)
    return out


@dataclass(frozen=True)
class CategoryRelease:
    """What may be published of one category table (NaN where withheld)."""

    cells: np.ndarray  # K x K, before x after
    pre_counts: np.ndarray  # K
    post_counts: np.ndarray  # K
    pre_median: int  # 1-based category
    post_median: int
    marginal_tests_withheld: bool
    wilcoxon_withheld: bool
    newcombe_withheld: bool

    @property
    def anything_withheld(self) -> bool:
        return bool(
            np.isnan(self.cells).any()
            or np.isnan(self.pre_counts).any()
            or np.isnan(self.post_counts).any()
        )


def lower_median(counts: np.ndarray) -> int:
    """The 1-based category of the lower median (R's `quantile(type = 1)` at 0.5): the first
    category at which the cumulative count reaches half of all."""
    total = counts.sum()
    return int(np.searchsorted(np.cumsum(counts), math.ceil(total / 2))) + 1


def release_categories(table: np.ndarray, ordinal: bool) -> CategoryRelease:
    """Withhold the cells and margins of `table` (K x K counts, before x after) as the module
    docstring says; `ordinal` adds the middle categories to what is published."""
    counts = np.asarray(table, dtype=np.float64)
    k = counts.shape[0]
    model = _category_model(counts, ordinal)
    values = model.values
    primary = (values > 0) & (values < MIN_GROUP)
    withheld = protect(model, primary, counts.ravel())
    cells = np.where(withheld[: k * k], np.nan, values[: k * k]).reshape(k, k)
    pre = np.where(withheld[k * k : k * k + k], np.nan, values[k * k : k * k + k])
    post = np.where(withheld[k * k + k :], np.nan, values[k * k + k :])
    off_diagonal = ~np.eye(k, dtype=bool)
    return CategoryRelease(
        cells=cells,
        pre_counts=pre,
        post_counts=post,
        pre_median=lower_median(counts.sum(axis=1)),
        post_median=lower_median(counts.sum(axis=0)),
        marginal_tests_withheld=bool(np.isnan(cells[off_diagonal]).any()),
        wilcoxon_withheld=ordinal and _distances_hidden(model, withheld, k),
        newcombe_withheld=bool(np.isnan(np.diag(cells)).any()),
    )


def _category_model(counts: np.ndarray, ordinal: bool) -> Table:
    """Items: the K*K cells (row-major), the K margins before, the K margins after. Facts: the
    number of pairs and of pairs that improved, stayed and declined; for ordinal instruments
    the two middle categories, as inequalities on the cumulative margins."""
    k = counts.shape[0]
    n_vars = k * k
    rows_i, cols_j = np.divmod(np.arange(n_vars), k)
    cells = np.eye(n_vars)
    before = np.stack([(rows_i == i).astype(float) for i in range(k)])
    after = np.stack([(cols_j == j).astype(float) for j in range(k)])
    items = np.vstack([cells, before, after])
    values = items @ counts.ravel()
    facts = np.stack(
        [
            np.ones(n_vars),
            (cols_j > rows_i).astype(float),
            (cols_j == rows_i).astype(float),
            (cols_j < rows_i).astype(float),
        ]
    )
    totals = facts @ counts.ravel()
    at_least, bounds = None, None
    if ordinal:
        at_least, bounds = _median_rows(counts, before, after)
    band = np.sign(cols_j - rows_i)
    related: list[list[int]] = []
    for cell in range(n_vars):
        i, j = rows_i[cell], cols_j[cell]
        peers = [
            other
            for other in range(n_vars)
            if other != cell
            and (rows_i[other] == i or cols_j[other] == j or band[other] == band[cell])
        ]
        related.append([*peers, n_vars + i, n_vars + k + j])
    for side in range(2):
        for index in range(k):
            others = [n_vars + side * k + m for m in range(k) if m != index]
            members = [
                cell for cell in range(n_vars) if (rows_i if side == 0 else cols_j)[cell] == index
            ]
            related.append([*others, *members])
    # Complements come from the cells before the margins: the margins are the bars and pass
    # rates readers look at, the cells the transition table.
    rank = (0,) * n_vars + (1,) * (2 * k)
    return Table(items, values, facts, totals, related, at_least, bounds, rank)


def _median_rows(
    counts: np.ndarray, before: np.ndarray, after: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The middle category m (1-based) of a margin says: the first m categories hold at least
    half of the pairs (ceil(n / 2)), the first m - 1 at most ceil(n / 2) - 1."""
    half = math.ceil(counts.sum() / 2)
    rows, bounds = [], []
    for margins, median in (
        (before, lower_median(counts.sum(axis=1))),
        (after, lower_median(counts.sum(axis=0))),
    ):
        rows.append(margins[:median].sum(axis=0))
        bounds.append(half)
        if median > 1:
            rows.append(-margins[: median - 1].sum(axis=0))
            bounds.append(-(half - 1))
    return np.stack(rows), np.asarray(bounds, dtype=np.float64)


def _distances_hidden(model: Table, withheld: np.ndarray, k: int) -> bool:
    """Whether the number of pairs at some signed distance of change (after - before) is not
    determined by what is published: the Wilcoxon test, computed from those numbers, would
    then tell more than the published table."""
    n_vars = k * k
    rows_i, cols_j = np.divmod(np.arange(n_vars), k)
    distances = [m for m in range(-(k - 1), k) if m != 0]
    extra = np.stack([(cols_j - rows_i == m).astype(float) for m in distances])
    probe = Table(
        np.vstack([model.items, extra]),
        np.concatenate([model.values, extra @ np.zeros(n_vars)]),
        model.facts,
        model.totals,
        model.related,
        model.at_least,
        model.at_least_bounds,
        (*model.rank, *(0,) * len(distances)),
    )
    hidden = np.concatenate([withheld, np.ones(len(distances), dtype=bool)])
    pinned = recoverable(probe, hidden)[len(withheld) :]
    return not bool(pinned.all())


def protect_category_tables(results: pd.DataFrame) -> pd.DataFrame:
    """Apply `release_categories` to every ordinal and pass/fail row with at least MIN_GROUP
    pairs: withheld cells become null in `transition` and NaN in the binary cells, the margins
    go to `pre_counts`/`post_counts` (JSON lists, null where withheld), the middle categories
    and pass rates to their columns, and tests that would give back withheld cells are blanked.
    Rows under MIN_GROUP pairs publish none of these."""
    out = results.copy()
    for column in CATEGORY_TABLE_COLUMNS:
        out[column] = np.nan if column not in MARGIN_COLUMNS else None
    out[MARGIN_COLUMNS] = out[MARGIN_COLUMNS].astype(object)
    noted_cells = np.zeros(len(out), dtype=bool)
    noted_tests = np.zeros(len(out), dtype=bool)
    kinds = out["instrument_kind"].astype(str)
    for position, (index, row) in enumerate(out.iterrows()):
        n = row["n_paired"]
        if kinds.loc[index] not in ("ordinal", "binary") or not (n >= MIN_GROUP):
            continue
        table = _table_of(row, kinds.loc[index])
        if table is None:
            continue
        release = release_categories(table, ordinal=kinds.loc[index] == "ordinal")
        out.at[index, "pre_counts"] = _json(release.pre_counts)
        out.at[index, "post_counts"] = _json(release.post_counts)
        if kinds.loc[index] == "ordinal":
            out.at[index, "transition"] = json.dumps(
                [_listed(row_cells) for row_cells in release.cells], separators=(",", ":")
            )
            out.at[index, "pre_median_category"] = release.pre_median
            out.at[index, "post_median_category"] = release.post_median
        else:
            for column, value in zip(BINARY_CELLS, release.cells.ravel(), strict=True):
                out.at[index, column] = value
            out.at[index, "pass_rate_pre"] = release.pre_counts[1] / n
            out.at[index, "pass_rate_post"] = release.post_counts[1] / n
        withheld_tests = []
        if release.marginal_tests_withheld:
            withheld_tests += [c for c in MARGINAL_HOMOGENEITY if c in out.columns]
        if release.wilcoxon_withheld:
            withheld_tests += [c for c in WILCOXON if c in out.columns]
        if kinds.loc[index] == "binary" and release.newcombe_withheld:
            withheld_tests += [c for c in NEWCOMBE if c in out.columns]
            if row.get("verdict_basis") == "mcnemar":
                withheld_tests += ["verdict_ci_low", "verdict_ci_high"]
        published = [c for c in withheld_tests if pd.notna(row.get(c))]
        if published:
            out.loc[index, published] = np.nan
            noted_tests[position] = True
        noted_cells[position] = release.anything_withheld
    out["notes"] = add_note(out["notes"], pd.Series(noted_cells, index=out.index), SMALL_CELLS)
    out["notes"] = add_note(
        out["notes"], pd.Series(noted_tests, index=out.index), CELL_TESTS_WITHHELD
    )
    return out


def _table_of(row: pd.Series, kind: str) -> np.ndarray | None:
    if kind == "binary":
        cells = pd.to_numeric(pd.Series([row.get(c) for c in BINARY_CELLS]), errors="coerce")
        if cells.isna().any():
            return None
        return cells.to_numpy(dtype=np.float64).reshape(2, 2)
    transition = row.get("transition")
    if not isinstance(transition, str):
        return None
    table = np.asarray(json.loads(transition), dtype=np.float64)
    return table if table.ndim == 2 and table.shape[0] == table.shape[1] else None


def _listed(values: np.ndarray) -> list[int | None]:
    return [None if np.isnan(v) else int(v) for v in values]


def _json(values: np.ndarray) -> str:
    return json.dumps(_listed(values), separators=(",", ":"))
