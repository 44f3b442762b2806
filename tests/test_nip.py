import pandas as pd
import pytest

from evaluasi.sources.nip import clean_nip, nip_is_valid, nip_stored_as_number


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("196502071990021001", "196502071990021001"),
        ("19650207 199002 1 001", "196502071990021001"),
        ("19650207.199002.1.001", "196502071990021001"),
        ("'196502071990021001", "196502071990021001"),
        ('"196502071990021001"', "196502071990021001"),
        ("1.96502071990022E+17", "1.96502071990022E+17"),
    ],
)
def test_clean_nip_strips_separators_but_keeps_numbers_recognisable(raw, cleaned):
    assert clean_nip(pd.Series([raw])).iloc[0] == cleaned


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
def test_nip_stored_as_number(raw, as_number):
    assert bool(nip_stored_as_number(pd.Series([raw])).iloc[0]) is as_number


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("196502071990021001", True),  # PNS, male
        ("198811232015032002", True),  # PNS, female
        ("199001152023212001", True),  # PPPK: 21 instead of the appointment month
        ("196502301990021001", False),  # 30 February
        ("196513071990021001", False),  # birth month 13
        ("196502071990131001", False),  # appointment month 13
        ("196502071990023001", False),  # sex digit 3
        ("19650207199002100", False),  # 17 digits
        ("1965020719900210011", False),  # 19 digits
        ("18650207199002100A", False),
    ],
)
def test_nip_is_valid(value, valid):
    assert bool(nip_is_valid(pd.Series([value])).iloc[0]) is valid
