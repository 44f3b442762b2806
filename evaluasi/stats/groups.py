"""Group coding of the long paired table and vectorised per-group moments (bincount/reduceat)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

KEY_COLUMNS: tuple[str, str] = ("program_id", "instrument")
SCORE_COLUMNS: tuple[str, str] = ("pre", "post")


@dataclass(frozen=True)
class PairedGroups:
    """Complete pairs sorted by group, with everything needed to reduce them per group.

    ``keys`` holds one row per (program_id, instrument) present in the input, sorted; ``codes``
    gives each complete pair's row number in ``keys``; the pair arrays are sorted by code, so
    group ``g`` occupies ``slice(starts[g], starts[g] + n[g])``.
    """

    keys: pd.DataFrame
    codes: np.ndarray
    pre: np.ndarray
    post: np.ndarray
    n: np.ndarray
    starts: np.ndarray
    n_dropped: np.ndarray

    @property
    def n_groups(self) -> int:
        return len(self.keys)

    def total(self, values: np.ndarray) -> np.ndarray:
        """Per-group sum of ``values`` (one value per complete pair)."""
        return np.bincount(self.codes, weights=values, minlength=self.n_groups)

    def count(self, mask: np.ndarray) -> np.ndarray:
        """Per-group number of pairs where ``mask`` is true."""
        return np.bincount(self.codes[mask], minlength=self.n_groups)

    def is_constant(self, values: np.ndarray) -> np.ndarray:
        """True for groups whose values are all identical (False for empty groups)."""
        out = np.zeros(self.n_groups, dtype=bool)
        present = self.n > 0
        if present.any():
            starts = self.starts[present]
            out[present] = np.maximum.reduceat(values, starts) == np.minimum.reduceat(
                values, starts
            )
        return out

    def mean_var(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per-group mean and sample variance (denominator n - 1), computed as R does.

        Two passes like R's ``mean`` (sum / n plus the mean of the residuals as a correction)
        and ``var`` (sum of squared deviations from that mean over n - 1); a group whose
        values are all identical gets exactly that value as mean and exactly 0 as variance.
        Empty groups give NaN; groups of one give NaN variance.
        """
        n = self.n.astype(np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = self.total(values) / n
            mean = mean + self.total(values - mean[self.codes]) / n
            residual = values - mean[self.codes]
            var = self.total(residual * residual) / (n - 1)
        constant = self.is_constant(values)
        mean[constant] = values[self.starts[constant]]
        var[constant & (self.n > 1)] = 0.0
        var[self.n < 2] = np.nan
        return mean, var


def code_rows(
    pairs: pd.DataFrame, keys: Sequence[str] = KEY_COLUMNS
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    """The sorted groups of ``pairs`` by the ``keys`` columns, each row's group number (NaN
    when a key is missing) and its pre and post scores as floats (NaN when not a number)."""
    missing = [c for c in (*keys, *SCORE_COLUMNS) if c not in pairs.columns]
    if missing:
        raise ValueError(f"pairs is missing columns: {missing}")
    grouped = pairs.groupby(list(keys), sort=True, observed=True, dropna=True)
    groups = grouped.size().index.to_frame(index=False)
    codes = grouped.ngroup().to_numpy(dtype=np.float64, na_value=np.nan)
    pre, post = (
        pd.to_numeric(pairs[c], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
        for c in SCORE_COLUMNS
    )
    return groups, codes, pre, post


def group_pairs(pairs: pd.DataFrame, keys: Sequence[str] = KEY_COLUMNS) -> PairedGroups:
    """Code the groups of ``pairs`` by ``keys`` (default (program_id, instrument)) and keep the
    complete pairs.

    A pair is complete when both ``pre`` and ``post`` are finite numbers (text that does not
    parse as a number counts as missing). Rows without a value in every key cannot be
    attributed to a group and are ignored; a group whose rows are all incomplete is kept with
    zero pairs.
    """
    groups, codes, pre, post = code_rows(pairs, keys)
    attributed = ~np.isnan(codes)
    complete = attributed & np.isfinite(pre) & np.isfinite(post)
    n_groups = len(groups)
    n_rows = np.bincount(codes[attributed].astype(np.int64), minlength=n_groups)
    codes_complete = codes[complete].astype(np.int64)
    order = np.argsort(codes_complete, kind="stable")
    codes_complete = codes_complete[order]
    n = np.bincount(codes_complete, minlength=n_groups)
    return PairedGroups(
        keys=groups,
        codes=codes_complete,
        pre=pre[complete][order],
        post=post[complete][order],
        n=n,
        starts=np.cumsum(n) - n,
        n_dropped=n_rows - n,
    )
