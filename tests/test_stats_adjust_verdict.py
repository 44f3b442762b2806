"""p_adjust edge cases and the verdict rule."""

import math

import numpy as np
import pandas as pd
import pytest

from evaluasi.stats import VERDICTS, p_adjust, verdict


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


def test_verdict_rule() -> None:
    results = pd.DataFrame(
        {
            "n_paired": [30, 30, 30, 4, 30, 30, 30],
            "mean_diff": [2.0, -2.0, 0.5, 3.0, 1.0, 1.0, 1.0],
            "ci_low": [1.0, -3.0, -0.5, 1.0, 0.2, -0.1, math.nan],
            "ci_high": [3.0, -1.0, 1.5, 5.0, 1.8, 2.1, math.nan],
            "q_bh": [0.001, 0.01, 0.3, 0.001, 0.05, 0.07, math.nan],
        },
        index=list("abcdefg"),
    )
    codes = verdict(results)
    assert codes.index.tolist() == list("abcdefg")
    assert codes.name == "verdict"
    assert codes.tolist() == [
        "positive",
        "negative",
        "not_shown",
        "insufficient",
        "not_shown",
        "not_shown",
        "insufficient",
    ]
    assert set(codes) <= set(VERDICTS)
    # a looser alpha still needs the 95% CI to exclude zero
    assert verdict(results, alpha=0.1).tolist()[4:6] == ["positive", "not_shown"]
    assert verdict(results, min_n=3).tolist()[3] == "positive"


def test_verdict_of_empty_results() -> None:
    empty = pd.DataFrame(columns=["n_paired", "mean_diff", "ci_low", "ci_high", "q_bh"])
    assert verdict(empty).empty
