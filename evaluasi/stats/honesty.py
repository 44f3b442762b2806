"""Checks on what a pre/post change can honestly claim: attrition and regression to the mean."""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import special

from evaluasi.stats.groups import SCORE_COLUMNS, PairedGroups, group_pairs

ATTRITION_COLUMNS: tuple[str, ...] = (
    "n_enrolled",
    "n_completers",
    "n_dropouts",
    "attrition_rate",
    "pre_mean_completers",
    "pre_mean_dropouts",
    "dropout_pre_smd",
)


def attrition(pairs: pd.DataFrame, completers: PairedGroups | None = None) -> pd.DataFrame:
    """Attrition per programme x instrument and how drop-outs differed at the pre-test.

    ``pairs`` has one row per enrolled person with program_id, instrument, pre and post
    (missing post: did not finish). Completers have both scores; drop-outs have a pre score
    and no post score; people without a pre score count only as enrolled. Per group:

    * n_enrolled (rows), n_completers, n_dropouts;
    * attrition_rate = n_dropouts / n_enrolled;
    * pre_mean_completers, pre_mean_dropouts: mean pre score of each;
    * dropout_pre_smd = (pre_mean_completers - pre_mean_dropouts) / s_pooled, with
      s_pooled^2 = ((n_c - 1) s_c^2 + (n_d - 1) s_d^2) / (n_c + n_d - 2): Cohen's d (Cohen 1988,
      ch. 2) of completers against drop-outs at baseline, the usual first check of
      attrition bias (Goodman & Blum 1996, J. Manag. 22:627). Positive: completers started
      higher, so a pre/post change measured on completers only may not hold for the whole
      intake. NaN when either side is empty, n_c + n_d < 3, or the pooled SD is 0.

    ``completers``: ``group_pairs(pairs)`` when the caller has it already.

    R: ``(mean(pc) - mean(pd)) / sqrt(((nc - 1) * var(pc) + (nd - 1) * var(pd)) / (nc + nd -
    2))``, a group of one contributing 0 to the numerator of s_pooled^2. Returns one row per
    group as :func:`~evaluasi.stats.paired.paired_statistics`, KEY_COLUMNS then
    ``ATTRITION_COLUMNS``. Never raises for data reasons.
    """
    if completers is None:
        completers = group_pairs(pairs)
    pre, post = (
        pd.to_numeric(pairs[c], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
        for c in SCORE_COLUMNS
    )
    dropped_pre = np.where(np.isfinite(pre) & ~np.isfinite(post), pre, np.nan)
    dropouts = group_pairs(pairs.assign(pre=dropped_pre, post=dropped_pre))
    n_c, n_d = completers.n, dropouts.n
    mean_c, var_c = completers.mean_var(completers.pre)
    mean_d, var_d = dropouts.mean_var(dropouts.pre)
    with np.errstate(invalid="ignore", divide="ignore"):
        spread = np.where(n_c > 1, (n_c - 1) * var_c, 0.0) + np.where(
            n_d > 1, (n_d - 1) * var_d, 0.0
        )
        pooled_sd = np.sqrt(spread / (n_c + n_d - 2))
        smd = (mean_c - mean_d) / pooled_sd
        enrolled = completers.n + completers.n_dropped
        rate = n_d / enrolled
    usable = (n_c >= 1) & (n_d >= 1) & (n_c + n_d >= 3) & (pooled_sd > 0)
    statistics = pd.DataFrame(
        {
            "n_enrolled": enrolled.astype(np.int64),
            "n_completers": n_c.astype(np.int64),
            "n_dropouts": n_d.astype(np.int64),
            "attrition_rate": rate,
            "pre_mean_completers": mean_c,
            "pre_mean_dropouts": mean_d,
            "dropout_pre_smd": np.where(usable, smd, np.nan),
        }
    )
    return pd.concat([completers.keys, statistics], axis=1)


def rtm_expected_change(
    group_pre_mean: ArrayLike, reference_mean: ArrayLike, rho: ArrayLike
) -> np.ndarray:
    """Change in a group's mean expected from regression to the mean alone: (1 - rho)(mu - mu_g).

    Let pre and post be jointly normal in the reference population, with the same mean mu
    and variance sigma^2 and correlation rho (rho = sigma_b^2 / sigma^2, between-person over
    total variance). Then E[post | pre] = mu + rho (pre - mu), so a group picked on its pre
    scores, with pre mean mu_g, is expected to move to mu + rho (mu_g - mu) without any
    training: a change of (1 - rho)(mu - mu_g). Positive for a group below the reference
    mean (a spurious gain), negative above it. This is the regression-to-the-mean effect of
    Barnett, van der Pols & Dobson (2005), Int. J. Epidemiol. 34:215, written for a known
    group mean instead of a cut-off (:func:`rtm_expected_change_below_cutoff`). rho must be
    the pre/post (test-retest) correlation of the reference population without training,
    not the correlation inside the selected group, which selection shrinks. Elementwise;
    NaN where an input is NaN or rho is outside [-1, 1]. R: ``(1 - rho) * (mu - mu_g)``.
    """
    rho = np.asarray(rho, dtype=np.float64)
    distance = np.asarray(reference_mean, dtype=np.float64) - np.asarray(
        group_pre_mean, dtype=np.float64
    )
    return np.where(np.abs(rho) <= 1.0, (1.0 - rho) * distance, np.nan)


def rtm_expected_change_below_cutoff(
    reference_mean: ArrayLike, reference_sd: ArrayLike, rho: ArrayLike, cutoff: ArrayLike
) -> np.ndarray:
    """Regression-to-the-mean change expected for people selected because pre < cutoff.

    Barnett, van der Pols & Dobson (2005), Int. J. Epidemiol. 34:215, give the RTM effect
    for a normal variable with mean mu and total variance sigma^2 = sigma_b^2 + sigma_w^2
    (between- plus within-person) when people are selected above a cut-off c:
    sigma_w^2 / sigma * C(z), with z = (c - mu) / sigma and C(z) = phi(z) / (1 - Phi(z)).
    This function is its mirror image for selection below c, the expected change
    (1 - rho) sigma phi(z) / Phi(z): the same as sigma_w^2 / sigma * phi(z) / Phi(z) since
    sigma_w^2 = (1 - rho) sigma^2, and equal to :func:`rtm_expected_change` at the
    truncated-normal group mean mu_g = mu - sigma phi(z) / Phi(z). Positive (an apparent
    gain); for selection above c use ``-rtm_expected_change_below_cutoff(-mu, sigma, rho,
    -c)``. Elementwise; NaN where sigma <= 0, rho is outside [-1, 1] or an input is NaN.
    R: ``z <- (c - mu) / sigma; (1 - rho) * sigma * dnorm(z) / pnorm(z)``.
    """
    sigma = np.asarray(reference_sd, dtype=np.float64)
    rho = np.asarray(rho, dtype=np.float64)
    mean = np.asarray(reference_mean, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (np.asarray(cutoff, dtype=np.float64) - mean) / sigma
        # phi(z) / Phi(z) on the log scale stays finite far below the mean.
        mills = np.exp(-0.5 * z * z - 0.5 * np.log(2.0 * np.pi) - special.log_ndtr(z))
        change = (1.0 - rho) * sigma * mills
    return np.where((sigma > 0) & (np.abs(rho) <= 1.0), change, np.nan)
