"""The shared return schema: categories only, nothing extra, everything required."""

from __future__ import annotations

import pytest
from collector_support import make_return
from jsonschema import Draft202012Validator

from microbiz.collector.schema import check_return
from microbiz.collector.schema import load_schema

FREE_FORM = {"submission_id", "period"}


def test_schema_is_valid_draft_2020_12():
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"


def test_every_field_but_the_id_and_period_is_a_category():
    properties = load_schema()["properties"]
    for name, spec in properties.items():
        assert spec["description"].strip(), name
        if name in FREE_FORM:
            assert "pattern" in spec and "enum" not in spec, name
        else:
            assert spec["enum"] and all(isinstance(v, str) for v in spec["enum"]), name


def test_nothing_extra_and_everything_required():
    schema = load_schema()
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == set(schema["properties"])


def test_self_reported_answers_can_be_withheld_and_derived_cannot():
    properties = load_schema()["properties"]
    self_reported = [
        "age_band", "gender", "ethnic_group", "nationality", "disability", "care_certificate",
        "qualification_level", "years_in_care", "previous_work", "main_role", "region",
        "employs_others",
    ]  # fmt: skip
    for name in self_reported:
        assert "prefer_not_to_say" in properties[name]["enum"], name
    derived = [n for n in properties if n not in self_reported and n not in FREE_FORM]
    assert "median_hourly_rate_band" in derived and "questionnaire_version" in derived
    for name in derived:
        assert "prefer_not_to_say" not in properties[name]["enum"], name
    assert len(properties["region"]["enum"]) == 10
    assert properties["income_share_nhs"]["enum"] == ["0", "1_25", "26_50", "51_75", "76_100"]


def test_a_complete_return_has_no_problems(valid_return):
    assert check_return(valid_return) == []


def test_unknown_field_is_named(valid_return):
    valid_return["name"] = "Sam Carter"
    assert check_return(valid_return) == ["unknown field 'name'"]


def test_an_answer_outside_the_list_is_named(valid_return):
    valid_return["age_band"] = "x"
    [problem] = check_return(valid_return)
    assert problem.startswith("age_band: 'x' is not one of 24_and_under, 25_34")


def test_a_number_where_a_category_belongs_is_refused(valid_return):
    valid_return["hours_per_week_band"] = 37
    [problem] = check_return(valid_return)
    assert problem.startswith("hours_per_week_band: 37 ")


def test_missing_fields_are_named(valid_return):
    del valid_return["period"]
    del valid_return["region"]
    assert check_return(valid_return) == ["missing field 'period'", "missing field 'region'"]


@pytest.mark.parametrize(
    "period", ["2026-Q5", "2026-Q0", "26-Q1", "2026-q1", "2026-05-01", "", "2026-Q1\n"]
)
def test_a_period_finer_or_other_than_a_quarter_is_refused(valid_return, period):
    valid_return["period"] = period
    [problem] = check_return(valid_return)
    assert problem.startswith("period: ")


@pytest.mark.parametrize(
    "submission_id",
    [
        "not-a-uuid",
        "123e4567-e89b-12d3-a456-426614174000",  # version 1, not random
        "8F14E45F-CEEA-467A-9575-3B4C5D6E7F80",  # upper case
        "8f14e45f-ceea-467a-c575-3b4c5d6e7f80",  # wrong variant
        "8f14e45f-ceea-467a-9575-3b4c5d6e7f80\n",  # a final newline
    ],
)
def test_a_submission_id_must_be_a_random_uuid(valid_return, submission_id):
    valid_return["submission_id"] = submission_id
    [problem] = check_return(valid_return)
    assert problem.startswith("submission_id: ")


def test_not_an_object():
    assert check_return(["a", "list"]) == ["the return must be a JSON object of fields and answers"]


def test_the_helper_makes_distinct_random_ids():
    assert make_return()["submission_id"] != make_return()["submission_id"]
