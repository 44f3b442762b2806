"""The results table of a run: SPEC §4 columns per programme x instrument, and `results.csv`.

Order of work: paired statistics per programme x instrument, then small-group suppression, then the
Holm and Benjamini-Hochberg adjustments over every published p-value of the run, then the verdict.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from evaluasi import stats
from evaluasi.privacy import MIN_GROUP, add_note, suppress_small_groups

KEYS = list(stats.KEY_COLUMNS)
COUNT_COLUMNS = ["n_participants", "n_pre", "n_post", "n_paired"]
# The paired statistics, in SPEC §4 order, as the statistics engine names them.
PAIRED_COLUMNS = [c for c in stats.STAT_COLUMNS if c not in ("n_paired", "notes")]
ADJUSTED_COLUMNS = ["p_holm", "q_bh"]
COMPARISON_COLUMNS = [
    "n_comparison",
    "did_estimate",
    "did_ci_low",
    "did_ci_high",
    "did_p",
    "ancova_effect",
    "ancova_ci_low",
    "ancova_ci_high",
    "ancova_p",
    "slopes_p",
]
# SPEC §4, in order: the columns of results.csv under exactly these names.
SPEC_COLUMNS = [*COUNT_COLUMNS, *PAIRED_COLUMNS, *ADJUSTED_COLUMNS, *COMPARISON_COLUMNS, "verdict"]
DESCRIPTIVE_COLUMNS = [
    "program_name",
    "program_type",
    "start_date",
    "end_date",
    "jp",
    "cost_idr",
    "instrument_label",
    "instrument_kind",
    "scale_min",
    "scale_max",
]
RESULT_COLUMNS = [*KEYS, *SPEC_COLUMNS, "notes", *DESCRIPTIVE_COLUMNS]

NOT_EVALUATED_KIND = "instrument_kind_not_evaluated"


def compute(summary: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Results from the programme summary (counts, attributes) and the complete pairs."""
    numeric = summary.loc[summary["instrument_kind"] == "numeric", KEYS]
    numeric_pairs = pairs.merge(numeric, on=KEYS)
    scale_max = summary.drop_duplicates("instrument").set_index("instrument")["scale_max"]
    paired = stats.paired_statistics(numeric_pairs[[*KEYS, "pre", "post"]], scale_max)
    results = summary.merge(paired.drop(columns="n_paired"), on=KEYS, how="left")
    results["notes"] = add_note(
        results["notes"], results["instrument_kind"] != "numeric", NOT_EVALUATED_KIND
    )
    for column in COMPARISON_COLUMNS[1:]:
        results[column] = np.nan
    results = suppress_small_groups(results, PAIRED_COLUMNS)
    results["p_holm"] = stats.p_adjust(results["p_value"], "holm")
    results["q_bh"] = stats.p_adjust(results["p_value"], "BH")
    results["verdict"] = stats.verdict(results)
    return results[RESULT_COLUMNS].sort_values(KEYS, ignore_index=True)


def publishable_pairs(results: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Pairs of the groups whose statistics are published, without any identifier."""
    shown = results.loc[results["n_paired"] >= MIN_GROUP, KEYS]
    return pairs.merge(shown, on=KEYS)[[*KEYS, "pre", "post"]]


def write_results_csv(results: pd.DataFrame, path: Path) -> None:
    """`results.csv`: full float precision, ISO dates, UTF-8, one row per programme x instrument."""
    results[RESULT_COLUMNS].to_csv(path, index=False, date_format="%Y-%m-%d", lineterminator="\n")
