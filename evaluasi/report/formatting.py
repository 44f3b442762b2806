"""Numbers, p-values, money, dates and periods written the way each report language writes them."""

from __future__ import annotations

import math
import re
from datetime import date, datetime

import pandas as pd

from evaluasi.messages import t

EMPTY = "—"
MINUS = "\u2212"  # a true minus sign: a hyphen is easy to miss next to a number

_SWAP_SEPARATORS = str.maketrans(",.", ".,")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def as_float(value: object) -> float | None:
    """`value` as a finite float, or None for anything empty (None, NaN, pd.NA, text)."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def format_number(value: object, lang: str, decimals: int = 1, *, signed: bool = False) -> str:
    """The one place numbers are written: id `1.234,5`, en `1,234.5`; empty values as an em dash.

    `signed` adds `+` to positive values, for changes. Negative values use a true minus sign, and a
    value that rounds to zero never shows a sign.
    """
    number = as_float(value)
    if number is None:
        return EMPTY
    digits = f"{abs(number):,.{decimals}f}"
    if lang == "id":
        digits = digits.translate(_SWAP_SEPARATORS)
    is_zero = not any(c in "123456789" for c in digits)
    if is_zero:
        return digits
    if number < 0:
        return MINUS + digits
    return "+" + digits if signed else digits


def format_count(value: object, lang: str) -> str:
    return format_number(value, lang, 0)


def format_p(value: object, lang: str) -> str:
    number = as_float(value)
    if number is not None and number < 0.001:
        return "< " + format_number(0.001, lang, 3)
    return format_number(number, lang, 3)


def format_p_clause(name: str, value: object, lang: str) -> str:
    """`p = 0,034`, or `p < 0,001` rather than the clumsy `p = < 0,001`."""
    text = format_p(value, lang)
    return f"{name} {text}" if text.startswith("<") else f"{name} = {text}"


def format_percent(value: object, lang: str, decimals: int = 0) -> str:
    """`value` is already in percent (0-100)."""
    text = format_number(value, lang, decimals)
    return text if text == EMPTY else t("percent_format", lang, value=text)


def format_rupiah(value: object, lang: str) -> str:
    text = format_number(value, lang, 0)
    return text if text == EMPTY else t("rupiah_format", lang, value=text)


_RUPIAH_UNITS = ((1e12, "rupiah_trillion"), (1e9, "rupiah_billion"), (1e6, "rupiah_million"))


def format_rupiah_short(value: object, lang: str) -> str:
    """Large amounts in words with one decimal (`Rp 10,9 juta`), smaller ones in full."""
    number = as_float(value)
    for size, key in _RUPIAH_UNITS:
        if number is not None and abs(number) >= size:
            return t(key, lang, value=format_number(number / size, lang, 1))
    return format_rupiah(value, lang)


def format_ci(estimate: str, low: str, high: str, lang: str) -> str:
    """An estimate with its interval; all three already formatted."""
    if estimate == EMPTY:
        return EMPTY
    if low == EMPTY and high == EMPTY:
        return estimate
    return t("ci_format", lang, estimate=estimate, low=low, high=high)


def format_date(value: object, lang: str) -> str:
    if not isinstance(value, (date, str)):
        return EMPTY if pd.isna(value) else str(value)
    try:
        stamp = pd.Timestamp(value)
    except ValueError:  # a date the source wrote in a form pandas cannot read: show it as given
        return str(value)
    if pd.isna(stamp):
        return EMPTY
    month = t(f"month_{stamp.month}", lang)
    return t("date_format", lang, day=stamp.day, month=month, year=stamp.year)


def format_date_range(start: object, end: object, lang: str) -> str:
    first, last = format_date(start, lang), format_date(end, lang)
    if first == last:
        return first
    return t("range_format", lang, low=first, high=last)


def format_datetime(value: datetime, lang: str) -> str:
    """Date and local time with the UTC offset, e.g. `23 November 2026, pukul 09.33 UTC+07:00`."""
    offset = value.strftime("%z")
    tz = f"UTC{offset[:3]}:{offset[3:]}" if offset else ""
    return t(
        "datetime_format",
        lang,
        date=format_date(value, lang),
        hour=f"{value.hour:02d}",
        minute=f"{value.minute:02d}",
        tz=tz,
    ).strip()


def format_period(period: str, lang: str) -> str:
    """`2026Q3` as `Triwulan III 2026` / `Q3 2026`, `all` as all periods; anything else as given."""
    if period == "all":
        return t("period_all", lang)
    match = _QUARTER.match(period)
    if match is None:
        return period
    year, quarter = match.groups()
    return t("period_quarter", lang, year=year, quarter=quarter, roman=_ROMAN[quarter])
