"""Binary (fail/pass) instruments per programme x instrument: McNemar tests and the paired
difference in pass rates with its Newcombe interval, all groups in one pass."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special, stats

from evaluasi.stats.notes import join_notes
from evaluasi.stats.ordinal import CATEGORY_NOTE_CODES, category_pairs, sign_test

BINARY_COLUMNS: tuple[str, ...] = (
    "n_paired",
    "n_ff",
    "n_fp",
    "n_pf",
    "n_pp",
    "mcnemar_p",
    "mcnemar_midp",
    "mcnemar_chi2",
    "mcnemar_chi2_p",
    "prop_diff",
    "prop_diff_ci_low",
    "prop_diff_ci_high",
    "notes",
)


@dataclass(frozen=True)
class McNemar:
    """Elementwise results of :func:`mcnemar_tests` (NaN when there are no discordant pairs)."""

    p_value: np.ndarray
    mid_p: np.ndarray
    chi2: np.ndarray
    chi2_p: np.ndarray


def mcnemar_tests(b: np.ndarray, c: np.ndarray) -> McNemar:
    """McNemar tests from the discordant counts b (fail -> pass) and c (pass -> fail).

    * exact conditional (McNemar 1947 as a binomial test): given b + c, b ~ Bin(b + c, 1/2) under
      the null, p = min(1, 2 P(X <= min(b, c))); R: ``binom.test(b, b + c)$p.value`` =
      ``exact2x2::mcnemar.exact(tab)$p.value``;
    * mid-p (Fagerland, Lydersen & Laake 2013, BMC Med Res Methodol 13:91):
      p_mid = 2 P(X <= min(b, c)) - P(X = min(b, c)), which is 1 when b = c; R:
      ``2 * pbinom(min(b, c), b + c, 0.5) - dbinom(min(b, c), b + c, 0.5)``. Their worked example
      (b = 1, c = 7) gives exact 0.070 and mid-p 0.039;
    * asymptotic with continuity correction (Edwards 1948): X2 = (|b - c| - 1)^2 / (b + c) on
      1 df, with R's rule of no correction when b = c (then X2 = 0, p = 1); R:
      ``mcnemar.test(tab)`` (statistic, p.value).

    All are NaN when b + c = 0 (R: ``binom.test`` stops, ``mcnemar.test`` gives NaN).
    """
    b = np.asarray(b, dtype=np.int64)
    c = np.asarray(c, dtype=np.int64)
    discordant = b + c
    smaller = np.minimum(b, c)
    exact = sign_test(b, c)
    with np.errstate(invalid="ignore", divide="ignore"):
        mid_p = 2.0 * special.bdtr(smaller, discordant, 0.5) - stats.binom.pmf(
            smaller, discordant, 0.5
        )
        correction = np.where(b != c, 1.0, 0.0)
        chi2 = (np.abs(b - c) - correction) ** 2 / discordant
    none = discordant == 0
    mid_p = np.where(none, np.nan, mid_p)
    chi2 = np.where(none, np.nan, chi2)
    return McNemar(p_value=exact, mid_p=mid_p, chi2=chi2, chi2_p=special.chdtrc(1.0, chi2))


def wilson_interval(
    successes: np.ndarray, n: np.ndarray, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson (1927) score interval of a proportion, without continuity correction:
    ((x + z^2/2) -/+ z sqrt(x (n - x)/n + z^2/4)) / (n + z^2); NaN when n = 0.
    R: ``prop.test(x, n, correct = FALSE)$conf.int``."""
    x = np.asarray(successes, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    z = special.ndtri((1.0 + level) / 2.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = (x + z * z / 2.0) / (n + z * z)
        half = z * np.sqrt(x * (n - x) / n + z * z / 4.0) / (n + z * z)
    empty = n == 0
    return np.where(empty, np.nan, centre - half), np.where(empty, np.nan, centre + half)


def paired_difference_interval(
    n_ff: np.ndarray, n_fp: np.ndarray, n_pf: np.ndarray, n_pp: np.ndarray, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Difference in pass rates post - pre with Newcombe's square-and-add interval.

    With p_post = (n_fp + n_pp)/n, p_pre = (n_pf + n_pp)/n, their Wilson intervals (l, u) and
    the phi correlation corrected towards zero, A = n_pp n_ff - n_fp n_pf,
    phi = (A - n/2)/sqrt(P) if A > n/2, 0 if 0 <= A <= n/2, A/sqrt(P) if A < 0 (P the product of
    the four margins; phi = 0 when a margin is 0):

    L = delta - sqrt((p_post - l_post)^2 + (u_pre - p_pre)^2
                     - 2 phi (p_post - l_post)(u_pre - p_pre)),
    U = delta + sqrt((u_post - p_post)^2 + (p_pre - l_pre)^2
                     - 2 phi (u_post - p_post)(p_pre - l_pre)).

    This is method 10 of Newcombe (1998, Stat Med 17:2635-2650), recommended by Fagerland,
    Lydersen & Laake (2014, Stat Med 33:2850-2875) with the Bonett-Price interval; unlike Wald
    it stays inside [-1, 1] and keeps its coverage for small n and rates near 0 or 1, which is
    the usual situation in a training class. R: ``contingencytables::
    Newcombe_square_and_add_CI_paired_2x2`` (the table with rows pre and "pass" first gives
    pre - post, so the interval is mirrored). Published check (Fagerland et al. 2014/2017,
    Cavo et al. 2012 data, 59/6/16/80): -0.0621 (-0.1186 to -0.0046). NaN when n = 0. The
    limits are clipped to [-1, 1], which they can leave only by rounding (e.g. -1 - 2e-16 when
    every pair went from pass to fail).
    """
    counts = [np.asarray(v, dtype=np.float64) for v in (n_ff, n_fp, n_pf, n_pp)]
    ff, fp, pf, pp = counts
    n = ff + fp + pf + pp
    pass_post, pass_pre = fp + pp, pf + pp
    low_post, high_post = wilson_interval(pass_post, n, level)
    low_pre, high_pre = wilson_interval(pass_pre, n, level)
    margins = pass_post * (n - pass_post) * pass_pre * (n - pass_pre)
    a = pp * ff - fp * pf
    with np.errstate(invalid="ignore", divide="ignore"):
        p_post, p_pre = pass_post / n, pass_pre / n
        shrunk = np.where(a > n / 2.0, a - n / 2.0, np.where(a >= 0, 0.0, a))
        phi = np.where(margins > 0, shrunk / np.sqrt(margins), 0.0)
        delta = p_post - p_pre
        below_post, above_pre = p_post - low_post, high_pre - p_pre
        above_post, below_pre = high_post - p_post, p_pre - low_pre
        lower = delta - np.sqrt(below_post**2 + above_pre**2 - 2.0 * phi * below_post * above_pre)
        upper = delta + np.sqrt(above_post**2 + below_pre**2 - 2.0 * phi * above_post * below_pre)
    return delta, np.maximum(lower, -1.0), np.minimum(upper, 1.0)


def binary_statistics(pairs: pd.DataFrame) -> pd.DataFrame:
    """McNemar tests and the change in pass rate for binary instruments, per programme x
    instrument.

    ``pairs`` has columns program_id, instrument, pre, post with scores 1 (fail, the first
    category) or 2 (pass); other scores are left out with a note. Returns one row per
    (program_id, instrument) present, sorted, with ``KEY_COLUMNS`` followed by
    ``BINARY_COLUMNS``:

    * n_paired and the 2 x 2 table n_ff, n_fp, n_pf, n_pp (pre letter first: n_fp = fail before,
      pass after); R: ``table(factor(pre, 1:2), factor(post, 1:2))``;
    * mcnemar_p (exact conditional), mcnemar_midp, mcnemar_chi2 and mcnemar_chi2_p (continuity
      corrected), see :func:`mcnemar_tests`, with b = n_fp and c = n_pf;
    * prop_diff = pass rate post - pass rate pre = (n_fp - n_pf)/n and its 95% Newcombe
      interval prop_diff_ci_low/high (:func:`paired_difference_interval`);
    * notes: ``;``-separated codes from ``CATEGORY_NOTE_CODES`` explaining empty values.

    Never raises for data reasons; raises ValueError only when a required column is missing.

    >>> pairs = pd.DataFrame({"program_id": "P1", "instrument": "lulus",
    ...                       "pre": [1] * 8 + [2] * 2, "post": [2] * 7 + [1, 2, 2]})
    >>> row = binary_statistics(pairs).iloc[0]
    >>> int(row["n_fp"]), int(row["n_pf"]), float(row["mcnemar_p"]), float(row["prop_diff"])
    (7, 0, 0.015625, 0.7)
    """
    categories = category_pairs(pairs, 2)
    pre_pass = categories.pre == 1
    post_pass = categories.post == 1
    n_ff, n_fp, n_pf, n_pp = (
        categories.count(mask)
        for mask in (
            ~pre_pass & ~post_pass,
            ~pre_pass & post_pass,
            pre_pass & ~post_pass,
            pre_pass & post_pass,
        )
    )
    mcnemar = mcnemar_tests(n_fp, n_pf)
    prop_diff, ci_low, ci_high = paired_difference_interval(n_ff, n_fp, n_pf, n_pp)
    n = categories.n
    columns = {
        "n_paired": n.astype(np.int64),
        "n_ff": n_ff,
        "n_fp": n_fp,
        "n_pf": n_pf,
        "n_pp": n_pp,
        "mcnemar_p": mcnemar.p_value,
        "mcnemar_midp": mcnemar.mid_p,
        "mcnemar_chi2": mcnemar.chi2,
        "mcnemar_chi2_p": mcnemar.chi2_p,
        "prop_diff": prop_diff,
        "prop_diff_ci_low": ci_low,
        "prop_diff_ci_high": ci_high,
        "notes": join_notes(
            {
                "incomplete_pairs_dropped": categories.n_dropped > 0,
                "invalid_category_dropped": categories.n_invalid > 0,
                "no_pairs": n == 0,
                "all_differences_zero": (n > 0) & (n_fp + n_pf == 0),
            },
            categories.n_groups,
            CATEGORY_NOTE_CODES,
        ),
    }
    statistics = pd.DataFrame({name: columns[name] for name in BINARY_COLUMNS})
    statistics["notes"] = statistics["notes"].astype("str")
    return pd.concat([categories.keys, statistics], axis=1)
