from datetime import date

import pytest

from evaluasi.errors import UserError
from evaluasi.periods import last_completed_quarter, parse_period, quarter


def test_quarter_bounds_are_half_open():
    q4 = quarter(2026, 4)
    assert (q4.start, q4.end) == (date(2026, 10, 1), date(2027, 1, 1))
    assert quarter(2026, 1).end == date(2026, 4, 1)


@pytest.mark.parametrize(
    ("today", "label"),
    [(date(2026, 11, 23), "2026Q3"), (date(2026, 1, 1), "2025Q4"), (date(2026, 4, 1), "2026Q1")],
)
def test_default_is_last_completed_quarter(today, label):
    assert last_completed_quarter(today).label == label
    assert parse_period(None, today).label == label
    assert parse_period("", today).label == label


def test_parse_period_accepts_quarters_and_all():
    today = date(2026, 11, 23)
    assert parse_period("2026Q3", today).label == "2026Q3"
    assert parse_period("2026-q2", today).label == "2026Q2"
    assert parse_period("ALL", today).is_all


@pytest.mark.parametrize("text", ["2026Q5", "Q3", "2026-07", "semua"])
def test_parse_period_rejects_other_text_with_a_clear_message(text):
    with pytest.raises(UserError, match="quarter like 2026Q3"):
        parse_period(text, date(2026, 11, 23))
