r"""pool_effects and shrink_effects: golden values from R's metafor, properties and edge cases.

The R script below (R 4.2.2 with metafor 3.8-1) printed every golden literal in this file. It
fits seven pools: metafor's ``dat.bcg`` (13 BCG vaccine trials, log risk ratios), its trials 4
and 6 (k = 2), its trial 3 alone (k = 1), ``dat.normand1999`` (9 stroke-care trials, mean
differences in length of stay), and three made-up pools: five homogeneous effects whose REML
tau2 is truncated at 0, and two whose restricted likelihood has two maxima, the higher one
inside in the first, at 0 in the second (effects near 1000 with sampling variances from 1e-6
to 2, where metafor warns that Fisher scoring may be stuck and sets tau2 = 0). The raw data
of both metafor data sets are copied below as BCG and NORMAND; the tests compute yi and vi
from them with escalc's formulas (checked against the printed sums). The convergence
threshold is tightened from metafor's default 1e-5 so that R's tau2 is exact to the printed
digits.

library(metafor)
p15 <- function(name, x) cat(name, "=", paste(sprintf("%.15g", x), collapse = ", "), "\n")
fit <- function(yi, vi) {
  rma(yi, vi, method = "REML", control = list(threshold = 1e-12, maxiter = 1000))
}
report <- function(label, f) {
  cat("##", label, "\n")
  p15("k, estimate, se, ci_low, ci_high, p", c(f$k, f$b, f$se, f$ci.lb, f$ci.ub, f$pval))
  p15("tau2, q, q_df, q_p, i2", c(f$tau2, f$QE, f$k - 1, f$QEp, f$I2))
  if (f$k >= 3) {
    half <- qt(0.975, f$k - 2) * sqrt(f$tau2 + f$se^2)
    p15("pi_low, pi_high (t, k - 2 df)", c(f$b - half, f$b + half))
  }
}
bcg <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
normand <- escalc(measure = "MD", m1i = m1i, sd1i = sd1i, n1i = n1i,
                  m2i = m2i, sd2i = sd2i, n2i = n2i, data = dat.normand1999)
p15("bcg sum(yi), sum(vi)", c(sum(bcg$yi), sum(bcg$vi)))
p15("normand sum(yi), sum(vi)", c(sum(normand$yi), sum(normand$vi)))
f_bcg <- fit(bcg$yi, bcg$vi)
report("bcg", f_bcg)
b <- blup(f_bcg)
p15("bcg blup pred", b$pred)
p15("bcg blup se", b$se)
p15("bcg blup pi.lb", b$pi.lb)
p15("bcg blup pi.ub", b$pi.ub)
f_normand <- fit(normand$yi, normand$vi)
report("normand", f_normand)
p15("normand blup pred", blup(f_normand)$pred)
p15("normand blup se", blup(f_normand)$se)
f_homogeneous <- fit(c(0.30, 0.25, 0.35, 0.28, 0.32), c(0.02, 0.03, 0.025, 0.04, 0.015))
report("homogeneous", f_homogeneous)
p15("homogeneous blup pred, se (row 1)", c(blup(f_homogeneous)$pred[1], blup(f_homogeneous)$se[1]))
f_pair <- fit(bcg$yi[c(4, 6)], bcg$vi[c(4, 6)])
report("pair (bcg trials 4 and 6)", f_pair)
p15("pair blup pred", blup(f_pair)$pred)
p15("pair blup se", blup(f_pair)$se)
f_single <- fit(bcg$yi[3], bcg$vi[3])
report("single (bcg trial 3)", f_single)
f_two <- fit(c(0, 0, 0.31), c(0.0025, 0.0025, 0.0175))
report("two maxima, the higher inside", f_two)
f_far <- fit(c(1000.0012, 1000.0031, 999.9978, 1000.41, 998.2), c(1e-6, 4e-6, 1e-4, 0.01, 2))
report("far from zero, two maxima, the higher at 0 (metafor warns and sets tau2 = 0)", f_far)

The prediction interval is computed in R from metafor's tau2 and se with t_{k-2}, the
convention of pool_effects; ``predict(f)`` would use z. For k = 1 metafor prints Q = 0 with
df 0, p = 1 and I2 = 0, where pool_effects leaves Q, its df and p, and I2 empty.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import optimize

from evaluasi.stats import pooling
from evaluasi.stats.notes import NOTE_SEPARATOR
from evaluasi.stats.pooling import (
    POOLING_COLUMNS,
    POOLING_NOTE_CODES,
    SHRUNK_COLUMNS,
    pool_effects,
    shrink_effects,
)

# Warnings are errors, except Hypothesis's check that `random` was left alone while it drew
# data: Prefect's server threads, still alive from earlier tests in the session, use `random`.
pytestmark = [
    pytest.mark.filterwarnings("error"),
    pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning"),
]

KEYS = ["dataset", "pool"]
FLOAT_COLUMNS = [c for c in POOLING_COLUMNS if c not in ("k", "pooled_notes")]
HETEROGENEITY_COLUMNS = ["q", "q_df", "q_p", "i2"]

# metafor::dat.bcg: tpos, tneg, cpos, cneg of the 13 trials.
BCG = np.array([
    (4, 119, 11, 128), (6, 300, 29, 274), (3, 228, 11, 209), (62, 13536, 248, 12619),
    (33, 5036, 47, 5761), (180, 1361, 372, 1079), (8, 2537, 10, 619), (505, 87886, 499, 87892),
    (29, 7470, 45, 7232), (17, 1699, 65, 1600), (186, 50448, 141, 27197), (5, 2493, 3, 2338),
    (27, 16886, 29, 17825),
], dtype=np.float64)  # fmt: skip
# metafor::dat.normand1999: n1i, m1i, sd1i, n2i, m2i, sd2i of the 9 trials.
NORMAND = np.array([
    (155, 55, 47, 156, 75, 64), (31, 27, 7, 32, 29, 4), (75, 64, 17, 71, 119, 29),
    (18, 66, 20, 18, 137, 48), (8, 14, 8, 13, 18, 11), (57, 19, 7, 52, 18, 4),
    (34, 52, 45, 33, 41, 34), (110, 21, 16, 183, 31, 27), (60, 30, 27, 52, 23, 20),
], dtype=np.float64)  # fmt: skip
HOMOGENEOUS_YI = [0.30, 0.25, 0.35, 0.28, 0.32]
HOMOGENEOUS_VI = [0.02, 0.03, 0.025, 0.04, 0.015]
TWO_MAXIMA_YI = [0, 0, 0.31]
TWO_MAXIMA_VI = [0.0025, 0.0025, 0.0175]
FAR_FROM_ZERO_YI = [1000.0012, 1000.0031, 999.9978, 1000.41, 998.2]
FAR_FROM_ZERO_VI = [1e-6, 4e-6, 1e-4, 0.01, 2]


def bcg_effects() -> tuple[np.ndarray, np.ndarray]:
    """escalc(measure = "RR"): log relative risk and its large-sample variance."""
    a, b, c, d = BCG.T
    return np.log((a / (a + b)) / (c / (c + d))), 1 / a - 1 / (a + b) + 1 / c - 1 / (c + d)


def normand_effects() -> tuple[np.ndarray, np.ndarray]:
    """escalc(measure = "MD"): raw mean difference and sd1^2 / n1 + sd2^2 / n2."""
    n1, m1, sd1, n2, m2, sd2 = NORMAND.T
    return m1 - m2, sd1**2 / n1 + sd2**2 / n2


def pool(dataset: str, name: str, yi: object, vi: object) -> pd.DataFrame:
    yi, vi = np.asarray(yi, dtype=np.float64), np.asarray(vi, dtype=np.float64)
    return pd.DataFrame({"dataset": dataset, "pool": name, "yi": yi, "vi": vi})


def golden_effects() -> pd.DataFrame:
    """All seven R pools in one frame, in an order other than the sorted output."""
    bcg_yi, bcg_vi = bcg_effects()
    return pd.concat(
        [
            pool("normand", "all", *normand_effects()),
            pool("bcg", "all", bcg_yi, bcg_vi),
            pool("made_up", "homogeneous", HOMOGENEOUS_YI, HOMOGENEOUS_VI),
            pool("bcg", "pair", bcg_yi[[3, 5]], bcg_vi[[3, 5]]),
            pool("bcg", "single", bcg_yi[[2]], bcg_vi[[2]]),
            pool("made_up", "two_maxima", TWO_MAXIMA_YI, TWO_MAXIMA_VI),
            pool("made_up", "far_from_zero", FAR_FROM_ZERO_YI, FAR_FROM_ZERO_VI),
        ],
        ignore_index=True,
    )


def notes_of(row: pd.Series) -> list[str]:
    return [code for code in row["pooled_notes"].split(NOTE_SEPARATOR) if code]


def assert_close(actual: object, expected: object, rel: float = 1e-8, abs_: float = 1e-12) -> None:
    np.testing.assert_allclose(
        np.asarray(actual, dtype=np.float64), np.asarray(expected), rtol=rel, atol=abs_
    )


# --- Golden values from R --------------------------------------------------------------------


def test_inputs_match_escalc() -> None:
    bcg_yi, bcg_vi = bcg_effects()
    normand_yi, normand_vi = normand_effects()
    assert_close([bcg_yi.sum(), bcg_vi.sum()], [-9.62845495574217, 1.98642022409997], rel=1e-13)
    assert_close([normand_yi.sum(), normand_vi.sum()], [-143, 347.726641573881], rel=1e-13)


EXPECTED_POOLS: dict[tuple[str, str], dict[str, float]] = {
    ("bcg", "all"): {
        "k": 13,
        "pooled_estimate": -0.71453234215814,
        "pooled_se": 0.179781516105207,
        "pooled_ci_low": -1.06689763881035,
        "pooled_ci_high": -0.362167045505926,
        "pooled_p": 7.05425810164237e-05,
        "tau2": 0.313243258136486,
        "q": 152.233008082373,
        "q_df": 12,
        "q_p": 1.99676459084597e-26,
        "i2": 92.2213845212691,
        "pi_low": -2.00837590692259,
        "pi_high": 0.579311222606309,
    },
    ("bcg", "pair"): {
        "k": 2,
        "pooled_estimate": -1.10383666714209,
        "pooled_se": 0.327565296372711,
        "pooled_ci_low": -1.74585285061779,
        "pooled_ci_high": -0.461820483666387,
        "pooled_p": 0.000752168164886369,
        "tau2": 0.201340090449032,
        "q": 15.9608192831959,
        "q_df": 1,
        "q_p": 6.46671134675786e-05,
        "i2": 93.7346574617706,
    },
    ("bcg", "single"): {
        "k": 1,
        "pooled_estimate": -1.34807314829969,
        "pooled_se": 0.644490469571091,
        "pooled_ci_low": -2.61125125703834,
        "pooled_ci_high": -0.0848950395610473,
        "pooled_p": 0.0364664114704724,
        "tau2": 0,
    },
    ("made_up", "homogeneous"): {
        "k": 5,
        "pooled_estimate": 0.305426356589147,
        "pooled_se": 0.0681994339470473,
        "pooled_ci_low": 0.171757922286916,
        "pooled_ci_high": 0.439094790891378,
        "pooled_p": 7.51941966798521e-06,
        "tau2": 0,
        "q": 0.213669250645995,
        "q_df": 4,
        "q_p": 0.994683808519926,
        "i2": 0,
        "pi_low": 0.0883853200019262,
        "pi_high": 0.522467393176368,
    },
    ("made_up", "two_maxima"): {
        "k": 3,
        "pooled_estimate": 0.0589149185734089,
        "pooled_se": 0.0732901690195745,
        "pooled_ci_low": -0.0847311731258104,
        "pooled_ci_high": 0.202561010272628,
        "pooled_p": 0.42147875305875,
        "tau2": 0.0107636247582981,
        "q": 5.12533333333333,
        "q_df": 2,
        "q_p": 0.0770988690859253,
        "i2": 72.0925295557217,
        "pi_low": -1.55507688435123,
        "pi_high": 1.67290672149805,
    },
    ("made_up", "far_from_zero"): {
        "k": 5,
        "pooled_estimate": 1000.00158169924,
        "pooled_se": 0.000890835279723782,
        "pooled_ci_low": 999.999835694172,
        "pooled_ci_high": 1000.0033277043,
        "pooled_p": 0,
        "tau2": 0,
        "q": 19.1684152498377,
        "q_df": 4,
        "q_p": 0.000728265716309237,
        "i2": 0,
        "pi_low": 999.998746663792,
        "pi_high": 1000.00441673468,
    },
    ("normand", "all"): {
        "k": 9,
        "pooled_estimate": -15.1060274734783,
        "pooled_se": 8.94655283975496,
        "pooled_ci_low": -32.6409488251826,
        "pooled_ci_high": 2.42889387822595,
        "pooled_p": 0.0913201554907156,
        "tau2": 684.646151929666,
        "q": 238.91581086201,
        "q_df": 8,
        "q_p": 3.84180928540033e-47,
        "i2": 98.9712743473906,
        "pi_low": -80.4949199351116,
        "pi_high": 50.282864988155,
    },
}
EXPECTED_NOTES = {
    ("bcg", "all"): [],
    ("bcg", "pair"): ["too_few_programmes_for_prediction"],
    ("bcg", "single"): ["single_programme", "too_few_programmes_for_prediction"],
    ("made_up", "far_from_zero"): [],
    ("made_up", "homogeneous"): [],
    ("made_up", "two_maxima"): [],
    ("normand", "all"): [],
}


def test_golden_pools_in_one_call() -> None:
    result = pool_effects(golden_effects(), KEYS)
    assert list(result.columns) == [*KEYS, *POOLING_COLUMNS]
    assert list(zip(result["dataset"], result["pool"], strict=True)) == sorted(EXPECTED_POOLS)
    for (dataset, name), expected in EXPECTED_POOLS.items():
        row = result.set_index(KEYS).loc[(dataset, name)]
        for column in FLOAT_COLUMNS:
            if column in expected:
                assert row[column] == pytest.approx(expected[column], rel=1e-8, abs=1e-12), column
            else:
                assert math.isnan(row[column]), column
        assert row["k"] == expected["k"]
        assert notes_of(row) == EXPECTED_NOTES[(dataset, name)]


def test_truncated_tau2_is_exactly_zero() -> None:
    result = pool_effects(golden_effects(), KEYS).set_index(KEYS)
    assert result.loc[("made_up", "homogeneous"), "tau2"] == 0.0
    assert result.loc[("made_up", "homogeneous"), "i2"] == 0.0
    assert result.loc[("made_up", "far_from_zero"), "tau2"] == 0.0


def test_single_programme_is_its_own_estimate() -> None:
    bcg_yi, bcg_vi = bcg_effects()
    row = pool_effects(golden_effects(), KEYS).set_index(KEYS).loc[("bcg", "single")]
    assert row["pooled_estimate"] == bcg_yi[2]
    assert row["pooled_se"] == pytest.approx(math.sqrt(bcg_vi[2]), rel=1e-15)
    assert all(math.isnan(row[c]) for c in [*HETEROGENEITY_COLUMNS, "pi_low", "pi_high"])


EXPECTED_BCG_BLUP = {
    "shrunk_estimate": [
        -0.80023356197035, -1.25170598030225, -0.986903093357505, -1.39789769649515,
        -0.287379806476373, -0.784571533645954, -1.24396346517331, 0.00287924789676642,
        -0.50683635929277, -1.24717301599845, -0.35365840052076, -0.284733712861193,
        -0.146743069858524,
    ],
    "shrunk_se": [
        0.409930447526168, 0.35322730160002, 0.434831576434724, 0.137568415669478,
        0.211311758383421, 0.0822903527274534, 0.368591959898758, 0.0625870944113634,
        0.220391268259192, 0.245712211747201, 0.109480965717205, 0.458300476006367,
        0.243440297383333,
    ],
    "shrunk_ci_low": [
        -1.60368247528803, -1.94401876979456, -1.83915732251034, -1.66752683661756,
        -0.701543242417708, -0.94585766126686, -1.9663904315659, -0.119789203046514,
        -0.938795307587892, -1.72876010158464, -0.568237150319146, -1.18298613993124,
        -0.623877285115577,
    ],
    "shrunk_ci_high": [
        0.00321535134732587, -0.559393190809948, -0.13464886420467, -1.12826855637273,
        0.126783629464962, -0.623285406025047, -0.52153649878071, 0.125547698840047,
        -0.0748774109976486, -0.765585930412252, -0.139079650722374, 0.613518714208849,
        0.330391145398528,
    ],
}  # fmt: skip
EXPECTED_NORMAND_BLUP = {
    "shrunk_estimate": [
        -19.726616546857, -2.03970864798337, -54.1057663216446, -60.9427059142208,
        -4.27383524978138, 0.97258550125861, 7.83106450025301, -10.0466360736681,
        6.37737149133893,
    ],
    "shrunk_se": [
        6.20443066162671, 1.44051239894082, 3.92259301928501, 11.2153203186527,
        4.11456025134498, 1.0796232512189, 9.18077408507817, 2.50198236916452, 4.39851501669344,
    ],
}  # fmt: skip


def test_golden_blups() -> None:
    effects = golden_effects()
    shrunk = shrink_effects(effects, pool_effects(effects, KEYS), KEYS)
    assert list(shrunk.columns) == [*effects.columns, *SHRUNK_COLUMNS]
    pd.testing.assert_frame_equal(shrunk[effects.columns], effects)

    def rows(dataset: str, name: str) -> pd.DataFrame:
        return shrunk[(shrunk["dataset"] == dataset) & (shrunk["pool"] == name)]

    for column, expected in EXPECTED_BCG_BLUP.items():
        assert_close(rows("bcg", "all")[column], expected)
    for column, expected in EXPECTED_NORMAND_BLUP.items():
        assert_close(rows("normand", "all")[column], expected)
    assert_close(rows("bcg", "pair")["shrunk_estimate"], [-1.41102182638291, -0.796651507901266])
    assert_close(rows("bcg", "pair")["shrunk_se"], [0.138123096758226, 0.0824294413530889])
    # tau2 = 0: every programme gets the pooled estimate and its standard error.
    homogeneous = rows("made_up", "homogeneous")
    assert_close(homogeneous["shrunk_estimate"], [0.305426356589147] * 5)
    assert_close(homogeneous["shrunk_se"], [0.0681994339470473] * 5)
    single = rows("bcg", "single").iloc[0]
    assert single["shrunk_estimate"] == single["yi"]
    assert single["shrunk_se"] == pytest.approx(math.sqrt(single["vi"]), rel=1e-15)


# --- Unusable rows, ordering and edge cases --------------------------------------------------


def with_unusable_rows(effects: pd.DataFrame) -> pd.DataFrame:
    bad = pd.DataFrame(
        {
            "dataset": ["bcg", "bcg", "bcg", "bcg", "bcg", None, "empty"],
            "pool": ["all", "all", "all", "all", "all", "all", "only_bad"],
            "yi": [np.nan, -0.5, -0.5, np.inf, -0.5, -0.5, 1.0],
            "vi": [0.1, np.nan, 0.0, 0.1, -0.2, 0.1, 0.0],
        }
    )
    return pd.concat([effects, bad], ignore_index=True)


def test_unusable_rows_are_ignored() -> None:
    clean = golden_effects()
    noisy = with_unusable_rows(clean)
    expected = pool_effects(clean, KEYS)
    result = pool_effects(noisy, KEYS)
    empty = result[result["dataset"] == "empty"].iloc[0]
    assert empty["k"] == 0
    assert all(math.isnan(empty[c]) for c in FLOAT_COLUMNS)
    assert notes_of(empty) == ["effects_dropped", "no_programmes"]
    result = result[result["dataset"] != "empty"].reset_index(drop=True)
    bcg_all = (result["dataset"] == "bcg") & (result["pool"] == "all")
    assert result.loc[bcg_all, "pooled_notes"].tolist() == ["effects_dropped"]
    pd.testing.assert_frame_equal(
        result.drop(columns="pooled_notes"), expected.drop(columns="pooled_notes")
    )

    shrunk = shrink_effects(noisy, pool_effects(noisy, KEYS), KEYS)
    reference = shrink_effects(clean, expected, KEYS)
    pd.testing.assert_frame_equal(shrunk.iloc[: len(clean)], reference)
    assert shrunk.iloc[len(clean) :][list(SHRUNK_COLUMNS)].isna().all().all()


def test_result_does_not_depend_on_row_order() -> None:
    effects = golden_effects()
    expected = pool_effects(effects, KEYS)
    for seed in range(5):
        shuffled = effects.sample(frac=1.0, random_state=seed)
        pd.testing.assert_frame_equal(
            pool_effects(shuffled, KEYS), expected, check_exact=False, rtol=1e-12, atol=1e-14
        )
        shrunk = shrink_effects(shuffled, expected, KEYS)
        assert shrunk.index.tolist() == shuffled.index.tolist()
        pd.testing.assert_frame_equal(
            shrunk.sort_index(),
            shrink_effects(effects, expected, KEYS),
            check_exact=False,
            rtol=1e-12,
        )


def test_columns_and_dtypes() -> None:
    result = pool_effects(with_unusable_rows(golden_effects()), KEYS)
    assert result.index.tolist() == list(range(len(result)))
    assert result["k"].dtype == np.int64
    assert all(result[c].dtype == np.float64 for c in FLOAT_COLUMNS)
    assert result["pooled_notes"].map(type).eq(str).all()


def test_empty_input() -> None:
    result = pool_effects(golden_effects().head(0), KEYS)
    assert list(result.columns) == [*KEYS, *POOLING_COLUMNS]
    assert result.empty


def test_missing_columns_and_keys_are_reported() -> None:
    effects = golden_effects()
    with pytest.raises(ValueError, match="vi"):
        pool_effects(effects.drop(columns="vi"), KEYS)
    with pytest.raises(ValueError, match="keys"):
        pool_effects(effects, [])
    pooled = pool_effects(effects, KEYS)
    with pytest.raises(ValueError, match="tau2"):
        shrink_effects(effects, pooled.drop(columns="tau2"), KEYS)
    with pytest.raises(ValueError, match="more than one row"):
        shrink_effects(effects, pd.concat([pooled, pooled.head(1)]), KEYS)


def test_pool_missing_from_pooled_gets_nan() -> None:
    effects = golden_effects()
    pooled = pool_effects(effects, KEYS)
    shrunk = shrink_effects(effects, pooled[pooled["dataset"] != "normand"], KEYS)
    normand = shrunk["dataset"] == "normand"
    assert shrunk.loc[normand, list(SHRUNK_COLUMNS)].isna().all().all()
    assert shrunk.loc[~normand, list(SHRUNK_COLUMNS)].notna().all().all()


def test_search_that_does_not_converge_empties_tau2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pooling, "MAX_ITERATIONS", 0)
    effects = golden_effects()
    result = pool_effects(effects, KEYS).set_index(KEYS)
    stuck = result.loc[("bcg", "all")]
    assert notes_of(stuck) == ["tau2_not_converged"]
    tau2_based = ["pooled_estimate", "pooled_se", "pooled_p", "tau2", "i2", "pi_low", "pi_high"]
    assert all(math.isnan(stuck[c]) for c in tau2_based)
    assert stuck["q"] == pytest.approx(EXPECTED_POOLS[("bcg", "all")]["q"], rel=1e-8)
    # Without a search (tau2 = 0 from the start) or with k = 1 nothing is lost.
    assert result.loc[("made_up", "homogeneous"), "pooled_notes"] == ""
    assert result.loc[("bcg", "single"), "tau2"] == 0.0
    shrunk = shrink_effects(effects, result.reset_index(), KEYS)
    in_stuck = (shrunk["dataset"] == "bcg") & (shrunk["pool"] == "all")
    assert shrunk.loc[in_stuck, list(SHRUNK_COLUMNS)].isna().all().all()


def test_every_note_code_is_documented() -> None:
    assert set(POOLING_NOTE_CODES) == {
        "effects_dropped",
        "no_programmes",
        "single_programme",
        "too_few_programmes_for_prediction",
        "tau2_not_converged",
    }


# --- Properties against a per-pool reference ---------------------------------------------------

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

effect = st.integers(-400, 400).map(lambda i: i / 100)
variance = st.integers(1, 400).map(lambda i: i / 400)
pools = st.lists(st.lists(st.tuples(effect, variance), min_size=1, max_size=15), max_size=6)


def restricted_loglik(tau2: float, y: np.ndarray, v: np.ndarray) -> float:
    w = 1 / (v + tau2)
    mu = np.sum(w * y) / np.sum(w)
    return -0.5 * (np.sum(np.log(v + tau2)) + np.log(np.sum(w)) + np.sum(w * (y - mu) ** 2))


def reference_tau2(y: np.ndarray, v: np.ndarray) -> float:
    """Bounded maximisation of the restricted likelihood, compared with the value at 0."""
    upper = 10 * (np.var(y) + v.max())
    found = optimize.minimize_scalar(
        lambda t: -restricted_loglik(t, y, v),
        bounds=(0, upper),
        method="bounded",
        options={"xatol": 1e-12},
    )
    return max(0.0, found.x, key=lambda t: restricted_loglik(t, y, v))


@SETTINGS
@given(pools)
def test_matches_per_pool_reml(groups: list[list[tuple[float, float]]]) -> None:
    effects = pd.concat(
        [pool("random", f"P{g:02d}", *zip(*rows, strict=True)) for g, rows in enumerate(groups)]
        + [pool("random", "Z", [], [])],
        ignore_index=True,
    )
    result = pool_effects(effects, KEYS).set_index("pool")
    shrunk = shrink_effects(effects, result.reset_index(), KEYS)
    assert result.index.tolist() == [f"P{g:02d}" for g in range(len(groups))]
    for g, rows in enumerate(groups):
        row = result.loc[f"P{g:02d}"]
        y, v = (np.array(column) for column in zip(*rows, strict=True))
        assert row["k"] == len(rows)
        assert "tau2_not_converged" not in notes_of(row)
        tau2 = row["tau2"]
        if len(rows) == 1:
            assert tau2 == 0.0
        else:
            reference = reference_tau2(y, v)
            assert restricted_loglik(tau2, y, v) >= restricted_loglik(reference, y, v) - 1e-9
            assert tau2 == pytest.approx(reference, rel=1e-4, abs=1e-6)
        w = 1 / (v + tau2)
        mu = np.sum(w * y) / np.sum(w)
        assert row["pooled_estimate"] == pytest.approx(mu, rel=1e-10, abs=1e-12)
        assert row["pooled_se"] == pytest.approx(np.sum(w) ** -0.5, rel=1e-10)
        share = tau2 / (tau2 + v)
        rows_of_pool = shrunk[shrunk["pool"] == f"P{g:02d}"]
        assert_close(rows_of_pool["shrunk_estimate"], mu + share * (y - mu), rel=1e-10, abs_=1e-12)


# Effects far from 0 and sampling variances spanning nine orders of magnitude, where one
# programme's weight can dominate: tau2 is checked in extended precision to be a local maximum
# of the restricted likelihood at least as high as at 0. (Like metafor's, the search can stop
# at the lower of two inner maxima, so a grid's global maximum is not required.)
offset = st.sampled_from([0.0, 1000.0])
wide_effect = st.integers(-300, 300).map(lambda i: i / 100)
wide_variance = st.integers(-60, 30).map(lambda i: 10 ** (i / 10))
wide_pools = st.lists(
    st.tuples(offset, st.lists(st.tuples(wide_effect, wide_variance), min_size=2, max_size=12)),
    min_size=1,
    max_size=4,
)


def extended_loglik(tau2: np.ndarray, y: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Restricted log-likelihood (without its constant) at each of ``tau2``, in long double."""
    t = np.asarray(tau2, dtype=np.longdouble)[:, None]
    y, v = y.astype(np.longdouble), v.astype(np.longdouble)
    w = 1 / (v + t)
    r = y - np.sum(w * y, axis=1, keepdims=True) / np.sum(w, axis=1, keepdims=True)
    log_det = np.sum(np.log(v + t), axis=1) + np.log(np.sum(w, axis=1))
    return -0.5 * (log_det + np.sum(w * r * r, axis=1))


@SETTINGS
@given(wide_pools)
def test_reml_maximum_with_extreme_variances(groups: list[tuple[float, list]]) -> None:
    effects = pd.concat(
        [
            pool("wide", f"P{g}", [offset + y for y, _ in rows], [v for _, v in rows])
            for g, (offset, rows) in enumerate(groups)
        ],
        ignore_index=True,
    )
    result = pool_effects(effects, KEYS).set_index("pool")
    for g, (offset, rows) in enumerate(groups):
        row = result.loc[f"P{g}"]
        assert "tau2_not_converged" not in notes_of(row)
        y = np.array([offset + e for e, _ in rows])
        v = np.array([variance for _, variance in rows])
        tau2 = row["tau2"]
        nearby = np.array([tau2 * (1 - 1e-5), tau2 * (1 + 1e-5), 1e-8 * v.min(), 0.0])
        found, *others = extended_loglik(np.r_[tau2, nearby], y, v)
        tolerance = 1e-12 * max(1.0, abs(float(found)))
        assert all(found >= other - tolerance for other in others)


def test_many_pools_at_once_equal_each_pool_alone() -> None:
    rng = np.random.default_rng(7)
    parts = []
    for g in range(60):
        k = int(rng.choice([1, 2, 3, 5, 12, 40]))
        v = rng.uniform(0.005, 0.2, k)
        y = rng.normal(0.3, rng.choice([0.0, 0.1, 0.5]), k) + rng.normal(0, np.sqrt(v))
        parts.append(pool(f"D{g % 4}", f"P{g}", y, v))
    effects = pd.concat(parts, ignore_index=True)
    together = pool_effects(effects.sample(frac=1.0, random_state=3), KEYS)
    alone = pd.concat(
        [pool_effects(group, KEYS) for _, group in effects.groupby(KEYS)], ignore_index=True
    )
    pd.testing.assert_frame_equal(together, alone, check_exact=False, rtol=1e-10, atol=1e-12)
