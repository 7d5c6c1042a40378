"""The business commands: show the profile, or change some of it, all or nothing."""

from __future__ import annotations

import json

import pytest

from microbiz.cli import main
from microbiz.foundations import db as database
from microbiz.foundations.business import BusinessForm
from microbiz.foundations.business import get_business
from microbiz.foundations.business import update_business
from microbiz.foundations.paths import database_path

KEYS = [
    "trading_name",
    "owner_name",
    "address",
    "postcode",
    "phone",
    "email",
    "bank_account_name",
    "bank_sort_code",
    "bank_account_number",
    "payment_instructions",
    "payment_terms_days",
    "invoice_prefix",
    "utr",
]


@pytest.fixture
def business(business):
    """Kind Hands Care with only its names, saved; the test's connection closed for commands."""
    update_business(
        {
            **{name: "" for name in KEYS},
            "trading_name": "Kind Hands Care",
            "owner_name": "Sam Carter",
            "payment_terms_days": "14",
            "invoice_prefix": "INV-",
        }
    )
    database.close_database()
    return business


def run(folder, *args):
    return main(["--data-dir", str(folder), *args])


def saved(folder) -> BusinessForm | None:
    """The profile as stored in `folder` (None before set-up)."""
    database.open_database(database_path(folder))
    try:
        business = get_business()
        return BusinessForm.of(business) if business else None
    finally:
        database.close_database()


def error_lines(capsys) -> list[str]:
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err.splitlines()


def test_show_lists_every_detail_with_its_label(data_dir, business, capsys):
    assert run(data_dir, "business", "show") == 0
    assert capsys.readouterr().out.splitlines() == [
        "Business name: Kind Hands Care",
        "Your name: Sam Carter",
        "Address: (not set)",
        "Postcode: (not set)",
        "Phone: (not set)",
        "Email: (not set)",
        "Account name: (not set)",
        "Sort code: (not set)",
        "Account number: (not set)",
        "Payment instructions: (not set)",
        "Payment terms (days): 14 days",
        "Invoice number prefix: INV-",
        "Unique Taxpayer Reference (UTR): (not set)",
        "Mail server: (not set)",
        "Shared Lives carer: no.",
    ]


def test_show_json_has_stable_keys(data_dir, business, capsys):
    assert run(data_dir, "business", "set", "--address", "12 Elm Road\\nLeeds") == 0
    capsys.readouterr()
    assert run(data_dir, "business", "show", "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert list(shown) == KEYS
    assert shown["address"] == "12 Elm Road\nLeeds"
    assert shown["payment_terms_days"] == 14
    assert shown["invoice_prefix"] == "INV-"


def test_set_changes_only_what_is_given(data_dir, business, capsys):
    before = saved(data_dir)
    assert (
        run(
            data_dir,
            "business",
            "set",
            "--postcode",
            "ls6 2ab",
            "--payment-instructions",
            "Pay by Direct Payment card on 0113 000 0000",
            "--terms",
            "30",
        )
        == 0
    )
    assert capsys.readouterr().out == (
        "Changed: Postcode, Payment instructions, Payment terms (days).\n"
    )
    after = saved(data_dir)
    assert after.postcode == "LS6 2AB"
    assert after.payment_instructions == "Pay by Direct Payment card on 0113 000 0000"
    assert after.payment_terms_days == "30"
    assert (after.trading_name, after.owner_name, after.phone) == (
        before.trading_name,
        before.owner_name,
        before.phone,
    )


def test_set_keeps_the_address_as_typed(data_dir, business, capsys):
    assert run(data_dir, "business", "set", "--address", "12 Elm Road, Leeds") == 0
    assert saved(data_dir).address == "12 Elm Road, Leeds"
    assert run(data_dir, "business", "set", "--address", "12 Elm Road\nLeeds") == 0
    assert saved(data_dir).address == "12 Elm Road\nLeeds"
    assert run(data_dir, "business", "set", "--address", "3 Oak Street\\nOtley") == 0
    assert saved(data_dir).address == "3 Oak Street\nOtley"
    capsys.readouterr()
    assert run(data_dir, "business", "show") == 0
    assert "Address: 3 Oak Street, Otley" in capsys.readouterr().out.splitlines()


def test_set_bank_details_all_together(data_dir, business, capsys):
    args = ["--account-name", "S Carter", "--sort-code", "123456", "--account-number", "12345678"]
    assert run(data_dir, "business", "set", *args) == 0
    assert capsys.readouterr().out == "Changed: Account name, Sort code, Account number.\n"
    assert saved(data_dir).bank_sort_code == "12-34-56"


def test_set_with_bad_details_saves_nothing_and_names_each(data_dir, business, capsys):
    before = saved(data_dir)
    code = run(
        data_dir,
        "business",
        "set",
        "--email",
        "sam at example",
        "--terms",
        "ninety",
        "--phone",
        "0113 496 0000",
    )
    assert code == 1
    assert error_lines(capsys) == [
        "microbiz: Email 'sam at example' is not a valid email address (like name@example.com).",
        "microbiz: Payment terms (days) must be a whole number from 0 to 365.",
    ]
    assert saved(data_dir) == before


def test_half_the_bank_details_is_one_line(data_dir, business, capsys):
    assert run(data_dir, "business", "set", "--sort-code", "12-34-56") == 1
    assert error_lines(capsys) == [
        "microbiz: Bank details are incomplete: add the account name and account number, "
        "or leave all three blank."
    ]
    assert saved(data_dir).bank_sort_code == ""


def test_set_with_nothing_to_change_says_which_options_exist(data_dir, business, capsys):
    assert run(data_dir, "business", "set") == 1
    lines = error_lines(capsys)
    assert len(lines) == 1
    assert lines[0].startswith("microbiz: Say what to change: --trading-name, --owner-name,")
    assert "--payment-instructions" in lines[0] and "--sort-code" in lines[0]


def test_set_the_same_value_changes_nothing(data_dir, business, capsys):
    assert run(data_dir, "business", "set", "--terms", "14") == 0
    assert capsys.readouterr().out == "Nothing changed: those details were already saved.\n"


def test_before_set_up_show_and_set_say_so(data_dir, capsys):
    assert run(data_dir, "business", "show") == 1
    assert error_lines(capsys) == [
        "microbiz: Set up your business first (run Microbiz, or `microbiz demo`)."
    ]
    assert run(data_dir, "business", "set", "--postcode", "LS6 2AB") == 1
    assert len(error_lines(capsys)) == 1
    assert saved(data_dir) is None


def test_set_both_names_before_set_up_creates_the_business(data_dir, capsys):
    args = ["--trading-name", "Kind Hands Care", "--owner-name", "Sam Carter"]
    assert run(data_dir, "business", "set", *args) == 0
    assert capsys.readouterr().out == "Set up Kind Hands Care: Business name, Your name.\n"
    assert saved(data_dir).owner_name == "Sam Carter"


def test_business_needs_show_or_set(data_dir, capsys):
    assert run(data_dir, "business") == 1
    assert len(error_lines(capsys)) == 1
