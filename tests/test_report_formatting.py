"""Numbers, p-values, money, dates and periods per report language."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone

import pandas as pd
import pytest

from evaluasi.report.formatting import (
    EMPTY,
    MINUS,
    format_count,
    format_date,
    format_datetime,
    format_number,
    format_p,
    format_p_clause,
    format_percent,
    format_period,
    format_rupiah,
)


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (1234.5, "id", 1, "1.234,5"),
        (1234.5, "en", 1, "1,234.5"),
        (1234567.891, "id", 2, "1.234.567,89"),
        (-2.25, "en", 1, f"{MINUS}2.2"),  # round half to even, as Python formats
        (-0.04, "id", 1, "0,0"),  # no "minus zero"
        (0.5, "id", 0, "0"),
    ],
)
def test_format_number(value: float, lang: str, decimals: int, expected: str) -> None:
    assert format_number(value, lang, decimals) == expected


@pytest.mark.parametrize("empty", [None, math.nan, pd.NA, "n/a", math.inf])
def test_empty_values_are_an_em_dash(empty: object) -> None:
    assert format_number(empty, "id") == EMPTY == "—"
    assert format_p(empty, "en") == EMPTY
    assert format_rupiah(empty, "id") == EMPTY


def test_signed_changes() -> None:
    assert format_number(3.21, "id", 2, signed=True) == "+3,21"
    assert format_number(-3.21, "en", 2, signed=True) == f"{MINUS}3.21"
    assert format_number(0.001, "en", 2, signed=True) == "0.00"


def test_p_values() -> None:
    assert format_p(0.0004, "id") == "< 0,001"
    assert format_p(0.0004, "en") == "< 0.001"
    assert format_p(0.0456, "id") == "0,046"
    assert format_p_clause("p", 0.0004, "id") == "p < 0,001"
    assert format_p_clause("q", 0.31, "en") == "q = 0.310"


def test_money_counts_and_percentages() -> None:
    assert format_rupiah(1234567, "id") == "Rp 1.234.567"
    assert format_rupiah(1234567, "en") == "Rp 1,234,567"
    assert format_count(12500.0, "id") == "12.500"
    assert format_percent(28.57, "en") == "29%"


def test_dates_and_periods() -> None:
    assert format_date(date(2026, 3, 1), "id") == "1 Maret 2026"
    assert format_date("2026-12-31", "en") == "31 December 2026"
    assert format_date(pd.NaT, "id") == EMPTY
    assert format_date("31/12/26?", "id") == "31/12/26?"
    stamp = datetime(2026, 11, 23, 9, 5, tzinfo=timezone(timedelta(hours=7)))
    assert format_datetime(stamp, "id") == "23 November 2026, pukul 09.05 UTC+07:00"
    assert format_datetime(stamp, "en") == "23 November 2026, 09:05 UTC+07:00"
    assert format_period("2026Q3", "id") == "Triwulan III 2026"
    assert format_period("2026Q3", "en") == "Q3 2026"
    assert format_period("all", "id") == "Semua periode"
    assert format_period("2026-H1", "en") == "2026-H1"
