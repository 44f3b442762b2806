"""Small-group suppression: no statistic about fewer than MIN_GROUP people is published.

Applied before the portfolio adjustments, so that the published p-values are exactly the ones the
Holm and Benjamini-Hochberg adjustments were computed over.
"""

from __future__ import annotations

import pandas as pd

from evaluasi.stats.notes import add_note

MIN_GROUP = 5
SUPPRESSED = "suppressed_small_group"


def suppress_small_groups(results: pd.DataFrame, statistics: list[str]) -> pd.DataFrame:
    """Blank `statistics` on rows with fewer than MIN_GROUP pairs and say so in `notes`."""
    small = results["n_paired"].fillna(0) < MIN_GROUP
    out = results.copy()
    out.loc[small, statistics] = float("nan")
    out["notes"] = add_note(out["notes"], small, SUPPRESSED)
    return out
