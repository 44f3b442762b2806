"""The single verdict rule turning a group's statistics into a stable, reportable code."""

from __future__ import annotations

import numpy as np
import pandas as pd

VERDICTS: tuple[str, ...] = ("positive", "negative", "not_shown", "insufficient")


def verdict(results: pd.DataFrame, min_n: int = 5, alpha: float = 0.05) -> pd.Series:
    """Verdict code per row of ``results`` (columns n_paired, ci_low, ci_high, q_bh).

    The rule, applied in this order:

    * ``insufficient``: fewer than ``min_n`` pairs, or no BH-adjusted p-value (q_bh NaN);
    * ``positive``: q_bh < ``alpha`` and the 95% CI of the mean change lies above zero;
    * ``negative``: q_bh < ``alpha`` and the CI lies below zero;
    * ``not_shown``: otherwise (no change demonstrated; this is not evidence of no effect).

    q_bh is the paired t-test p-value adjusted by Benjamini-Hochberg across every test of the
    run (``p_adjust(p_value, "BH")``), so the expected share of false "positive"/"negative"
    verdicts among all such verdicts is at most ``alpha``; the CI condition additionally
    requires the interval to exclude zero, which matters when ``alpha`` differs from 0.05.
    Returns a str Series named "verdict" aligned with ``results.index``; codes in ``VERDICTS``.
    """
    n = results["n_paired"].to_numpy(dtype=np.float64, na_value=np.nan)
    q = results["q_bh"].to_numpy(dtype=np.float64, na_value=np.nan)
    low = results["ci_low"].to_numpy(dtype=np.float64, na_value=np.nan)
    high = results["ci_high"].to_numpy(dtype=np.float64, na_value=np.nan)
    significant = q < alpha
    codes = np.select(
        [~(n >= min_n) | np.isnan(q), significant & (low > 0), significant & (high < 0)],
        ["insufficient", "positive", "negative"],
        default="not_shown",
    )
    return pd.Series(codes, index=results.index, name="verdict", dtype="str")
