"""Stable reason codes explaining empty (NaN) statistics, and the notes column built from them."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

NOTE_SEPARATOR = ";"

NOTE_CODES: dict[str, str] = {
    "incomplete_pairs_dropped": (
        "Some rows lacked a valid pre-test or post-test score and were left out of every statistic."
    ),
    "too_few_pairs": (
        "Fewer than 2 complete pairs: standard deviations, tests, confidence intervals, effect "
        "sizes and the minimum detectable effect are empty (with no pairs at all, the means and "
        "percentages too)."
    ),
    "no_variation": (
        "Every participant changed by the same amount (the differences post - pre do not vary, "
        "or only by rounding error), so the t-test, its confidence interval and Cohen's d_z "
        "with its interval are empty, and so is the Shapiro-Wilk test when the differences are "
        "exactly equal."
    ),
    "all_differences_zero": (
        "No participant's score changed, so the Wilcoxon signed-rank test and the rank-biserial "
        "correlation are empty."
    ),
    "shapiro_out_of_range": "The Shapiro-Wilk test needs 3 to 5000 pairs, so it is empty.",
    "dz_ci_not_computable": (
        "The differences post - pre are nearly constant (|t| above about 1800 for 2 pairs, "
        "2750 for 10, 4000 for many), so the non-central t distribution behind the confidence "
        "interval of Cohen's d_z cannot be computed reliably at its limits: the interval of "
        "d_z, and that of Hedges' g_z, are empty (d_z and g_z themselves are reported)."
    ),
    "dz_ci_failed": "The confidence interval of Cohen's d_z could not be computed numerically.",
    "mde_failed": "The minimum detectable effect could not be computed numerically.",
    "no_scale_max": (
        "The instrument has no (unambiguous) maximum score, so the normalised gain is empty."
    ),
    "pre_at_scale_max": (
        "The mean pre-test score is already at or above the instrument maximum, so the "
        "normalised gain is empty."
    ),
}


def join_notes(
    flags: Mapping[str, np.ndarray], size: int, codes: Mapping[str, str] = NOTE_CODES
) -> np.ndarray:
    """``;``-joined codes whose flag is true, per element, in the order of the catalogue
    ``codes`` (``NOTE_CODES`` unless given); '' if none. Raises for a code not in ``codes``."""
    unknown = set(flags) - set(codes)
    if unknown:
        raise ValueError(f"undocumented note codes: {sorted(unknown)}")
    notes = np.full(size, "", dtype=object)
    for code in codes:
        if code in flags:
            joined = np.where(notes == "", code, notes + NOTE_SEPARATOR + code)
            notes = np.where(np.asarray(flags[code], dtype=bool), joined, notes)
    return notes


def add_note(notes: pd.Series, mask: pd.Series, code: str) -> pd.Series:
    """Append ``code`` to the ``;``-separated notes where ``mask`` holds."""
    current = notes.fillna("").astype(str)
    joined = current.where(current.eq(""), current + NOTE_SEPARATOR) + code
    return current.where(~mask, joined)
