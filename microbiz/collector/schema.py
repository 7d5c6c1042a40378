"""The anonymous workforce return's JSON Schema, and a check that says its problems plainly.

The member side checks a return with `check_return` before it is shown or sent, and
the collector checks every return it receives with the same function.
"""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING
from typing import Any

from microbiz.foundations.paths import resource

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema import ValidationError

SCHEMA_PARTS = ("workforce", "return.schema.json")
PATTERN_HINTS = {
    "submission_id": "is not a random submission id (a lower-case uuid4)",
    "period": "is not a quarter such as 2026-Q2",
}
_LONGEST_VALUE_SHOWN = 40


def load_schema() -> dict:
    """The return's JSON Schema (draft 2020-12), read from the bundled resources."""
    return json.loads(_schema_text())


def enum_fields() -> dict[str, list[str]]:
    """Every field that is a category, with its allowed answers in the schema's order."""
    properties = load_schema()["properties"]
    return {name: list(spec["enum"]) for name, spec in properties.items() if "enum" in spec}


def check_return(data: object) -> list[str]:
    """The return's problems in plain English, one per field at most; [] when it is valid."""
    if not isinstance(data, dict):
        return ["the return must be a JSON object of fields and answers"]
    problems: list[str] = []
    seen_fields: set[str] = set()
    missing_reported: set[str] = set()
    for error in sorted(_validator().iter_errors(data), key=_error_order):
        if error.validator == "additionalProperties":
            unknown = sorted(set(data) - set(error.schema.get("properties", {})))
            problems.extend(f"unknown field {name!r}" for name in unknown)
        elif error.validator == "required":
            for name in error.validator_value:
                if name not in data and name not in missing_reported:
                    missing_reported.add(name)
                    problems.append(f"missing field {name!r}")
                    break
        elif error.path:
            field = str(error.path[0])
            if field not in seen_fields:
                seen_fields.add(field)
                problems.append(_field_problem(field, error))
        else:
            problems.append(error.message)
    return problems


def _field_problem(field: str, error: ValidationError) -> str:
    shown = _show(error.instance)
    if error.validator == "type":
        return f"{field}: {shown} is not text"
    if error.validator == "enum":
        return f"{field}: {shown} is not one of {', '.join(error.validator_value)}"
    if error.validator == "pattern":
        return f"{field}: {shown} {PATTERN_HINTS.get(field, 'is not in the expected form')}"
    return f"{field}: {error.message}"


def _show(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else json.dumps(value)
    if len(text) > _LONGEST_VALUE_SHOWN:
        text = text[: _LONGEST_VALUE_SHOWN - 1] + "…"
    return text


def _error_order(error: ValidationError) -> tuple[int, str, str]:
    # unknown and missing fields first, then field problems in field order
    rank = {"additionalProperties": 0, "required": 1}.get(str(error.validator), 2)
    return rank, "/".join(str(part) for part in error.path), str(error.validator)


@cache
def _schema_text() -> str:
    return resource(*SCHEMA_PARTS).read_text(encoding="utf-8")


@cache
def _validator() -> Draft202012Validator:
    # imported here: reading the schema's fields (as the app does at start-up) needs no validator
    from jsonschema import Draft202012Validator

    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)
