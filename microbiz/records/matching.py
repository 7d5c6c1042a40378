"""Forgiving choice values in imports: "direct payments" is read as Direct Payment.

A value matches a choice by its key or label in any case, spacing or punctuation; by a
short name ("phone" for the office costs category); in the plural ("direct payments");
or as the start of just one choice ("prof" for professional fees). Anything else, or a
start shared by several choices, is refused with the choices in words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from microbiz.foundations.errors import UserError

# A start must be this long to count, so "p" or "co" is never a guess.
SHORTEST_START = 3

SHORT_NAMES: dict[str, dict[str, str]] = {
    "category": {
        "insurance": "premises",
        "rent": "premises",
        "power": "premises",
        "phone": "office",
        "mobile": "office",
        "stationery": "office",
        "postage": "office",
        "travel": "travel",
        "fuel": "travel",
        "parking": "travel",
        "mileage": "travel",
        "wages": "staff",
        "accountant": "professional",
        "legal": "professional",
        "training": "other",
    },
    "funding_route": {
        "direct payments": "direct_payment",
        "dp": "direct_payment",
        "council": "council",
        "local authority": "council",
        "nhs": "nhs",
        "personal health budget": "nhs",
        "phb": "nhs",
        "self funded": "self_funded",
        "self-funded": "self_funded",
        "private": "self_funded",
        "privately funded": "self_funded",
        "shared lives": "shared_lives",
    },
    "payer_kind": {
        "client": "person",
        "self": "person",
        "private": "person",
        "family": "representative",
        "managed account": "managed_account",
        "local authority": "council",
    },
    "kind": {
        "insurance": "public_liability",
        "public liability": "public_liability",
        "pl": "public_liability",
        "pi": "professional_indemnity",
        "el": "employers_liability",
        "car insurance": "business_car_use",
        "dbs": "dbs_certificate",
        "update service": "dbs_update_service",
        "training": "training_course",
        "course": "training_course",
        "ico": "ico_fee",
        "data protection fee": "ico_fee",
        "cqc": "cqc_decision",
    },
    "vehicle": {"van": "car", "motorbike": "motorcycle", "scooter": "motorcycle"},
}
SHORT_NAMES["funding"] = SHORT_NAMES["funding_route"]


@dataclass(frozen=True)
class Match:
    """What a written value was read as: the choice's key and label."""

    written: str
    key: str
    label: str

    @property
    def as_written(self) -> bool:
        """Written as the key or the label themselves (so there is nothing to report)."""
        return _plain(self.written) in (_plain(self.key), _plain(self.label))

    def in_words(self) -> str:
        """ "direct payments → Direct Payment"."""
        return f"{self.written.strip()} → {self.label}"


class NoMatch(UserError):
    """A value that matches no choice, or more than one."""


def match_choice(value: str, choices: Mapping[str, str], field: str = "") -> Match:
    """The choice `value` stands for; NoMatch naming the allowed values if none or several."""
    written = str(value)
    shorts = {_plain(name): key for name, key in SHORT_NAMES.get(field, {}).items()}
    exact = {_plain(key): key for key in choices} | {_plain(v): k for k, v in choices.items()}
    forms = _singulars(_plain(written))
    for form in forms:
        key = exact.get(form) or shorts.get(form)
        if key is not None:
            return Match(written, key, choices[key])
    starting = _starting_with(forms, choices)
    if len(starting) == 1:
        key = starting[0]
        return Match(written, key, choices[key])
    allowed = ", ".join(choices.values())
    if starting:
        could = " or ".join(choices[key] for key in starting)
        raise NoMatch(f"'{written.strip()}' could be {could}; write more of it ({allowed}).")
    raise NoMatch(f"'{written.strip()}' is not one of: {allowed}.")


def _starting_with(forms: list[str], choices: Mapping[str, str]) -> list[str]:
    """The keys whose key or label starts with the value (or its singular)."""
    found = []
    for key, label in choices.items():
        names = (_plain(key), _plain(label))
        if any(len(f) >= SHORTEST_START and n.startswith(f) for f in forms for n in names):
            found.append(key)
    return found


def _singulars(plain: str) -> list[str]:
    """The value, then without a plural ending: "payments" -> "payment"; "charges" -> "charge"."""
    found = [plain]
    if plain.endswith("ies"):
        found.append(plain[:-3] + "y")
    if plain.endswith("es"):
        found.append(plain[:-2])
    if plain.endswith("s"):
        found.append(plain[:-1])
    return found


def _plain(text: str) -> str:
    """Letters and digits only, lower case: "Self-funded " -> "selffunded"."""
    return re.sub(r"[^a-z0-9]", "", str(text).casefold())
