"""Property-based checks against scipy and simple reference implementations (hypothesis)."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

from evaluasi.stats import p_adjust, paired_statistics

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Scores as test takers get them: whole or half points on a 0-100 scale, so ties and zero
# differences are common and any non-constant difference has a clearly positive SD.
scores = st.integers(0, 200).map(lambda k: k / 2)
pair_lists = st.integers(2, 60).flatmap(
    lambda n: st.tuples(
        st.lists(scores, min_size=n, max_size=n), st.lists(scores, min_size=n, max_size=n)
    )
)


group_lists = st.lists(pair_lists, min_size=1, max_size=6)


def check_t_test(row: pd.Series, pre: np.ndarray, post: np.ndarray) -> None:
    d = post - pre
    if np.all(d == d[0]):
        assert math.isnan(row["t_stat"]) and "no_variation" in row["notes"]
        return
    reference = stats.ttest_rel(post, pre)
    interval = reference.confidence_interval(0.95)
    assert row["t_stat"] == pytest.approx(reference.statistic, rel=1e-9)
    assert row["df"] == reference.df
    assert row["p_value"] == pytest.approx(reference.pvalue, rel=1e-8, abs=1e-300)
    assert row["ci_low"] == pytest.approx(interval.low, rel=1e-9, abs=1e-12)
    assert row["ci_high"] == pytest.approx(interval.high, rel=1e-9, abs=1e-12)
    assert row["dz_ci_low"] < row["cohen_dz"] < row["dz_ci_high"]


def check_wilcoxon(row: pd.Series, pre: np.ndarray, post: np.ndarray) -> None:
    """scipy.stats.wilcoxon(d, zero_method="wilcox", correction=True) drops zeros and uses the
    tie-corrected normal approximation with continuity correction exactly like R when asked for
    method="approx"; its method="exact" equals R's exact branch when there are no ties or zeros
    and fewer than 50 differences. Those are R's own switching rules, so we pick scipy's method
    by them (scipy's "auto" switches at a different n and handles ties differently)."""
    d = post - pre
    nonzero = d[d != 0]
    if nonzero.size == 0:
        assert math.isnan(row["wilcoxon_p"]) and "all_differences_zero" in row["notes"]
        return
    ties = np.unique(np.abs(nonzero)).size < nonzero.size
    exact = nonzero.size < 50 and not ties and nonzero.size == d.size
    reference = stats.wilcoxon(
        d, zero_method="wilcox", correction=True, method="exact" if exact else "approx"
    )
    assert row["wilcoxon_p"] == pytest.approx(reference.pvalue, rel=1e-9)
    ranks = stats.rankdata(np.abs(nonzero))
    assert row["wilcoxon_v"] == ranks[nonzero > 0].sum()


@SETTINGS
@given(group_lists)
def test_tests_agree_with_scipy(groups: list[tuple[list[float], list[float]]]) -> None:
    """Several random groups in one call; each group's t-test and Wilcoxon test match scipy."""
    pairs = pd.concat(
        pd.DataFrame({"program_id": f"P{g:02d}", "instrument": "I", "pre": pre, "post": post})
        for g, (pre, post) in enumerate(groups)
    )
    result = paired_statistics(pairs)
    assert len(result) == len(groups)
    for (_, row), (pre, post) in zip(result.iterrows(), groups, strict=True):
        check_t_test(row, np.array(pre), np.array(post))
        check_wilcoxon(row, np.array(pre), np.array(post))


def reference_holm(p: list[float]) -> list[float]:
    present = [(v, i) for i, v in enumerate(p) if not math.isnan(v)]
    m = len(present)
    out = [math.nan] * len(p)
    ordered = sorted(present)
    for rank, (_, i) in enumerate(ordered):
        out[i] = min(1.0, max((m - j) * ordered[j][0] for j in range(rank + 1)))
    return out


def reference_bh(p: list[float]) -> list[float]:
    present = [(v, i) for i, v in enumerate(p) if not math.isnan(v)]
    m = len(present)
    out = [math.nan] * len(p)
    ordered = sorted(present)
    for rank, (_, i) in enumerate(ordered):
        out[i] = min(1.0, min(m / (j + 1) * ordered[j][0] for j in range(rank, m)))
    return out


p_values = st.lists(
    st.one_of(st.floats(0.0, 1.0), st.just(math.nan), st.sampled_from([0.01, 0.05])),
    max_size=30,
)


@SETTINGS
@given(p_values)
def test_holm_and_bh_agree_with_reference(p: list[float]) -> None:
    assert p_adjust(np.array(p), "holm") == pytest.approx(reference_holm(p), nan_ok=True)
    assert p_adjust(np.array(p), "BH") == pytest.approx(reference_bh(p), nan_ok=True)
    adjusted = p_adjust(np.array(p), "BH")
    observed = ~np.isnan(np.array(p))
    assert np.all(adjusted[observed] >= np.array(p)[observed])


@SETTINGS
@given(pair_lists.filter(lambda lists: len(lists[0]) >= 3), st.randoms(use_true_random=False))
def test_statistics_do_not_depend_on_row_order(lists, rng) -> None:
    """The same pairs in another order give bit-identical statistics: a published report must
    not change between two loads of one inbox (scipy's shapiro centres on its unsorted input)."""
    pre, post = lists
    order = list(range(len(pre)))
    rng.shuffle(order)
    frames = [
        pd.DataFrame(
            {
                "program_id": "P",
                "instrument": "knowledge_test",
                "pre": [pre[i] for i in rows],
                "post": [post[i] for i in rows],
            }
        )
        for rows in (range(len(pre)), order)
    ]
    first, second = (paired_statistics(frame) for frame in frames)
    pd.testing.assert_series_equal(first["shapiro_w"], second["shapiro_w"], check_exact=True)
    pd.testing.assert_series_equal(first["shapiro_p"], second["shapiro_p"], check_exact=True)
