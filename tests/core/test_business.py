"""The business profile: first-run set-up, Settings, and changing a few details at a time."""

from __future__ import annotations

from dataclasses import replace

import pytest

from microbiz.foundations.business import BusinessForm
from microbiz.foundations.business import get_business
from microbiz.foundations.business import require_business
from microbiz.foundations.business import save_business
from microbiz.foundations.business import start_business
from microbiz.foundations.business import update_business
from microbiz.foundations.business import validate_business
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import Business


def test_first_run_needs_only_two_names(db):
    assert get_business() is None
    with pytest.raises(UserError, match="Set up your business"):
        require_business()
    business = start_business("Kind Hands Care", "Sam Carter")
    assert (business.trading_name, business.owner_name) == ("Kind Hands Care", "Sam Carter")
    assert business.invoice_prefix == "INV-"
    assert business.payment_terms_days == 14


def test_profile_is_cleaned_and_saved(business):
    form = BusinessForm.of(business)
    form.bank_account_name = "S Carter"
    form.bank_sort_code = "123456"
    form.bank_account_number = "1234 5678"
    form.postcode = "ls1 4dy"
    form.payment_terms_days = "30"
    form.utr = "12345 67890"
    save_business(form)
    stored = Business.get_by_id(business.id)
    assert stored.bank_sort_code == "12-34-56"
    assert stored.bank_account_number == "12345678"
    assert stored.postcode == "LS1 4DY"
    assert stored.payment_terms_days == 30
    assert stored.utr == "1234567890"
    assert Business.select().count() == 1


def test_bad_profile_names_each_field_and_saves_nothing(business):
    form = BusinessForm.of(business)
    form.trading_name = ""
    form.bank_account_name = "S Carter"
    form.bank_sort_code = "12-34"
    form.bank_account_number = "12ab"
    form.payment_terms_days = "ninety"
    form.invoice_prefix = "INV 2026 !!"
    form.email = "sam at example"
    with pytest.raises(ValidationError) as raised:
        save_business(form)
    assert raised.value.by_field() == {
        "trading_name": "Business name is required.",
        "email": "Email 'sam at example' is not a valid email address (like name@example.com).",
        "bank_sort_code": "Sort code must be six digits, like 12-34-56.",
        "bank_account_number": "Account number must be eight digits.",
        "payment_terms_days": "Payment terms (days) must be a whole number from 0 to 365.",
        "invoice_prefix": (
            "Invoice number prefix must be 1 to 10 letters, digits, dashes or slashes, like INV-."
        ),
    }
    assert Business.get_by_id(business.id).trading_name == "Kind Hands Care"


FULL_BANK = {
    "bank_account_name": "S Carter",
    "bank_sort_code": "123456",
    "bank_account_number": "12345678",
}
NO_BANK = dict.fromkeys(FULL_BANK, "")


def stored_form() -> BusinessForm:
    return BusinessForm.of(require_business())


def test_update_changes_only_the_given_fields(business):
    before = stored_form()
    update_business({"postcode": "ls6 2ab", "payment_terms_days": "30"})
    after = stored_form()
    assert (after.postcode, after.payment_terms_days) == ("LS6 2AB", "30")
    after.postcode, after.payment_terms_days = before.postcode, before.payment_terms_days
    assert after == before
    assert Business.select().count() == 1


def test_update_keeps_payment_instructions(business):
    text = "Pay by Direct Payment card on 0113 000 0000"
    update_business({"payment_instructions": f"  {text}  "})
    assert require_business().payment_instructions == text
    update_business({"phone": "0113 496 0000"})
    assert require_business().payment_instructions == text


def test_payment_instructions_have_a_limit(business):
    with pytest.raises(ValidationError) as raised:
        update_business({"payment_instructions": "x" * 301})
    assert raised.value.by_field() == {
        "payment_instructions": "Payment instructions must be 300 characters or fewer "
        "(these are 301)."
    }
    update_business({"payment_instructions": "x" * 300})
    assert len(require_business().payment_instructions) == 300


def test_update_names_each_bad_field_and_saves_nothing(business):
    before = stored_form()
    with pytest.raises(ValidationError) as raised:
        update_business(
            {"owner_name": " ", "postcode": "nowhere", "utr": "123", "phone": "0113 496 0000"}
        )
    assert raised.value.by_field() == {
        "owner_name": "Your name is required.",
        "postcode": "Postcode 'nowhere' is not a UK postcode (like SW1A 1AA).",
        "utr": "Unique Taxpayer Reference (UTR) must be ten digits.",
    }
    assert stored_form() == before


def test_bank_details_are_all_three_or_none(business):
    update_business(NO_BANK)
    with pytest.raises(ValidationError) as raised:
        update_business({"bank_sort_code": "12-34-56"})
    assert raised.value.by_field() == {
        "bank_account_name": (
            "Bank details are incomplete: add the account name and account number, "
            "or leave all three blank."
        )
    }
    assert require_business().bank_sort_code == ""
    update_business(FULL_BANK)
    assert require_business().bank_sort_code == "12-34-56"
    with pytest.raises(ValidationError) as raised:
        update_business({"bank_account_number": ""})
    assert list(raised.value.by_field()) == ["bank_account_number"]
    assert "add the account number," in str(raised.value)
    update_business(NO_BANK)
    assert stored_form().bank_account_number == ""


def test_settings_checks_bank_details_too(business):
    form = replace(BusinessForm.of(business), **NO_BANK)
    form.bank_account_number = "12345678"
    with pytest.raises(ValidationError) as raised:
        validate_business(form)
    assert raised.value.by_field() == {
        "bank_account_name": (
            "Bank details are incomplete: add the account name and sort code, "
            "or leave all three blank."
        )
    }


def test_a_badly_typed_bank_detail_is_named_with_the_missing_ones(business):
    with pytest.raises(ValidationError) as raised:
        update_business({**NO_BANK, "bank_account_name": "S Carter", "bank_sort_code": "12-34"})
    assert raised.value.by_field() == {
        "bank_sort_code": "Sort code must be six digits, like 12-34-56.",
        "bank_account_number": (
            "Bank details are incomplete: add the account number, or leave all three blank."
        ),
    }


def test_update_before_set_up_needs_both_names(db):
    with pytest.raises(UserError, match="Set up your business first"):
        update_business({"postcode": "LS6 2AB"})
    with pytest.raises(UserError, match="Set up your business first"):
        update_business({"trading_name": "Kind Hands Care"})
    assert get_business() is None
    made = update_business(
        {"trading_name": "Kind Hands Care", "owner_name": "Sam Carter", "postcode": "ls6 2ab"}
    )
    assert (made.owner_name, made.postcode, made.payment_terms_days) == (
        "Sam Carter",
        "LS6 2AB",
        14,
    )


def test_update_before_set_up_with_blank_names_saves_nothing(db):
    with pytest.raises(ValidationError) as raised:
        update_business({"trading_name": "", "owner_name": "Sam Carter"})
    assert list(raised.value.by_field()) == ["trading_name"]
    assert get_business() is None


def test_update_refuses_unknown_fields(business):
    with pytest.raises(ValueError, match="next_invoice_number"):
        update_business({"next_invoice_number": "1"})
