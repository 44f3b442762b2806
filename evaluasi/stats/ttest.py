"""Paired (one-sample on the differences) Student t-test and t interval, elementwise over groups."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats


@dataclass(frozen=True)
class PairedT:
    """Elementwise results of :func:`paired_t_test` (NaN where the test is undefined)."""

    se_diff: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    t_stat: np.ndarray
    df: np.ndarray
    p_value: np.ndarray
    essentially_constant: np.ndarray


def paired_t_test(
    mean_diff: ArrayLike, sd_diff: ArrayLike, n: ArrayLike, level: float = 0.95
) -> PairedT:
    """Two-sided paired t-test of mean(d) = 0 from the moments of the differences d = post - pre.

    se = sd(d) / sqrt(n), t = mean(d) / se, df = n - 1, p = 2 P(T_df > |t|), and the
    ``level`` interval (t -/+ t_{(1 + level)/2, df}) se = mean(d) -/+ t_{(1 + level)/2, df} se,
    evaluated in R's order of operations (Student 1908). Agrees with R's
    ``t.test(post, pre, paired = TRUE)`` (statistic, parameter, p.value, conf.int).

    Like R, the test is undefined (NaN t, p and interval; R stops with "data are essentially
    constant") when se < 10 * .Machine$double.eps * |mean(d)|, which includes sd(d) = 0;
    ``essentially_constant`` flags those elements. se_diff is NaN only for n < 2.
    """
    mean_diff = np.asarray(mean_diff, dtype=np.float64)
    sd_diff = np.asarray(sd_diff, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        se = np.where(n >= 2, sd_diff / np.sqrt(n), np.nan)
        constant = (n >= 2) & (se < 10 * np.finfo(np.float64).eps * np.abs(mean_diff))
        constant |= (n >= 2) & (se == 0)
        usable = (n >= 2) & ~constant
        df = np.where(n >= 2, n - 1.0, np.nan)
        t = np.where(usable, mean_diff / se, np.nan)
        p = 2.0 * stats.t.sf(np.abs(t), df)
        quantile = stats.t.isf((1.0 - level) / 2.0, df)
    return PairedT(
        se_diff=se,
        ci_low=(t - quantile) * se,
        ci_high=(t + quantile) * se,
        t_stat=t,
        df=df,
        p_value=p,
        essentially_constant=constant,
    )
