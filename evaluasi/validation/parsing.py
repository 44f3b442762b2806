"""Turn text columns into typed ones, keeping track of values that were given but did not parse."""

from __future__ import annotations

import pandas as pd

PHASE_SYNONYMS: dict[str, str] = {
    **dict.fromkeys(("pre", "pre-test", "pretest", "sebelum", "awal"), "pre"),
    **dict.fromkeys(("post", "post-test", "posttest", "sesudah", "setelah", "akhir"), "post"),
}
GROUPS: dict[str, str] = {
    "": "participant",
    "participant": "participant",
    "comparison": "comparison",
}

_DECIMAL_COMMA = r"^[+-]?\d+,\d+$"


def blank_to_na(text: pd.Series) -> pd.Series:
    """Empty strings become missing values."""
    return text.astype("string").str.strip().replace("", pd.NA)


def parse_number(text: pd.Series) -> pd.Series:
    """Numbers written with a decimal point or a single decimal comma (`72,5`); NaN otherwise."""
    value = text.astype("string").str.strip()
    value = value.where(~value.str.match(_DECIMAL_COMMA).fillna(False), value.str.replace(",", "."))
    return pd.to_numeric(value, errors="coerce").astype("float64")


def parse_date(text: pd.Series) -> pd.Series:
    """Dates written as YYYY-MM-DD or DD/MM/YYYY; NaT otherwise."""
    value = text.astype("string").str.strip()
    iso = pd.to_datetime(value, format="%Y-%m-%d", errors="coerce")
    dmy = pd.to_datetime(value, format="%d/%m/%Y", errors="coerce")
    return iso.fillna(dmy)


def unparsed(text: pd.Series, parsed: pd.Series) -> pd.Series:
    """True where a value was given but could not be parsed."""
    return blank_to_na(text).notna() & parsed.isna()


def normalise_label(text: pd.Series, mapping: dict[str, str]) -> pd.Series:
    """Map labels through `mapping` after lower-casing; unknown labels become missing."""
    return text.astype("string").str.strip().str.lower().map(mapping).astype("string")
