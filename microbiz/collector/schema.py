"""The anonymous workforce return's JSON Schema, and a check that says its problems plainly.

The member side checks a return with `check_return` before it is shown or sent, and
the collector checks every return it receives with the same function.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
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
MAX_JSON_DEPTH = 8


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


def parse_json(body: bytes) -> object:
    """The JSON in `body`; ValueError in plain words if it is not UTF-8 JSON, repeats a field,
    or nests more than MAX_JSON_DEPTH levels (checked before parsing, so never a crash)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as problem:
        raise ValueError(f"it is not UTF-8 text ({problem.reason})") from None
    if _nesting_depth(text) > MAX_JSON_DEPTH:
        raise ValueError(f"it is nested more than {MAX_JSON_DEPTH} levels deep")
    return json.loads(text, object_pairs_hook=_no_repeated_fields)


def _nesting_depth(text: str) -> int:
    """How deep the brackets outside strings go."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _no_repeated_fields(pairs: list[tuple[str, Any]]) -> dict:
    found: dict = {}
    for key, value in pairs:
        if key in found:
            raise ValueError(f"the field {key!r} is given twice")
        found[key] = value
    return found


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


def _whole_pattern(validator, pattern: str, instance: Any, schema: dict) -> Iterator:
    """The "pattern" keyword matched against the whole text: "$" lets a final newline through."""
    from jsonschema import ValidationError

    if isinstance(instance, str) and not re.fullmatch(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def _validator() -> Draft202012Validator:
    # imported here: reading the schema's fields (as the app does at start-up) needs no validator
    from jsonschema import Draft202012Validator
    from jsonschema.validators import extend

    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return extend(Draft202012Validator, {"pattern": _whole_pattern})(schema)
