"""Statistics engine benchmark: the engine against per-programme loops over scipy and pingouin.

Generates a national-size run (by default 10 million score rows: 1,000 programmes of one numeric
instrument, a knowledge test on 0-100 with one decimal, programme sizes lognormal around 5,000
people, about 5% drop-outs without a post-test, a comparison group for about 30% of the
programmes), then measures, from one run, each method in its own child process on the same
rows: the wall time of the method and the peak resident memory of its process. Targets (issue
4): the whole engine, Wilcoxon and the non-central-t intervals included, under 10 s on a 2-core
machine and at least 5 times faster than the scipy loop.

Methods (every one reads the same generated rows; generating and loading them is not timed,
and each process's peak memory is reset once the rows are loaded):

* engine: ``evaluasi.stats.engine.program_statistics`` (every column of ``ENGINE_COLUMNS``);
* compute: ``evaluasi.results.compute``, the engine plus suppression, Holm/BH, verdicts,
  random-effects pooling and shrinkage (the summary it needs is built beforehand, untimed);
* read: the warehouse queries of ``pipeline.evaluate`` on a DuckDB file holding the score rows
  (selected programmes, enrolments, ``int_pairs``, ``fct_program_summary``) and fetching the
  pairs into pandas: what comes before the engine, not part of the engine target;
* scipy loop and pingouin loop: one call per programme of the functions listed in
  ``SCIPY_COLUMNS`` and ``PINGOUIN_COLUMNS``; a loop projected to take longer than
  ``--budget`` seconds is timed on a random sample of programmes and extrapolated linearly in
  the number of pairs (the output says so).

A cross-check then runs the engine and the scipy loop on a few programmes and requires every
column they share to agree within 1e-6; the pingouin loop's shared columns are compared too
(reported, not required: pingouin uses other conventions for some of them).

    .venv/bin/python benchmarks/engine.py [--programmes 1000] [--rows 10000000] [--budget 600]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import tempfile
import textwrap
import time
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import measure
import numpy as np
import pandas as pd
from measure import reset_peak_rss
from scipy import optimize, special, stats

from evaluasi.stats.comparison import ADJUSTED_MEAN_COLUMNS, DESIGN_COLUMNS
from evaluasi.stats.engine import ATTRITION_RESULT_COLUMNS, EFFECT_COLUMNS
from evaluasi.stats.paired import STAT_COLUMNS

KEYS = ["program_id", "instrument"]
INSTRUMENT = "knowledge_test"
SCALE_MIN, SCALE_MAX = 0.0, 100.0
PARTICIPANT, COMPARISON = "participant", "comparison"
SEED = 20250417
DROPOUT_RATE = 0.05
# Share of programmes with a comparison group, and its size per participant.
COMPARISON_SHARE = 0.3
COMPARISON_SIZE = 0.3
# Programme sizes: lognormal with this sigma on the log scale around the mean size.
SIZE_SIGMA = 0.5
LEVEL = 0.95
# Root finding of the loops: far tighter than the 1e-6 the cross-check asks for.
XTOL = 1e-12
SAMPLE_PROGRAMMES = 20
CHECK_TOLERANCE = 1e-6
REQUIRED_AGREEMENT = ("p_value", "ci_low", "cohen_dz", "dz_ci_low", "wilcoxon_p", "hl_estimate")
# R's exact Wilcoxon branch: fewer than 50 nonzero differences, no ties, no zeros.
EXACT_MAX_N = 49
SHAPIRO_RANGE = (3, 5000)

# What each loop computes per programme, under the engine's column names where the number is
# the same statistic (the cross-check compares every one of these the engine has). The scipy
# loop leaves out the regression-to-the-mean columns (they need every programme's pre-test as
# reference), hl_conf_level, the counts n_pre_at_max / n_change_dropped and the notes.
SCIPY_COLUMNS: tuple[str, ...] = (
    *STAT_COLUMNS[:-1],
    *(c for c in EFFECT_COLUMNS if c != "hl_conf_level"),
    *ATTRITION_RESULT_COLUMNS,
    *DESIGN_COLUMNS,
    *ADJUSTED_MEAN_COLUMNS,
)
# The pingouin loop: pg.ttest (paired), pg.wilcoxon, pg.normality, pg.compute_effsize (d_av and
# d_z), pg.compute_esci, pg.power_ttest and, with a comparison group, pg.ttest (Welch),
# pg.ancova and pg.linear_regression; descriptives and drop-out counts with numpy, as pingouin
# has no function for them. Pingouin has no Hodges-Lehmann estimate or interval, no
# non-central-t interval of d_z (``dz_ci_*_normal`` is compute_esci's normal approximation,
# a different interval), no Hedges' g_z interval, d_rm, test of equal slopes or adjusted means.
PINGOUIN_COLUMNS: tuple[str, ...] = (
    "n_paired",
    "pre_mean",
    "pre_sd",
    "post_mean",
    "post_sd",
    "mean_diff",
    "sd_diff",
    "t_stat",
    "df",
    "p_value",
    "ci_low",
    "ci_high",
    "d_av",
    "cohen_dz",
    "dz_ci_low_normal",
    "dz_ci_high_normal",
    "bf10",
    "power",
    "wilcoxon_p",
    "rank_biserial",
    "shapiro_w",
    "shapiro_p",
    "mde_dz",
    "n_dropouts",
    "attrition_rate",
    "n_comparison",
    "did_estimate",
    "did_ci_low",
    "did_ci_high",
    "did_p",
    "ancova_effect",
    "ancova_ci_low",
    "ancova_ci_high",
    "ancova_p",
)


# --- data -------------------------------------------------------------------------------------


def generate(programmes: int, rows: int, seed: int = SEED) -> dict[str, np.ndarray]:
    """One person per row with programme number, participant flag, pre and post (NaN: no score).

    About ``rows`` score rows in all: each person has a pre-test, 5% of them (more often
    those with a low pre-test) no post-test. Per programme the true mean ability lies
    between 45 and 70 (SD 12 between people), the training effect is drawn from N(6, 4) plus
    N(0, 3) per person, each test adds N(0, 6) measurement error; comparison colleagues
    change by N(1, 1.5) per programme. Scores are rounded to one decimal and clipped to
    0-100. Rows come sorted by programme, then comparison before participants, as
    ``int_pairs`` orders them.
    """
    rng = np.random.default_rng(seed)
    persons = round(rows / (2.0 - DROPOUT_RATE))
    with_comparison = rng.random(programmes) < COMPARISON_SHARE
    weight = rng.lognormal(0.0, SIZE_SIGMA, programmes) * (1 + COMPARISON_SIZE * with_comparison)
    size = _apportion(persons, weight)
    n_comparison = np.where(
        with_comparison, np.round(size * COMPARISON_SIZE / (1 + COMPARISON_SIZE)), 0
    ).astype(np.int64)
    n_participant = size - n_comparison

    programme = np.repeat(np.arange(programmes), size)
    in_comparison = np.concatenate(
        [np.arange(s) < c for s, c in zip(size, n_comparison, strict=True)]
    )
    ability_mean = rng.uniform(45.0, 70.0, programmes)
    effect = rng.normal(6.0, 4.0, programmes)
    comparison_shift = rng.normal(0.0, 3.0, programmes)
    comparison_change = rng.normal(1.0, 1.5, programmes)

    centre = ability_mean[programme] + np.where(in_comparison, comparison_shift[programme], 0.0)
    ability = centre + rng.normal(0.0, 12.0, persons)
    change = np.where(
        in_comparison,
        comparison_change[programme],
        effect[programme] + rng.normal(0.0, 3.0, persons),
    )
    pre = _score(ability + rng.normal(0.0, 6.0, persons))
    post = _score(ability + change + rng.normal(0.0, 6.0, persons))
    # Drop-out odds fall with the pre-test; 2 sigmoid(-z) averages 1 over symmetric z.
    z = (pre - centre) / 13.0
    dropped = rng.random(persons) < DROPOUT_RATE * 2.0 / (1.0 + np.exp(z))
    post[dropped] = np.nan
    return {
        "programme": programme.astype(np.int32),
        "participant": ~in_comparison,
        "pre": pre,
        "post": post,
        "n_participant": n_participant,
    }


def _apportion(total: int, weight: np.ndarray) -> np.ndarray:
    """Integers proportional to ``weight`` that add up to ``total`` (largest remainders)."""
    share = total * weight / weight.sum()
    whole = np.floor(share).astype(np.int64)
    extra = np.argsort(whole - share)[: total - whole.sum()]
    whole[extra] += 1
    return whole


def _score(value: np.ndarray) -> np.ndarray:
    return np.clip(np.round(value, 1), SCALE_MIN, SCALE_MAX)


def programme_ids(programmes: int) -> np.ndarray:
    width = len(str(programmes - 1))
    return np.array([f"PRG-{i:0{width}d}" for i in range(programmes)])


def pairs_frame(data: dict[str, np.ndarray]) -> pd.DataFrame:
    """The rows as ``int_pairs`` hands them to the engine (without nip, which it does not use)."""
    ids = programme_ids(len(data["n_participant"]))
    return pd.DataFrame(
        {
            "program_id": ids[data["programme"]],
            "instrument": np.full(data["pre"].size, INSTRUMENT),
            "group": np.where(data["participant"], PARTICIPANT, COMPARISON),
            "pre": data["pre"],
            "post": data["post"],
        }
    )


def instruments_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "instrument": [INSTRUMENT],
            "kind": ["numeric"],
            "scale_min": [SCALE_MIN],
            "scale_max": [SCALE_MAX],
            "categories": [None],
        }
    )


def programmes_frame(programmes: int) -> pd.DataFrame:
    """The programme register: name, type, dates, jp and cost of every programme."""
    number = np.arange(programmes)
    start = pd.Timestamp("2025-01-06") + pd.to_timedelta(number % 300, unit="D")
    return pd.DataFrame(
        {
            "program_id": programme_ids(programmes),
            "name": [f"Pelatihan {i}" for i in number],
            "type": np.array(["PKP", "PKA", "LATSAR", "TEKNIS", "FUNGSIONAL"])[number % 5],
            "start_date": start.date,
            "end_date": (start + pd.Timedelta(days=4)).date,
            "jp": 40.0,
            "cost_idr": 50_000_000.0,
        }
    )


def summary_frame(pairs: pd.DataFrame) -> pd.DataFrame:
    """The columns of ``fct_program_summary`` from the pairs (every participant is enrolled)."""
    participant = pairs["group"] == PARTICIPANT
    has_pre, has_post = pairs["pre"].notna(), pairs["post"].notna()
    counts = (
        pairs.assign(
            n_participants=participant,
            n_pre=participant & has_pre,
            n_post=participant & has_post,
            n_paired=participant & has_pre & has_post,
            n_comparison=~participant & has_pre & has_post,
        )
        .groupby(KEYS, sort=True)[["n_participants", "n_pre", "n_post", "n_paired", "n_comparison"]]
        .sum()
        .reset_index()
    )
    register = programmes_frame(counts["program_id"].nunique()).rename(
        columns={"name": "program_name", "type": "program_type"}
    )
    instrument = instruments_frame().rename(
        columns={"kind": "instrument_kind", "categories": "instrument_categories"}
    )
    instrument["instrument_label"] = "Tes pengetahuan"
    return counts.merge(register, on="program_id").merge(instrument, on="instrument")


def build_warehouse(path: Path, data: dict[str, np.ndarray]) -> None:
    """A warehouse file whose ``scores`` hold the rows in long form (one row per score)."""
    from evaluasi import warehouse

    programmes = len(data["n_participant"])
    tables = {
        "programs": programmes_frame(programmes).assign(
            organizer=None, source="bench", sheet="programs", source_row=np.arange(programmes)
        ),
        "instruments": instruments_frame().assign(
            label="Tes pengetahuan", level=None, source="bench", sheet="instruments", source_row=0
        ),
    }
    people = pairs_frame(data).assign(person=np.arange(data["pre"].size))
    with warehouse.connect(path) as con, warehouse.transaction(con):
        for table, frame in tables.items():
            con.register("incoming", frame)
            con.execute(f"insert into {table} by name select * from incoming")
            con.unregister("incoming")
        con.register("people", people)
        con.execute(
            """
            insert into scores by name
            select
                lpad(person::varchar, 18, '0') as nip, program_id, instrument, phase, score,
                "group", 'bench' as source, 'scores' as sheet, 2 * person + p as source_row
            from (
                select person, program_id, instrument, "group", 'pre' as phase, pre as score,
                    0 as p
                from people
                union all
                select person, program_id, instrument, "group", 'post', post, 1
                from people
                where post is not null
            )
            """
        )
        con.unregister("people")


# --- the scipy loop ---------------------------------------------------------------------------


class Programme:
    """A programme's complete participant pairs, drop-outs' pre-tests and comparison pairs."""

    def __init__(self, frame: pd.DataFrame) -> None:
        participant = frame["group"].to_numpy() == PARTICIPANT
        pre, post = frame["pre"].to_numpy(), frame["post"].to_numpy()
        has_pre, has_post = np.isfinite(pre), np.isfinite(post)
        complete = participant & has_pre & has_post
        self.pre, self.post = pre[complete], post[complete]
        self.d = self.post - self.pre
        self.n = self.d.size
        self.n_enrolled = int(participant.sum())
        self.dropout_pre = pre[participant & has_pre & ~has_post]
        comparison = ~participant & has_pre & has_post
        self.comparison_pre, self.comparison_post = pre[comparison], post[comparison]


def scipy_statistics(frame: pd.DataFrame, hodges_lehmann: bool = True) -> dict[str, float]:
    """``SCIPY_COLUMNS`` of one programme, one scipy/numpy call after the other (without the
    Hodges-Lehmann columns when ``hodges_lehmann`` is false)."""
    p = Programme(frame)
    pre, post, d, n = p.pre, p.post, p.d, p.n
    row: dict[str, float] = {"n_paired": n}
    row.update(pre_mean=pre.mean(), pre_sd=pre.std(ddof=1), post_mean=post.mean())
    row.update(post_sd=post.std(ddof=1), mean_diff=d.mean(), sd_diff=d.std(ddof=1))
    row["se_diff"] = row["sd_diff"] / np.sqrt(n)

    test = stats.ttest_rel(post, pre)
    interval = test.confidence_interval(LEVEL)
    row.update(ci_low=interval.low, ci_high=interval.high, t_stat=test.statistic, df=test.df)
    row["p_value"] = test.pvalue
    row["cohen_dz"] = row["mean_diff"] / row["sd_diff"]
    tail = (1.0 - LEVEL) / 2.0
    row["dz_ci_low"] = _nct_ncp(test.statistic, test.df, 1.0 - tail) / np.sqrt(n)
    row["dz_ci_high"] = _nct_ncp(test.statistic, test.df, tail) / np.sqrt(n)
    row["d_av"] = row["mean_diff"] / np.sqrt((pre.var(ddof=1) + post.var(ddof=1)) / 2.0)

    row.update(_wilcoxon(d))
    if SHAPIRO_RANGE[0] <= n <= SHAPIRO_RANGE[1]:
        normality = stats.shapiro(np.sort(d))
        row.update(shapiro_w=normality.statistic, shapiro_p=normality.pvalue)
    else:
        row.update(shapiro_w=np.nan, shapiro_p=np.nan)
    row.update(
        pct_improved=100.0 * np.mean(d > 0),
        pct_unchanged=100.0 * np.mean(d == 0),
        pct_declined=100.0 * np.mean(d < 0),
    )
    row["normalized_gain"] = (row["post_mean"] - row["pre_mean"]) / (SCALE_MAX - row["pre_mean"])
    critical = stats.t.isf(0.025, n - 1)
    row["mde_dz"] = _root(
        lambda delta: stats.nct.sf(critical, n - 1, np.sqrt(n) * delta) - 0.8, 0.0, lower=0.0
    )

    j = np.exp(special.gammaln((n - 1) / 2) - special.gammaln((n - 2) / 2)) / np.sqrt((n - 1) / 2)
    row.update(hedges_gz=j * row["cohen_dz"], gz_ci_low=j * row["dz_ci_low"])
    row["gz_ci_high"] = j * row["dz_ci_high"]
    row["pre_post_r"] = stats.pearsonr(pre, post).statistic
    row["d_rm"] = row["cohen_dz"] * np.sqrt(2.0 * (1.0 - row["pre_post_r"]))
    if hodges_lehmann:
        row.update(_hodges_lehmann(d))
    row["prob_superiority"] = np.mean(d > 0) + np.mean(d == 0) / 2.0
    room = pre < SCALE_MAX
    row["mean_individual_gain"] = np.mean(d[room] / (SCALE_MAX - pre[room]))
    kept = ~((d == 0) & ((pre == SCALE_MAX) | (pre == SCALE_MIN)))
    with np.errstate(divide="ignore", invalid="ignore"):  # in the branches np.select drops
        change = np.select([d > 0, d < 0], [d / (SCALE_MAX - pre), d / (pre - SCALE_MIN)], 0.0)
    row["normalized_change"] = np.mean(change[kept])

    row.update(_attrition(p))
    row.update(_comparison(p))
    return row


def _root(func: Callable[[float], float], start: float, lower: float | None = None) -> float:
    """Root of a monotone ``func`` by ``scipy.optimize.brentq``, bracket grown from ``start``."""
    low, high, step = start - 1.0, start + 1.0, 1.0
    if lower is not None:
        low = max(low, lower)
    while np.sign(func(low)) == np.sign(func(high)):
        step *= 2.0
        low, high = (low - step if lower is None else max(low - step, lower)), high + step
    return optimize.brentq(func, low, high, xtol=XTOL)


def _nct_ncp(t: float, df: float, target: float) -> float:
    """The ncp with P(T'(df, ncp) <= t) = target (Steiger & Fouladi 1997)."""
    return _root(lambda ncp: stats.nct.cdf(t, df, ncp) - target, t)


def _wilcoxon(d: np.ndarray) -> dict[str, float]:
    """R's ``wilcox.test(post, pre, paired = TRUE)``: V, p, and the rank-biserial correlation."""
    nonzero = d[d != 0]
    ranks = stats.rankdata(np.abs(nonzero))
    v = ranks[nonzero > 0].sum()
    exact = _exact_branch(d)
    test = stats.wilcoxon(
        d, zero_method="wilcox", correction=True, method="exact" if exact else "approx"
    )
    total = nonzero.size * (nonzero.size + 1) / 2.0
    return {"wilcoxon_v": v, "wilcoxon_p": test.pvalue, "rank_biserial": (2.0 * v - total) / total}


def _exact_branch(d: np.ndarray) -> bool:
    nonzero = d[d != 0]
    return (
        nonzero.size == d.size
        and nonzero.size <= EXACT_MAX_N
        and np.unique(np.abs(nonzero)).size == nonzero.size
    )


def _hodges_lehmann(d: np.ndarray) -> dict[str, float]:
    """R's ``wilcox.test(post - pre, conf.int = TRUE)`` estimate and interval, R's algorithm.

    Exact branch: order statistics of the Walsh averages. Otherwise R's root search of the
    normal-approximation signed-rank statistic of d - mu, with ``brentq`` in place of R's
    ``uniroot`` (tolerance 1e-12 instead of R's 1e-4): O(n log n) per evaluation, about 50
    evaluations per root, memory O(n). Forming the n(n + 1)/2 Walsh averages instead would
    take 100 MB and a sort of 12.5 million values at 5,000 pairs, 1.6 GB at 20,000.
    """
    x = d[d != 0]
    n = x.size
    alpha = 1.0 - LEVEL
    if _exact_branch(d):
        walsh = np.sort((x[:, None] + x[None, :])[np.triu_indices(n)] / 2.0)
        counts = np.zeros(n * (n + 1) // 2 + 1)
        counts[0] = 1.0
        for m in range(1, n + 1):
            counts[m:] = counts[m:] + counts[:-m].copy()
        cdf = np.cumsum(counts) / 2.0**n
        qu = max(int(np.argmax(cdf >= alpha / 2 - 10 * np.finfo(float).eps)), 1)
        return {
            "hl_estimate": np.median(walsh),
            "hl_ci_low": walsh[qu - 1],
            "hl_ci_high": walsh[walsh.size - qu],
        }

    def z(mu: float, correct: bool) -> float:
        shifted = x - mu
        shifted = shifted[shifted != 0]
        m = shifted.size
        ranks = stats.rankdata(np.abs(shifted))
        centred = ranks[shifted > 0].sum() - m * (m + 1) / 4.0
        ties = np.unique(ranks, return_counts=True)[1].astype(float)
        sigma = np.sqrt(m * (m + 1) * (2 * m + 1) / 24.0 - np.sum(ties**3 - ties) / 48.0)
        return (centred - (0.5 * np.sign(centred) if correct else 0.0)) / sigma

    low, high = x.min(), x.max()
    at_low, at_high = z(low, True), z(high, True)
    while alpha < 1.0 and (
        at_low < stats.norm.isf(alpha / 2) or at_high > stats.norm.ppf(alpha / 2)
    ):
        alpha *= 2.0
    if alpha >= 1.0:
        ci = (np.median(x), np.median(x))
    else:
        ci = tuple(
            optimize.brentq(lambda mu, q=q: z(mu, True) - q, low, high, xtol=XTOL)
            for q in (stats.norm.isf(alpha / 2), stats.norm.ppf(alpha / 2))
        )
    estimate = optimize.brentq(lambda mu: z(mu, False), low, high, xtol=XTOL)
    return {"hl_estimate": estimate, "hl_ci_low": ci[0], "hl_ci_high": ci[1]}


def _attrition(p: Programme) -> dict[str, float]:
    """Drop-outs and their pre-test against the completers' (a group of one adds 0 to s^2)."""
    completers, dropouts = p.pre, p.dropout_pre
    n_c, n_d = completers.size, dropouts.size
    row: dict[str, float] = {"n_dropouts": n_d, "attrition_rate": n_d / p.n_enrolled}
    if n_d == 0:
        return row
    spread = sum((x.size - 1) * x.var(ddof=1) for x in (completers, dropouts) if x.size > 1)
    row["pre_mean_dropouts"] = dropouts.mean()
    if n_c + n_d >= 3 and spread > 0:
        pooled = np.sqrt(spread / (n_c + n_d - 2))
        row["dropout_pre_smd"] = (completers.mean() - dropouts.mean()) / pooled
    return row


def _comparison(p: Programme) -> dict[str, float]:
    """Welch DiD (``ttest_ind``) and ANCOVA post ~ pre + treated (``numpy.linalg.lstsq``)."""
    n0 = p.comparison_pre.size
    row: dict[str, float] = {"n_comparison": n0}
    if n0 < 2:
        return row
    d0 = p.comparison_post - p.comparison_pre
    welch = stats.ttest_ind(p.d, d0, equal_var=False)
    interval = welch.confidence_interval(LEVEL)
    row.update(did_estimate=p.d.mean() - d0.mean(), did_ci_low=interval.low)
    row.update(did_ci_high=interval.high, did_p=welch.pvalue)

    pre = np.concatenate([p.pre, p.comparison_pre])
    post = np.concatenate([p.post, p.comparison_post])
    treated = np.concatenate([np.ones(p.n), np.zeros(n0)])
    common = _ols(np.column_stack([np.ones(pre.size), pre, treated]), post)
    quantile = stats.t.isf((1.0 - LEVEL) / 2.0, common.df)
    row.update(
        ancova_effect=common.beta[2],
        ancova_ci_low=common.beta[2] - quantile * common.se[2],
        ancova_ci_high=common.beta[2] + quantile * common.se[2],
        ancova_p=common.p[2],
    )
    slopes = _ols(np.column_stack([np.ones(pre.size), pre, treated, pre * treated]), post)
    row["slopes_p"] = slopes.p[3]
    at = pre.mean()
    row["adj_mean_participant"] = common.beta[0] + common.beta[1] * at + common.beta[2]
    row["adj_mean_comparison"] = common.beta[0] + common.beta[1] * at
    return row


class _Fit:
    """OLS coefficients, standard errors, residual df and two-sided p-values."""

    def __init__(self, beta: np.ndarray, se: np.ndarray, df: int) -> None:
        self.beta, self.se, self.df = beta, se, df
        self.p = 2.0 * stats.t.sf(np.abs(beta / se), df)


def _ols(design: np.ndarray, y: np.ndarray) -> _Fit:
    beta = np.linalg.lstsq(design, y, rcond=None)[0]
    residual = y - design @ beta
    df = y.size - design.shape[1]
    covariance = residual @ residual / df * np.linalg.inv(design.T @ design)
    return _Fit(beta, np.sqrt(np.diag(covariance)), df)


# --- the pingouin loop ------------------------------------------------------------------------


def pingouin_statistics(frame: pd.DataFrame) -> dict[str, float]:
    """``PINGOUIN_COLUMNS`` of one programme, with pingouin wherever it has the statistic."""
    import pingouin as pg

    p = Programme(frame)
    pre, post, d, n = p.pre, p.post, p.d, p.n
    row: dict[str, float] = {"n_paired": n}
    row.update(pre_mean=pre.mean(), pre_sd=pre.std(ddof=1), post_mean=post.mean())
    row.update(post_sd=post.std(ddof=1), mean_diff=d.mean(), sd_diff=d.std(ddof=1))

    test = pg.ttest(post, pre, paired=True, confidence=LEVEL).iloc[0]
    row.update(t_stat=test["T"], df=test["dof"], p_value=test["p_val"])
    row.update(ci_low=test["CI95"][0], ci_high=test["CI95"][1])
    row.update(bf10=float(test["BF10"]), power=test["power"])
    row["d_av"] = pg.compute_effsize(post, pre, paired=True, eftype="cohen")
    row["cohen_dz"] = pg.compute_effsize(post, pre, paired=True, eftype="cohen_dz")
    interval = pg.compute_esci(
        stat=row["cohen_dz"],
        nx=n,
        ny=n,
        paired=True,
        eftype="cohen",
        confidence=LEVEL,
        decimals=12,
    )
    row.update(dz_ci_low_normal=interval[0], dz_ci_high_normal=interval[1])
    # The one-sample form: given post and pre, pg.wilcoxon also forms the n x n matrix of
    # post_i - pre_j for its CLES (3.2 GB at 20,000 pairs).
    signed_rank = pg.wilcoxon(d).iloc[0]
    row.update(wilcoxon_p=signed_rank["p_val"], rank_biserial=signed_rank["RBC"])
    if SHAPIRO_RANGE[0] <= n <= SHAPIRO_RANGE[1]:
        normality = pg.normality(d).iloc[0]
        row.update(shapiro_w=normality["W"], shapiro_p=normality["pval"])
    row["mde_dz"] = pg.power_ttest(n=n, power=0.8, contrast="paired")

    row.update(n_dropouts=p.dropout_pre.size, attrition_rate=p.dropout_pre.size / p.n_enrolled)
    n0 = p.comparison_pre.size
    row["n_comparison"] = n0
    if n0 >= 2:
        d0 = p.comparison_post - p.comparison_pre
        welch = pg.ttest(d, d0, correction=True, confidence=LEVEL).iloc[0]
        row.update(did_estimate=d.mean() - d0.mean(), did_ci_low=welch["CI95"][0])
        row.update(did_ci_high=welch["CI95"][1], did_p=welch["p_val"])
        both = pd.DataFrame(
            {
                "pre": np.concatenate([pre, p.comparison_pre]),
                "post": np.concatenate([post, p.comparison_post]),
                "treated": np.concatenate([np.ones(n), np.zeros(n0)]),
            }
        )
        table = pg.ancova(data=both, dv="post", covar="pre", between="treated")
        row["ancova_p"] = table.set_index("Source").loc["treated", "p_unc"]
        fit = pg.linear_regression(both[["pre", "treated"]], both["post"]).set_index("names")
        row.update(ancova_effect=fit.loc["treated", "coef"])
        row.update(ancova_ci_low=fit.loc["treated", "CI2.5"])
        row.update(ancova_ci_high=fit.loc["treated", "CI97.5"])
    return row


# --- the methods, each run in a child process -------------------------------------------------


def load(folder: Path) -> pd.DataFrame:
    with np.load(folder / "data.npz") as stored:
        return pairs_frame(dict(stored))


def time_engine(pairs: pd.DataFrame, options: argparse.Namespace) -> dict[str, object]:
    from evaluasi.stats.engine import ENGINE_COLUMNS, program_statistics

    profiler = cProfile.Profile() if options.profile else None
    started = time.perf_counter()
    if profiler:
        result = profiler.runcall(program_statistics, pairs, instruments_frame())
    else:
        result = program_statistics(pairs, instruments_frame())
    seconds = time.perf_counter() - started
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
    computed = [c for c in ENGINE_COLUMNS if result[c].notna().any()]
    return {"seconds": seconds, "columns": len(computed)}


def time_compute(pairs: pd.DataFrame, options: argparse.Namespace) -> dict[str, object]:
    """``results.compute``, and the engine alone before it in the same process, so that their
    difference is the step after the engine."""
    from evaluasi.results import compute
    from evaluasi.stats.engine import program_statistics

    summary = summary_frame(pairs)
    started = time.perf_counter()
    program_statistics(pairs, instruments_frame())
    engine = time.perf_counter() - started
    started = time.perf_counter()
    results = compute(summary, pairs)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "engine_seconds": engine, "columns": results.programs.shape[1]}


def time_read(pairs: pd.DataFrame | None, options: argparse.Namespace) -> dict[str, object]:
    """``pipeline.read_inputs``: select every programme, build the pairs, the summary and the
    subgroup pairs in DuckDB and fetch them into pandas."""
    import datetime as dt

    from evaluasi import warehouse
    from evaluasi.periods import parse_period
    from evaluasi.pipeline import read_inputs

    period = parse_period("all", dt.date(2026, 11, 23))
    with warehouse.connect(options.folder / "warehouse.duckdb") as con:
        started = time.perf_counter()
        read_inputs(con, period, None)
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "columns": None}


def time_loop(
    pairs: pd.DataFrame, function: Callable[[pd.DataFrame], dict[str, float]], budget: float
) -> dict[str, object]:
    """Time ``function`` over every programme, or over a sample when that would exceed budget.

    A random sample of programmes runs first; if the whole loop is projected (linearly in the
    number of pairs) to take longer than ``budget`` seconds, the projection is the result.
    Errors, warnings and infinite values are counted, not shown.
    """
    started = time.perf_counter()
    indices = pairs.groupby(KEYS, sort=True).indices
    split = time.perf_counter() - started
    frames = list(indices.values())
    sizes = np.array([len(rows) for rows in frames])
    sample = np.random.default_rng(SEED).choice(
        len(frames), size=min(SAMPLE_PROGRAMMES, len(frames)), replace=False
    )
    problems: Counter[str] = Counter()

    def call(frame: pd.DataFrame) -> dict[str, float]:
        try:
            return function(frame)
        except Exception as error:
            problems[f"error: {type(error).__name__}: {str(error)[:80]}"] += 1
            return {}

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        started = time.perf_counter()
        rows = [call(pairs.iloc[frames[i]]) for i in sample]
        sample_seconds = time.perf_counter() - started
        share = sizes[sample].sum() / sizes.sum()
        projected = split + sample_seconds / share
        outcome: dict[str, object] = {"sample_programmes": len(sample), "sample_share": share}
        if projected > budget:
            outcome.update(seconds=projected, extrapolated=True)
        else:
            caught.clear()
            problems.clear()
            started = time.perf_counter()
            rows = [call(frame) for _, frame in pairs.groupby(KEYS, sort=True)]
            outcome.update(seconds=time.perf_counter() - started, extrapolated=False)
    for warning in caught:
        origin = "/".join(Path(warning.filename).parts[-2:])
        message = textwrap.shorten(str(warning.message), 70, placeholder="...")
        problems[f"{warning.category.__name__} ({origin}): {message}"] += 1
    table = pd.DataFrame(rows).astype(float)
    for column, count in np.isinf(table).sum().items():
        if count:
            problems[f"{column} is infinite"] = int(count)
    outcome.update(problems=dict(problems.most_common(6)), columns=table.shape[1])
    return outcome


def time_scipy(pairs: pd.DataFrame, options: argparse.Namespace) -> dict[str, object]:
    return time_loop(pairs, scipy_statistics, options.budget)


def time_scipy_without_hl(pairs: pd.DataFrame, options: argparse.Namespace) -> dict[str, object]:
    def without(frame: pd.DataFrame) -> dict[str, float]:
        return scipy_statistics(frame, hodges_lehmann=False)

    return time_loop(pairs, without, options.budget)


def time_pingouin(pairs: pd.DataFrame, options: argparse.Namespace) -> dict[str, object]:
    import pingouin  # noqa: F401  (imported before the clock starts)

    return time_loop(pairs, pingouin_statistics, options.budget)


def prepare(folder: Path, programmes: int, rows: int) -> dict[str, object]:
    data = generate(programmes, rows)
    np.savez(folder / "data.npz", **data)
    build_warehouse(folder / "warehouse.duckdb", data)
    complete = np.isfinite(data["pre"]) & np.isfinite(data["post"])
    return {
        "score_rows": int(np.isfinite(data["pre"]).sum() + np.isfinite(data["post"]).sum()),
        "people": int(data["pre"].size),
        "with_comparison": int(np.unique(data["programme"][~data["participant"]]).size),
        "pairs_per_programme": np.percentile(
            np.bincount(data["programme"][complete & data["participant"]]), [0, 50, 100]
        ).tolist(),
    }


def cross_check(pairs: pd.DataFrame, options: argparse.Namespace) -> dict[str, object]:
    """Engine, scipy loop and pingouin loop on a few programmes: max |difference| per column.

    The programmes: the smallest and the largest with a comparison group, and without one the
    smallest, the largest that Shapiro-Wilk takes (at most 5,000 pairs) and the largest.
    """
    from evaluasi.stats.engine import program_statistics

    summary = summary_frame(pairs)
    with_comparison = summary[summary["n_comparison"] > 0].sort_values("n_paired")
    without = summary[summary["n_comparison"] == 0].sort_values("n_paired")
    in_range = without[without["n_paired"] <= SHAPIRO_RANGE[1]]
    chosen = pd.concat(
        [
            with_comparison.head(1),
            with_comparison.tail(1),
            without.head(1),
            in_range.tail(1),
            without.tail(1),
        ]
    )["program_id"].unique()
    subset = pairs[pairs["program_id"].isin(chosen)]
    engine = program_statistics(subset, instruments_frame()).set_index("program_id")
    loops = {
        "scipy": (scipy_statistics, SCIPY_COLUMNS),
        "pingouin": (pingouin_statistics, PINGOUIN_COLUMNS),
    }
    differences = {}
    for name, (function, declared) in loops.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rows = pd.DataFrame(
                {key[0]: function(frame) for key, frame in subset.groupby(KEYS, sort=True)}
            ).T
        # A declared column the loop did not return is NaN here, so it fails where the engine
        # has a value.
        shared = [c for c in declared if c in engine.columns]
        ours = engine.loc[rows.index, shared].astype(float)
        theirs = rows.reindex(columns=shared).astype(float)
        gap = (ours - theirs).abs().where(~(ours.isna() & theirs.isna()), 0.0).fillna(np.inf)
        differences[name] = gap.max().to_dict()
    return {
        "programmes": len(chosen),
        "pairs": summary.set_index("program_id").loc[chosen, "n_paired"].tolist(),
        "differences": differences,
    }


READ = "read (DuckDB)"
METHODS: dict[str, Callable[[pd.DataFrame, argparse.Namespace], dict[str, object]]] = {
    "engine": time_engine,
    "compute (results)": time_compute,
    READ: time_read,
    "scipy loop": time_scipy,
    "scipy loop, no HL": time_scipy_without_hl,
    "pingouin loop": time_pingouin,
    "cross-check": cross_check,
}


def run_method(method: str, options: argparse.Namespace) -> dict[str, object]:
    """In the child: load the rows (except for read), reset the peak, run ``method``."""
    pairs = None if method == READ else load(options.folder)
    start_rss = reset_peak_rss()
    return METHODS[method](pairs, options) | {"start_rss": start_rss}


# --- the parent: runs every method in a child and prints the table ----------------------------


def run_child(method: str, folder: Path, extra: list[str]) -> tuple[dict, int]:
    """Run ``method`` in a fresh interpreter; its result and its own peak RSS in bytes."""
    return measure.run_child(__file__, method, folder, extra, f"{_slug(method)}.json")


def _slug(method: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in method)


def report(measured: dict[str, tuple[dict, int]], budget: float) -> None:
    engine = measured["engine"][0]["seconds"]
    print(
        f"\n{'method':<18} {'seconds':>8} {'x engine':>9} {'start RSS':>10} {'peak RSS':>9} "
        f"{'added':>6} {'columns':>8}"
    )
    for method, (result, peak) in measured.items():
        seconds, start = result["seconds"], result["start_rss"]
        shown = f"{seconds:.1f}" + ("*" if result.get("extrapolated") else "")
        print(
            f"{method:<18} {shown:>8} {seconds / engine:>9.1f} {start / 1e9:>10.2f} "
            f"{peak / 1e9:>9.2f} {(peak - start) / 1e9:>6.2f} {result['columns'] or '-':>8}"
        )
    compute = measured["compute (results)"][0]
    alone = compute["engine_seconds"]
    after_engine = compute["seconds"] - alone
    print(
        f"""
Notes:
  RSS in GB, each method in its own process: start = after loading the rows (read: the bare
  process; the DuckDB file is read in the timed part), peak = ru_maxrss from os.wait4 with
  the peak reset to start after loading, added = peak - start. columns: engine =
  ENGINE_COLUMNS with a value on this numeric data; compute = columns of results.csv;
  loops = the SCIPY_COLUMNS / PINGOUIN_COLUMNS (benchmarks/engine.py) they returned. The
  scipy loop lacks the regression-to-the-mean columns, hl_conf_level and notes; 'no HL'
  also the Hodges-Lehmann estimate and interval. pingouin has no Hodges-Lehmann estimate
  or interval, no non-central-t interval of d_z (only compute_esci's normal
  approximation), no g_z interval, d_rm, test of equal slopes or adjusted means, and
  rounds its t-test intervals to 2 decimals.
  compute less the engine run alone before it in the same process ({alone:.1f} s there):
  {after_engine:+.1f} s for suppression, p adjustment, verdicts and pooling (differences
  within about a second are timing noise on this machine).
  read = pipeline.read_inputs: the DuckDB queries and fetching the pairs, the summary and
  the subgroup pairs into pandas; it comes before the engine, outside its target."""
    )
    for method in ("scipy loop", "scipy loop, no HL", "pingouin loop"):
        result = measured[method][0]
        if result["extrapolated"]:
            print(
                f"  * {method}: projected to exceed the {budget:.0f} s budget, so timed on "
                f"{result['sample_programmes']} random programmes ({result['sample_share']:.1%} "
                "of the pairs) and extrapolated linearly in pairs; peak RSS of that sample."
            )
        for problem, count in result["problems"].items():
            print(f"  {method}: {count} x {problem}")
    scipy_seconds = measured["scipy loop"][0]["seconds"]
    without_hl = measured["scipy loop, no HL"][0]["seconds"]
    fast = "met" if scipy_seconds >= 5 * engine else "MISSED"
    print(
        f"\nTarget: engine under 10 s: {'met' if engine < 10 else 'MISSED'} ({engine:.1f} s); "
        f"at least 5x faster than the scipy loop: {fast} ({scipy_seconds / engine:.1f}x; "
        f"{without_hl / engine:.1f}x against the loop without Hodges-Lehmann)."
    )


def report_check(check: dict) -> None:
    print(
        f"\nCross-check on {check['programmes']} programmes ({check['pairs']} pairs), "
        "max |engine - loop| per shared column:"
    )
    scipy_gaps = check["differences"]["scipy"]
    print("  scipy: " + ", ".join(f"{c} {scipy_gaps[c]:.1e}" for c in REQUIRED_AGREEMENT))
    others = {c: g for c, g in scipy_gaps.items() if c not in REQUIRED_AGREEMENT}
    worst = max(others, key=others.get)
    print(f"  scipy, the other {len(others)} shared columns: largest {others[worst]:.1e} ({worst})")
    pingouin_gaps = check["differences"]["pingouin"]
    apart = {c: g for c, g in pingouin_gaps.items() if not g <= CHECK_TOLERANCE}
    print(
        "  pingouin (not required): "
        + "".join(f"{c} {g:.1e}, " for c, g in sorted(apart.items(), key=lambda item: -item[1]))
        + f"the other {len(pingouin_gaps) - len(apart)} shared columns within {CHECK_TOLERANCE}"
    )
    failed = [c for c, g in scipy_gaps.items() if not g <= CHECK_TOLERANCE]
    if failed:
        raise SystemExit(f"engine and scipy loop differ by more than {CHECK_TOLERANCE}: {failed}")
    print(f"  every shared column of the engine and the scipy loop agrees within {CHECK_TOLERANCE}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programmes", type=int, default=1_000)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument(
        "--budget", type=float, default=600.0, help="longest a loop may run before it is sampled"
    )
    parser.add_argument("--profile", action="store_true", help="print the engine's cProfile")
    parser.add_argument("--child", choices=[*METHODS, "prepare"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "prepare":
        result = prepare(args.folder, args.programmes, args.rows)
    elif args.child:
        result = run_method(args.child, args)
    if args.child:
        (args.folder / f"{_slug(args.child)}.json").write_text(json.dumps(result))
        return

    options = ["--programmes", str(args.programmes), "--rows", str(args.rows)]
    options += ["--budget", str(args.budget), *(["--profile"] if args.profile else [])]
    with tempfile.TemporaryDirectory(prefix="evaluasi-bench-") as folder:
        started = time.perf_counter()
        data, _ = run_child("prepare", Path(folder), options)
        low, middle, high = data["pairs_per_programme"]
        print(
            f"generated {data['score_rows']:,} score rows ({data['people']:,} people, "
            f"{args.programmes:,} programmes, {data['with_comparison']} with a comparison group; "
            f"{low:.0f}/{middle:.0f}/{high:.0f} complete participant pairs min/median/max) in "
            f"{time.perf_counter() - started:.1f} s"
        )
        load_before = os.getloadavg()[0]
        measured = {}
        for method in METHODS:
            measured[method] = run_child(method, Path(folder), options)
        check = measured.pop("cross-check")[0]
    report(measured, args.budget)
    print(
        f"Machine load (1-minute average) before / after the methods: {load_before:.1f} / "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; other work inflates the times."
    )
    report_check(check)


if __name__ == "__main__":
    main()
