"""The parsing and NIP rules of evaluasi/sql/macros.sql, value by value."""

from __future__ import annotations

import datetime as dt
import re

import duckdb
import pytest

from evaluasi import warehouse
from evaluasi.sources.nip import NIP_PATTERN
from evaluasi.validation.stage import date_windows


@pytest.fixture(scope="module")
def con():
    with duckdb.connect() as connection:
        connection.execute(warehouse.sql("macros"))
        yield connection


def value(con, expression: str, raw: str | None):
    return con.execute(f"select {expression}", [raw]).fetchone()[0]


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("72.5", 72.5),
        ("72,5", 72.5),
        (" 80 ", 80.0),
        ("-1,25", -1.25),
        (".5", 0.5),
        ("1e2", 100.0),
        ("75.000", 75.0),  # a single dot is a decimal point
        ("150.000.000", 150_000_000.0),  # Indonesian thousands
        ("1.234,5", 1234.5),
        ("", None),
        ("n/a", None),
        ("nan", None),
        ("inf", None),
        ("1,234.5", None),  # ambiguous: neither convention
        ("72,5,1", None),
    ],
)
def test_parse_number(con, raw, number):
    assert value(con, "parse_number(?)", raw) == number


@pytest.mark.parametrize(
    ("raw", "date"),
    [
        ("2026-03-01", dt.date(2026, 3, 1)),
        ("2026-03-01 00:00:00", dt.date(2026, 3, 1)),
        ("2026-03-01T08:30:00", dt.date(2026, 3, 1)),
        ("01/03/2026", dt.date(2026, 3, 1)),  # DD/MM/YYYY
        ("1/3/2026", dt.date(2026, 3, 1)),
        ("01-03-2026", dt.date(2026, 3, 1)),
        ("46082", dt.date(2026, 3, 1)),  # Excel serial
        ("46082.0", dt.date(2026, 3, 1)),
        ("61", dt.date(1900, 3, 1)),
        ("31/02/2026", None),
        ("2026-13-01", None),
        ("maret", None),
        ("", None),
        ("60", None),  # Excel's fictitious 29 February 1900
        # A year not in four digits is never read: 20/10/25 was year 0025 (DuckDB's %Y).
        ("20/10/25", None),
        ("25/10/20", None),
        ("1/3/26", None),
        ("20-10-25", None),
        ("20.10.25", None),
        ("20/10/025", None),
    ],
)
def test_parse_date(con, raw, date):
    assert value(con, "parse_date(?)", raw) == date


@pytest.mark.parametrize(
    ("raw", "failure"),
    [
        ("2026-03-01", None),
        ("01/03/2026", None),
        ("46082", None),  # Excel serial of 2026-03-01
        ("1950-01-01", None),
        ("2031-12-31", None),
        ("", None),  # nothing given: whether that is allowed is the model's call
        ("20/10/25", "year_not_four_digits"),
        ("1/3/26 08:00", "year_not_four_digits"),
        ("26-03-01", "year_not_four_digits"),
        ("maret 2026", "not_a_date"),
        ("31/02/2026", "not_a_date"),
        ("0001-01-01", "date_implausible"),
        ("9999-12-31", "date_implausible"),
        ("01/01/0001", "date_implausible"),  # the DD/MM/YYYY path
        ("31/12/9999", "date_implausible"),
        ("2958465", "date_implausible"),  # the Excel serial path: 9999-12-31
        ("100", "date_implausible"),  # Excel serial of 1900-04-09
        ("2026", "date_implausible"),  # a year alone reads as Excel day 2026, in 1905
        ("1949-12-31", "date_implausible"),
        ("2032-01-01", "date_implausible"),
    ],
)
def test_date_failure(con, raw, failure):
    window = "date '1950-01-01', date '2031-12-31'"
    assert con.execute(f"select date_failure($1, parse_date($1), {window})", [raw]).fetchone() == (
        failure,
    )


def test_date_windows_reach_back_to_1950_and_ahead_of_today():
    windows = date_windows(dt.date(2026, 12, 3))
    assert windows == {
        "programs": (dt.date(1950, 1, 1), dt.date(2031, 12, 3)),
        "scores": (dt.date(1950, 1, 1), dt.date(2027, 12, 3)),
        "performance": (dt.date(1950, 1, 1), dt.date(2027, 12, 3)),
    }
    assert date_windows(dt.date(2028, 2, 29))["scores"][1] == dt.date(2029, 2, 28)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Pelatihan  Analisis Data ", "pelatihan analisis data"),
        ("Baik ; Sangat Baik", "baik;sangat baik"),
        ("BPSDM", "bpsdm"),
    ],
)
def test_text_key_ignores_case_and_spacing(con, raw, key):
    assert value(con, "text_key(?)", raw) == key


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("196502071990021001", "196502071990021001"),
        ("19650207 199002 1 001", "196502071990021001"),
        ("19650207.199002.1.001", "196502071990021001"),
        ("'196502071990021001", "196502071990021001"),
        ('"196502071990021001"', "196502071990021001"),
        ("196502071990021001\u00a0", "196502071990021001"),
        ("", None),
    ],
)
def test_clean_nip_strips_spaces_dots_and_quotes(con, raw, cleaned):
    assert value(con, "clean_nip(?)", raw) == cleaned


@pytest.mark.parametrize(
    ("raw", "as_number"),
    [
        ("1.96502071990022E+17", True),
        ("1,96502071990022E+17", True),
        ("1.96502071990022e17", True),
        ("196502071990021001.0", True),
        ("196502071990021001", False),
        ("19650207 199002 1 001", False),
    ],
)
def test_nip_stored_as_number(con, raw, as_number):
    assert value(con, "nip_stored_as_number(?)", raw) is as_number


@pytest.mark.parametrize(
    ("nip", "problem"),
    [
        ("196502071990021001", None),  # PNS, male
        ("198811232015032002", None),  # PNS, female
        ("199001152023212001", None),  # PPPK: 21 instead of the appointment month
        ("19650207199002100", "nip_not_18_digits"),
        ("1965020719900210011", "nip_not_18_digits"),
        ("18650207199002100A", "nip_not_18_digits"),
        ("196502301990021001", "nip_invalid_birth_date"),  # 30 February
        ("196513071990021001", "nip_invalid_birth_date"),
        ("176502071990021001", "nip_invalid_birth_date"),  # born in the 1700s
        ("196502071990131001", "nip_invalid_appointment"),  # month 13
        ("196502071990001001", "nip_invalid_appointment"),  # month 00
        ("196502071960021001", "nip_invalid_appointment"),  # appointed before birth
        ("196502071990023001", "nip_invalid_sex_digit"),
    ],
)
def test_nip_problem_names_the_first_broken_part(con, nip, problem):
    assert value(con, "nip_problem(?)", nip) == problem


@pytest.mark.parametrize("nip", ["196502071990021001", "198811232015032002", "199001152023212001"])
def test_valid_nips_match_the_contract_pattern(nip):
    assert re.match(NIP_PATTERN, nip)


@pytest.mark.parametrize(
    ("label", "position"),
    [("Baik", 4), (" sangat  baik ", 5), ("SANGAT KURANG", 1), ("Cukup", None), ("", None)],
)
def test_category_position_ignores_case_and_spaces(con, label, position):
    categories = "Sangat Kurang;Kurang;Butuh Perbaikan;Baik;Sangat Baik"
    got = con.execute("select category_position(?, ?)", [label, categories]).fetchone()[0]
    assert got == position
