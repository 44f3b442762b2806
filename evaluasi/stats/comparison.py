"""Comparison-group designs per (programme, instrument): difference in differences and ANCOVA."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from evaluasi.stats.groups import KEY_COLUMNS, SCORE_COLUMNS, PairedGroups, code_rows
from evaluasi.stats.notes import join_notes

GROUP_COLUMN = "group"
PARTICIPANT = "participant"
COMPARISON = "comparison"
LEVEL = 0.95

# The comparison-group columns of SPEC section 4, in its order.
DESIGN_COLUMNS: tuple[str, ...] = (
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
)
ADJUSTED_MEAN_COLUMNS: tuple[str, ...] = ("adj_mean_participant", "adj_mean_comparison")
COMPARISON_COLUMNS: tuple[str, ...] = (
    *DESIGN_COLUMNS,
    *ADJUSTED_MEAN_COLUMNS,
    "comparison_notes",
)

COMPARISON_NOTE_CODES: dict[str, str] = {
    "no_comparison_group": (
        "No comparison colleague has both a pre-test and a post-test score, so the "
        "difference in differences and the ANCOVA are empty."
    ),
    "too_few_comparison": (
        "Too few people with both scores in the participant or the comparison group: the "
        "Welch test of the difference in differences needs 2 in each group, the ANCOVA 1 in "
        "each and 4 in all, the test of equal slopes 2 in each and 5 in all."
    ),
    "comparison_no_variation": (
        "The changes post - pre are the same for everyone (or differ only by rounding error), "
        "or the pre-test predicts the post-test exactly, so the affected tests, intervals and "
        "p-values are empty."
    ),
    "comparison_no_pre_variation": (
        "The pre-test scores do not vary within the participant and comparison groups, so the "
        "ANCOVA cannot adjust for them (or, for the test of equal slopes, one group's slope "
        "cannot be estimated); the difference in differences is still reported."
    ),
}

# R's lm.fit declares a column aliased when pivoting leaves less than tol = 1e-7 of its norm,
# i.e. less than 1e-14 of its sum of squares; pre's within-arm share of its variation is held
# to the same bound (R's exact criterion for treated also weighs in the arm sizes).
ALIAS_SHARE = 1e-14
# R's summary.lm warns of an "essentially perfect fit" below 1e-30 of (mean(f)^2 + var(f)); the
# residuals here carry rounding error of a few eps * |score|, so a wider margin is used.
PERFECT_FIT_SHARE = 1e-20


@dataclass(frozen=True)
class _Cells:
    """Sufficient statistics per cell; cell 2 g + a is arm a of programme g (0 comparison)."""

    n: np.ndarray
    pre_mean: np.ndarray
    post_mean: np.ndarray
    change_mean: np.ndarray
    change_var: np.ndarray
    sxx: np.ndarray
    sxy: np.ndarray
    syy: np.ndarray

    def arms(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """Per-programme (comparison, participant) values of the per-cell array ``name``."""
        per_cell = getattr(self, name)
        return per_cell[0::2], per_cell[1::2]


def _code_cells(pairs: pd.DataFrame) -> tuple[pd.DataFrame, PairedGroups]:
    """Keys of the programmes with a complete pair, and the complete pairs grouped by cell.

    A cell is one arm of one (program_id, instrument): cell 2 g holds programme g's comparison
    colleagues, cell 2 g + 1 its participants. Rows with another ``group`` label, without a
    key, or without both scores as finite numbers are left out.
    """
    missing = [c for c in (*KEY_COLUMNS, GROUP_COLUMN, *SCORE_COLUMNS) if c not in pairs.columns]
    if missing:
        raise ValueError(f"pairs is missing columns: {missing}")
    keys, codes, pre, post = code_rows(pairs)
    label = pairs[GROUP_COLUMN]
    treated = label.eq(PARTICIPANT).to_numpy(dtype=bool, na_value=False)
    known = treated | label.eq(COMPARISON).to_numpy(dtype=bool, na_value=False)
    complete = known & ~np.isnan(codes) & np.isfinite(pre) & np.isfinite(post)

    programme = codes[complete].astype(np.int64)
    present = np.bincount(programme, minlength=len(keys)) > 0
    programme = (np.cumsum(present) - 1)[programme]
    keys = keys[present].reset_index(drop=True)

    cells = 2 * programme + treated[complete]
    order = np.argsort(cells, kind="stable")
    cells = cells[order]
    n = np.bincount(cells, minlength=2 * len(keys))
    cell_keys = keys.loc[keys.index.repeat(2)].reset_index(drop=True)
    cell_keys["treated"] = np.tile([False, True], len(keys))
    groups = PairedGroups(
        keys=cell_keys,
        codes=cells,
        pre=pre[complete][order],
        post=post[complete][order],
        n=n,
        starts=np.cumsum(n) - n,
        n_dropped=np.zeros_like(n),
    )
    return keys, groups


def _moments(groups: PairedGroups) -> tuple[_Cells, np.ndarray, np.ndarray]:
    """Per-cell sufficient statistics, and each pair's pre and post centred on its cell means.

    Means and variances follow R's two-pass ``mean``/``var`` (:meth:`PairedGroups.mean_var`);
    the centred sums of squares and products Sxx = sum (x - xbar)^2, Sxy, Syy are taken per
    cell from the centred scores, which keeps them accurate when scores sit far from zero.
    """
    pre_mean, _ = groups.mean_var(groups.pre)
    post_mean, _ = groups.mean_var(groups.post)
    change_mean, change_var = groups.mean_var(groups.post - groups.pre)
    rx = groups.pre - pre_mean[groups.codes]
    ry = groups.post - post_mean[groups.codes]
    cells = _Cells(
        n=groups.n.astype(np.float64),
        pre_mean=pre_mean,
        post_mean=post_mean,
        change_mean=change_mean,
        change_var=change_var,
        sxx=groups.total(rx * rx),
        sxy=groups.total(rx * ry),
        syy=groups.total(ry * ry),
    )
    return cells, rx, ry


def _t_interval(
    estimate: np.ndarray, se: np.ndarray, df: np.ndarray, usable: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two-sided 95% t interval (t -/+ t_{0.975, df}) se and p = 2 P(T_df > |t|), t = est / se.

    NaN wherever ``usable`` is false.
    """
    df = np.where(usable, df, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(usable, estimate / se, np.nan)
        quantile = stats.t.isf((1.0 - LEVEL) / 2.0, df)
        return (t - quantile) * se, (t + quantile) * se, 2.0 * stats.t.sf(np.abs(t), df)


def _welch(cells: _Cells) -> dict[str, np.ndarray]:
    """Welch's two-sample t on the changes, participants minus comparison, as R's ``t.test``."""
    (n0, n1), (m0, m1) = cells.arms("n"), cells.arms("change_mean")
    v0, v1 = cells.arms("change_var")
    enough = (n0 >= 2) & (n1 >= 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        se0, se1 = np.sqrt(v0 / n0), np.sqrt(v1 / n1)
        se = np.sqrt(se0**2 + se1**2)
        df = se**4 / (se0**4 / (n0 - 1) + se1**4 / (n1 - 1))
        tiny = se < 10 * np.finfo(np.float64).eps * np.maximum(np.abs(m0), np.abs(m1))
    constant = enough & (tiny | (se == 0))
    low, high, p = _t_interval(m1 - m0, se, df, enough & ~constant)
    return {
        "did_estimate": np.where((n0 >= 1) & (n1 >= 1), m1 - m0, np.nan),
        "did_ci_low": low,
        "did_ci_high": high,
        "did_p": p,
        "constant": constant,
    }


def _perfect_fit(sse: np.ndarray, df: np.ndarray, cells: _Cells) -> np.ndarray:
    """Residual variance SSE / df below PERFECT_FIT_SHARE of (mean(post)^2 + var(post))."""
    (n0, n1), (y0, y1) = cells.arms("n"), cells.arms("post_mean")
    syy0, syy1 = cells.arms("syy")
    n = n0 + n1
    with np.errstate(invalid="ignore", divide="ignore"):
        grand = (n0 * y0 + n1 * y1) / n
        syy = syy0 + syy1 + n0 * n1 / n * (y1 - y0) ** 2
        return sse / df <= PERFECT_FIT_SHARE * (grand**2 + syy / (n - 1))


def _ancova(
    cells: _Cells, codes: np.ndarray, rx: np.ndarray, ry: np.ndarray
) -> dict[str, np.ndarray]:
    """OLS of post ~ pre + treated (common slope) and post ~ pre * treated, in closed form.

    ``codes`` gives each pair's cell, ``rx``/``ry`` its scores centred on the cell means; the
    residual sums of squares are summed from the residuals themselves, not from
    Syy - Sxy^2 / Sxx, so a near-perfect fit is not lost to cancellation.
    """
    (n0, n1), (x0, x1), (y0, y1) = cells.arms("n"), cells.arms("pre_mean"), cells.arms("post_mean")
    (sxx0, sxx1), (sxy0, sxy1) = cells.arms("sxx"), cells.arms("sxy")
    n = n0 + n1
    programme = codes // 2

    def per_programme(residual: np.ndarray) -> np.ndarray:
        return np.bincount(programme, weights=residual * residual, minlength=len(n))

    with np.errstate(invalid="ignore", divide="ignore"):
        sxx_within = sxx0 + sxx1
        sxx_total = sxx_within + n0 * n1 / n * (x1 - x0) ** 2
        slope = (sxy0 + sxy1) / sxx_within
        effect = (y1 - y0) - slope * (x1 - x0)
        sse = per_programme(ry - slope[programme] * rx)
        se = np.sqrt(sse / (n - 3) * (1 / n1 + 1 / n0 + (x1 - x0) ** 2 / sxx_within))
        grand_pre = (n0 * x0 + n1 * x1) / n

        cell_slope = cells.sxy / cells.sxx
        sse_full = per_programme(ry - cell_slope[codes] * rx)
        slope0, slope1 = cell_slope[0::2], cell_slope[1::2]
        se_full = np.sqrt(sse_full / (n - 4) * (1 / sxx0 + 1 / sxx1))

        counts_ok = (n0 >= 1) & (n1 >= 1) & (n >= 4)
        pre_varies = sxx_within > ALIAS_SHARE * sxx_total
        slope_counts_ok = (n0 >= 2) & (n1 >= 2) & (n >= 5)
        slopes_vary = (sxx0 > ALIAS_SHARE * sxx_total) & (sxx1 > ALIAS_SHARE * sxx_total)
    fitted = counts_ok & pre_varies
    perfect = fitted & _perfect_fit(sse, n - 3, cells)
    low, high, p = _t_interval(effect, se, n - 3, fitted & ~perfect)
    slopes_fitted = slope_counts_ok & slopes_vary
    slopes_perfect = slopes_fitted & _perfect_fit(sse_full, n - 4, cells)
    _, _, slopes_p = _t_interval(slope1 - slope0, se_full, n - 4, slopes_fitted & ~slopes_perfect)
    return {
        "ancova_effect": np.where(fitted, effect, np.nan),
        "ancova_ci_low": low,
        "ancova_ci_high": high,
        "ancova_p": p,
        "slopes_p": slopes_p,
        "adj_mean_participant": np.where(fitted, y1 - slope * (x1 - grand_pre), np.nan),
        "adj_mean_comparison": np.where(fitted, y0 - slope * (x0 - grand_pre), np.nan),
        "no_pre_variation": (counts_ok & ~pre_varies) | (slope_counts_ok & ~slopes_vary),
        "perfect_fit": perfect | slopes_perfect,
    }


def comparison_statistics(pairs: pd.DataFrame) -> pd.DataFrame:
    """Difference in differences and ANCOVA of participants against comparison colleagues.

    ``pairs`` has one row per person with columns program_id, instrument, group
    (``'participant'`` or ``'comparison'``; other labels are ignored), pre, post. Only
    complete pairs (both scores finite) count. Returns one row per (program_id, instrument)
    with at least one complete pair, sorted by both, with ``KEY_COLUMNS`` followed by
    ``COMPARISON_COLUMNS``. With d = post - pre, arm 1 the participants and arm 0 the
    comparison group (n_1, n_0 people, N = n_1 + n_0), xbar/ybar arm means of pre/post:

    * n_comparison = n_0.
    * did_estimate = mean(d_1) - mean(d_0), the difference in differences; did_ci_low,
      did_ci_high, did_p: Welch's t with se = sqrt(s_1^2/n_1 + s_0^2/n_0) and
      Welch-Satterthwaite df, as R's ``t.test(d_part, d_comp)`` (var.equal = FALSE); like R,
      undefined when n_1 < 2, n_0 < 2 or se < 10 eps max|mean(d)| ("data are essentially
      constant"). The estimate itself needs only n_1, n_0 >= 1.
    * ancova_effect, ancova_ci_low, ancova_ci_high, ancova_p: the coefficient of treated in
      R's ``lm(post ~ pre + treated)``, treated = 1 for participants, with ``confint`` and
      ``summary`` (t with N - 3 df). With within-arm centred sums Sxx_w = sum_arms
      sum (x - xbar)^2 and Sxy_w, the common slope is b = Sxy_w / Sxx_w, the effect
      (ybar_1 - ybar_0) - b (xbar_1 - xbar_0), its variance
      s^2 (1/n_1 + 1/n_0 + (xbar_1 - xbar_0)^2 / Sxx_w), s^2 = SSE / (N - 3).
      Needs n_1, n_0 >= 1 and N >= 4.
    * slopes_p: p of the pre:treated coefficient in ``lm(post ~ pre * treated)``: slopes
      b_a = Sxy_a / Sxx_a per arm, t = (b_1 - b_0) / sqrt(s^2 (1/Sxx_1 + 1/Sxx_0)) with
      s^2 = SSE / (N - 4). Needs n_1, n_0 >= 2 and N >= 5. A small p says the pre-test
      relates to the post-test differently in the two groups, so one ANCOVA effect does
      not describe both (the homogeneity-of-regression-slopes assumption).
    * adj_mean_participant, adj_mean_comparison: ybar_a - b (xbar_a - xbar), the ANCOVA
      predictions at the mean pre-test xbar of all N people, as ``emmeans(m, ~ treated)``
      or ``predict(m, data.frame(pre = mean(pre), treated = c(1, 0)))``.
    * comparison_notes: ``;``-separated codes from ``COMPARISON_NOTE_CODES`` explaining each
      empty value.

    The two designs answer the same question under different assumptions: the change-score
    (DiD) analysis assumes the groups would have changed alike, ANCOVA that they would have
    had the same post-test at equal pre-test (Lord's paradox). With randomised or matched
    groups both are unbiased and ANCOVA is more precise; when the groups differ at pre-test
    they can disagree and neither is automatically right (Van Breukelen 2006, J Clin
    Epidemiol 59:920-925; Senn 2006, Stat Med 25:4334-4344).

    The ANCOVA is undefined (``comparison_no_pre_variation``) when pre does not vary within the
    arms: Sxx_w at most 1e-14 of pre's total sum of squares, which is about where R's ``lm``
    (pivoting tolerance 1e-7 on column norms) reports treated as aliased (NA); when all
    pre-test scores are equal R instead drops pre and reports the plain difference in post
    means, which did_estimate already gives. The
    slopes test likewise needs pre to vary within each arm. A fit whose residual variance is
    below 1e-20 of (mean(post)^2 + var(post)) is exact up to rounding: its intervals and
    p-values are empty (``no_variation``), where R would warn of an "essentially perfect
    fit" and print meaningless ones.

    Never raises for data reasons (small, constant or one-armed groups give NaN plus a note);
    raises ValueError only when a required column is missing. All groups are computed at once
    from per-arm sums (grouped numpy reductions and closed-form OLS), with no loop over
    programmes.

    >>> pairs = pd.DataFrame({
    ...     "program_id": "P", "instrument": "test",
    ...     "group": ["participant"] * 4 + ["comparison"] * 4,
    ...     "pre": [60, 65, 70, 75, 62, 66, 71, 73], "post": [72, 75, 83, 84, 63, 69, 70, 76]})
    >>> row = comparison_statistics(pairs).iloc[0]
    >>> print(row[["did_estimate", "did_p", "ancova_effect", "ancova_p"]].round(4).to_dict())
    {'did_estimate': 9.5, 'did_p': 0.0004, 'ancova_effect': 9.4623, 'ancova_p': 0.0011}
    """
    keys, groups = _code_cells(pairs)
    cells, rx, ry = _moments(groups)
    welch = _welch(cells)
    ancova = _ancova(cells, groups.codes, rx, ry)
    n0, n1 = cells.arms("n")
    has_comparison = n0 > 0

    columns: dict[str, np.ndarray] = {"n_comparison": n0.astype(np.int64)}
    columns.update({c: welch[c] for c in COMPARISON_COLUMNS if c in welch})
    columns.update({c: ancova[c] for c in COMPARISON_COLUMNS if c in ancova})
    columns["comparison_notes"] = join_notes(
        {
            "no_comparison_group": ~has_comparison,
            "too_few_comparison": has_comparison & ((np.minimum(n0, n1) < 2) | (n0 + n1 < 5)),
            "comparison_no_variation": welch["constant"] | ancova["perfect_fit"],
            "comparison_no_pre_variation": ancova["no_pre_variation"],
        },
        len(keys),
        COMPARISON_NOTE_CODES,
    )
    statistics = pd.DataFrame({name: columns[name] for name in COMPARISON_COLUMNS})
    statistics["comparison_notes"] = statistics["comparison_notes"].astype("str")
    return pd.concat([keys, statistics], axis=1)
