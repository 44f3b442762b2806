"""Guards of the statistics: no interval where the differences are nearly constant, and no
root search (REML tau2, Hodges-Lehmann limits) that returns a value it did not converge to.

The non-central t and the solver themselves are tested in ``tests/test_stats_nct.py``.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import evaluate

from evaluasi.messages import t
from evaluasi.stats import hodges_lehmann, pooling
from evaluasi.stats.engine import program_statistics
from evaluasi.stats.notes import NOTE_SEPARATOR

INSTRUMENTS = pd.DataFrame(
    {
        "instrument": ["test"],
        "kind": ["numeric"],
        "scale_min": [0.0],
        "scale_max": [200.0],
        "categories": [""],
    }
)


def nearly_constant(n: int, kind: str) -> np.ndarray:
    """Differences of 5 with noise of 1e-9, or all 5 but one 5 + 1e-6 (R's t.test gives
    t from 1.6e10 and 5e7 upwards: far from R's "essentially constant")."""
    if kind == "noise":
        return 5.0 + 1e-9 * np.random.default_rng(n).standard_normal(n)
    d = np.full(n, 5.0)
    d[0] += 1e-6
    return d


def programme(program: str, pre: np.ndarray, d: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(
        {"program_id": program, "instrument": "test", "group": "participant", "pre": pre}
    ).assign(post=pre + d)


def bounds(row: pd.Series) -> pd.Series:
    """Every interval limit of a result row (confidence and prediction intervals)."""
    names = [c for c in row.index if (c.endswith(("_low", "_high")) and "ci" in c) or "pi_" in c]
    return pd.to_numeric(row[names], errors="coerce")


def cases() -> list[tuple[str, np.ndarray]]:
    return [
        (f"{kind}{n}", nearly_constant(n, kind)) for kind in ("noise", "one") for n in (10, 20, 40)
    ]


def test_nearly_constant_differences_publish_no_interval() -> None:
    i = np.arange(1, 401)
    frames = [programme(name, 50.0 + (np.arange(d.size) * 13) % 21, d) for name, d in cases()]
    # d_z = 3 with n = 400 (t = 60): large, computable, and reported as before.
    frames.append(programme("large_t400", 40.0 + i % 17, 3 + ((i * 7919) % 401 - 200) / 115))
    rows = program_statistics(pd.concat(frames, ignore_index=True), INSTRUMENTS)
    rows = rows.set_index("program_id")
    for name, _ in cases():
        row = rows.loc[name]
        notes = row["notes"].split(NOTE_SEPARATOR)
        assert "dz_ci_not_computable" in notes and "dz_ci_failed" not in notes, name
        assert row["cohen_dz"] > 1e6 and row["hedges_gz"] > 1e6
        for column in ("dz_ci_low", "dz_ci_high", "gz_ci_low", "gz_ci_high"):
            assert math.isnan(row[column]), (name, column)
        limits = bounds(row)
        assert limits.notna().any() and (limits.dropna().abs() <= 1e3).all(), limits
    large = rows.loc["large_t400"]
    # tests/test_stats_golden.py: R's numerical integral of the exact distribution.
    assert large["dz_ci_low"] == pytest.approx(2.75870215990044, rel=1e-9)
    assert large["dz_ci_high"] == pytest.approx(3.21722668907935, rel=1e-9)
    assert "dz_ci_not_computable" not in large["notes"]


def test_the_note_speaks_both_languages() -> None:
    assert "d_z" in t("note_dz_ci_not_computable", "id")
    assert "d_z" in t("note_dz_ci_not_computable", "en")
    assert t("note_mde_failed", "id") and t("note_mde_failed", "en")


def _nip(k: int) -> str:
    born = dt.date(1975, 1, 1) + dt.timedelta(days=k)
    return f"{born:%Y%m%d}200501{1 + k % 2}{k % 1000:03d}"


def test_results_csv_of_a_nearly_constant_programme(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    pd.DataFrame(
        {
            "program_id": ["SAMA"],
            "name": ["Pelatihan Sama Rata"],
            "type": ["TEKNIS"],
            "start_date": ["2026-03-02"],
            "end_date": ["2026-03-06"],
            "jp": ["40"],
        }
    ).to_csv(inbox / "programs.csv", index=False)
    pd.DataFrame(
        {
            "instrument": ["test"],
            "label": ["Tes"],
            "kind": ["numeric"],
            "scale_min": ["0"],
            "scale_max": ["100"],
        }
    ).to_csv(inbox / "instruments.csv", index=False)
    # Twenty participants, each 5 points up, one of them by 5.000001 (as an export writes it).
    pre = [50 + (k * 13) % 21 for k in range(20)]
    post = [f"{p + 5}" if k else f"{p + 5.000001:.6f}" for k, p in enumerate(pre)]
    scores = [
        {"nip": _nip(k), "program_id": "SAMA", "instrument": "test", "phase": phase, "score": s}
        for k, (p, q) in enumerate(zip(pre, post, strict=True))
        for phase, s in (("pre", str(p)), ("post", q))
    ]
    pd.DataFrame(scores).to_csv(inbox / "scores.csv", index=False)
    row = evaluate(inbox, tmp_path).set_index("program_id").loc["SAMA"]
    assert row["t_stat"] > 1e6
    assert "dz_ci_not_computable" in str(row["notes"]).split(NOTE_SEPARATOR)
    limits = bounds(row)
    assert math.isnan(row["dz_ci_low"]) and math.isnan(row["gz_ci_high"])
    assert (limits.dropna().abs() <= 1e3).all(), limits


# REML tau2: accepted only where the score changes sign around it (or tau2 = 0 is a maximum).


def _pools(y: list[float], v: list[float]) -> tuple[pooling._Pools, np.ndarray, np.ndarray]:
    values = np.array(v)
    return pooling._Pools.of(np.zeros(len(y), dtype=np.int64), values, 1), np.array(y), values


def test_reml_guard_accepts_the_root_and_rejects_other_points() -> None:
    pools, y, v = _pools([0.42, 0.10, 0.75, 0.31, -0.2], [0.02, 0.03, 0.05, 0.01, 0.04])
    y = y - np.average(y, weights=1 / v)
    k = np.array([5.0])
    tau2, converged = pooling._reml_tau2(pools, y, v, k)
    assert converged[0] and tau2[0] > 0
    at_zero = pooling._restricted_fit(pools, y, v, np.zeros(1))
    near_zero = pooling._restricted_fit(pools, y, v, pooling.ZERO_SHARE * np.array([v.min()]))

    def verified(value: float) -> bool:
        return bool(pooling._verified(pools, y, v, np.array([value]), at_zero, near_zero)[0])

    assert verified(tau2[0])
    assert not verified(tau2[0] * 1.01) and not verified(tau2[0] * 0.99)
    # The likelihood rises from 0 here, so 0 is no maximum; NaN is never verified.
    assert at_zero.score[0] > 0 and not verified(0.0)
    assert not verified(math.nan)


def test_reml_guard_accepts_a_maximum_at_zero() -> None:
    pools, y, v = _pools([0.30, 0.25, 0.35, 0.28, 0.32], [0.02, 0.03, 0.025, 0.04, 0.015])
    y = y - np.average(y, weights=1 / v)
    tau2, converged = pooling._reml_tau2(pools, y, v, np.array([5.0]))
    assert converged[0] and tau2[0] == 0.0


def test_reml_search_stopped_at_an_unverified_point_is_empty(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A search that stops after one step, far from the root, must not report its tau2.
    monkeypatch.setattr(pooling, "RELATIVE_STEP", 10.0)
    effects = pd.DataFrame(
        {"pool": "p", "yi": [0.42, 0.10, 0.75, 0.31, -0.2], "vi": [0.02, 0.03, 0.05, 0.01, 0.04]}
    )
    row = pooling.pool_effects(effects, ["pool"]).iloc[0]
    assert math.isnan(row["tau2"]) and math.isnan(row["pooled_estimate"])
    assert row["pooled_notes"] == "tau2_not_converged"


def test_reml_zero_that_is_no_maximum_restarts_inside() -> None:
    # The search finds the maximum at tau2 = 1.28; the likelihood is higher at 0, but higher
    # still at 0.0037, so 0 (metafor's answer) is no maximum: the search restarts inside and
    # finds what metafor finds when started there. R 4.2.2, metafor 3.8-1:
    # yi <- c(999.9855, 996.5003, 999.781, 996.2246, 999.8251, 997.6835, 1000.068, 994.2232)
    # vi <- c(0.00419, 2.85, 0.791, 1.51, 0.0442, 2.22, 0.00065, 19.5)
    # rma(yi, vi, method = "REML", control = list(threshold = 1e-12, maxiter = 1000))$tau2
    #   0, with "Fisher scoring algorithm may have gotten stuck at a local maximum.
    #   Setting tau^2 = 0."
    # ll <- function(t2) as.numeric(logLik(rma(yi, vi, tau2 = t2, method = "REML")))
    # sapply(c(0, 0.0037, 1.28), ll)  # -14.2222927516242, -13.9858668029221, -14.3103980198474
    # f <- rma(yi, vi, method = "REML",
    #          control = list(tau2.init = 0.004, threshold = 1e-12, maxiter = 1000))
    # c(f$tau2, f$b, f$se, f$ci.lb, f$ci.ub, f$I2)  # printed with %.15g:
    #   0.00371179285522065, 1000.01257169719, 0.0513354661259837, 999.911956032451,
    #   1000.11318736192, 19.5252436097024
    # qt(0.975, 6) * sqrt(f$tau2 + f$se^2) around f$b: 999.817629085768, 1000.20751430861
    stuck = {
        "yi": [999.9855, 996.5003, 999.781, 996.2246, 999.8251, 997.6835, 1000.068, 994.2232],
        "vi": [0.00419, 2.85, 0.791, 1.51, 0.0442, 2.22, 0.00065, 19.5],
    }
    expected = {
        "tau2": 0.00371179285522065,
        "pooled_estimate": 1000.01257169719,
        "pooled_se": 0.0513354661259837,
        "pooled_ci_low": 999.911956032451,
        "pooled_ci_high": 1000.11318736192,
        "i2": 19.5252436097024,
        "pi_low": 999.817629085768,
        "pi_high": 1000.20751430861,
    }
    # Alone, and beside ordinary pools (the restart is vectorised over the stuck ones only).
    alone = pd.DataFrame({"pool": "p", **stuck})
    ordinary = pd.DataFrame(
        {"pool": "q", "yi": [0.42, 0.10, 0.75, 0.31, -0.2], "vi": [0.02, 0.03, 0.05, 0.01, 0.04]}
    )
    together = pd.concat([ordinary, alone, ordinary.assign(pool="r")], ignore_index=True)
    for effects in (alone, together):
        row = pooling.pool_effects(effects, ["pool"]).set_index("pool").loc["p"]
        assert row["pooled_notes"] == ""
        for column, value in expected.items():
            assert row[column] == pytest.approx(value, rel=1e-6), column
    pooled = pooling.pool_effects(together, ["pool"]).set_index("pool")
    assert pooled.loc["q"].equals(pooled.loc["r"])
    assert pooled.loc["q", "tau2"] == pytest.approx(
        pooling.pool_effects(ordinary, ["pool"]).iloc[0]["tau2"], rel=1e-12
    )


def test_reml_restart_that_finds_no_maximum_is_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    # The same pool with a grid too coarse to see a sign change: no maximum inside is found,
    # and 0 (no maximum) is not reported either.
    monkeypatch.setattr(pooling, "GRID_PER_DECADE", 0)
    effects = pd.DataFrame(
        {
            "pool": "p",
            "yi": [999.9855, 996.5003, 999.781, 996.2246, 999.8251, 997.6835, 1000.068, 994.2232],
            "vi": [0.00419, 2.85, 0.791, 1.51, 0.0442, 2.22, 0.00065, 19.5],
        }
    )
    row = pooling.pool_effects(effects, ["pool"]).iloc[0]
    assert math.isnan(row["tau2"]) and row["pooled_notes"] == "tau2_not_converged"
    assert row["q"] > 0


# Hodges-Lehmann: the count where z steps across the quantile is checked, not assumed.


def test_hodges_lehmann_crossing_is_checked() -> None:
    n, ties, n_walsh = np.array([10.0, 10.0]), np.zeros(2), np.array([55, 55])
    count, crossed = hodges_lehmann._first_count_above(np.array([1.96, np.nan]), n, ties, n_walsh)
    assert crossed.tolist() == [True, False]
    z = hodges_lehmann._z_score(np.array([count[0] - 1.0, count[0]]), n[:1], ties[:1])
    assert z[0] <= 1.96 < z[1]


# Two pools (from 4000 simulated ones with vi spanning five decades) where metafor's default
# search stops at a lower maximum of the restricted likelihood: at 0 in the first, at 0.00058
# in the second. pool_effects reports the highest maximum, which metafor finds when started
# near it. R 4.2.2, metafor 3.8-1, printed with %.15g:
# ll <- function(yi, vi, t2) as.numeric(logLik(rma(yi, vi, tau2 = t2, method = "REML")))
# d <- rma(yi, vi, method = "REML", control = list(threshold = 1e-12, maxiter = 1000))
# f <- rma(yi, vi, method = "REML",
#          control = list(tau2.init = init, threshold = 1e-12, maxiter = 1000))
# c(d$tau2, ll(yi, vi, d$tau2)); c(f$tau2, ll(yi, vi, f$tau2)); c(f$b, f$se, f$ci.lb, f$ci.ub, f$I2)
# f$b -/+ qt(0.975, f$k - 2) * sqrt(f$tau2 + f$se^2)
HIGHER_MAXIMUM = {
    # init = 0.1; default: tau2 = 0, loglik -9.71421679652901; at f$tau2: -9.68479273190671
    "at_zero": (
        [2.27487, -0.212948, -0.287726, 0.491422, -0.629271, -1.56858, -1.19014],
        [1.39528, 0.000349666, 0.00581444, 0.0933483, 5.10819, 20.998, 6.10987],
        {
            "tau2": 0.117884683991146,
            "pooled_estimate": -0.0305803545639319,
            "pooled_se": 0.211590277124964,
            "pooled_ci_low": -0.445289677207711,
            "pooled_ci_high": 0.384128968079847,
            "i2": 87.2015729884954,
            "pi_low": -1.06730951936895,
            "pi_high": 1.00614881024108,
        },
    ),
    # init = 0.08; default: tau2 = 0.00057781117478951, loglik -8.59569543708963; at f$tau2:
    # -8.52728284813156
    "inside": (
        [2.20122, 1.38766, 1.0371, 0.0849805, 0.000849628, 0.730123, -0.0558519, 0.517296],
        [11.7641, 9.56331, 3.73411, 1.19739, 0.000388909, 0.0832192, 0.00154623, 0.49996],
        {
            "tau2": 0.0798321761702635,
            "pooled_estimate": 0.158445180792662,
            "pooled_se": 0.171891116851447,
            "pooled_ci_low": -0.17845521749854,
            "pooled_ci_high": 0.495345579083864,
            "i2": 92.3540843061262,
            "pi_low": -0.65080865578903,
            "pi_high": 0.967699017374354,
        },
    ),
}


def test_reml_reports_the_highest_maximum() -> None:
    effects = pd.concat(
        [
            pd.DataFrame({"pool": name, "yi": yi, "vi": vi})
            for name, (yi, vi, _) in HIGHER_MAXIMUM.items()
        ],
        ignore_index=True,
    )
    pooled = pooling.pool_effects(effects, ["pool"]).set_index("pool")
    for name, (_, _, expected) in HIGHER_MAXIMUM.items():
        row = pooled.loc[name]
        assert row["pooled_notes"] == "", name
        for column, value in expected.items():
            assert row[column] == pytest.approx(value, rel=1e-6), (name, column)


def test_reml_maximum_is_the_highest_on_a_fine_grid() -> None:
    # Property: over 2000 random pools whose vi span five decades, no tau2 on a fine grid
    # (including 0) has a higher restricted likelihood than the tau2 reported.
    rng = np.random.default_rng(5)
    frames = []
    for pool in range(2000):
        k = int(rng.integers(2, 9))
        v = 10 ** rng.uniform(-4, 1.5, k)
        extra = 10 ** rng.uniform(-4, 0) if rng.random() < 0.5 else 0.0
        frames.append(
            pd.DataFrame({"pool": pool, "yi": rng.normal(0, np.sqrt(v + extra)), "vi": v})
        )
    effects = pd.concat(frames, ignore_index=True)
    pooled = pooling.pool_effects(effects, ["pool"]).set_index("pool")
    assert pooled["tau2"].notna().all()

    def loglik(y: np.ndarray, v: np.ndarray, tau2: np.ndarray) -> np.ndarray:
        w = 1.0 / (v[None, :] + tau2[:, None])
        mu = (w * y).sum(axis=1) / w.sum(axis=1)
        residual = (w * (y[None, :] - mu[:, None]) ** 2).sum(axis=1)
        return -0.5 * (
            np.log(v[None, :] + tau2[:, None]).sum(axis=1) + np.log(w.sum(axis=1)) + residual
        )

    for pool, group in effects.groupby("pool"):
        y, v = group["yi"].to_numpy(), group["vi"].to_numpy()
        grid = np.concatenate([[0.0], np.geomspace(1e-12 * v.min(), 1e3 * v.max(), 3000)])
        best = loglik(y, v, grid).max()
        found = loglik(y, v, np.array([pooled.loc[pool, "tau2"]]))[0]
        assert found >= best - 1e-9 * abs(best), pool
