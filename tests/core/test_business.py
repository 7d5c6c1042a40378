import pytest

from microbiz.business import BusinessForm
from microbiz.business import get_business
from microbiz.business import require_business
from microbiz.business import save_business
from microbiz.business import start_business
from microbiz.errors import UserError
from microbiz.errors import ValidationError
from microbiz.models import Business


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
