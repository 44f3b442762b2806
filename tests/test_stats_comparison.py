r"""comparison_statistics: golden values from R, properties against numpy/scipy, and edge cases.

The R script below (R 4.2.2 with MASS 7.3) printed every golden literal in this file; MASS's
``anorexia`` data are copied below as ANOREXIA_*. Cont is the comparison group of two
programmes, "CBT" (CBT vs Cont) and "FT" (FT vs Cont); Prewt is pre and Postwt post.

library(MASS)
p15 <- function(name, x) cat(name, "=", paste(sprintf("%.15g", x), collapse = ", "), "\n")
report <- function(label, pre, post, treated) {
  cat("##", label, "\n")
  d <- post - pre
  m <- lm(post ~ pre + treated)
  p15("ancova effect, ci_low, ci_high, p", c(coef(m)["treated"], confint(m)["treated", ],
                                             summary(m)$coefficients["treated", 4]))
  p15("adj mean participant, comparison",
      predict(m, data.frame(pre = mean(pre), treated = c(1, 0))))
  if (min(table(treated)) >= 2) {
    w <- t.test(d[treated == 1], d[treated == 0])
    p15("did estimate, ci_low, ci_high, p", c(mean(d[treated == 1]) - mean(d[treated == 0]),
                                              w$conf.int, w$p.value))
    p15("slopes p", summary(lm(post ~ pre * treated))$coefficients["pre:treated", 4])
  }
}
for (tr in c("CBT", "FT")) {
  a <- subset(anorexia, Treat %in% c(tr, "Cont"))
  report(paste(tr, "vs Cont"), a$Prewt, a$Postwt, as.numeric(a$Treat == tr))
}
report("one comparison person", c(50, 55, 61, 58, 52), c(58, 60, 70, 63, 51), c(1, 1, 1, 1, 0))
cat("## all pre equal (lm drops pre as aliased; the DiD remains)\n")
d <- c(70, 72, 75, 61, 64, 60) - 60
w <- t.test(d[1:3], d[4:6])
p15("did estimate, ci_low, ci_high, p", c(mean(d[1:3]) - mean(d[4:6]), w$conf.int, w$p.value))

The predictions at mean(pre) are the adjusted means ``emmeans(m, ~ treated)`` reports.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

from evaluasi.stats.comparison import (
    COMPARISON_COLUMNS,
    COMPARISON_NOTE_CODES,
    comparison_statistics,
)
from evaluasi.stats.groups import KEY_COLUMNS
from evaluasi.stats.notes import NOTE_SEPARATOR

# Warnings are errors, except Hypothesis's check that `random` was left alone while it drew
# data: Prefect's server threads, still alive from earlier tests in the session, use `random`.
pytestmark = [
    pytest.mark.filterwarnings("error"),
    pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning"),
]

FLOAT_COLUMNS = [c for c in COMPARISON_COLUMNS if c not in ("n_comparison", "comparison_notes")]
ANCOVA_COLUMNS = [
    "ancova_effect",
    "ancova_ci_low",
    "ancova_ci_high",
    "ancova_p",
    "adj_mean_participant",
    "adj_mean_comparison",
]
WELCH_COLUMNS = ["did_ci_low", "did_ci_high", "did_p"]

# MASS::anorexia: 26 Cont, then 29 CBT, then 17 FT.
ANOREXIA_TREAT = ["Cont"] * 26 + ["CBT"] * 29 + ["FT"] * 17
ANOREXIA_PREWT = [
    80.7, 89.4, 91.8, 74.0, 78.1, 88.3, 87.3, 75.1, 80.6, 78.4, 77.6, 88.7, 81.3, 78.1, 70.5,
    77.3, 85.2, 86.0, 84.1, 79.7, 85.5, 84.4, 79.6, 77.5, 72.3, 89.0, 80.5, 84.9, 81.5, 82.6,
    79.9, 88.7, 94.9, 76.3, 81.0, 80.5, 85.0, 89.2, 81.3, 76.5, 70.0, 80.4, 83.3, 83.0, 87.7,
    84.2, 86.4, 76.5, 80.2, 87.8, 83.3, 79.7, 84.5, 80.8, 87.4, 83.8, 83.3, 86.0, 82.5, 86.7,
    79.6, 76.9, 94.2, 73.4, 80.5, 81.6, 82.1, 77.6, 83.5, 89.9, 86.0, 87.3,
]  # fmt: skip
ANOREXIA_POSTWT = [
    80.2, 80.1, 86.4, 86.3, 76.1, 78.1, 75.1, 86.7, 73.5, 84.6, 77.4, 79.5, 89.6, 81.4, 81.8,
    77.3, 84.2, 75.4, 79.5, 73.0, 88.3, 84.7, 81.4, 81.2, 88.2, 78.8, 82.2, 85.6, 81.4, 81.9,
    76.4, 103.6, 98.4, 93.4, 73.4, 82.1, 96.7, 95.3, 82.4, 72.5, 90.9, 71.3, 85.4, 81.6, 89.1,
    83.9, 82.7, 75.7, 82.6, 100.4, 85.2, 83.6, 84.6, 96.2, 86.7, 95.2, 94.3, 91.5, 91.9, 100.3,
    76.7, 76.8, 101.6, 94.9, 75.2, 77.8, 95.5, 90.7, 92.5, 93.8, 91.7, 98.0,
]  # fmt: skip

EXPECTED_ANOREXIA: dict[str, dict[str, float]] = {
    "CBT": {
        "n_comparison": 26,
        "did_estimate": 3.45689655172414,
        "did_ci_low": -0.70446319263575,
        "did_ci_high": 7.61825629608402,
        "did_p": 0.101498595659516,
        "ancova_effect": 4.24411226547505,
        "ancova_ci_low": 0.556304932208294,
        "ancova_ci_high": 7.93191959874181,
        "ancova_p": 0.0249291760101038,
        "slopes_p": 0.004528815326869,
        "adj_mean_participant": 85.5335803436791,
        "adj_mean_comparison": 81.2894680782041,
    },
    "FT": {
        "n_comparison": 26,
        "did_estimate": 7.71470588235294,
        "did_ci_low": 2.97659664152477,
        "did_ci_high": 12.4528151231811,
        "did_p": 0.00215181355751961,
        "ancova_effect": 9.03357257444422,
        "ancova_ci_low": 4.92778570976464,
        "ancova_ci_high": 13.1393594391238,
        "ancova_p": 6.76777968538214e-05,
        "slopes_p": 0.00617099860809287,
        "adj_mean_participant": 90.2807648124546,
        "adj_mean_comparison": 81.2471922380104,
    },
}


def frame(
    program: str, participants: list[tuple[float, float]], comparison: list[tuple[float, float]]
) -> pd.DataFrame:
    rows = [("participant", *p) for p in participants] + [("comparison", *c) for c in comparison]
    return pd.DataFrame(
        {
            "program_id": program,
            "instrument": "test",
            "group": [r[0] for r in rows],
            "pre": [r[1] for r in rows],
            "post": [r[2] for r in rows],
        }
    )


def anorexia_pairs() -> pd.DataFrame:
    data = pd.DataFrame({"treat": ANOREXIA_TREAT, "pre": ANOREXIA_PREWT, "post": ANOREXIA_POSTWT})
    parts = []
    for program in ("CBT", "FT"):
        arm = data[data["treat"].isin([program, "Cont"])]
        parts.append(
            pd.DataFrame(
                {
                    "program_id": program,
                    "instrument": "weight",
                    "group": np.where(arm["treat"] == program, "participant", "comparison"),
                    "pre": arm["pre"],
                    "post": arm["post"],
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def notes_of(row: pd.Series) -> list[str]:
    return row["comparison_notes"].split(NOTE_SEPARATOR) if row["comparison_notes"] else []


def only_row(pairs: pd.DataFrame) -> pd.Series:
    result = comparison_statistics(pairs)
    assert len(result) == 1
    return result.iloc[0]


# --- Golden values from R ----------------------------------------------------------------------


@pytest.mark.parametrize("program", ["CBT", "FT"])
def test_anorexia_matches_r(program: str) -> None:
    result = comparison_statistics(anorexia_pairs()).set_index("program_id")
    row = result.loc[program]
    for column, expected in EXPECTED_ANOREXIA[program].items():
        assert row[column] == pytest.approx(expected, rel=1e-9, abs=1e-12), column
    assert row["comparison_notes"] == ""


def test_anorexia_rows_shuffled_and_mixed_give_the_same_answer() -> None:
    pairs = anorexia_pairs()
    result = comparison_statistics(pairs.sample(frac=1.0, random_state=5))
    pd.testing.assert_frame_equal(
        result, comparison_statistics(pairs), check_exact=False, rtol=1e-12
    )


def test_one_comparison_person_matches_r() -> None:
    row = only_row(frame("P", [(50, 58), (55, 60), (61, 70), (58, 63)], [(52, 51)]))
    assert row["n_comparison"] == 1
    assert row["did_estimate"] == pytest.approx((8 + 5 + 9 + 5) / 4 - (-1), rel=1e-12)
    assert all(math.isnan(row[c]) for c in [*WELCH_COLUMNS, "slopes_p"])
    expected = {
        "ancova_effect": 7.62878787878788,
        "ancova_ci_low": -5.61120906945817,
        "ancova_ci_high": 20.8687848270339,
        "ancova_p": 0.131387732609863,
        "adj_mean_participant": 61.9257575757576,
        "adj_mean_comparison": 54.2969696969697,
    }
    for column, value in expected.items():
        assert row[column] == pytest.approx(value, rel=1e-9), column
    assert notes_of(row) == ["too_few_comparison"]


def test_all_pre_equal_keeps_did_and_empties_ancova() -> None:
    # R's lm(post ~ pre + treated) reports pre as aliased (NA); the plain difference in post
    # means it then gives as the treated coefficient is did_estimate here.
    row = only_row(frame("P", [(60, 70), (60, 72), (60, 75)], [(60, 61), (60, 64), (60, 60)]))
    expected = {
        "did_estimate": 10.6666666666667,
        "did_ci_low": 5.357959284479,
        "did_ci_high": 15.9753740488543,
        "did_p": 0.00533622605455442,
    }
    for column, value in expected.items():
        assert row[column] == pytest.approx(value, rel=1e-9), column
    assert all(math.isnan(row[c]) for c in [*ANCOVA_COLUMNS, "slopes_p"])
    assert notes_of(row) == ["comparison_no_pre_variation"]


# --- Edge cases --------------------------------------------------------------------------------


def test_columns_dtypes_sorting_and_groups_without_pairs() -> None:
    pairs = pd.concat(
        [
            frame("B", [(1, 2), (2, 4), (3, 3)], [(1, 1), (2, 2), (4, 3)]),
            frame("A", [(5, 6)], []),
            frame("C", [(np.nan, 2)], [(3, np.inf)]),
            frame("D", [("x", 3)], []),
        ]
    )
    result = comparison_statistics(pairs)
    assert list(result.columns) == [*KEY_COLUMNS, *COMPARISON_COLUMNS]
    assert result["program_id"].tolist() == ["A", "B"]
    assert result.index.tolist() == [0, 1]
    assert result["n_comparison"].dtype == np.int64
    assert all(result[c].dtype == np.float64 for c in FLOAT_COLUMNS)
    assert result["comparison_notes"].map(type).eq(str).all()
    assert result["n_comparison"].tolist() == [0, 3]


def test_no_comparison_group() -> None:
    row = only_row(frame("P", [(1, 3), (2, 5), (4, 4), (6, 9)], []))
    assert row["n_comparison"] == 0
    assert all(math.isnan(row[c]) for c in FLOAT_COLUMNS)
    assert notes_of(row) == ["no_comparison_group"]


def test_comparison_group_only() -> None:
    row = only_row(frame("P", [], [(1, 3), (2, 5), (4, 4)]))
    assert row["n_comparison"] == 3
    assert all(math.isnan(row[c]) for c in FLOAT_COLUMNS)
    assert notes_of(row) == ["too_few_comparison"]


def test_identical_changes_everywhere() -> None:
    row = only_row(frame("P", [(50, 52), (55, 57), (61, 63)], [(58, 60), (52, 54), (49, 51)]))
    assert row["did_estimate"] == 0.0
    assert row["ancova_effect"] == pytest.approx(0.0, abs=1e-12)
    assert all(math.isnan(row[c]) for c in [*WELCH_COLUMNS, "ancova_ci_low", "ancova_p"])
    assert math.isnan(row["slopes_p"])
    assert notes_of(row) == ["comparison_no_variation"]


def test_identical_changes_within_each_group() -> None:
    # R: t.test stops ("data are essentially constant"); lm fits exactly and warns
    # "essentially perfect fit", printing a treated coefficient of 4 with a meaningless p.
    row = only_row(frame("P", [(50, 55), (55, 60), (61, 66)], [(58, 59), (52, 53), (49, 50)]))
    assert row["did_estimate"] == 4.0
    assert row["ancova_effect"] == pytest.approx(4.0, rel=1e-12)
    assert row["adj_mean_participant"] - row["adj_mean_comparison"] == pytest.approx(4.0)
    assert all(math.isnan(row[c]) for c in [*WELCH_COLUMNS, "ancova_ci_high", "ancova_p"])
    assert notes_of(row) == ["comparison_no_variation"]


def test_one_arm_constant_change_keeps_welch() -> None:
    participants = [(50, 55), (55, 61), (61, 64), (40, 48)]
    comparison = [(58, 59), (52, 53), (49, 50)]
    row = only_row(frame("P", participants, comparison))
    reference = welch_reference(np.array([5.0, 6, 3, 8]), np.array([1.0, 1, 1]))
    assert row["did_p"] == pytest.approx(reference.pvalue, rel=1e-9)
    assert row["comparison_notes"] == ""


def test_pre_constant_within_each_group() -> None:
    # R: lm(post ~ pre + treated) reports treated as aliased (NA).
    row = only_row(frame("P", [(60, 70), (60, 72), (60, 75)], [(55, 61), (55, 64), (55, 60)]))
    assert row["did_estimate"] == pytest.approx(37 / 3 - 20 / 3, rel=1e-12)
    assert all(math.isnan(row[c]) for c in [*ANCOVA_COLUMNS, "slopes_p"])
    assert notes_of(row) == ["comparison_no_pre_variation"]


def test_slopes_need_pre_variation_in_each_group() -> None:
    participants = [(60, 70), (60, 72), (60, 75)]
    comparison = [(55, 61), (57, 64), (52, 60), (50, 55)]
    row = only_row(frame("P", participants, comparison))
    assert math.isfinite(row["ancova_p"]) and math.isnan(row["slopes_p"])
    assert notes_of(row) == ["comparison_no_pre_variation"]


def test_four_people_give_ancova_but_not_slopes() -> None:
    row = only_row(frame("P", [(50, 58), (55, 60)], [(61, 62), (52, 51)]))
    assert math.isfinite(row["did_p"]) and math.isfinite(row["ancova_p"])
    assert math.isnan(row["slopes_p"])
    assert notes_of(row) == ["too_few_comparison"]


def test_three_people_give_no_ancova() -> None:
    row = only_row(frame("P", [(50, 58), (55, 60)], [(61, 62)]))
    assert row["did_estimate"] == pytest.approx(6.5 - 1)
    assert all(math.isnan(row[c]) for c in [*WELCH_COLUMNS, *ANCOVA_COLUMNS, "slopes_p"])
    assert notes_of(row) == ["too_few_comparison"]


def test_other_group_labels_and_incomplete_rows_are_ignored() -> None:
    clean = frame("P", [(50, 58), (55, 60), (61, 70)], [(58, 59), (52, 51), (49, 53)])
    noisy = pd.concat(
        [
            clean,
            frame("P", [(np.nan, 60)], [(50, None)]),
            clean.head(2).assign(group="trainer"),
            clean.head(1).assign(group=None),
            clean.head(1).assign(program_id=None),
        ],
        ignore_index=True,
    )
    pd.testing.assert_frame_equal(comparison_statistics(noisy), comparison_statistics(clean))


def test_missing_column_is_reported() -> None:
    with pytest.raises(ValueError, match="group"):
        comparison_statistics(frame("P", [(1, 2)], []).drop(columns="group"))


def test_empty_input() -> None:
    result = comparison_statistics(frame("P", [], []))
    assert list(result.columns) == [*KEY_COLUMNS, *COMPARISON_COLUMNS]
    assert result.empty


def test_every_note_code_is_documented() -> None:
    assert set(COMPARISON_NOTE_CODES) == {
        "no_comparison_group",
        "too_few_comparison",
        "comparison_no_variation",
        "comparison_no_pre_variation",
    }


# --- Properties against per-group references ----------------------------------------------------

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Whole or half points, as in the paired property tests: rational data, so a fit is either
# exact or has residuals far above rounding error.
scores = st.integers(0, 200).map(lambda k: k / 2)
arm = st.lists(st.tuples(scores, scores), max_size=12)
programmes = st.lists(st.tuples(arm, arm), min_size=1, max_size=5)


def welch_reference(d1: np.ndarray, d0: np.ndarray) -> Any:
    """scipy's Welch test; it warns of precision loss when one arm's changes are all equal."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Precision loss", RuntimeWarning)
        return stats.ttest_ind(d1, d0, equal_var=False)


def ols_reference(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, int, float]:
    """Coefficients, standard errors, residual df and residual variance by numpy lstsq."""
    coef, _, _, _ = np.linalg.lstsq(x, y, rcond=None)
    df = x.shape[0] - x.shape[1]
    residual_var = float(np.sum((y - x @ coef) ** 2) / df)
    se = np.sqrt(np.diag(np.linalg.inv(x.T @ x)) * residual_var)
    return coef, se, df, residual_var


def exact_fit(residual_var: float, post: np.ndarray) -> bool:
    return residual_var <= 1e-20 * (post.mean() ** 2 + post.var(ddof=1))


def check_welch(row: pd.Series, d1: np.ndarray, d0: np.ndarray) -> None:
    if d1.size == 0 or d0.size == 0:
        assert math.isnan(row["did_estimate"])
    else:
        assert row["did_estimate"] == pytest.approx(d1.mean() - d0.mean(), rel=1e-12, abs=1e-12)
    if d1.size < 2 or d0.size < 2:
        assert all(math.isnan(row[c]) for c in WELCH_COLUMNS)
        return
    if np.ptp(d1) == 0 and np.ptp(d0) == 0:
        assert math.isnan(row["did_p"]) and "comparison_no_variation" in notes_of(row)
        return
    reference = welch_reference(d1, d0)
    interval = reference.confidence_interval(0.95)
    assert row["did_p"] == pytest.approx(reference.pvalue, rel=1e-8, abs=1e-300)
    assert row["did_ci_low"] == pytest.approx(interval.low, rel=1e-9, abs=1e-11)
    assert row["did_ci_high"] == pytest.approx(interval.high, rel=1e-9, abs=1e-11)


def check_ancova(row: pd.Series, pre: np.ndarray, post: np.ndarray, treated: np.ndarray) -> None:
    n, n1 = pre.size, int(treated.sum())
    x = np.column_stack([np.ones(n), pre, treated])
    if n < 4 or n1 == 0 or n1 == n:
        assert all(math.isnan(row[c]) for c in ANCOVA_COLUMNS)
        return
    if np.linalg.matrix_rank(x) < 3:
        assert all(math.isnan(row[c]) for c in ANCOVA_COLUMNS)
        assert "comparison_no_pre_variation" in notes_of(row)
        return
    coef, se, df, residual_var = ols_reference(x, post)
    assert row["ancova_effect"] == pytest.approx(coef[2], rel=1e-9, abs=1e-9)
    for label, value in (("participant", 1.0), ("comparison", 0.0)):
        expected = coef[0] + coef[1] * pre.mean() + coef[2] * value
        assert row[f"adj_mean_{label}"] == pytest.approx(expected, rel=1e-10, abs=1e-9)
    if exact_fit(residual_var, post):
        assert math.isnan(row["ancova_p"]) and "comparison_no_variation" in notes_of(row)
        return
    t = coef[2] / se[2]
    quantile = stats.t.isf(0.025, df)
    assert row["ancova_p"] == pytest.approx(2 * stats.t.sf(abs(t), df), rel=1e-7, abs=1e-300)
    assert row["ancova_ci_low"] == pytest.approx(coef[2] - quantile * se[2], rel=1e-9, abs=1e-9)
    assert row["ancova_ci_high"] == pytest.approx(coef[2] + quantile * se[2], rel=1e-9, abs=1e-9)


def check_slopes(row: pd.Series, pre: np.ndarray, post: np.ndarray, treated: np.ndarray) -> None:
    n, n1 = pre.size, int(treated.sum())
    x = np.column_stack([np.ones(n), pre, treated, pre * treated])
    if n < 5 or n1 < 2 or n - n1 < 2 or np.linalg.matrix_rank(x) < 4:
        assert math.isnan(row["slopes_p"])
        return
    coef, se, df, residual_var = ols_reference(x, post)
    if exact_fit(residual_var, post):
        assert math.isnan(row["slopes_p"]) and "comparison_no_variation" in notes_of(row)
        return
    expected = 2 * stats.t.sf(abs(coef[3] / se[3]), df)
    assert row["slopes_p"] == pytest.approx(expected, rel=1e-7, abs=1e-300)


@SETTINGS
@given(programmes)
def test_matches_per_group_references(groups: list[tuple[list, list]]) -> None:
    pairs = pd.concat(
        [frame(f"P{g:02d}", participants, comparison) for g, (participants, comparison) in
         enumerate(groups)] + [frame("Z", [], [])],
        ignore_index=True,
    )  # fmt: skip
    result = comparison_statistics(pairs).set_index("program_id")
    expected_ids = [f"P{g:02d}" for g, (p, c) in enumerate(groups) if p or c]
    assert result.index.tolist() == expected_ids
    for g, (participants, comparison) in enumerate(groups):
        if not (participants or comparison):
            continue
        row = result.loc[f"P{g:02d}"]
        scores_1 = np.array(participants, dtype=float).reshape(-1, 2)
        scores_0 = np.array(comparison, dtype=float).reshape(-1, 2)
        assert row["n_comparison"] == len(comparison)
        assert set(notes_of(row)) <= set(COMPARISON_NOTE_CODES)
        check_welch(row, scores_1[:, 1] - scores_1[:, 0], scores_0[:, 1] - scores_0[:, 0])
        both = np.vstack([scores_1, scores_0])
        treated = np.r_[np.ones(len(scores_1)), np.zeros(len(scores_0))]
        check_ancova(row, both[:, 0], both[:, 1], treated)
        check_slopes(row, both[:, 0], both[:, 1], treated)


def test_many_groups_at_once_equal_each_group_alone() -> None:
    rng = np.random.default_rng(11)
    parts = []
    for g in range(40):
        n1, n0 = (int(k) for k in rng.choice([0, 1, 2, 3, 5, 30], 2))
        pre = rng.normal(60, 10, n1 + n0).round(1)
        post = pre + rng.normal(3, 4, n1 + n0).round(1) + 4 * (np.arange(n1 + n0) < n1)
        participants = list(zip(pre[:n1], post[:n1], strict=True))
        comparison = list(zip(pre[n1:], post[n1:], strict=True))
        parts.append(frame(f"P{g % 7}", participants, comparison).assign(instrument=f"I{g}"))
    pairs = pd.concat(parts, ignore_index=True)
    together = comparison_statistics(pairs.sample(frac=1.0, random_state=2))
    alone = pd.concat(
        [comparison_statistics(group) for _, group in pairs.groupby(list(KEY_COLUMNS))],
        ignore_index=True,
    )
    pd.testing.assert_frame_equal(together, alone, check_exact=False, rtol=1e-10, atol=1e-10)
