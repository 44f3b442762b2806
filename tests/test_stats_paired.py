"""paired_statistics: output shape and order, vectorisation across groups, and edge cases."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from evaluasi.stats import KEY_COLUMNS, NOTE_CODES, NOTE_SEPARATOR, STAT_COLUMNS, paired_statistics

pytestmark = pytest.mark.filterwarnings("error")

FLOAT_COLUMNS = [c for c in STAT_COLUMNS if c not in ("n_paired", "notes")]
EMPTY_WITH_TOO_FEW = [
    c
    for c in FLOAT_COLUMNS
    if c not in ("pre_mean", "post_mean", "mean_diff", "normalized_gain")
    and not c.startswith("pct_")
]


def frame(program: str, instrument: str, pre: list[float], post: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"program_id": program, "instrument": instrument, "pre": pre, "post": post})


def notes_of(result: pd.DataFrame) -> list[list[str]]:
    return [n.split(NOTE_SEPARATOR) if n else [] for n in result["notes"]]


def random_groups(seed: int, count: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    parts = []
    for g in range(count):
        n = int(rng.choice([1, 2, 3, 8, 20, 49, 50, 75]))
        pre = rng.integers(0, 20, n).astype(float)
        post = pre + rng.integers(-3, 6, n) * rng.choice([1.0, 0.5], n)
        parts.append(frame(f"P{g % 4}", f"I{g // 4}", list(pre), list(post)))
    return pd.concat(parts, ignore_index=True)


def test_columns_dtypes_and_sorting() -> None:
    pairs = pd.concat(
        [
            frame("B", "y", [1, 2, 3], [2, 3, 5]),
            frame("A", "z", [1, 2, 3], [1, 4, 4]),
            frame("B", "x", [4, 5, 6], [6, 5, 9]),
            frame("A", "a", [1, 2], [3, 5]),
        ]
    ).sample(frac=1.0, random_state=1)
    result = paired_statistics(pairs)
    assert list(result.columns) == [*KEY_COLUMNS, *STAT_COLUMNS]
    assert list(zip(result["program_id"], result["instrument"], strict=True)) == [
        ("A", "a"),
        ("A", "z"),
        ("B", "x"),
        ("B", "y"),
    ]
    assert result.index.tolist() == [0, 1, 2, 3]
    assert result["n_paired"].dtype == np.int64
    assert all(result[c].dtype == np.float64 for c in FLOAT_COLUMNS)
    assert result["n_paired"].tolist() == [2, 3, 3, 3]


def test_many_groups_at_once_equal_each_group_alone() -> None:
    pairs = random_groups(seed=7, count=16)
    scale_max = pd.Series({"I0": 20.0, "I3": 25.0, "I7": np.nan})
    together = paired_statistics(pairs.sample(frac=1.0, random_state=3), scale_max)
    alone = pd.concat(
        [paired_statistics(group, scale_max) for _, group in pairs.groupby(list(KEY_COLUMNS))],
        ignore_index=True,
    )
    pd.testing.assert_frame_equal(together, alone, check_exact=False, rtol=1e-12, atol=1e-12)


def test_single_pair() -> None:
    result = paired_statistics(frame("P", "I", [3.0], [5.0]))
    row = result.iloc[0]
    assert row["n_paired"] == 1
    assert (row["pre_mean"], row["post_mean"], row["mean_diff"]) == (3.0, 5.0, 2.0)
    assert row["pct_improved"] == 100.0
    assert all(math.isnan(row[c]) for c in EMPTY_WITH_TOO_FEW)
    assert notes_of(result) == [["too_few_pairs", "no_scale_max"]]


def test_group_without_complete_pairs_is_kept_and_empty_groups_are_absent() -> None:
    pairs = pd.concat(
        [frame("P", "I", [np.nan, 2.0], [1.0, np.inf]), frame("Q", "I", [1, 2, 4], [2, 2, 6])]
    )
    result = paired_statistics(pairs)
    assert result["program_id"].tolist() == ["P", "Q"]
    row = result.iloc[0]
    assert row["n_paired"] == 0
    assert all(math.isnan(row[c]) for c in FLOAT_COLUMNS)
    assert notes_of(result)[0] == ["incomplete_pairs_dropped", "too_few_pairs", "no_scale_max"]


def test_identical_pre_and_post() -> None:
    result = paired_statistics(frame("P", "I", [1, 2, 3, 4], [1, 2, 3, 4]), pd.Series({"I": 10.0}))
    row = result.iloc[0]
    assert (row["mean_diff"], row["sd_diff"], row["se_diff"]) == (0.0, 0.0, 0.0)
    assert (row["pct_improved"], row["pct_unchanged"], row["pct_declined"]) == (0.0, 100.0, 0.0)
    assert row["d_av"] == 0.0 and row["normalized_gain"] == 0.0
    empty = [
        "ci_low", "ci_high", "t_stat", "p_value", "cohen_dz", "dz_ci_low", "dz_ci_high",
        "wilcoxon_v", "wilcoxon_p", "rank_biserial", "shapiro_w", "shapiro_p",
    ]  # fmt: skip
    assert all(math.isnan(row[c]) for c in empty)
    assert row["df"] == 3.0 and row["mde_dz"] > 0
    assert notes_of(result) == [["no_variation", "all_differences_zero"]]


def test_constant_nonzero_change_keeps_wilcoxon() -> None:
    row = paired_statistics(frame("P", "I", [1, 5, 9], [3, 7, 11])).iloc[0]
    assert (
        math.isnan(row["t_stat"]) and math.isnan(row["cohen_dz"]) and math.isnan(row["shapiro_w"])
    )
    # R: wilcox.test(c(3, 7, 11), c(1, 5, 9), paired = TRUE) -> V = 6, p = 0.148914673178766
    assert row["wilcoxon_v"] == 6.0
    assert row["wilcoxon_p"] == pytest.approx(0.148914673178766, rel=1e-9)
    assert row["notes"] == "no_variation;no_scale_max"


def test_essentially_constant_differences_follow_r() -> None:
    # d = 1 + {0, eps, 2 eps}: R's t.test stops with "data are essentially constant".
    eps = np.finfo(float).eps
    row = paired_statistics(frame("P", "I", [0.0, 0.0, 0.0], [1.0, 1 + eps, 1 + 2 * eps])).iloc[0]
    assert row["sd_diff"] > 0
    assert math.isnan(row["t_stat"]) and math.isnan(row["ci_low"]) and math.isnan(row["cohen_dz"])
    assert row["notes"].split(";")[0] == "no_variation"


def test_tiny_but_real_variation_is_analysed() -> None:
    # R: x <- c(1e-11, 2e-11, 4e-11); t.test(x, c(0, 0, 0), paired = TRUE)$statistic and
    # shapiro.test(x) (which rescales samples spanning < 1e-10)
    row = paired_statistics(frame("P", "I", [0.0, 0.0, 0.0], [1e-11, 2e-11, 4e-11])).iloc[0]
    assert row["t_stat"] == pytest.approx(2.64575131106459, rel=1e-12)
    assert math.isfinite(row["dz_ci_high"])
    assert row["shapiro_w"] == pytest.approx(0.964285714285714, rel=1e-12)
    assert row["shapiro_p"] == pytest.approx(0.636886845028963, rel=1e-9)
    assert row["notes"] == "no_scale_max"


def test_all_differences_zero_but_group_of_two() -> None:
    result = paired_statistics(frame("P", "I", [4, 4], [4, 4]))
    assert notes_of(result) == [
        ["no_variation", "all_differences_zero", "shapiro_out_of_range", "no_scale_max"]
    ]


def test_shapiro_above_5000_pairs() -> None:
    n = 5001
    pre = np.arange(n, dtype=float)
    row = paired_statistics(frame("P", "I", pre, pre + np.arange(n) % 7)).iloc[0]
    assert math.isnan(row["shapiro_w"]) and math.isfinite(row["wilcoxon_p"])
    assert row["notes"] == "shapiro_out_of_range;no_scale_max"


def test_wilcoxon_exact_up_to_49_normal_from_50() -> None:
    rng = np.random.default_rng(11)
    for n, method in ((49, "exact"), (50, "approx")):
        d = rng.permutation(np.arange(1, n + 1)) * rng.choice([-1.0, 1.0], n) + 0.25
        row = paired_statistics(frame("P", "I", np.zeros(n), d)).iloc[0]
        expected = stats.wilcoxon(d, method=method, correction=True).pvalue
        assert row["wilcoxon_p"] == pytest.approx(expected, rel=1e-12)


def test_normalized_gain_and_scale_max_notes() -> None:
    pairs = pd.concat(
        [
            frame("P", "a", [50, 60], [75, 80]),
            frame("P", "b", [10, 10], [9, 10]),
            frame("P", "c", [1, 2], [2, 2]),
            frame("P", "d", [1, 2], [2, 3]),
            frame("P", "e", [1, 2], [2, 3]),
        ]
    )
    scale_max = pd.Series([100.0, 10.0, np.nan, 5.0, 6.0], index=["a", "b", "c", "e", "e"])
    result = paired_statistics(pairs, scale_max)
    gain = result["normalized_gain"].tolist()
    assert gain[0] == pytest.approx(22.5 / 45)
    assert all(math.isnan(g) for g in gain[1:])
    notes = notes_of(result)
    assert "pre_at_scale_max" in notes[1]
    assert all("no_scale_max" in n for n in notes[2:])


def test_messy_input_never_raises() -> None:
    pairs = pd.DataFrame(
        {
            "program_id": ["P", "P", "P", None, "P"],
            "instrument": pd.Categorical(["I", "I", "I", "I", "I"]),
            "pre": ["1", "2", "x", "4", "5"],
            "post": [2.0, 4.0, 5.0, 5.0, None],
        }
    )
    result = paired_statistics(pairs)
    assert result["n_paired"].tolist() == [2]
    assert result["notes"].iloc[0].startswith("incomplete_pairs_dropped")


def test_empty_input() -> None:
    empty = pd.DataFrame({"program_id": [], "instrument": [], "pre": [], "post": []}).astype(
        {"program_id": "str", "instrument": "str", "pre": float, "post": float}
    )
    result = paired_statistics(empty)
    assert list(result.columns) == [*KEY_COLUMNS, *STAT_COLUMNS]
    assert len(result) == 0


def test_missing_column_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="post"):
        paired_statistics(pd.DataFrame({"program_id": [], "instrument": [], "pre": []}))


def test_every_note_code_is_documented() -> None:
    pairs = pd.concat(
        [
            random_groups(seed=5, count=12),
            frame("Z", "I0", [1, 1], [1, 1]),
        ],
        ignore_index=True,
    )
    pairs.loc[pairs.index[0], "pre"] = np.nan
    codes = {c for n in notes_of(paired_statistics(pairs, pd.Series({"I0": 1.0}))) for c in n}
    assert codes <= set(NOTE_CODES)
    assert codes >= {
        "incomplete_pairs_dropped",
        "too_few_pairs",
        "no_variation",
        "all_differences_zero",
        "shapiro_out_of_range",
        "no_scale_max",
        "pre_at_scale_max",
    }
