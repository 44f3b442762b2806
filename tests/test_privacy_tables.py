"""Category tables: withheld cells and margins cannot be solved for from what is published.

The attacker (tests/disclosure_attack.py) is an integer programme independent of the
suppression code; the tables are the demo's worst cases and random sparse tables.
"""

from __future__ import annotations

import numpy as np
import pytest
from disclosure_attack import Published, recovered_cells, recovered_margins
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluasi.privacy import MIN_GROUP, release_categories


def _published(table: np.ndarray, ordinal: bool) -> tuple[Published, object]:
    release = release_categories(table, ordinal)
    k = table.shape[0]
    rows, cols = np.divmod(np.arange(k * k), k)
    flat = table.ravel()

    def listed(values: np.ndarray) -> list[int | None]:
        return [None if np.isnan(v) else int(v) for v in values]

    published = Published(
        cells=[listed(row) for row in release.cells],
        pre_counts=listed(release.pre_counts),
        post_counts=listed(release.post_counts),
        n_paired=int(flat.sum()),
        n_improved=int(flat[cols > rows].sum()),
        n_unchanged=int(flat[cols == rows].sum()),
        n_declined=int(flat[cols < rows].sum()),
        pre_median=release.pre_median if ordinal else None,
        post_median=release.post_median if ordinal else None,
    )
    return published, release


def _check(table: np.ndarray, ordinal: bool) -> None:
    published, release = _published(table, ordinal)
    k = table.shape[0]
    assert recovered_cells(published) == {}
    assert recovered_margins(published) == {}
    # A count of 1-4 may be shown only where the always-published facts (the number of pairs,
    # the numbers who improved, stayed and declined, the middle categories) fix it anyway, as
    # the attacker finds with nothing else published.
    blank = Published(
        **{
            **published.__dict__,
            "cells": [[None] * k for _ in range(k)],
            "pre_counts": [None] * k,
            "post_counts": [None] * k,
        }
    )
    fixed_cells, fixed_margins = recovered_cells(blank), recovered_margins(blank)
    for i in range(k):
        for j in range(k):
            value = published.cells[i][j]
            if value is not None and 0 < value < MIN_GROUP:
                assert (i, j) in fixed_cells, (i, j, table)
    for side, counts in (("pre", published.pre_counts), ("post", published.post_counts)):
        for index, value in enumerate(counts):
            if value is not None and 0 < value < MIN_GROUP:
                assert (side, index) in fixed_margins, (side, index, table)
    # Tests that would tell more than the table are withheld with it.
    off_diagonal = ~np.eye(k, dtype=bool)
    if np.isnan(release.cells[off_diagonal]).any():
        assert release.marginal_tests_withheld


# The demo's SKP and pass/fail tables that the issue solved by hand: 100 - 22 - 31 - 44 = 3,
# and 120 - (7 + 73 + 20 + 18) = 2.
DEMO_TABLES = [
    ([[22, 31], [3, 44]], False),
    ([[40, 31], [3, 3]], False),
    (
        [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 2, 7, 0], [0, 0, 0, 73, 20], [0, 0, 0, 0, 18]],
        True,
    ),
    ([[0, 0, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 3, 0], [0, 0, 2, 15, 1], [0, 0, 0, 2, 1]], True),
    ([[0, 0, 0, 0, 0], [1, 0, 2, 0, 0], [0, 1, 5, 0, 0], [0, 3, 9, 56, 1], [0, 0, 0, 14, 6]], True),
]


@pytest.mark.parametrize(("table", "ordinal"), DEMO_TABLES)
def test_the_demo_tables_keep_their_withheld_cells(table: list, ordinal: bool) -> None:
    _check(np.asarray(table, dtype=float), ordinal)


def test_a_pass_fail_table_with_large_cells_is_published_whole() -> None:
    published, release = _published(np.asarray([[22.0, 31.0], [3.0, 44.0]]), False)
    assert published.cells == [[22, 31], [3, 44]]
    assert published.pre_counts == [53, 47] and published.post_counts == [25, 75]
    assert not release.newcombe_withheld


def test_a_small_concordant_cell_withholds_the_pass_rates_and_the_newcombe_interval() -> None:
    published, release = _published(np.asarray([[40.0, 31.0], [3.0, 3.0]]), False)
    assert published.cells == [[None, 31], [3, None]]
    assert published.pre_counts == [None, None] and published.post_counts == [None, None]
    assert release.newcombe_withheld


@st.composite
def sparse_tables(draw: st.DrawFn) -> tuple[np.ndarray, bool]:
    k = draw(st.integers(2, 5))
    ordinal = k > 2 or draw(st.booleans())
    cells = draw(
        st.lists(
            st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 40)),
            min_size=k * k,
            max_size=k * k,
        )
    )
    table = np.asarray(cells, dtype=float).reshape(k, k)
    if table.sum() < MIN_GROUP:
        table[0, 0] += MIN_GROUP
    return table, ordinal


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sparse_tables())
def test_no_withheld_count_can_be_solved_for(case: tuple[np.ndarray, bool]) -> None:
    table, ordinal = case
    _check(table, ordinal)
