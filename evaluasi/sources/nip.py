"""NIP (Nomor Induk Pegawai) cleaning and structure rules, vectorised over pandas Series.

A NIP is 18 digits: birth date YYYYMMDD, appointment (TMT) year and month YYYYMM, sex digit
(1 male, 2 female) and a 3-digit serial. PPPK numbers carry `21` where a PNS NIP has the
appointment month. A NIP is text: once a spreadsheet stored it as a number, its last digits are
gone and cannot be recovered, so such values are recognised and rejected, never repaired.
"""

from __future__ import annotations

import pandas as pd

# Month 01-12 for PNS appointments, 21 for PPPK; birth and appointment years 19xx/20xx.
NIP_PATTERN = (
    r"^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])"
    r"(19|20)\d{2}(0[1-9]|1[0-2]|21)[12]\d{3}$"
)
# What an 18-digit number looks like after Excel or pandas stored it as a float.
NIP_AS_NUMBER_PATTERN = r"^\s*\d(?:[.,]\d+)?[eE]\+?\d+\s*$|^\s*\d+[.,]0+\s*$"

_STRIPPED = r"[\s.'\"`\u00a0\u2019]"


def clean_nip(raw: pd.Series) -> pd.Series:
    """Strip spaces, dots and quotes that exports put inside NIPs; keep everything else as text.

    Values that look like a number in scientific or float notation are returned unchanged, so that
    `nip_stored_as_number` can still recognise them.
    """
    text = raw.astype("string").fillna("")
    as_number = text.str.match(NIP_AS_NUMBER_PATTERN)
    cleaned = text.str.replace(_STRIPPED, "", regex=True)
    return cleaned.where(~as_number, text.str.strip())


def nip_stored_as_number(raw: pd.Series) -> pd.Series:
    """True where the value is an 18-digit number that lost its last digits (e.g. 1.96502E+17)."""
    return raw.astype("string").fillna("").str.match(NIP_AS_NUMBER_PATTERN)


def nip_birth_date(nip: pd.Series) -> pd.Series:
    """The birth date encoded in the first 8 digits, NaT where it is not a real calendar date."""
    head = nip.astype("string").str.slice(0, 8)
    return pd.to_datetime(head, format="%Y%m%d", errors="coerce")


def nip_is_valid(nip: pd.Series) -> pd.Series:
    """True where a cleaned NIP has the 18-digit structure and a real birth date."""
    text = nip.astype("string").fillna("")
    return text.str.match(NIP_PATTERN) & nip_birth_date(text).notna()
