r"""subgroup_statistics: golden values from R, properties against scipy, and edge cases.

The R script below (R 4.2.2) printed every golden literal in this file. Its data are the
GOLDEN_* literals: programme P1 with a knowledge test (pengetahuan: dimensions unit and sex,
one post-test missing, one person of unknown sex) and an attitude scale (sikap: dimensions
rank and age_band, rank III changing by exactly 0.5 for everyone), and programme P2 with a
knowledge test (dimensions unit and rank). Levels of fewer than 5 complete pairs are left out.

p15 <- function(name, x) cat(name, "=", paste(sprintf("%.15g", x), collapse = ", "), "\n")
report <- function(label, pre, post, level, min_group = 5) {
  cat("##", label, "\n")
  ok <- !is.na(level) & !is.na(pre) & !is.na(post)
  pre <- pre[ok]; post <- post[ok]; level <- level[ok]
  d <- post - pre
  sizes <- table(level)
  shown <- names(sizes)[sizes >= min_group]
  for (l in shown) {
    i <- level == l
    out <- c(sum(i), mean(d[i]), sd(d[i]), mean(pre[i]), mean(post[i]))
    if (sd(d[i]) > 0) {  # t.test stops: "data are essentially constant"
      t <- t.test(post[i], pre[i], paired = TRUE)
      out <- c(out, t$conf.int, t$p.value)
    }
    p15(paste(l, "n, mean_diff, sd_diff, pre_mean, post_mean, ci_low, ci_high, p"), out)
  }
  if (length(shown) >= 2) {
    keep <- level %in% shown
    d <- d[keep]; g <- factor(level[keep])
    a <- anova(lm(d ~ g))
    p15("anova F, df1, df2, p", c(a[1, "F value"], a$Df, a[1, "Pr(>F)"]))
    w <- oneway.test(d ~ g)
    p15("welch F, df1, df2, p", c(w$statistic, w$parameter, w$p.value))
    long <- data.frame(id = factor(rep(seq_along(d), 2)),
                       time = rep(c("pre", "post"), each = length(d)),
                       score = c(pre[keep], post[keep]), level = rep(g, 2))
    s <- summary(aov(score ~ time * level + Error(id / time), data = long))
    p15("mixed anova time:level F", s[["Error: id:time"]][[1]]["time:level", "F value"])
  }
}
p1_pre <- c(49, 67, 43, 48, 52, 52, 76, 71, 76, 79, 43, 45, 74, 43, 46, 47, 76, 54, 50, 46,
            58, 63, 72, 64, 79, 44, 59, 62, 67, 40)
p1_post <- c(53, 75, 45, 62, 62, 64, 84, 80, 82, 85, 46, 49, NA, 45, 53, 47, 82, 62, 57, 45,
             59, 65, 81, 73, 83, 46, 58, 69, 72, 44)
p1_unit <- rep(c("A", "B", "C", "D"), c(13, 8, 6, 3))
p1_sex <- replace(rep_len(c("L", "P"), 30), 2, NA)
p2_pre <- c(3.5, 2.75, 3.75, 2.5, 2.75, 3.75, 3, 2.5, 2.5, 3.5, 2.5, 2.75, 2.75, 2.75)
p2_post <- c(3.75, 3.75, 3.75, 3.5, 2.75, 4.25, 3.5, 3, 3, 4, 3, 2.75, 3, 2.75)
p2_rank <- rep(c("II", "III", "IV"), c(5, 6, 3))
p2_age <- c("<30", "<30", rep(c("30-39", "40-49"), 6))
p3_pre <- c(75, 57, 58, 86, 82, 72, 86, 64, 52, 83)
p3_post <- c(72, 58, 61, 92, 79, 71, 83, 60, 50, 90)
p3_unit <- rep(c("A", "B"), c(6, 4))
p3_rank <- rep_len(c("III", "IV"), 10)
report("P1 pengetahuan unit", p1_pre, p1_post, p1_unit)
report("P1 pengetahuan sex", p1_pre, p1_post, p1_sex)
report("P1 sikap rank", p2_pre, p2_post, p2_rank)
report("P1 sikap age_band", p2_pre, p2_post, p2_age)
report("P2 pengetahuan unit", p3_pre, p3_post, p3_unit)
report("P2 pengetahuan rank", p3_pre, p3_post, p3_rank)

For rank III of P1 sikap, R's oneway.test prints F = NaN, denom df = NaN, p-value = NA (the
level's variance is 0); the module reports the whole Welch test as NaN with a note. The
mixed-ANOVA line shows that interaction_f is the F of the time x subgroup interaction.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

from evaluasi.stats.notes import NOTE_SEPARATOR
from evaluasi.stats.subgroups import (
    DIMENSION_COLUMNS,
    LEVEL_COLUMNS,
    LEVEL_KEY_COLUMNS,
    SUBGROUP_NOTE_CODES,
    SUBGROUP_TEST_COLUMNS,
    subgroup_statistics,
)

# Warnings are errors, except Hypothesis's check that `random` was left alone while it drew
# data: Prefect's server threads, still alive from earlier tests in the session, use `random`.
pytestmark = [
    pytest.mark.filterwarnings("error"),
    pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning"),
]

LEVEL_STATISTICS = [c for c in LEVEL_COLUMNS if c not in ("n_paired", "suppressed")]
INTERACTION_COLUMNS = ["interaction_f", "interaction_df1", "interaction_df2", "interaction_p"]
WELCH_COLUMNS = ["welch_f", "welch_df1", "welch_df2", "welch_p"]
TEST_STATISTICS = [*INTERACTION_COLUMNS, *WELCH_COLUMNS]

NA = math.nan
GOLDEN_P1_PRE = [
    49, 67, 43, 48, 52, 52, 76, 71, 76, 79, 43, 45, 74, 43, 46, 47, 76, 54, 50, 46,
    58, 63, 72, 64, 79, 44, 59, 62, 67, 40,
]  # fmt: skip
GOLDEN_P1_POST = [
    53, 75, 45, 62, 62, 64, 84, 80, 82, 85, 46, 49, NA, 45, 53, 47, 82, 62, 57, 45,
    59, 65, 81, 73, 83, 46, 58, 69, 72, 44,
]  # fmt: skip
GOLDEN_P1_UNIT = ["A"] * 13 + ["B"] * 8 + ["C"] * 6 + ["D"] * 3
GOLDEN_P1_SEX = ["L", None, *(["L", "P"] * 14)]
GOLDEN_P2_PRE = [3.5, 2.75, 3.75, 2.5, 2.75, 3.75, 3, 2.5, 2.5, 3.5, 2.5, 2.75, 2.75, 2.75]
GOLDEN_P2_POST = [3.75, 3.75, 3.75, 3.5, 2.75, 4.25, 3.5, 3, 3, 4, 3, 2.75, 3, 2.75]
GOLDEN_P2_RANK = ["II"] * 5 + ["III"] * 6 + ["IV"] * 3
GOLDEN_P2_AGE = ["<30", "<30", *(["30-39", "40-49"] * 6)]
GOLDEN_P3_PRE = [75, 57, 58, 86, 82, 72, 86, 64, 52, 83]
GOLDEN_P3_POST = [72, 58, 61, 92, 79, 71, 83, 60, 50, 90]
GOLDEN_P3_UNIT = ["A"] * 6 + ["B"] * 4
GOLDEN_P3_RANK = ["III", "IV"] * 5

LEVEL_FIELDS = ("n_paired", "mean_diff", "sd_diff", "pre_mean", "post_mean", "ci_low", "ci_high",
                "p_value")  # fmt: skip
EXPECTED_LEVELS: dict[tuple[str, str, str, str], tuple[float, ...]] = {
    ("P1", "pengetahuan", "unit", "A"): (
        12, 7.16666666666667, 3.68863939767235, 58.4166666666667, 65.5833333333333,
        4.82301700589211, 9.51031632744122, 3.2412235824155e-05,
    ),
    ("P1", "pengetahuan", "unit", "B"): (
        8, 3.75, 3.61544306709822, 52.5, 56.25, 0.727413954944797, 6.7725860450552,
        0.0219088601528427,
    ),
    ("P1", "pengetahuan", "unit", "C"): (
        6, 4.16666666666667, 4.07021702943058, 63.5, 67.6666666666667, -0.104764146129341,
        8.43809747946267, 0.0539904583533201,
    ),
    ("P1", "pengetahuan", "sex", "L"): (
        14, 5.07142857142857, 3.12469778758463, 60.4285714285714, 65.5, 3.26728178207308,
        6.87557536078406, 3.95057548417087e-05,
    ),
    ("P1", "pengetahuan", "sex", "P"): (
        14, 5.57142857142857, 4.48440521249921, 54.1428571428571, 59.7142857142857,
        2.98221008814177, 8.16064705471537, 0.000455643373060593,
    ),
    ("P1", "sikap", "rank", "II"): (
        5, 0.45, 0.51234753829798, 3.05, 3.5, -0.186163492872926, 1.08616349287293,
        0.121003919410353,
    ),
    # R's t.test stops ("data are essentially constant"): interval and p are empty.
    ("P1", "sikap", "rank", "III"): (6, 0.5, 0, 2.95833333333333, 3.45833333333333, NA, NA, NA),
    ("P1", "sikap", "age_band", "30-39"): (
        6, 0.291666666666667, 0.245798020062544, 2.875, 3.16666666666667, 0.0337174641971652,
        0.549615869136168, 0.0335323976037179,
    ),
    ("P1", "sikap", "age_band", "40-49"): (
        6, 0.416666666666667, 0.376386326354541, 2.95833333333333, 3.375, 0.0216734414206908,
        0.811659891912642, 0.0421939967055244,
    ),
    ("P2", "pengetahuan", "unit", "A"): (
        6, 0.5, 3.56370593624109, 71.6666666666667, 72.1666666666667, -3.23988001960029,
        4.23988001960029, 0.745073385441245,
    ),
    ("P2", "pengetahuan", "rank", "III"): (
        5, -1.6, 2.60768096208106, 70.6, 69, -4.83786356941741, 1.63786356941741,
        0.241981530568021,
    ),
    ("P2", "pengetahuan", "rank", "IV"): (
        5, 1.8, 4.65832587954085, 72.4, 74.2, -3.98407553652675, 7.58407553652675,
        0.436306863458629,
    ),
}  # fmt: skip
SUPPRESSED_LEVELS = [
    ("P1", "pengetahuan", "unit", "D"),
    ("P1", "sikap", "rank", "IV"),
    ("P1", "sikap", "age_band", "<30"),
    ("P2", "pengetahuan", "unit", "B"),
]

EXPECTED_TESTS: dict[tuple[str, str, str], tuple[tuple[float, ...], tuple[float, ...], str]] = {
    # (n_levels, n_paired), (F, df1, df2, p) of anova(lm(d ~ g)), of oneway.test(d ~ g), notes
    ("P1", "pengetahuan", "unit"): (
        (3, 26, 2.42586657169991, 2, 23, 0.110680094694891),
        (2.35340828868046, 2, 12.1882733123486, 0.136690950348501),
        "levels_suppressed",
    ),
    ("P1", "pengetahuan", "sex"): (
        (2, 28, 0.117160198638955, 1, 26, 0.734886718504336),
        (0.117160198638955, 1, 23.2154267579651, 0.735214635261525),
        "",
    ),
    ("P1", "sikap", "rank"): (
        (2, 11, 0.0584415584415585, 1, 9, 0.814394495560318),
        (NA, NA, NA, NA),
        "levels_suppressed;level_without_variation",
    ),
    ("P1", "sikap", "age_band"): (
        (2, 12, 0.463917525773195, 1, 10, 0.511262358598712),
        (0.463917525773196, 1, 8.60841720036597, 0.513701193704981),
        "levels_suppressed",
    ),
    ("P2", "pengetahuan", "unit"): (
        (1, 6, NA, NA, NA, NA),
        (NA, NA, NA, NA),
        "levels_suppressed;fewer_than_two_levels",
    ),
    ("P2", "pengetahuan", "rank"): (
        (2, 10, 2.0280701754386, 1, 8, 0.192230959176792),
        (2.0280701754386, 1, 6.28275288612148, 0.20213388136117),
        "",
    ),
}  # fmt: skip
MIXED_ANOVA_P1_UNIT_F = 2.42586657169989


def primary(pairs: pd.DataFrame, min_group: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Primary suppression only, as the R script excludes exactly the levels under min_group."""
    return subgroup_statistics(pairs, min_group, complementary=False)


def frame(
    program: str,
    instrument: str,
    dimension: str,
    levels: list[str | None],
    pre: list[float],
    post: list[float],
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "program_id": program,
            "instrument": instrument,
            "dimension": dimension,
            "level": pd.Series(levels, dtype=object),
            "pre": pd.Series(pre, dtype=float),
            "post": pd.Series(post, dtype=float),
        }
    )


def golden_pairs() -> pd.DataFrame:
    p1 = ("P1", "pengetahuan", GOLDEN_P1_PRE, GOLDEN_P1_POST)
    p2 = ("P1", "sikap", GOLDEN_P2_PRE, GOLDEN_P2_POST)
    p3 = ("P2", "pengetahuan", GOLDEN_P3_PRE, GOLDEN_P3_POST)
    parts = [
        frame(p1[0], p1[1], "unit", GOLDEN_P1_UNIT, p1[2], p1[3]),
        frame(p1[0], p1[1], "sex", GOLDEN_P1_SEX, p1[2], p1[3]),
        frame(p2[0], p2[1], "rank", GOLDEN_P2_RANK, p2[2], p2[3]),
        frame(p2[0], p2[1], "age_band", GOLDEN_P2_AGE, p2[2], p2[3]),
        frame(p3[0], p3[1], "unit", GOLDEN_P3_UNIT, p3[2], p3[3]),
        frame(p3[0], p3[1], "rank", GOLDEN_P3_RANK, p3[2], p3[3]),
    ]
    return pd.concat(parts, ignore_index=True)


def by_key(table: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    return table.set_index(list(columns))


def notes_of(row: pd.Series) -> list[str]:
    return row["subgroup_notes"].split(NOTE_SEPARATOR) if row["subgroup_notes"] else []


def assert_close(actual: float, expected: float, label: str, rel: float = 1e-9) -> None:
    if math.isnan(expected):
        assert math.isnan(actual), label
    else:
        assert actual == pytest.approx(expected, rel=rel, abs=1e-13), label


def assert_suppressed(row: pd.Series) -> None:
    assert bool(row["suppressed"])
    assert row["n_paired"] is pd.NA
    assert all(math.isnan(row[c]) for c in LEVEL_STATISTICS)


# --- Golden values from R ----------------------------------------------------------------------


@pytest.mark.parametrize("key", list(EXPECTED_LEVELS))
def test_levels_match_r(key: tuple[str, str, str, str]) -> None:
    levels, _ = primary(golden_pairs())
    row = by_key(levels, LEVEL_KEY_COLUMNS).loc[key]
    assert not row["suppressed"]
    for field, expected in zip(LEVEL_FIELDS, EXPECTED_LEVELS[key], strict=True):
        assert_close(float(row[field]), expected, field)


@pytest.mark.parametrize("key", list(EXPECTED_TESTS))
def test_between_level_tests_match_r(key: tuple[str, str, str]) -> None:
    _, tests = primary(golden_pairs())
    row = by_key(tests, DIMENSION_COLUMNS).loc[key]
    (n_levels, n_paired, *anova), welch, notes = EXPECTED_TESTS[key]
    assert (row["n_levels"], row["n_paired"]) == (n_levels, n_paired)
    for column, expected in zip(INTERACTION_COLUMNS, anova, strict=True):
        assert_close(row[column], expected, column)
    for column, expected in zip(WELCH_COLUMNS, welch, strict=True):
        assert_close(row[column], expected, column)
    assert row["subgroup_notes"] == notes


def test_interaction_is_the_time_by_subgroup_f_of_the_mixed_anova() -> None:
    _, tests = primary(golden_pairs())
    row = by_key(tests, DIMENSION_COLUMNS).loc[("P1", "pengetahuan", "unit")]
    assert row["interaction_f"] == pytest.approx(MIXED_ANOVA_P1_UNIT_F, rel=1e-9)


def test_golden_suppressed_levels_carry_no_statistic() -> None:
    levels, _ = primary(golden_pairs())
    indexed = by_key(levels, LEVEL_KEY_COLUMNS)
    assert sorted(indexed.index[indexed["suppressed"]]) == sorted(SUPPRESSED_LEVELS)
    for key in SUPPRESSED_LEVELS:
        assert_suppressed(indexed.loc[key])
    assert sorted(indexed.index) == sorted([*EXPECTED_LEVELS, *SUPPRESSED_LEVELS])


def test_golden_rows_shuffled_give_the_same_answer() -> None:
    pairs = golden_pairs()
    for ordered, shuffled in zip(
        primary(pairs),
        primary(pairs.sample(frac=1.0, random_state=3)),
        strict=True,
    ):
        pd.testing.assert_frame_equal(shuffled, ordered, check_exact=False, rtol=1e-12)


# --- Shape and edge cases -----------------------------------------------------------------------


def test_columns_dtypes_and_sorting() -> None:
    levels, tests = primary(golden_pairs())
    assert list(levels.columns) == [*LEVEL_KEY_COLUMNS, *LEVEL_COLUMNS]
    assert list(tests.columns) == [*DIMENSION_COLUMNS, *SUBGROUP_TEST_COLUMNS]
    assert levels.index.tolist() == list(range(len(levels)))
    assert tests.index.tolist() == list(range(len(tests)))
    level_keys = list(levels[list(LEVEL_KEY_COLUMNS)].itertuples(index=False, name=None))
    test_keys = list(tests[list(DIMENSION_COLUMNS)].itertuples(index=False, name=None))
    assert level_keys == sorted(level_keys)
    assert test_keys == sorted(test_keys)
    assert test_keys == list(dict.fromkeys(key[:3] for key in level_keys))
    assert levels["n_paired"].dtype == "Int64"
    assert levels["suppressed"].dtype == bool
    assert all(levels[c].dtype == np.float64 for c in LEVEL_STATISTICS)
    assert tests["n_levels"].dtype == np.int64
    assert tests["n_paired"].dtype == np.int64
    assert all(tests[c].dtype == np.float64 for c in TEST_STATISTICS)
    assert tests["subgroup_notes"].map(type).eq(str).all()


def test_unknown_levels_missing_keys_and_incomplete_rows_are_ignored() -> None:
    clean = golden_pairs()
    noisy = pd.concat(
        [
            clean,
            clean.head(4).assign(level=None),
            clean.head(3).assign(level=np.nan),
            clean.head(2).assign(dimension=None),
            clean.head(2).assign(program_id=None),
            clean.head(2).assign(instrument=None),
            frame("P1", "pengetahuan", "unit", ["A", "B"], [np.nan, 50], [60, 0]).assign(
                post=pd.Series([60, "x"], dtype=object)
            ),
            frame("P1", "sikap", "rank", ["II", "II"], [np.inf, 3], [3, np.nan]),
        ],
        ignore_index=True,
    )
    for with_noise, without in zip(primary(noisy), primary(clean), strict=True):
        pd.testing.assert_frame_equal(with_noise, without)


def test_level_of_incomplete_rows_only_is_kept_as_suppressed() -> None:
    pairs = pd.concat(
        [
            frame("P", "t", "unit", ["A"] * 5, [1, 2, 3, 4, 5], [2, 4, 3, 7, 6]),
            frame("P", "t", "unit", ["B", "B"], [1, np.nan], [np.nan, 2]),
        ]
    )
    levels, tests = primary(pairs)
    assert levels["level"].tolist() == ["A", "B"]
    assert_suppressed(levels.iloc[1])
    assert notes_of(tests.iloc[0]) == ["levels_suppressed", "fewer_than_two_levels"]


def test_one_level_only() -> None:
    levels, tests = primary(
        frame("P", "t", "sex", ["P"] * 6, [1, 2, 3, 4, 5, 6], [2, 4, 3, 7, 6, 9])
    )
    assert levels["n_paired"].tolist() == [6]
    assert math.isfinite(levels["p_value"].iloc[0])
    row = tests.iloc[0]
    assert (row["n_levels"], row["n_paired"]) == (1, 6)
    assert all(math.isnan(row[c]) for c in TEST_STATISTICS)
    assert notes_of(row) == ["fewer_than_two_levels"]


def test_all_levels_suppressed() -> None:
    levels, tests = primary(
        frame("P", "t", "unit", ["A"] * 4 + ["B"] * 3 + ["C"], [1, 2, 3, 4, 5, 6, 7, 8],
              [2, 4, 3, 7, 6, 9, 8, 8])
    )  # fmt: skip
    assert levels["suppressed"].all()
    for _, row in levels.iterrows():
        assert_suppressed(row)
    row = tests.iloc[0]
    assert (row["n_levels"], row["n_paired"]) == (0, 0)
    assert all(math.isnan(row[c]) for c in TEST_STATISTICS)
    assert notes_of(row) == ["levels_suppressed", "fewer_than_two_levels"]


@pytest.mark.parametrize(
    ("changes", "pre"),
    [
        ((3.0, 3.0), [10, 11, 12, 13, 14]),
        ((0.0, 0.0), [10, 11, 12, 13, 14]),
        ((3.0, -1.5), [10, 11, 12, 13, 14]),
        # d = 2.1 and 3.2 up to rounding: the changes spread by about 1e-14.
        ((2.1, 3.2), [61.3, 70.1, 55.7, 48.9, 66.6]),
    ],
)
def test_constant_change_in_every_level(changes: tuple[float, float], pre: list[float]) -> None:
    pairs = pd.concat(
        [
            frame("P", "t", "unit", [level] * 5, pre, [p + change for p in pre])
            for level, change in zip(("A", "B"), changes, strict=True)
        ]
    )
    levels, tests = primary(pairs)
    assert levels["mean_diff"].to_numpy() == pytest.approx(changes, rel=1e-12)
    assert levels[["ci_low", "ci_high", "p_value"]].isna().all().all()
    row = tests.iloc[0]
    assert (row["n_levels"], row["n_paired"]) == (2, 10)
    assert all(math.isnan(row[c]) for c in TEST_STATISTICS)
    assert notes_of(row) == ["no_residual_variation"]


def test_one_level_constant_up_to_rounding_empties_welch_only() -> None:
    pre = [61.3, 70.1, 55.7, 48.9, 66.6]
    changing = frame("P", "t", "unit", ["A"] * 5, [1, 2, 3, 4, 5], [2, 4, 3, 7, 6])
    constant = frame("P", "t", "unit", ["B"] * 5, pre, [p + 2.1 for p in pre])
    assert np.ptp(constant["post"] - constant["pre"]) > 0
    levels, tests = primary(pd.concat([changing, constant]))
    assert math.isnan(levels["p_value"].iloc[1])
    row = tests.iloc[0]
    d = [np.array([1.0, 2, 0, 3, 1]), np.full(5, 2.1)]
    reference = stats.f_oneway(*d)
    assert row["interaction_f"] == pytest.approx(reference.statistic, rel=1e-9)
    assert row["interaction_p"] == pytest.approx(reference.pvalue, rel=1e-9)
    assert all(math.isnan(row[c]) for c in WELCH_COLUMNS)
    assert notes_of(row) == ["level_without_variation"]


def test_suppressed_levels_do_not_move_the_tests() -> None:
    shown = pd.concat(
        [
            frame("P", "t", "unit", ["A"] * 5, [1, 2, 3, 4, 5], [2, 4, 3, 7, 6]),
            frame("P", "t", "unit", ["B"] * 6, [5, 5, 6, 7, 8, 9], [5, 6, 6, 7, 9, 12]),
        ]
    )
    small = frame("P", "t", "unit", ["C"] * 4, [10, 20, 30, 40], [90, 95, 99, 100])
    _, alone = primary(shown)
    _, with_small = primary(pd.concat([shown, small]))
    pd.testing.assert_frame_equal(
        with_small.drop(columns="subgroup_notes"), alone.drop(columns="subgroup_notes")
    )
    assert with_small["subgroup_notes"].tolist() == ["levels_suppressed"]


def test_min_group_sets_the_suppression_threshold() -> None:
    pairs = golden_pairs()
    levels, tests = primary(pairs, min_group=2)
    assert not levels["suppressed"].any()
    row = by_key(tests, DIMENSION_COLUMNS).loc[("P1", "pengetahuan", "unit")]
    assert row["n_levels"] == 4 and row["subgroup_notes"] == ""
    levels, _ = primary(pairs, min_group=13)
    shown = levels.loc[~levels["suppressed"], ["dimension", "level", "n_paired"]]
    assert shown.values.tolist() == [["sex", "L", 14], ["sex", "P", 14]]


def test_empty_input() -> None:
    levels, tests = primary(frame("P", "t", "unit", [], [], []))
    assert list(levels.columns) == [*LEVEL_KEY_COLUMNS, *LEVEL_COLUMNS]
    assert list(tests.columns) == [*DIMENSION_COLUMNS, *SUBGROUP_TEST_COLUMNS]
    assert levels.empty and tests.empty


def test_missing_column_is_reported() -> None:
    with pytest.raises(ValueError, match="level"):
        primary(golden_pairs().drop(columns="level"))


def test_min_group_below_two_is_refused() -> None:
    with pytest.raises(ValueError, match="min_group"):
        primary(golden_pairs(), min_group=1)


def test_every_note_code_is_documented() -> None:
    assert set(SUBGROUP_NOTE_CODES) == {
        "levels_suppressed",
        "fewer_than_two_levels",
        "no_residual_variation",
        "level_without_variation",
    }


# --- Properties against scipy, one dimension at a time ------------------------------------------

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Whole or half points: d is exact, so a level's changes are either equal or spread far above
# rounding error. Some levels change by one amount for everyone, to reach the empty tests.
scores = st.integers(0, 40).map(lambda k: k / 2)
changes = st.integers(-6, 6).map(lambda k: k / 2)
level_pairs = st.one_of(
    st.lists(st.tuples(scores, scores), max_size=9),
    st.tuples(st.lists(scores, max_size=9), changes).map(
        lambda level: [(pre, pre + level[1]) for pre in level[0]]
    ),
)
dimensions = st.lists(st.lists(level_pairs, min_size=1, max_size=4), min_size=1, max_size=4)


def dimension_frame(j: int, levels: list[list[tuple[float, float]]]) -> pd.DataFrame:
    parts = [
        frame(f"P{j % 2}", "test", f"D{j}", [f"L{i}"] * len(pairs),
              [p[0] for p in pairs], [p[1] for p in pairs])
        for i, pairs in enumerate(levels)
    ]  # fmt: skip
    return pd.concat(parts, ignore_index=True)


def check_level(row: pd.Series, pairs: list[tuple[float, float]], min_group: int) -> None:
    if len(pairs) < min_group:
        assert_suppressed(row)
        return
    pre, post = np.array(pairs).T
    d = post - pre
    assert not row["suppressed"] and row["n_paired"] == len(pairs)
    assert row["mean_diff"] == pytest.approx(d.mean(), rel=1e-12, abs=1e-12)
    assert row["sd_diff"] == pytest.approx(d.std(ddof=1), rel=1e-12, abs=1e-12)
    assert row["pre_mean"] == pytest.approx(pre.mean(), rel=1e-12)
    assert row["post_mean"] == pytest.approx(post.mean(), rel=1e-12)
    if np.ptp(d) == 0:
        assert all(math.isnan(row[c]) for c in ("ci_low", "ci_high", "p_value"))
        return
    reference = stats.ttest_rel(post, pre)
    interval = reference.confidence_interval(0.95)
    assert row["p_value"] == pytest.approx(reference.pvalue, rel=1e-9, abs=1e-300)
    assert row["ci_low"] == pytest.approx(interval.low, rel=1e-9, abs=1e-12)
    assert row["ci_high"] == pytest.approx(interval.high, rel=1e-9, abs=1e-12)


def p_of(result: Any) -> float:
    """scipy's p, except that equal level means give 1, as R prints them.

    scipy's F for equal means can come out as -3e-33 from rounding, and its p is then NaN.
    """
    if math.isnan(result.pvalue) and result.statistic == pytest.approx(0.0, abs=1e-12):
        return 1.0
    return float(result.pvalue)


def check_tests(row: pd.Series, levels: list[list[tuple[float, float]]], min_group: int) -> None:
    shown = [np.diff(np.array(p), axis=1).ravel() for p in levels if len(p) >= min_group]
    notes = notes_of(row)
    assert row["n_levels"] == len(shown)
    assert row["n_paired"] == sum(d.size for d in shown)
    assert ("levels_suppressed" in notes) == any(0 < len(p) < min_group for p in levels)
    if len(shown) < 2:
        assert all(math.isnan(row[c]) for c in TEST_STATISTICS)
        assert "fewer_than_two_levels" in notes
        return
    if all(np.ptp(d) == 0 for d in shown):
        assert all(math.isnan(row[c]) for c in TEST_STATISTICS)
        assert "no_residual_variation" in notes
        return
    anova = stats.f_oneway(*shown)
    assert row["interaction_df1"] == len(shown) - 1
    assert row["interaction_df2"] == row["n_paired"] - len(shown)
    assert row["interaction_f"] == pytest.approx(anova.statistic, rel=1e-9, abs=1e-12)
    assert row["interaction_p"] == pytest.approx(p_of(anova), rel=1e-8, abs=1e-300)
    if any(np.ptp(d) == 0 for d in shown):
        assert all(math.isnan(row[c]) for c in WELCH_COLUMNS)
        assert notes[-1] == "level_without_variation"
        return
    welch = stats.f_oneway(*shown, equal_var=False)
    assert row["welch_df1"] == len(shown) - 1
    assert row["welch_f"] == pytest.approx(welch.statistic, rel=1e-9, abs=1e-12)
    assert row["welch_p"] == pytest.approx(p_of(welch), rel=1e-8, abs=1e-300)
    assert notes in ([], ["levels_suppressed"])


@SETTINGS
@given(dimensions, st.integers(2, 6))
def test_matches_scipy_per_dimension_and_level(
    generated: list[list[list[tuple[float, float]]]], min_group: int
) -> None:
    pairs = pd.concat(
        [dimension_frame(j, levels) for j, levels in enumerate(generated)], ignore_index=True
    )
    levels, tests = primary(pairs.sample(frac=1.0, random_state=0), min_group)
    level_rows = by_key(levels, LEVEL_KEY_COLUMNS)
    test_rows = by_key(tests, DIMENSION_COLUMNS)
    expected_dimensions = [j for j, dimension in enumerate(generated) if any(dimension)]
    assert len(test_rows) == len(expected_dimensions)
    assert len(level_rows) == sum(len(p) > 0 for dimension in generated for p in dimension)
    for j in expected_dimensions:
        key = (f"P{j % 2}", "test", f"D{j}")
        check_tests(test_rows.loc[key], generated[j], min_group)
        for i, level in enumerate(generated[j]):
            if level:
                check_level(level_rows.loc[(*key, f"L{i}")], level, min_group)


def test_many_dimensions_at_once_equal_each_dimension_alone() -> None:
    rng = np.random.default_rng(7)
    parts = []
    for j in range(30):
        for i in range(int(rng.integers(1, 5))):
            n = int(rng.choice([0, 1, 3, 4, 5, 6, 12, 40]))
            pre = rng.normal(60, 10, n).round(1)
            post = pre + rng.normal(3 + i, 4, n).round(1)
            level = [f"L{i}"] * n
            parts.append(frame(f"P{j % 5}", f"I{j % 3}", f"D{j}", level, list(pre), list(post)))
    pairs = pd.concat(parts, ignore_index=True)
    together = primary(pairs.sample(frac=1.0, random_state=4))
    groups = [group for _, group in pairs.groupby(list(DIMENSION_COLUMNS))]
    alone = [primary(group) for group in groups]
    for position, table in enumerate(together):
        expected = pd.concat([result[position] for result in alone], ignore_index=True)
        pd.testing.assert_frame_equal(table, expected, check_exact=False, rtol=1e-10, atol=1e-12)


def test_complementary_suppression_hides_the_smallest_shown_level_beside_a_lone_hidden_one():
    rng = np.random.default_rng(5)

    def level(name: str, size: int) -> pd.DataFrame:
        pre = rng.normal(60, 8, size).round(1)
        return frame("P", "t", "unit", [name] * size, pre, pre + rng.normal(3, 2, size).round(1))

    lone = pd.concat([level("A", 3), level("B", 6), level("C", 9), level("D", 7)])
    levels, tests = subgroup_statistics(lone)
    assert levels.set_index("level")["suppressed"].to_dict() == {
        "A": True,
        "B": True,
        "C": False,
        "D": False,
    }
    assert levels.loc[levels["suppressed"], "mean_diff"].isna().all()
    assert tests.loc[0, "n_levels"] == 2 and tests.loc[0, "n_paired"] == 16
    # two small levels already hide each other; nothing more is hidden
    pair = pd.concat([level("A", 3), level("B", 2), level("C", 9), level("D", 7)])
    levels, _ = subgroup_statistics(pair)
    assert levels["suppressed"].tolist() == [True, True, False, False]
