"""The verdict rules, in one place: which estimate speaks for a result, and what it says.

Leaders read one word per programme x instrument. It is built from the estimate the design
supports best (the *basis*), that estimate's 95% CI, and its p-value adjusted over every verdict
of the run, so the share of false "positive"/"negative" verdicts is controlled across the run.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evaluasi.stats.adjust import p_adjust

VERDICTS: tuple[str, ...] = ("positive", "negative", "not_shown", "insufficient")
VERDICT_COLUMNS: tuple[str, ...] = (
    "verdict",
    "verdict_basis",
    "verdict_estimate",
    "verdict_ci_low",
    "verdict_ci_high",
    "verdict_p",
    "verdict_q",
)
MIN_N = 5
ALPHA = 0.05


def _column(results: pd.DataFrame, name: str) -> np.ndarray:
    if name not in results.columns:
        return np.full(len(results), np.nan)
    return pd.to_numeric(results[name], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)


def verdict_basis(results: pd.DataFrame, min_n: int = MIN_N) -> pd.DataFrame:
    """The estimate, 95% CI and p-value each row's verdict rests on, and which one it is.

    * ``did`` (numeric instrument with at least ``min_n`` comparison colleagues with both
      scores and a Welch test): the difference in differences did_estimate, did_ci_low/high,
      did_p. A comparison group is preferred because a pre/post change alone cannot separate
      the training from everything else that happened meanwhile. The change-score design is
      preferred over ANCOVA because the colleagues are not randomised: ANCOVA assumes the
      groups would have had equal post scores at equal pre scores, which fails when they
      differ at baseline (Lord's paradox; Van Breukelen 2006), while the change-score design
      assumes parallel trends. ANCOVA is reported beside it.
    * ``paired`` (other numeric rows): the mean change mean_diff with the paired t interval
      and p_value, less rtm_expected_change when that is positive (estimate and both limits),
      so a change that regression to the mean alone could produce is not called an impact.
    * ``sign`` (ordinal): net share improving, (pct_improved - pct_declined)/100, with the
      exact sign test p (sign_test_p); no interval.
    * ``mcnemar`` (binary): the change in pass rate prop_diff, its Newcombe interval and the
      exact McNemar p (mcnemar_p).

    Returns columns verdict_basis, verdict_estimate, verdict_ci_low, verdict_ci_high,
    verdict_p aligned with ``results.index``; rows with fewer than ``min_n`` pairs get no basis.
    """
    kind = results["instrument_kind"].astype(str).to_numpy()
    n = _column(results, "n_paired")
    n_comparison = _column(results, "n_comparison")
    did_p = _column(results, "did_p")
    numeric = kind == "numeric"
    use_did = numeric & (n_comparison >= min_n) & np.isfinite(did_p)
    enough = n >= min_n
    rtm = np.fmax(_column(results, "rtm_expected_change"), 0.0)
    rtm = np.where(np.isnan(rtm), 0.0, rtm)
    net = (_column(results, "pct_improved") - _column(results, "pct_declined")) / 100.0
    nan = np.full(len(results), np.nan)

    cases = [
        ("did", use_did, "did_estimate", "did_ci_low", "did_ci_high", "did_p", 0.0),
        ("paired", numeric & ~use_did, "mean_diff", "ci_low", "ci_high", "p_value", rtm),
        ("sign", kind == "ordinal", None, None, None, "sign_test_p", 0.0),
        (
            "mcnemar",
            kind == "binary",
            "prop_diff",
            "prop_diff_ci_low",
            "prop_diff_ci_high",
            "mcnemar_p",
            0.0,
        ),
    ]
    basis = np.full(len(results), None, dtype=object)
    estimate, low, high, p = nan.copy(), nan.copy(), nan.copy(), nan.copy()
    for name, mask, est, lo, hi, pv, shift in cases:
        chosen = mask & enough
        basis[chosen] = name
        estimate = np.where(chosen, (_column(results, est) if est else net) - shift, estimate)
        low = np.where(chosen, _column(results, lo) - shift if lo else nan, low)
        high = np.where(chosen, _column(results, hi) - shift if hi else nan, high)
        p = np.where(chosen, _column(results, pv), p)
    return pd.DataFrame(
        {
            "verdict_basis": basis,
            "verdict_estimate": estimate,
            "verdict_ci_low": low,
            "verdict_ci_high": high,
            "verdict_p": p,
        },
        index=results.index,
    )


def verdicts(results: pd.DataFrame, min_n: int = MIN_N, alpha: float = ALPHA) -> pd.DataFrame:
    """``VERDICT_COLUMNS`` for every row of ``results`` (see :func:`verdict_basis`).

    verdict_q is verdict_p adjusted by Benjamini-Hochberg over every row of the run that has
    one (``p.adjust(verdict_p, "BH")``). The rule, in this order:

    * ``insufficient``: no basis (fewer than ``min_n`` pairs, or too few comparison
      colleagues and no usable paired test) or no p-value;
    * ``positive``: verdict_q < ``alpha``, the estimate above zero and the 95% CI, where the
      basis has one, entirely above zero;
    * ``negative``: verdict_q < ``alpha``, the estimate below zero and the CI entirely below;
    * ``not_shown``: otherwise: no change demonstrated, which is not evidence of no effect.
    """
    basis = verdict_basis(results, min_n)
    p = basis["verdict_p"].to_numpy(dtype=np.float64)
    q = np.asarray(p_adjust(p, "BH"), dtype=np.float64)
    estimate = basis["verdict_estimate"].to_numpy(dtype=np.float64)
    low = basis["verdict_ci_low"].to_numpy(dtype=np.float64)
    high = basis["verdict_ci_high"].to_numpy(dtype=np.float64)
    no_interval = np.isnan(low) & np.isnan(high)
    significant = q < alpha
    up = significant & (estimate > 0) & (no_interval | (low > 0))
    down = significant & (estimate < 0) & (no_interval | (high < 0))
    codes = np.select(
        [basis["verdict_basis"].isna().to_numpy() | np.isnan(q), up, down],
        ["insufficient", "positive", "negative"],
        default="not_shown",
    )
    out = basis.assign(verdict=codes, verdict_q=q)
    out["verdict"] = out["verdict"].astype("str")
    return out[list(VERDICT_COLUMNS)]


def verdict(results: pd.DataFrame, min_n: int = MIN_N, alpha: float = ALPHA) -> pd.Series:
    """The verdict code of each row (the ``verdict`` column of :func:`verdicts`)."""
    return verdicts(results, min_n, alpha)["verdict"].rename("verdict")
