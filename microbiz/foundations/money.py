"""Money as integer pence: one rounding rule, parsing and formatting."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

from microbiz.foundations.errors import UserError

_MONEY = re.compile(r"^(-)?\s*£?\s*(-)?\s*(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d{0,2}))?$")


def round_half_up(value: int | Fraction | Decimal) -> int:
    """Round to a whole number, halves away from zero (2.5 -> 3, -2.5 -> -3).

    This is the only rounding rule on the money path.
    """
    if isinstance(value, int):
        return value
    exact = Fraction(value)
    whole = int(abs(exact) + Fraction(1, 2))
    return whole if exact >= 0 else -whole


def pence_for_minutes(rate_pence_per_hour: int, minutes: int) -> int:
    """The charge for `minutes` at an hourly rate, rounded half up to the penny."""
    return round_half_up(Fraction(rate_pence_per_hour * minutes, 60))


def parse_money(text: str | int | Decimal) -> int:
    """Pence from "£1,234.50", "1234.5", "12" or a Decimal; refuses fractions of a penny."""
    if isinstance(text, bool):
        raise UserError(f"{text!r} is not an amount of money")
    if isinstance(text, int):
        return text * 100
    if isinstance(text, Decimal):
        pence = text * 100
        if pence != pence.to_integral_value():
            raise UserError(f"{text} has more than two decimal places")
        return int(pence)
    cleaned = str(text).strip()
    match = _MONEY.match(cleaned)
    if not cleaned or not match or (match.group(3) is None and not match.group(4)):
        raise UserError(f"'{text}' is not an amount of money (try 18.50 or £1,234.50)")
    sign_a, sign_b, pounds, decimals = match.groups()
    if sign_a and sign_b:
        raise UserError(f"'{text}' is not an amount of money (try 18.50 or £1,234.50)")
    whole = int((pounds or "0").replace(",", ""))
    pence = whole * 100 + int((decimals or "").ljust(2, "0"))
    return -pence if (sign_a or sign_b) else pence


def format_money(pence: int) -> str:
    """For screens and PDFs: £1,234.50 and -£5.00."""
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(pence), 100)
    return f"{sign}£{pounds:,}.{rest:02d}"


def format_money_plain(pence: int) -> str:
    """For files and --json: "1234.50"."""
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(pence), 100)
    return f"{sign}{pounds}.{rest:02d}"


def money_decimal(pence: int) -> Decimal:
    """Pounds as an exact Decimal, for spreadsheets."""
    return Decimal(pence) / 100
