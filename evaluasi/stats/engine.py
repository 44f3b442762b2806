"""The statistics engine: every statistic of every programme x instrument of a run, in one pass.

Numeric instruments get the paired statistics, the further effect sizes, attrition, the
comparison-group designs and the regression-to-the-mean check; ordinal instruments the
transition table and marginal-homogeneity tests; binary instruments McNemar. Each family is
computed for all programmes at once (see the modules it calls); this module only routes the
rows by instrument kind, groups them once and lines the columns up.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evaluasi.stats.binary import BINARY_COLUMNS, binary_statistics
from evaluasi.stats.comparison import (
    COMPARISON,
    COMPARISON_COLUMNS,
    GROUP_COLUMN,
    PARTICIPANT,
    comparison_statistics,
)
from evaluasi.stats.effects import (
    d_rm,
    hedges_gz,
    normalized_gains,
    pre_post_correlation,
    probability_of_superiority,
)
from evaluasi.stats.groups import KEY_COLUMNS, group_pairs
from evaluasi.stats.hodges_lehmann import hodges_lehmann
from evaluasi.stats.honesty import attrition, rtm_expected_change
from evaluasi.stats.notes import NOTE_SEPARATOR, add_note
from evaluasi.stats.ordinal import ORDINAL_COLUMNS, ordinal_statistics
from evaluasi.stats.paired import STAT_COLUMNS, paired_statistics_of

KINDS: tuple[str, ...] = ("numeric", "ordinal", "binary")
INSTRUMENT_COLUMNS: tuple[str, ...] = ("instrument", "kind", "scale_min", "scale_max", "categories")
CATEGORY_SEPARATOR = ";"
# A programme's pre mean this many reference SDs below the reference mean is "far below" it.
RTM_DISTANCE_SD = 0.5

EFFECT_COLUMNS: tuple[str, ...] = (
    "hedges_gz",
    "gz_ci_low",
    "gz_ci_high",
    "d_rm",
    "pre_post_r",
    "hl_estimate",
    "hl_ci_low",
    "hl_ci_high",
    "hl_conf_level",
    "prob_superiority",
    "mean_individual_gain",
    "normalized_change",
)
ATTRITION_RESULT_COLUMNS: tuple[str, ...] = (
    "n_dropouts",
    "attrition_rate",
    "pre_mean_dropouts",
    "dropout_pre_smd",
)
RTM_COLUMNS: tuple[str, ...] = (
    "rtm_reference",
    "rtm_reference_mean",
    "rtm_reference_sd",
    "rtm_rho",
    "rtm_expected_change",
)
# The ordinal and binary columns that numeric rows do not share.
ORDINAL_ONLY: tuple[str, ...] = tuple(c for c in ORDINAL_COLUMNS if c not in STAT_COLUMNS)
BINARY_ONLY: tuple[str, ...] = tuple(c for c in BINARY_COLUMNS if c not in STAT_COLUMNS)
CATEGORY_COLUMNS: tuple[str, ...] = (*ORDINAL_ONLY, *BINARY_ONLY)
# Everything the engine returns after the keys; `notes` joins every family's codes.
ENGINE_COLUMNS: tuple[str, ...] = (
    *STAT_COLUMNS[:-1],
    *EFFECT_COLUMNS,
    *ATTRITION_RESULT_COLUMNS,
    *(c for c in COMPARISON_COLUMNS if c != "comparison_notes"),
    *RTM_COLUMNS,
    *CATEGORY_COLUMNS,
    "notes",
)

ENGINE_NOTE_CODES: dict[str, str] = {
    "regression_to_mean_risk": (
        "The programme's mean pre-test score lies at least half a standard deviation below the "
        "reference mean, so part of the change may be regression to the mean (see "
        "rtm_expected_change)."
    ),
    "comparison_not_for_kind": (
        "Comparison-group designs are computed for numeric instruments only; the comparison "
        "colleagues' scores of this instrument are not used."
    ),
}


def n_categories(categories: pd.Series) -> pd.Series:
    """Number of labels in each ``;``-separated categories text (0 when empty)."""
    labels = categories.fillna("").astype(str).str.split(CATEGORY_SEPARATOR)
    return labels.map(lambda parts: sum(1 for part in parts if part.strip())).astype(np.int64)


def program_statistics(pairs: pd.DataFrame, instruments: pd.DataFrame) -> pd.DataFrame:
    """Every statistic per (program_id, instrument) of ``pairs``, by the instrument's kind.

    ``pairs``: one row per person x programme x instrument with program_id, instrument,
    group (``participant`` or ``comparison``), pre and post (NaN where the person has no score
    of that phase). ``instruments``: instrument, kind (numeric, ordinal, binary), scale_min,
    scale_max, categories (``;``-separated labels in ascending order; ordinal and binary
    scores arrive as 1-based positions in it, a binary instrument's failing label first).

    Returns one row per (program_id, instrument) with a participant row, sorted, with
    ``KEY_COLUMNS`` then ``ENGINE_COLUMNS``; a family's columns are empty (NaN) on rows of the
    other kinds. Per kind:

    * numeric: :func:`~evaluasi.stats.paired.paired_statistics`; Hedges' g_z, d_rm, the
      pre/post correlation, the probability of superiority, the mean individual
      gain and Marx-Cummings' normalised change (:mod:`evaluasi.stats.effects`); Hodges-Lehmann
      (:mod:`evaluasi.stats.hodges_lehmann`); attrition
      (:func:`~evaluasi.stats.honesty.attrition`); difference in differences and ANCOVA
      against comparison colleagues (:func:`~evaluasi.stats.comparison.comparison_statistics`);
      regression to the mean (below).
    * ordinal: :func:`~evaluasi.stats.ordinal.ordinal_statistics` (n_paired, pct_*,
      wilcoxon_* land in the columns of the same name), and the number and share of drop-outs.
    * binary: :func:`~evaluasi.stats.binary.binary_statistics`, and the drop-outs as ordinal.

    Regression to the mean (Barnett, van der Pols & Dobson 2005): rtm_expected_change =
    (1 - rho)(mu - pre_mean), :func:`~evaluasi.stats.honesty.rtm_expected_change`, the change
    the programme's participants would show without any training because of how far their pre
    mean lies from the reference mean mu. The reference (``rtm_reference``) is the programme's
    comparison colleagues when at least 5 have both scores (mu their pre mean, rho their
    pre/post correlation), else ``population``: every participant of the instrument in the run
    (mu and SD over all pre scores, rho the pre/post correlation over all complete pairs,
    which training effects that vary between people make smaller, so the expected change is
    if anything overstated). The note ``regression_to_mean_risk`` marks a pre mean at least
    ``RTM_DISTANCE_SD`` reference SDs below mu.

    Never raises for data reasons; raises ValueError when a required column is missing.
    """
    missing = [c for c in INSTRUMENT_COLUMNS if c not in instruments.columns]
    if missing:
        raise ValueError(f"instruments is missing columns: {missing}")
    catalogue = instruments.drop_duplicates("instrument").set_index("instrument")
    # Coded once: every grouping below then works on the integer codes.
    coded = (*KEY_COLUMNS, GROUP_COLUMN)
    pairs = pairs.assign(**{column: pairs[column].astype("category") for column in coded})
    kind = pairs["instrument"].map(catalogue["kind"])
    participant = pairs[GROUP_COLUMN] == PARTICIPANT
    frames = [
        _numeric(pairs[kind == "numeric"], catalogue),
        _ordinal(pairs[participant & (kind == "ordinal")], catalogue),
        _binary(pairs[participant & (kind == "binary")]),
    ]
    has_comparison = pairs[(kind.isin(("ordinal", "binary"))) & ~participant]
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=[*KEY_COLUMNS, *ENGINE_COLUMNS])
    statistics = pd.concat(frames, ignore_index=True)
    if len(has_comparison):
        flagged = has_comparison[list(KEY_COLUMNS)].drop_duplicates().assign(_flag=True)
        statistics = statistics.merge(flagged, on=list(KEY_COLUMNS), how="left")
        statistics["notes"] = add_note(
            statistics["notes"], statistics["_flag"].eq(True), "comparison_not_for_kind"
        )
        statistics = statistics.drop(columns="_flag")
    statistics = statistics.reindex(columns=[*KEY_COLUMNS, *ENGINE_COLUMNS])
    statistics = statistics.astype({key: object for key in KEY_COLUMNS})
    return statistics.sort_values(list(KEY_COLUMNS), ignore_index=True)


def _numeric(pairs: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    participants = pairs[pairs[GROUP_COLUMN] == PARTICIPANT]
    if participants.empty:
        return pd.DataFrame()
    groups = group_pairs(participants)
    instrument = groups.keys["instrument"]
    maxima = _limits(instrument, catalogue["scale_max"])
    minima = _limits(instrument, catalogue["scale_min"])
    paired = paired_statistics_of(groups, maxima)

    gz, gz_low, gz_high = hedges_gz(
        paired["cohen_dz"], paired["dz_ci_low"], paired["dz_ci_high"], groups.n
    )
    r = pre_post_correlation(groups)
    hl = hodges_lehmann(groups)
    gains = normalized_gains(groups, maxima, minima)
    effects = pd.DataFrame(
        {
            "hedges_gz": gz,
            "gz_ci_low": gz_low,
            "gz_ci_high": gz_high,
            "d_rm": d_rm(paired["cohen_dz"], r),
            "pre_post_r": r,
            "hl_estimate": hl.estimate,
            "hl_ci_low": hl.ci_low,
            "hl_ci_high": hl.ci_high,
            "hl_conf_level": hl.conf_level,
            "prob_superiority": probability_of_superiority(groups),
            "mean_individual_gain": gains.mean_individual_gain,
            "normalized_change": gains.normalized_change,
        }
    )
    statistics = pd.concat([paired, effects], axis=1)

    dropouts = attrition(participants, completers=groups)
    statistics = statistics.merge(
        dropouts[[*KEY_COLUMNS, *ATTRITION_RESULT_COLUMNS]], on=list(KEY_COLUMNS), how="left"
    )
    designs = comparison_statistics(pairs)
    statistics = statistics.merge(designs, on=list(KEY_COLUMNS), how="left")
    statistics["n_comparison"] = statistics["n_comparison"].fillna(0).astype(np.int64)
    statistics = pd.concat([statistics, _regression_to_mean(statistics, pairs)], axis=1)
    statistics["notes"] = _join(statistics["notes"], statistics.pop("comparison_notes"))
    return statistics


def _limits(instrument: pd.Series, limit: pd.Series) -> np.ndarray:
    values = pd.to_numeric(limit, errors="coerce").astype(np.float64)
    return values.reindex(instrument.to_numpy()).to_numpy(dtype=np.float64, na_value=np.nan)


def _regression_to_mean(statistics: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """The reference, mu, its SD, rho and the expected change of each numeric row."""
    participants = pairs[pairs[GROUP_COLUMN] == PARTICIPANT]
    population = _population_reference(participants).reindex(statistics["instrument"])
    comparison = _comparison_reference(pairs[pairs[GROUP_COLUMN] == COMPARISON])
    keys = pd.MultiIndex.from_frame(statistics[list(KEY_COLUMNS)])
    own = comparison.reindex(keys)
    use_own = own["n"].to_numpy(dtype=np.float64, na_value=0.0) >= 5

    def pick(column: str) -> np.ndarray:
        return np.where(
            use_own,
            own[column].to_numpy(dtype=np.float64, na_value=np.nan),
            population[column].to_numpy(dtype=np.float64, na_value=np.nan),
        )

    mean, sd, rho = pick("mean"), pick("sd"), pick("rho")
    pre_mean = statistics["pre_mean"].to_numpy(dtype=np.float64, na_value=np.nan)
    expected = rtm_expected_change(pre_mean, mean, rho)
    known = np.isfinite(expected)
    with np.errstate(invalid="ignore"):
        far_below = known & (sd > 0) & (mean - pre_mean >= RTM_DISTANCE_SD * sd)
    reference = np.where(use_own, "comparison", "population")
    statistics["notes"] = add_note(
        statistics["notes"], pd.Series(far_below, index=statistics.index), "regression_to_mean_risk"
    )
    return pd.DataFrame(
        {
            "rtm_reference": np.where(known, reference, None),
            "rtm_reference_mean": np.where(known, mean, np.nan),
            "rtm_reference_sd": np.where(known, sd, np.nan),
            "rtm_rho": np.where(known, rho, np.nan),
            "rtm_expected_change": expected,
        },
        index=statistics.index,
    )


def _population_reference(participants: pd.DataFrame) -> pd.DataFrame:
    """Per instrument: mean and SD of every participant's pre score, and the pre/post
    correlation over every complete pair of the run (two-pass moments by bincount over the
    instrument codes; no sorting, as there is no per-group test to run)."""
    instrument = participants["instrument"].cat
    code = instrument.codes.to_numpy()
    size = len(instrument.categories)
    pre, post = (
        pd.to_numeric(participants[c], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
        for c in ("pre", "post")
    )
    has_pre = np.isfinite(pre) & (code >= 0)
    complete = has_pre & np.isfinite(post)

    def moments(mask: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        n = np.bincount(code[mask], minlength=size).astype(np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.bincount(code[mask], weights=values[mask], minlength=size) / n
        residual = np.where(mask, values - mean[np.maximum(code, 0)], 0.0)
        return n, mean, residual

    n_pre, mean, residual = moments(has_pre, pre)
    n_pair, _, rx = moments(complete, pre)
    _, _, ry = moments(complete, post)

    def total(values: np.ndarray) -> np.ndarray:
        return np.bincount(code[code >= 0], weights=values[code >= 0], minlength=size)

    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt(total(residual * residual) / (n_pre - 1))
        sxx, syy, sxy = total(rx * rx), total(ry * ry), total(rx * ry)
        rho = np.where((sxx > 0) & (syy > 0), np.clip(sxy / np.sqrt(sxx * syy), -1, 1), np.nan)
    return pd.DataFrame(
        {
            "mean": mean,
            "sd": np.where(n_pre > 1, sd, np.nan),
            "rho": np.where(n_pair > 1, rho, np.nan),
        },
        index=pd.Index(instrument.categories, name="instrument"),
    )


def _comparison_reference(comparison: pd.DataFrame) -> pd.DataFrame:
    """Per programme x instrument: the comparison colleagues' complete pairs, their pre mean
    and SD and their pre/post correlation."""
    groups = group_pairs(comparison)
    mean, var = groups.mean_var(groups.pre)
    index = pd.MultiIndex.from_frame(groups.keys)
    return pd.DataFrame(
        {"n": groups.n, "mean": mean, "sd": np.sqrt(var), "rho": pre_post_correlation(groups)},
        index=index,
    )


def _ordinal(pairs: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    if pairs.empty:
        return pd.DataFrame()
    counts = n_categories(catalogue["categories"])
    keys = pairs[list(KEY_COLUMNS)].drop_duplicates()
    declared = {
        (program, instrument): int(counts.get(instrument, 0))
        for program, instrument in keys.itertuples(index=False)
    }
    return _with_dropouts(ordinal_statistics(pairs, declared), pairs)


def _with_dropouts(statistics: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """How many with a pre score have no post score, and their share of those enrolled, for a
    category instrument; the drop-outs' mean category code would mean nothing, so it and the
    SMD stay empty."""
    dropouts = attrition(pairs)[[*KEY_COLUMNS, "n_dropouts", "attrition_rate"]]
    return statistics.merge(dropouts, on=list(KEY_COLUMNS), how="left")


def _binary(pairs: pd.DataFrame) -> pd.DataFrame:
    """McNemar statistics, plus the shares that passed (improved), kept their result and
    failed (declined) after passing, in the columns numeric and ordinal rows use."""
    if pairs.empty:
        return pd.DataFrame()
    statistics = _with_dropouts(binary_statistics(pairs), pairs)
    n = statistics["n_paired"].where(statistics["n_paired"] > 0)
    statistics["pct_improved"] = 100.0 * statistics["n_fp"] / n
    statistics["pct_unchanged"] = 100.0 * (statistics["n_ff"] + statistics["n_pp"]) / n
    statistics["pct_declined"] = 100.0 * statistics["n_pf"] / n
    return statistics


def _join(first: pd.Series, second: pd.Series) -> pd.Series:
    """Two ``;``-separated note columns as one, empty parts skipped."""
    a = first.fillna("").astype(str)
    b = second.fillna("").astype(str)
    both = a.ne("") & b.ne("")
    return (a + np.where(both, NOTE_SEPARATOR, "") + b).astype(str)
