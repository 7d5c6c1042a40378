"""The anonymous workforce return: periods, answers, derived bands, and nothing identifying."""

from __future__ import annotations

import json
import re
from datetime import date
from datetime import datetime
from datetime import timedelta
from fractions import Fraction

import pytest

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.collector.schema import check_return
from microbiz.collector.schema import load_schema
from microbiz.compliance.policies import PolicyForm
from microbiz.compliance.policies import save_policy
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import Visit
from microbiz.foundations.models import WorkforceSettings
from microbiz.invoicing.invoices import create_draft
from microbiz.invoicing.invoices import issue_invoice
from microbiz.invoicing.payments import record_payment
from microbiz.workforce.membership import current_answers
from microbiz.workforce.membership import last_complete_quarter
from microbiz.workforce.membership import parse_period
from microbiz.workforce.membership import self_reported_fields
from microbiz.workforce.membership import set_answers
from microbiz.workforce.membership import submission_for
from microbiz.workforce.membership import workforce_settings
from microbiz.workforce.returns import ReturnProblem
from microbiz.workforce.returns import build_return
from microbiz.workforce.returns import field_meanings
from microbiz.workforce.returns import hours_per_week_band
from microbiz.workforce.returns import median_rate_band
from microbiz.workforce.returns import people_supported_band
from microbiz.workforce.returns import return_bytes
from microbiz.workforce.returns import save_return
from microbiz.workforce.returns import share_band

UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
AFTER_Q2 = date(2026, 7, 15)
# 2026-Q2: 1 April to 30 June, 91 days (13 weeks exactly); its Tuesdays are no bank holiday
TUESDAYS_OF_Q2 = [date(2026, 4, 7) + timedelta(weeks=n) for n in range(13)]


def add_visit(client, day: date, start_hour: int, hours: int, status: str = "delivered") -> Visit:
    start = datetime(day.year, day.month, day.day, start_hour)
    return Visit.create(
        client=client,
        visit_type=support_visit_type(client),
        start=start,
        end=start + timedelta(hours=hours),
        status=status,
    )


def paid(client, amount: str, on: date) -> None:
    invoice = create_draft(client.id, date(2026, 4, 1), date(2026, 6, 30))
    issue_invoice(invoice.id, date(2026, 6, 30))
    record_payment(invoice.id, amount, on, "bank_transfer")


# --- periods ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "period"),
    [
        (date(2026, 7, 1), "2026-Q2"),
        (date(2026, 9, 30), "2026-Q2"),
        (date(2026, 10, 1), "2026-Q3"),
        (date(2026, 1, 1), "2025-Q4"),
        (date(2026, 3, 31), "2025-Q4"),
        (date(2026, 4, 1), "2026-Q1"),
    ],
)
def test_the_default_period_is_the_last_complete_quarter(today, period):
    assert last_complete_quarter(today).label == period


def test_quarters_run_from_january_to_march_and_so_on():
    q1, q3, q4 = parse_period("2026-Q1"), parse_period(" 2026-q3 "), parse_period("2024-Q4")
    assert (q1.first, q1.last, q1.days) == (date(2026, 1, 1), date(2026, 3, 31), 90)
    assert (q3.first, q3.last, q3.days, q3.label) == (
        date(2026, 7, 1),
        date(2026, 9, 30),
        92,
        "2026-Q3",
    )
    assert (q4.first, q4.last) == (date(2024, 10, 1), date(2024, 12, 31))


@pytest.mark.parametrize(
    "text",
    ["2026-Q5", "2026Q1", "26-Q1", "2026-Q0", "Q1 2026", "1999-Q1", "2101-Q1", "9999-Q4", ""],
)
def test_a_period_must_be_a_quarter(db, text):
    with pytest.raises(UserError, match="is not a quarter like 2026-Q3"):
        build_return(text, today=AFTER_Q2)


def test_a_quarter_that_has_not_ended_is_refused(db):
    with pytest.raises(
        UserError, match="2026-Q2 has not ended yet.*latest you can send is 2026-Q1"
    ):
        build_return("2026-Q2", today=date(2026, 6, 30))
    assert build_return("2026-Q2", today=date(2026, 7, 1))["period"] == "2026-Q2"


def test_the_default_period_is_used_when_none_is_given(db):
    assert build_return(today=date(2026, 10, 3))["period"] == "2026-Q3"


# --- answers and the schema ---------------------------------------------------------------


def test_off_by_default_with_every_answer_prefer_not_to_say(db):
    settings = workforce_settings()
    assert not settings.opted_in and settings.consent_given_on is None
    assert len(settings.secret) == 64 and int(settings.secret, 16) >= 0
    assert WorkforceSettings.select().count() == 1
    assert workforce_settings().secret == settings.secret
    assert set(current_answers().values()) == {"prefer_not_to_say"}
    assert list(current_answers()) == [
        "age_band",
        "gender",
        "ethnic_group",
        "nationality",
        "disability",
        "care_certificate",
        "qualification_level",
        "years_in_care",
        "previous_work",
        "main_role",
        "region",
        "employs_others",
    ]


def test_answers_must_be_one_of_the_schemas(db):
    with pytest.raises(ValidationError) as refused:
        set_answers({"age_band": "42", "region": "yorkshire_humber", "name": "Sam"})
    problems = refused.value.by_field()
    assert set(problems) == {"age_band", "name"}
    assert "Age band '42' is not one of: 24_and_under, 25_34" in problems["age_band"]
    assert "'name' is not a question you answer" in problems["name"]
    assert current_answers()["region"] == "prefer_not_to_say"  # nothing saved

    with pytest.raises(ValidationError, match="'hours_per_week_band' is not a question you"):
        set_answers({"hours_per_week_band": "over_50"})  # derived, not self-reported

    set_answers({"age_band": "45-54", "region": "Yorkshire humber", "gender": "Prefer not to say"})
    data = build_return("2026-Q2", today=AFTER_Q2)
    assert (data["age_band"], data["region"], data["gender"]) == (
        "45_54",
        "yorkshire_humber",
        "prefer_not_to_say",
    )


def test_the_return_has_exactly_the_schemas_fields_in_its_order(db):
    data = build_return("2026-Q2", today=AFTER_Q2)
    assert check_return(data) == []
    assert list(data) == list(load_schema()["properties"])
    assert data["questionnaire_version"] == "1"
    assert UUID4.match(data["submission_id"])


def test_every_field_but_the_id_and_period_is_a_category():
    properties = load_schema()["properties"]
    assert load_schema()["additionalProperties"] is False
    assert {name for name, spec in properties.items() if "enum" not in spec} == {
        "submission_id",
        "period",
    }
    assert set(self_reported_fields()) < set(properties)


def test_the_submission_id_is_kept_for_the_quarter_and_new_for_another(db):
    first = build_return("2026-Q2", today=AFTER_Q2)["submission_id"]
    set_answers({"age_band": "25_34"})
    assert build_return("2026-Q2", today=AFTER_Q2)["submission_id"] == first
    other = build_return("2026-Q1", today=AFTER_Q2)["submission_id"]
    assert other != first and UUID4.match(other)
    assert submission_for("2026-Q2").submission_id == first


def test_a_return_that_breaks_the_schema_is_never_shown(db):
    settings = workforce_settings()
    settings.answers = json.dumps({"age_band": "forty-two"})
    settings.save()
    with pytest.raises(ReturnProblem, match="age_band: 'forty-two' is not one of"):
        build_return("2026-Q2", today=AFTER_Q2)


def test_return_bytes_are_indented_ascii_json(db):
    set_answers({"region": "london"})
    data = build_return("2026-Q2", today=AFTER_Q2)
    raw = return_bytes(data)
    assert raw == json.dumps(data, indent=2, ensure_ascii=True).encode()
    assert raw.startswith(b'{\n  "submission_id": "') and raw.isascii()
    assert json.loads(raw) == data


def test_field_meanings_come_from_the_schema(db):
    data = build_return("2026-Q2", today=AFTER_Q2)
    meanings = field_meanings(data)
    assert [field for field, _, _ in meanings] == list(data)
    assert [answer for _, answer, _ in meanings] == list(data.values())
    by_field = {field: meaning for field, _, meaning in meanings}
    descriptions = {k: v["description"] for k, v in load_schema()["properties"].items()}
    assert by_field == descriptions
    assert by_field["age_band"] == "Your age, as a band. You can choose not to say."


def test_save_writes_the_exact_bytes_before_opting_in(db, tmp_path):
    assert not workforce_settings().opted_in
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    saved = save_return(tmp_path / "my return.json", "2026-Q2", today=AFTER_Q2)
    assert saved.read_bytes() == return_bytes(build_return("2026-Q2", today=AFTER_Q2))
    assert submission_for("2026-Q2").state == "saved_to_file"
    with pytest.raises(UserError, match="return.txt must end in .json"):
        save_return(tmp_path / "return.txt", "2026-Q2", today=AFTER_Q2)
    assert not (tmp_path / "return.txt").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["my return.json"]  # no temporary left


# --- derived bands ---------------------------------------------------------------------------


def make_quarter_of_records(business) -> dict:
    """13 weeks of 10 hours for 3 people at £18, £18 and £22, paid 60% DP and 40% council."""
    ann = save_client(ClientForm(name="Ann", weekday_rate="18", funding_route="direct_payment"))
    bob = save_client(ClientForm(name="Bob", weekday_rate="18.00"))
    cat = save_client(ClientForm(name="Cat", weekday_rate="22", funding_route="council"))
    dan = save_client(ClientForm(name="Dan", weekday_rate="25", funding_route="nhs"))
    for tuesday in TUESDAYS_OF_Q2:
        add_visit(ann, tuesday, 8, 4)
        add_visit(bob, tuesday, 13, 4)
        add_visit(cat, tuesday, 18, 2)
    # none of these count: planned, cancelled (charged or not), or outside the quarter
    add_visit(dan, date(2026, 5, 6), 9, 8, status="planned")
    add_visit(dan, date(2026, 5, 7), 9, 8, status="cancelled_chargeable")
    add_visit(dan, date(2026, 5, 8), 9, 8, status="cancelled")
    add_visit(dan, date(2026, 3, 31), 9, 8)
    add_visit(dan, date(2026, 7, 1), 9, 8)
    paid(ann, "600.00", date(2026, 4, 1))
    paid(cat, "400.00", date(2026, 6, 30))
    invoice = create_draft(bob.id, date(2026, 4, 1), date(2026, 6, 30))
    issue_invoice(invoice.id, date(2026, 6, 30))
    record_payment(invoice.id, "50.00", date(2026, 7, 1), "cash")  # next quarter
    save_policy(
        PolicyForm(
            kind="public_liability",
            provider="Hiscox",
            starts_on="01/07/2025",
            expires_on="30/06/2026",
        )
    )
    save_policy(PolicyForm(kind="dbs_certificate", provider="DBS", expires_on="29/06/2026"))
    return build_return("2026-Q2", today=AFTER_Q2)


def test_every_derived_band_for_a_hand_made_quarter(business):
    data = make_quarter_of_records(business)
    assert check_return(data) == []
    derived = {k: v for k, v in data.items() if k not in current_answers()}
    del derived["submission_id"]
    assert derived == {
        "period": "2026-Q2",
        "questionnaire_version": "1",
        "hours_per_week_band": "1_10",  # 130 hours over 13 weeks
        "people_supported_band": "2_3",  # Ann, Bob, Cat; not Dan
        "median_hourly_rate_band": "18_20",  # median of 26 visits at £18 and 13 at £22
        "income_share_self_funded": "0",  # Bob paid in July
        "income_share_direct_payment": "51_75",  # £600 of £1,000
        "income_share_council": "26_50",  # £400 of £1,000
        "income_share_nhs": "0",
        "income_share_shared_lives": "0",
        "income_share_other": "0",
        "insurance_held": "yes",  # to 30 June, the quarter's last day
        "dbs_current": "no",  # expired 29 June
    }


def test_records_after_the_quarter_do_not_count_for_it(business):
    save_policy(PolicyForm(kind="public_liability", provider="Late", starts_on="01/07/2026"))
    save_policy(PolicyForm(kind="dbs_update_service", provider="DBS", starts_on="01/01/2026"))
    data = build_return("2026-Q2", today=AFTER_Q2)
    assert (data["insurance_held"], data["dbs_current"]) == ("no", "yes")
    assert data["hours_per_week_band"] == "none"
    assert data["people_supported_band"] == "none"
    assert data["median_hourly_rate_band"] == "no_data"
    assert {v for k, v in data.items() if k.startswith("income_share_")} == {"0"}


@pytest.mark.parametrize(
    ("hours", "band"),
    [
        (0, "none"),
        (Fraction(1, 60), "1_10"),  # a minute in the quarter is still some work
        (Fraction(1049, 100), "1_10"),
        (Fraction(21, 2), "11_20"),  # 10.5 rounds to 11
        (20, "11_20"),
        (21, "21_30"),
        (40, "31_40"),
        (50, "41_50"),
        (Fraction(101, 2), "over_50"),
    ],
)
def test_hours_per_week_bands(hours, band):
    minutes = int(hours * 60 * 13)  # over a 91-day quarter: 13 weeks
    assert hours_per_week_band(minutes, 91) == band


def test_hours_per_week_are_over_the_quarters_days():
    # 130 hours over 92 days is 9.9 a week; over 90 days, 10.1: both round to 10
    assert hours_per_week_band(130 * 60, 92) == "1_10"
    assert hours_per_week_band(130 * 60, 90) == "1_10"
    # 141 hours: 10.7 a week over 92 days
    assert hours_per_week_band(141 * 60, 92) == "11_20"


@pytest.mark.parametrize(
    ("people", "band"),
    [
        (0, "none"),
        (1, "1"),
        (2, "2_3"),
        (3, "2_3"),
        (4, "4_6"),
        (6, "4_6"),
        (7, "7_10"),
        (10, "7_10"),
        (11, "over_10"),
    ],
)
def test_people_supported_bands(people, band):
    assert people_supported_band(people) == band


@pytest.mark.parametrize(
    ("rates_pounds", "band"),
    [
        ([], "no_data"),
        ([0, 0], "no_data"),  # no rate on record says nothing
        ([18, 18, 22], "18_20"),
        ([0, 18, 18, 22], "18_20"),
        ([18, 22], "20_22"),  # the median of two is their middle
        (["11.99"], "under_12"),
        ([12], "12_14"),
        (["13.99"], "12_14"),
        (["29.99"], "28_30"),
        ([30], "30_plus"),
        ([45, 10, 31], "30_plus"),
    ],
)
def test_median_rate_bands(rates_pounds, band):
    pence = [Fraction(str(rate)) * 100 for rate in rates_pounds]
    assert median_rate_band(pence) == band


@pytest.mark.parametrize(
    ("part", "total", "band"),
    [
        (0, 0, "0"),
        (0, 100, "0"),
        (1, 10_000, "1_25"),
        (25, 100, "1_25"),
        (2501, 10_000, "26_50"),
        (50, 100, "26_50"),
        (51, 100, "51_75"),
        (75, 100, "51_75"),
        (7501, 10_000, "76_100"),
        (100, 100, "76_100"),
    ],
)
def test_income_share_bands(part, total, band):
    assert share_band(part, total) == band
