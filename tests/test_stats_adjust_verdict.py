"""p_adjust edge cases and the verdict rule."""

import math

import numpy as np
import pandas as pd
import pytest

from evaluasi.stats import VERDICTS, p_adjust, verdict
from evaluasi.stats.verdict import VERDICT_COLUMNS, verdicts


@pytest.mark.parametrize("method", ["holm", "BH"])
def test_p_adjust_with_at_most_one_test_returns_input(method: str) -> None:
    assert p_adjust(np.array([0.03, np.nan]), method) == pytest.approx(
        [0.03, math.nan], nan_ok=True
    )
    assert np.isnan(p_adjust(np.array([np.nan, np.nan]), method)).all()
    assert p_adjust(np.array([]), method).shape == (0,)


def test_p_adjust_keeps_shape_and_caps_at_one() -> None:
    p = pd.Series([0.9, 0.8, 0.7], index=["a", "b", "c"])
    assert p_adjust(p, "holm").tolist() == [1.0, 1.0, 1.0]
    assert p_adjust(p, "BH") == pytest.approx([0.9, 0.9, 0.9])


def test_p_adjust_rejects_unknown_method() -> None:
    with pytest.raises(ValueError, match="holm"):
        p_adjust(np.array([0.1, 0.2]), "bonferroni")  # type: ignore[arg-type]


def _rows(**columns: list) -> pd.DataFrame:
    size = len(next(iter(columns.values())))
    base = {"instrument_kind": ["numeric"] * size, "n_paired": [30] * size}
    return pd.DataFrame({**base, **columns})


def test_paired_verdicts_need_adjusted_p_and_an_interval_off_zero() -> None:
    results = _rows(
        n_paired=[30, 30, 30, 4, 30, 30],
        mean_diff=[2.0, -2.0, 0.5, 3.0, 1.0, 1.0],
        ci_low=[1.0, -3.0, -0.5, 1.0, 0.2, math.nan],
        ci_high=[3.0, -1.0, 1.5, 5.0, 1.8, math.nan],
        p_value=[0.001, 0.002, 0.3, 0.001, 0.04, math.nan],
    )
    out = verdicts(results)
    assert out["verdict"].tolist() == [
        "positive",
        "negative",
        "not_shown",
        "insufficient",
        "not_shown",  # p = 0.04 < 0.05, but adjusted q = 0.04 * 4 / 3 = 0.053
        "insufficient",
    ]
    # R: p.adjust(c(0.001, 0.002, 0.3, 0.04), "BH") -> 0.004 0.004 0.3 0.05333333
    assert out["verdict_q"].tolist()[:3] == pytest.approx([0.004, 0.004, 0.3])
    assert out["verdict_q"].iloc[4] == pytest.approx(0.04 * 4 / 3)
    assert math.isnan(out["verdict_q"].iloc[3]) and math.isnan(out["verdict_q"].iloc[5])
    assert out["verdict_basis"].tolist()[:3] == ["paired"] * 3
    assert set(out["verdict"]) <= set(VERDICTS)
    assert verdict(results, alpha=0.1).tolist()[4] == "positive"
    assert verdict(results, min_n=3).tolist()[3] == "positive"


def test_a_change_that_regression_to_the_mean_explains_is_not_an_impact() -> None:
    results = _rows(
        mean_diff=[2.0, 2.0],
        ci_low=[1.0, 1.0],
        ci_high=[3.0, 3.0],
        p_value=[0.001, 0.001],
        rtm_expected_change=[1.5, -4.0],
    )
    out = verdicts(results)
    assert out["verdict"].tolist() == ["not_shown", "positive"]
    assert out["verdict_estimate"].tolist() == [0.5, 2.0]
    assert out["verdict_ci_low"].tolist() == [-0.5, 1.0]


def test_the_comparison_group_estimate_is_preferred() -> None:
    results = _rows(
        mean_diff=[5.0, 5.0, 5.0],
        ci_low=[4.0, 4.0, 4.0],
        ci_high=[6.0, 6.0, 6.0],
        p_value=[1e-6, 1e-6, 1e-6],
        n_comparison=[20, 4, 20],
        did_estimate=[0.5, 0.5, 3.0],
        did_ci_low=[-1.0, -1.0, 2.0],
        did_ci_high=[2.0, 2.0, 4.0],
        did_p=[0.5, 0.5, 1e-4],
    )
    out = verdicts(results)
    assert out["verdict_basis"].tolist() == ["did", "paired", "did"]
    assert out["verdict"].tolist() == ["not_shown", "positive", "positive"]
    assert out["verdict_estimate"].tolist() == [0.5, 5.0, 3.0]


def test_ordinal_and_binary_verdicts() -> None:
    results = _rows(
        instrument_kind=["ordinal", "ordinal", "binary", "binary"],
        pct_improved=[60.0, 10.0, math.nan, math.nan],
        pct_declined=[5.0, 50.0, math.nan, math.nan],
        sign_test_p=[1e-4, 1e-3, math.nan, math.nan],
        prop_diff=[math.nan, math.nan, 0.4, 0.1],
        prop_diff_ci_low=[math.nan, math.nan, 0.2, -0.1],
        prop_diff_ci_high=[math.nan, math.nan, 0.6, 0.3],
        mcnemar_p=[math.nan, math.nan, 1e-3, 0.3],
    )
    out = verdicts(results)
    assert out["verdict_basis"].tolist() == ["sign", "sign", "mcnemar", "mcnemar"]
    assert out["verdict"].tolist() == ["positive", "negative", "positive", "not_shown"]
    assert out["verdict_estimate"].tolist()[:2] == pytest.approx([0.55, -0.4])
    assert math.isnan(out["verdict_ci_low"].iloc[0])


def test_verdict_of_empty_results() -> None:
    empty = _rows(mean_diff=[], ci_low=[], ci_high=[], p_value=[])
    assert verdict(empty).empty
    assert list(verdicts(empty).columns) == list(VERDICT_COLUMNS)
