"""Sane bounds on dates, money, miles and hours; absurd input is one plain line, never a crash."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import example
from hypothesis import given
from hypothesis import strategies as st

from microbiz.cli import main
from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.clients.details import validate_client
from microbiz.compliance.policies import PolicyForm
from microbiz.compliance.policies import validate_policy
from microbiz.foundations.dates import parse_date
from microbiz.foundations.dates import parse_hours
from microbiz.foundations.dates import parse_time
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.money import parse_money
from microbiz.foundations.money import round_half_up
from microbiz.foundations.validation import Fields
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import save_visit
from microbiz.invoicing.invoices import add_manual_line
from microbiz.invoicing.invoices import create_draft
from microbiz.invoicing.invoices import issue_invoice
from microbiz.invoicing.payments import credit_invoice
from microbiz.invoicing.payments import record_payment
from microbiz.tax.expenses import ExpenseForm
from microbiz.tax.expenses import JourneyForm
from microbiz.tax.expenses import validate_expense
from microbiz.tax.expenses import validate_journey
from microbiz.tax.taxyear import parse_tax_year

RANGE = "Microbiz keeps records from 01/01/2000 to 31/12/2100"
ABSURD = [
    "99999999999999999999999",
    "1e30",
    "1e999999999",
    "1e-999999999",
    "nan",
    "NaN",
    "inf",
    "-Infinity",
    "-0",
    "9" * 5000,
    "9" * 5000 + ":00",
    "x" * 100_000,
    "\x00",
    "12\x00",
    "",
    "   ",
]


def field_errors(validate, form):
    with pytest.raises(ValidationError) as raised:
        validate(form)
    return raised.value.by_field()


@pytest.mark.parametrize("text", ["01/01/2000", "2000-01-01", "31/12/2100", "2100-12-31"])
def test_the_first_and_last_days_are_kept(text):
    assert parse_date(text) in (date(2000, 1, 1), date(2100, 12, 31))


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("31/12/1999", f"'31/12/1999' is before 2000; {RANGE}"),
        ("01/01/1990", f"'01/01/1990' is before 2000; {RANGE}"),
        ("0000-01-01", f"'0000-01-01' is before 2000; {RANGE}"),
        ("01/01/2101", f"'01/01/2101' is after 2100; {RANGE}"),
        ("31/12/9999", f"'31/12/9999' is after 2100; {RANGE}"),
    ],
)
def test_days_outside_the_range_name_it(text, said):
    with pytest.raises(UserError) as raised:
        parse_date(text)
    assert str(raised.value) == said


@pytest.mark.parametrize("value", [date(1900, 1, 1), datetime(2101, 1, 1, 9, 30)])
def test_dates_from_a_spreadsheet_keep_the_same_range(value):
    with pytest.raises(UserError, match=RANGE):
        parse_date(value)


def test_a_form_names_the_field_of_a_date_out_of_range():
    check = Fields()
    assert check.date("start_date", "Start date", "01/01/1990") is None
    assert [(e.field, e.message) for e in check.errors] == [
        ("start_date", f"Start date: '01/01/1990' is before 2000; {RANGE}.")
    ]


@pytest.mark.parametrize(
    ("text", "start_year"), [("2000-01", 2000), ("2099-00", 2099), ("2099/2100", 2099)]
)
def test_tax_years_wholly_inside_the_range_are_kept(text, start_year):
    assert parse_tax_year(text).start_year == start_year


@pytest.mark.parametrize("text", ["1999-00", "2100-01", "9999-00", "0000"])
def test_tax_years_outside_the_range_name_the_first_and_last(text):
    said = f"'{text}' is outside the tax years Microbiz keeps: 2000-01 to 2099-00"
    with pytest.raises(UserError) as raised:
        parse_tax_year(text)
    assert str(raised.value) == said


@pytest.mark.parametrize(
    ("text", "pence"),
    [("£9,999,999.99", 999_999_999), ("-9999999.99", -999_999_999), ("-0", 0), ("0.00", 0)],
)
def test_money_just_under_ten_million_is_kept(text, pence):
    assert parse_money(text) == pence


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("£10,000,000", "'£10,000,000' is too large: amounts must be below £10,000,000"),
        ("-10000000.00", "'-10000000.00' is too large: amounts must be below £10,000,000"),
        (
            "99999999999999999999999",
            "'99999999999999999999999' is too large: amounts must be below £10,000,000",
        ),
        (10_000_000, "'10000000' is too large: amounts must be below £10,000,000"),
        (Decimal("1E+30"), "1E+30 is too large: amounts must be below £10,000,000"),
        (Decimal("Infinity"), "Infinity is not an amount of money"),
        (Decimal("NaN"), "NaN is not an amount of money"),
        ("9" * 5000, "that is too long to be an amount of money (try 18.50 or £1,234.50)"),
    ],
)
def test_money_of_ten_million_or_absurd_is_refused(value, said):
    with pytest.raises(UserError) as raised:
        parse_money(value)
    assert str(raised.value) == said


@given(st.text())
@example("99999999999999999999999")
@example("1e30")
@example("£" + "9" * 5000)
def test_parse_money_gives_pence_within_bounds_or_a_user_error(text):
    try:
        pence = parse_money(text)
    except UserError:
        return
    assert abs(pence) < 1_000_000_000


@given(st.decimals(allow_nan=True, allow_infinity=True))
def test_parse_money_of_any_decimal_gives_pence_or_a_user_error(amount):
    try:
        pence = parse_money(amount)
    except UserError:
        return
    assert abs(pence) < 1_000_000_000


def test_rounding_a_vanishingly_small_decimal_is_instant_and_exact():
    assert round_half_up(Decimal("1e-999999999")) == 0
    assert round_half_up(Decimal("-0.4999")) == 0
    assert round_half_up(Decimal("0.5")) == 1


@pytest.mark.parametrize(
    ("text", "minutes"), [("9999.99", 599_999), ("9999:59", 599_999), ("1e-999999999", 0)]
)
def test_hours_just_under_ten_thousand_are_kept(text, minutes):
    assert parse_hours(text) == minutes


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("10000", "10000 hours is too many (it must be below 10,000)"),
        ("10000:00", "10000:00 hours is too many (it must be below 10,000)"),
        ("1e999999999", "1e999999999 hours is too many (it must be below 10,000)"),
        ("nan", "'nan' is not a number of hours (try 37.5 or 7:30)"),
        ("-Infinity", "'-Infinity' is not a number of hours (try 37.5 or 7:30)"),
    ],
)
def test_absurd_hours_are_refused(text, said):
    with pytest.raises(UserError) as raised:
        parse_hours(text)
    assert str(raised.value) == said


def parse_everything(text):
    """Every parser on `text`: each gives a value or one short line of UserError."""
    for parse in (parse_date, parse_time, parse_hours, parse_money, parse_tax_year):
        try:
            parse(text)
        except UserError as problem:
            assert len(str(problem).splitlines()) == 1
            assert len(str(problem)) < 200


def read_every_field(text):
    """Every field reader on `text`: none raises; each problem names its field, on one line."""
    check = Fields()
    check.text("name", "Name", text)
    check.email("email", "Email", text)
    check.postcode("postcode", "Postcode", text)
    check.money("amount", "Amount", text)
    check.hours("hours", "Hours", text)
    check.miles("miles", "Miles", text)
    check.whole_number("days", "Days", text, 0, 365)
    check.date("day", "Date", text)
    check.time("start", "Start", text)
    check.choice("kind", "Kind", text, {"car": "Car", "van": "Van"})
    labels = {"day": "Date", "start": "Start", "kind": "Kind", "days": "Days"}
    for error in check.errors:
        assert error.message.startswith(labels.get(error.field, error.field.title()))
        assert len(error.message.splitlines()) == 1


@pytest.mark.parametrize("text", ABSURD)
def test_absurd_input_is_a_plain_problem(text):
    parse_everything(text)
    read_every_field(text)


@given(st.text())
def test_any_input_is_a_value_or_a_plain_problem(text):
    parse_everything(text)
    read_every_field(text)


@pytest.mark.parametrize(
    ("miles", "said"),
    [("100000", "Miles must be below 100,000."), ("1e999999999", "Miles must be below 100,000.")],
)
def test_a_journey_of_a_hundred_thousand_miles_is_refused(miles, said):
    form = JourneyForm(travelled_on="03/05/2026", miles=miles, purpose="Visit")
    assert field_errors(validate_journey, form) == {"miles": said}


def test_a_journey_just_under_a_hundred_thousand_miles_is_kept():
    form = JourneyForm(travelled_on="03/05/2026", miles="99999.9", purpose="Visit")
    assert validate_journey(form)["miles_tenths"] == 999_999


def test_an_expense_of_ten_million_names_its_field():
    form = ExpenseForm(spent_on="03/05/2026", amount="10000000", description="Car")
    assert field_errors(validate_expense, form) == {
        "amount": "Amount: '10000000' is too large: amounts must be below £10,000,000."
    }


def test_a_nul_in_any_text_field_is_refused_with_the_field_named():
    problems = field_errors(
        validate_client, ClientForm(name="Margaret\x00Brown", notes="tea\x00", email="m\x00@x.com")
    )
    assert problems == {
        "name": "Name: contains a character that cannot be stored (an invisible NUL character).",
        "notes": "Notes: contains a character that cannot be stored (an invisible NUL character).",
        "email": "Email: contains a character that cannot be stored (an invisible NUL character).",
    }


def test_a_whole_number_of_thousands_of_digits_is_a_field_problem():
    check = Fields()
    assert check.whole_number("days", "Reminder days", "9" * 5000, 0, 365) == 0
    assert check.errors[0].message == "Reminder days must be a whole number from 0 to 365."


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["visits", "list", "--from", "31/12/1999"],
            f"microbiz: argument --from: '31/12/1999' is before 2000; {RANGE}",
        ),
        (
            ["visits", "list", "--to", "01/01/2101"],
            f"microbiz: argument --to: '01/01/2101' is after 2100; {RANGE}",
        ),
        (
            ["tax", "summary", "--year", "1999-00"],
            "microbiz: argument --year: '1999-00' is outside the tax years Microbiz keeps: "
            "2000-01 to 2099-00",
        ),
    ],
)
def test_dates_out_of_range_in_commands_are_one_line_and_exit_1(data_dir, capsys, args, said):
    assert main(["--data-dir", str(data_dir), *args]) == 1
    captured = capsys.readouterr()
    assert (captured.err.splitlines(), captured.out) == ([said], "")


def test_absurd_amounts_in_commands_are_one_line_and_exit_1(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "demo", "--clients", "1", "--seed", "1"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "invoice", "list"]) == 0
    number = capsys.readouterr().out.split()[0]
    amount = "microbiz: Amount: "
    for typed, said in [
        (
            "99999999999999999999999",
            "'99999999999999999999999' is too large: amounts must be below £10,000,000.",
        ),
        ("1e30", "'1e30' is not an amount of money (try 18.50 or £1,234.50)."),
        ("nan", "'nan' is not an amount of money (try 18.50 or £1,234.50)."),
        ("inf", "'inf' is not an amount of money (try 18.50 or £1,234.50)."),
        ("9" * 5000, "that is too long to be an amount of money (try 18.50 or £1,234.50)."),
    ]:
        assert main(["--data-dir", str(data_dir), "payment", "add", number, typed]) == 1
        captured = capsys.readouterr()
        assert (captured.err.splitlines(), captured.out) == ([amount + said], "")


@pytest.fixture
def draft_invoice(business):
    """A draft with one visit on it."""
    client = save_client(ClientForm(name="Edna Shaw", weekday_rate="18"))
    save_visit(VisitForm(client.id, support_visit_type(client).id, "02/11/2026", "09:00", "10:00"))
    return create_draft(client.id, date(2026, 11, 1), date(2026, 11, 30))


@pytest.mark.parametrize("quantity", ["1e30", "100000", "nan", "-1"])
def test_a_manual_line_with_an_absurd_quantity_is_refused(draft_invoice, quantity):

    with pytest.raises(ValidationError) as raised:
        add_manual_line(draft_invoice.id, "Extra", quantity, "1.00")
    assert [e.field for e in raised.value.errors] == ["quantity"]


def test_a_manual_line_coming_to_ten_million_is_refused(draft_invoice):

    with pytest.raises(ValidationError, match="amounts must be below £10,000,000"):
        add_manual_line(draft_invoice.id, "Extra", "99999", "9999999.99")


def test_payment_references_and_credit_reasons_refuse_nul(draft_invoice):

    issue_invoice(draft_invoice.id)
    with pytest.raises(ValidationError, match="Reference: contains a character"):
        record_payment(draft_invoice.id, "1", reference="BAC\x00S")
    with pytest.raises(ValidationError, match="Reason: contains a character"):
        credit_invoice(draft_invoice.id, reason="wrong\x00rate")


@pytest.mark.parametrize("period", ["0000-01", "1999-12", "2101-01"])
def test_a_month_end_period_outside_the_range_is_one_line(data_dir, capsys, period):
    assert main(["--data-dir", str(data_dir), "invoice", "generate", "--period", period]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "Microbiz keeps records from 01/01/2000 to 31/12/2100" in err[0]


def test_insurance_cover_of_ten_million_is_kept():
    values = validate_policy(
        PolicyForm(kind="public_liability", provider="Hiscox", cover="10,000,000")
    )
    assert values["cover_pence"] == 10_000_000_00
