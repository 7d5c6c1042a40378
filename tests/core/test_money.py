from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microbiz.foundations.errors import UserError
from microbiz.foundations.money import format_money
from microbiz.foundations.money import format_money_plain
from microbiz.foundations.money import parse_money
from microbiz.foundations.money import pence_for_minutes
from microbiz.foundations.money import round_half_up


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(5, 2), 3),
        (Fraction(-5, 2), -3),
        (Fraction(249, 100), 2),
        (Decimal("0.5"), 1),
        (Decimal("1.4999"), 1),
        (7, 7),
    ],
)
def test_round_half_up(value, expected):
    assert round_half_up(value) == expected


def test_pence_for_minutes_rounds_half_a_penny_up():
    # 1 minute at 30p an hour is exactly 0.5p
    assert pence_for_minutes(30, 1) == 1
    # 50 minutes at £18.50 an hour: 1850 * 50 / 60 = 1541.666... -> 1542
    assert pence_for_minutes(1850, 50) == 1542


@pytest.mark.parametrize(
    ("text", "pence"),
    [
        ("£1,234.50", 123450),
        ("1234.5", 123450),
        ("1234", 123400),
        (" £ 18.05 ", 1805),
        ("0.99", 99),
        (".5", 50),
        ("-£5.00", -500),
        ("£-5", -500),
        ("9,999,999.99", 999999999),
        (Decimal("18.5"), 1850),
        (3, 300),
    ],
)
def test_parse_money(text, pence):
    assert parse_money(text) == pence


@pytest.mark.parametrize("text", ["", "abc", "1.234", "1,23", "£", "12.3.4", "1e3", "--5", "£ -"])
def test_parse_money_refuses(text):
    with pytest.raises(UserError):
        parse_money(text)


def test_format_money():
    assert format_money(123450) == "£1,234.50"
    assert format_money(5) == "£0.05"
    assert format_money(-500) == "-£5.00"
    assert format_money_plain(123450) == "1234.50"
    assert format_money_plain(-7) == "-0.07"


@given(st.integers(min_value=-999_999_999, max_value=999_999_999))
def test_formatting_round_trips(pence):
    assert parse_money(format_money(pence)) == pence
    assert parse_money(format_money_plain(pence)) == pence
