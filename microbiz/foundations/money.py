"""Money as integer pence: one rounding rule, parsing and formatting."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

from microbiz.foundations.errors import UserError

_MONEY = re.compile(r"^(-)?\s*£?\s*(-)?\s*(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d{0,2}))?$")
# One amount of £10,000,000 or more is a typing mistake.
LIMIT_PENCE = 10_000_000 * 100
LIMIT_WORDS = "amounts must be below £10,000,000"
# Longer than this cannot be an amount of money, so it is not quoted back.
_LONGEST = 40


def round_half_up(value: int | Fraction | Decimal) -> int:
    """Round to a whole number, halves away from zero (2.5 -> 3, -2.5 -> -3).

    This is the only rounding rule on the money path.
    """
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal) and abs(value) < Decimal("0.5"):
        return 0  # exact, and spares Fraction a vast denominator for a value like 1e-999999999
    exact = Fraction(value)
    whole = int(abs(exact) + Fraction(1, 2))
    return whole if exact >= 0 else -whole


def pence_for_minutes(rate_pence_per_hour: int, minutes: int) -> int:
    """The charge for `minutes` at an hourly rate, rounded half up to the penny."""
    return round_half_up(Fraction(rate_pence_per_hour * minutes, 60))


def parse_money(text: str | int | Decimal, limit: int = LIMIT_PENCE) -> int:
    """Pence from "£1,234.50", "1234.5", "12" or a Decimal; refuses fractions of a penny.

    UserError for anything else, and for amounts of `limit` (£10,000,000) or more either way.
    """
    if isinstance(text, bool):
        raise UserError(f"{text!r} is not an amount of money")
    if isinstance(text, int):
        return _in_limit(text * 100, str(text), limit)
    if isinstance(text, Decimal):
        return _in_limit(_decimal_pence(text), str(text), limit)
    cleaned = str(text).strip()
    if len(cleaned) > _LONGEST:
        raise UserError("that is too long to be an amount of money (try 18.50 or £1,234.50)")
    match = _MONEY.match(cleaned)
    wrong = f"'{' '.join(cleaned.split())}' is not an amount of money (try 18.50 or £1,234.50)"
    if not cleaned or not match or (match.group(3) is None and not match.group(4)):
        raise UserError(wrong)
    sign_a, sign_b, pounds, decimals = match.groups()
    if sign_a and sign_b:
        raise UserError(wrong)
    whole = int((pounds or "0").replace(",", ""))
    pence = whole * 100 + int((decimals or "").ljust(2, "0"))
    return _in_limit(-pence if (sign_a or sign_b) else pence, cleaned, limit)


def _decimal_pence(amount: Decimal) -> int:
    if not amount.is_finite():
        raise UserError(f"{amount} is not an amount of money")
    if abs(amount) * 100 >= LIMIT_PENCE * 1000:  # no exponent can make this slow
        raise UserError(f"{amount} is too large: {LIMIT_WORDS}")
    pence = amount * 100
    if pence != pence.to_integral_value():
        raise UserError(f"{amount} has more than two decimal places")
    return int(pence)


def _in_limit(pence: int, typed: str, limit: int = LIMIT_PENCE) -> int:
    """`pence`, or UserError if it is `limit` or more either side of zero."""
    if abs(pence) >= limit:
        words = f"amounts must be below £{limit // 100:,}"
        raise UserError(f"'{typed}' is too large: {words}")
    return pence


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
