"""Turn what a user typed into values, collecting every field's problem at once."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from datetime import time
from decimal import Decimal
from decimal import InvalidOperation

from microbiz.foundations.dates import parse_date
from microbiz.foundations.dates import parse_hours
from microbiz.foundations.dates import parse_time
from microbiz.foundations.dates import shorten
from microbiz.foundations.errors import FieldError
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.money import LIMIT_PENCE
from microbiz.foundations.money import parse_money
from microbiz.foundations.money import round_half_up

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_POSTCODE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$")
# A NUL character comes from a damaged file or a bad paste; SQLite, Qt and PDFs mishandle it.
NUL = "\x00"
UNSTORABLE = "contains a character that cannot be stored (an invisible NUL character)"
# One journey of 100,000 miles or more is a typing mistake.
MILES_LIMIT = 100_000


class Fields:
    """Reads fields one by one; `done()` raises every problem found, or returns."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def fail(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message))

    def has(self, field: str) -> bool:
        """Whether `field` already has a problem."""
        return any(error.field == field for error in self.errors)

    def done(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)

    def text(self, field: str, label: str, value: str, required: bool = False) -> str:
        """The text trimmed; a problem if it is required and blank, or holds a NUL."""
        cleaned = (value or "").strip()
        if required and not cleaned:
            self.fail(field, f"{label} is required.")
        if NUL in cleaned:
            self.fail(field, f"{label}: {UNSTORABLE}.")
        return cleaned

    def email(self, field: str, label: str, value: str) -> str:
        cleaned = self.text(field, label, value)
        if cleaned and not self.has(field) and not _EMAIL.match(cleaned):
            example = "like name@example.com"
            self.fail(
                field, f"{label} '{shorten(cleaned)}' is not a valid email address ({example})."
            )
        return cleaned

    def postcode(self, field: str, label: str, value: str) -> str:
        """A UK postcode in capitals with one space (sw1a1aa -> SW1A 1AA), or blank."""
        squashed = re.sub(r"\s+", "", (value or "")).upper()
        if not squashed:
            return ""
        if not _POSTCODE.match(squashed):
            self.fail(
                field, f"{label} '{shorten(value.strip())}' is not a UK postcode (like SW1A 1AA)."
            )
            return value.strip()
        return f"{squashed[:-3]} {squashed[-3:]}"

    def money(
        self, field: str, label: str, value: str, default: int | None = 0, limit: int = LIMIT_PENCE
    ) -> int | None:
        """Pence, never negative, below `limit`; blank gives `default`."""
        if str(value or "").strip() == "":
            return default
        try:
            pence = parse_money(value, limit)
        except UserError as problem:
            self.fail(field, f"{label}: {problem}.")
            return default
        if pence < 0:
            self.fail(field, f"{label} cannot be negative.")
        return pence

    def hours(self, field: str, label: str, value: str) -> int:
        """Whole minutes from hours such as 37.5 or 7:30; blank is 0."""
        if str(value or "").strip() == "":
            return 0
        try:
            return parse_hours(value)
        except UserError as problem:
            self.fail(field, f"{label}: {problem}.")
            return 0

    def miles(self, field: str, label: str, value: str) -> int:
        """Tenths of a mile from "12.5" (rounded half up to a tenth); blank is 0."""
        cleaned = str(value or "").strip()
        if not cleaned:
            return 0
        try:
            amount = Decimal(cleaned)
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite():
            self.fail(field, f"{label} '{shorten(cleaned)}' is not a number of miles (like 12.5).")
            return 0
        if amount < 0:
            self.fail(field, f"{label} cannot be negative.")
            return 0
        if amount >= MILES_LIMIT:
            self.fail(field, f"{label} must be below {MILES_LIMIT:,}.")
            return 0
        return round_half_up(amount * 10)

    def whole_number(self, field: str, label: str, value: str, low: int, high: int) -> int:
        cleaned = str(value).strip()
        # Twelve digits at most, as Python will not read a number of thousands of digits.
        if not re.fullmatch(r"-?\d{1,12}", cleaned) or not low <= int(cleaned) <= high:
            self.fail(field, f"{label} must be a whole number from {low} to {high}.")
            return low
        return int(cleaned)

    def date(self, field: str, label: str, value: str | date | None) -> date | None:
        if value is None or str(value).strip() == "":
            return None
        try:
            return parse_date(value)
        except UserError as problem:
            self.fail(field, f"{label}: {problem}.")
            return None

    def time(self, field: str, label: str, value: str) -> time | None:
        """A required clock time such as 09:30."""
        if not str(value or "").strip():
            self.fail(field, f"{label} is required.")
            return None
        try:
            return parse_time(value)
        except UserError as problem:
            self.fail(field, f"{label}: {problem}.")
            return None

    def choice(self, field: str, label: str, value: str, choices: Mapping[str, str]) -> str:
        """A key of `choices`, given as the key or its label, in any case."""
        wanted = _simplify(value)
        for key, shown in choices.items():
            if wanted in (_simplify(key), _simplify(shown)):
                return key
        options = ", ".join(choices.values())
        self.fail(field, f"{label} '{shorten(str(value))}' is not one of: {options}.")
        return next(iter(choices))


def _simplify(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text).lower())
