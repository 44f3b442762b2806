"""Multiple-testing adjustment of p-values (Holm, Benjamini-Hochberg) exactly as R's p.adjust."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd


def p_adjust(p: pd.Series | np.ndarray, method: Literal["holm", "BH"]) -> np.ndarray:
    """Adjusted p-values, like R's ``p.adjust(p, method)`` with its default n.

    Missing p-values (NaN/NA) stay NaN and do not count as tests: with m non-missing values
    sorted increasingly, p_(1) <= ... <= p_(m),

    * ``"holm"`` (Holm 1979, family-wise error): q_(i) = min(1, max_{j <= i} (m - j + 1) p_(j));
    * ``"BH"`` (Benjamini & Hochberg 1995, false discovery rate):
      q_(i) = min(1, min_{j >= i} m / j * p_(j)).

    With m <= 1 the values are returned unchanged, as in R. Returns a float64 array of the
    same shape as ``p``; raises ValueError for any other ``method``.
    """
    if method not in ("holm", "BH"):
        raise ValueError(f"method must be 'holm' or 'BH', not {method!r}")
    series = p if isinstance(p, pd.Series) else pd.Series(np.ravel(p))
    values = series.to_numpy(dtype=np.float64, na_value=np.nan)
    adjusted = values.copy()
    present = ~np.isnan(values)
    m = int(present.sum())
    if m <= 1:
        return adjusted.reshape(np.shape(p))
    observed = values[present]
    i = np.arange(1, m + 1)
    if method == "holm":
        order = np.argsort(observed, kind="stable")
        scaled = np.maximum.accumulate((m + 1 - i) * observed[order])
    else:
        order = np.argsort(-observed, kind="stable")
        scaled = np.minimum.accumulate(m / i[::-1] * observed[order])
    result = np.empty(m)
    result[order] = np.minimum(1.0, scaled)
    adjusted[present] = result
    return adjusted.reshape(np.shape(p))
