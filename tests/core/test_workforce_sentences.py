"""A workforce return's answers as plain sentences: every answer the schema allows, in words."""

from __future__ import annotations

import re
from datetime import date

import pytest

from microbiz.collector.schema import load_schema
from microbiz.workforce.returns import build_return
from microbiz.workforce.sentences import return_sentences

RAW = re.compile(r"[a-z]+_[a-z0-9_]+")  # a JSON key or value such as prefer_not_to_say


def every_value() -> list[tuple[str, str]]:
    """(field, value) for each value each category field of the schema allows."""
    properties = load_schema()["properties"]
    return [(field, value) for field, spec in properties.items() for value in spec.get("enum", ())]


@pytest.mark.parametrize(("field", "value"), every_value())
def test_every_allowed_answer_is_one_plain_sentence(field, value):
    sentences = return_sentences({field: value})
    if field == "questionnaire_version":
        assert sentences == []
        return
    [sentence] = sentences
    assert sentence[0].isupper() and sentence.endswith(".")
    assert not RAW.search(sentence), sentence
    assert "UUID" not in sentence


def test_sentences_say_the_answers_as_a_person_would():
    data = {
        "submission_id": "5a71e3fb-7ea3-4680-85eb-f771d2804db3",
        "period": "2026-Q3",
        "questionnaire_version": "1",
        "age_band": "45_54",
        "region": "yorkshire_humber",
        "gender": "prefer_not_to_say",
        "hours_per_week_band": "21_30",
        "people_supported_band": "4_6",
        "median_hourly_rate_band": "18_20",
        "income_share_direct_payment": "51_75",
        "income_share_nhs": "0",
        "dbs_current": "yes",
    }
    assert return_sentences(data) == [
        "This return is for July to September 2026.",
        "You are 45 to 54.",
        "You mainly work in Yorkshire and the Humber.",
        "You chose not to say your gender.",
        "You worked about 21 to 30 hours a week this quarter.",
        "You supported 4 to 6 people this quarter.",
        "Your middle hourly rate this quarter was between £18 and £20 an hour.",
        "Direct Payments paid 51% to 75% of your income this quarter.",
        "The NHS paid none of your income this quarter.",
        "You had a current DBS check at the end of the quarter.",
    ]


def test_a_built_return_has_a_sentence_for_every_answer_but_its_bookkeeping(db):
    data = build_return("2026-Q2", date(2026, 8, 1))
    sentences = return_sentences(data)
    assert len(sentences) == len(data) - 2
    assert sentences[0] == "This return is for April to June 2026."
    assert "You chose not to say your age." in sentences
    assert "You delivered no hours of care this quarter." in sentences
    assert not any(data["submission_id"] in sentence for sentence in sentences)
