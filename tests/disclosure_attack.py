"""An attacker who tries to recover withheld counts of a published category table.

Independent of `evaluasi.cell_suppression`: it writes down, as integer constraints, everything a
reader of results.csv knows about a table (the published cells and margins, the number of
pairs, the shares that improved, stayed and declined, the middle categories) and asks an
integer programme for the least and the greatest value each withheld cell can take. A cell
whose least and greatest values agree has been recovered.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp


@dataclass(frozen=True)
class Published:
    """What results.csv says about one table (None where withheld)."""

    cells: list[list[int | None]]
    pre_counts: list[int | None]
    post_counts: list[int | None]
    n_paired: int
    n_improved: int
    n_unchanged: int
    n_declined: int
    pre_median: int | None = None  # 1-based category, ordinal instruments
    post_median: int | None = None


def published_from_row(row: dict, cells: list[list[int | None]]) -> Published:
    """The attacker's knowledge from a results.csv row (shares turned back into counts)."""
    import json

    n = int(row["n_paired"])

    def count(share: object) -> int:
        return round(float(share) / 100 * n)

    def median(value: object) -> int | None:
        return None if value is None or value != value else int(value)

    return Published(
        cells=cells,
        pre_counts=json.loads(row["pre_counts"]),
        post_counts=json.loads(row["post_counts"]),
        n_paired=n,
        n_improved=count(row["pct_improved"]),
        n_unchanged=count(row["pct_unchanged"]),
        n_declined=count(row["pct_declined"]),
        pre_median=median(row.get("pre_median_category")),
        post_median=median(row.get("post_median_category")),
    )


def recovered_cells(published: Published) -> dict[tuple[int, int], int]:
    """Every withheld cell (row, column) whose value the published figures pin down, with it."""
    k = len(published.cells)
    n = k * k
    rows, cols = np.divmod(np.arange(n), k)
    constraints = _all_constraints(published, rows, cols)
    found = {}
    for i in range(k):
        for j in range(k):
            if published.cells[i][j] is not None:
                continue
            target = np.zeros(n)
            target[i * k + j] = 1.0
            low = _solve(target, constraints)
            high = -_solve(-target, constraints)
            if round(low) == round(high):
                found[(i, j)] = round(low)
    return found


def recovered_margins(published: Published) -> dict[tuple[str, int], int]:
    """Every withheld margin pinned down by the published figures."""
    k = len(published.cells)
    found = {}
    for side, counts in (("pre", published.pre_counts), ("post", published.post_counts)):
        for index, value in enumerate(counts):
            if value is not None:
                continue
            low, high = _margin_range(published, side, index, k)
            if round(low) == round(high):
                found[(side, index)] = round(low)
    return found


def _margin_range(published: Published, side: str, index: int, k: int) -> tuple[float, float]:
    n = k * k
    rows, cols = np.divmod(np.arange(n), k)
    constraints = _all_constraints(published, rows, cols)
    target = ((rows if side == "pre" else cols) == index).astype(float)
    return _solve(target, constraints), -_solve(-target, constraints)


def _all_constraints(
    published: Published, rows: np.ndarray, cols: np.ndarray
) -> list[LinearConstraint]:
    k = len(published.cells)
    n = k * k
    constraints: list[LinearConstraint] = []

    def equal(mask: np.ndarray, value: float) -> None:
        constraints.append(LinearConstraint(mask.astype(float)[None, :], value, value))

    equal(np.ones(n, dtype=bool), published.n_paired)
    equal(cols > rows, published.n_improved)
    equal(cols == rows, published.n_unchanged)
    equal(cols < rows, published.n_declined)
    for i in range(k):
        for j in range(k):
            if published.cells[i][j] is not None:
                equal((rows == i) & (cols == j), published.cells[i][j])
        if published.pre_counts[i] is not None:
            equal(rows == i, published.pre_counts[i])
        if published.post_counts[i] is not None:
            equal(cols == i, published.post_counts[i])
    half = math.ceil(published.n_paired / 2)
    for side, median in ((rows, published.pre_median), (cols, published.post_median)):
        if median is None:
            continue
        constraints.append(LinearConstraint((side < median).astype(float)[None, :], half, np.inf))
        constraints.append(
            LinearConstraint((side < median - 1).astype(float)[None, :], -np.inf, half - 1)
        )
    return constraints


def _solve(cost: np.ndarray, constraints: list[LinearConstraint]) -> float:
    result = milp(
        cost, constraints=constraints, integrality=np.ones(len(cost)), bounds=Bounds(0, np.inf)
    )
    assert result.status == 0, result.message  # the true table is always a solution
    return float(result.fun)
