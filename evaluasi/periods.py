"""Evaluation periods: a calendar quarter such as `2026Q3`, a date range, or `all`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from evaluasi.errors import UserError

# Agencies read dates and quarters in WIB; a province in WITA or WIT still reports in national time.
JAKARTA = ZoneInfo("Asia/Jakarta")
_QUARTER = re.compile(r"^(\d{4})[-_ ]?[Qq]([1-4])$")


@dataclass(frozen=True)
class Period:
    """A half-open date range [start, end), or every date when `start` is None."""

    label: str
    start: date | None = None
    end: date | None = None

    @property
    def is_all(self) -> bool:
        return self.start is None


ALL = Period("all")


def quarter(year: int, number: int) -> Period:
    """The calendar quarter `number` (1-4) of `year`."""
    start = date(year, 3 * number - 2, 1)
    end = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    return Period(f"{year}Q{number}", start, end)


def last_completed_quarter(today: date) -> Period:
    """The most recent quarter that ended before `today`."""
    number = (today.month - 1) // 3 + 1
    return quarter(today.year - 1, 4) if number == 1 else quarter(today.year, number - 1)


def parse_period(text: str | None, today: date) -> Period:
    """`2026Q3` (also `2026-Q3`), `all`, or None/empty for the last completed quarter.

    Raises UserError (`period_invalid`) on anything else.
    """
    if text is None or not text.strip():
        return last_completed_quarter(today)
    value = text.strip()
    if value.lower() == "all":
        return ALL
    match = _QUARTER.match(value)
    if not match:
        raise UserError("period_invalid", period=value)
    return quarter(int(match.group(1)), int(match.group(2)))


def date_range(start: date, end: date) -> Period:
    """The days from `start` to `end`, both included, labelled `2026-01-01..2026-06-30`."""
    if end < start:
        raise UserError("date_range_reversed", start=start.isoformat(), end=end.isoformat())
    return Period(f"{start.isoformat()}..{end.isoformat()}", start, end + timedelta(days=1))


def today_in_jakarta() -> date:
    """Today's date where the agencies are: quarters turn at midnight WIB, not UTC."""
    return datetime.now(JAKARTA).date()
