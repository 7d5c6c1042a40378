"""The business profile: one per data folder, with the details invoices need."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import fields
from dataclasses import replace

from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Business
from microbiz.foundations.models import database
from microbiz.foundations.validation import Fields

LABELS = {
    "trading_name": "Business name",
    "owner_name": "Your name",
    "address": "Address",
    "postcode": "Postcode",
    "phone": "Phone",
    "email": "Email",
    "bank_account_name": "Account name",
    "bank_sort_code": "Sort code",
    "bank_account_number": "Account number",
    "payment_instructions": "Payment instructions",
    "payment_terms_days": "Payment terms (days)",
    "invoice_prefix": "Invoice number prefix",
    "utr": "Unique Taxpayer Reference (UTR)",
}
BANK_FIELDS = ("bank_account_name", "bank_sort_code", "bank_account_number")
INSTRUCTIONS_MAX = 300


@dataclass
class BusinessForm:
    """The business profile as typed, before validation."""

    trading_name: str = ""
    owner_name: str = ""
    address: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    bank_account_name: str = ""
    bank_sort_code: str = ""
    bank_account_number: str = ""
    payment_instructions: str = ""
    payment_terms_days: str = "14"
    invoice_prefix: str = "INV-"
    utr: str = ""

    @classmethod
    def of(cls, business: Business) -> BusinessForm:
        return cls(**{f.name: str(getattr(business, f.name)) for f in fields(cls)})


def get_business() -> Business | None:
    """The business profile, or None before first-run set-up."""
    return Business.select().order_by(Business.id).first()


def require_business() -> Business:
    """The business profile; a UserError before first-run set-up."""
    business = get_business()
    if business is None:
        raise UserError("Set up your business first (run Microbiz, or `microbiz demo`).")
    return business


def validate_business(form: BusinessForm) -> dict:
    """The cleaned values to store; a ValidationError naming every wrong field."""
    check = Fields()
    label = LABELS.__getitem__
    values = {
        "trading_name": check.text("trading_name", label("trading_name"), form.trading_name, True),
        "owner_name": check.text("owner_name", label("owner_name"), form.owner_name, True),
        "address": check.text("address", label("address"), form.address),
        "postcode": check.postcode("postcode", label("postcode"), form.postcode),
        "phone": check.text("phone", label("phone"), form.phone),
        "email": check.email("email", label("email"), form.email),
        "bank_account_name": check.text(
            "bank_account_name", label("bank_account_name"), form.bank_account_name
        ),
        "bank_sort_code": _sort_code(check, form.bank_sort_code),
        "bank_account_number": _account_number(check, form.bank_account_number),
        "payment_instructions": _instructions(check, form.payment_instructions),
        "payment_terms_days": check.whole_number(
            "payment_terms_days", label("payment_terms_days"), form.payment_terms_days, 0, 365
        ),
        "invoice_prefix": _invoice_prefix(check, form.invoice_prefix),
        "utr": _utr(check, form.utr),
    }
    _bank_details_complete(check, values)
    check.done()
    return values


def _sort_code(check: Fields, value: str) -> str:
    """Six digits, shown as 12-34-56."""
    digits = re.sub(r"[\s-]", "", value or "")
    if not digits:
        return ""
    if not re.fullmatch(r"\d{6}", digits):
        check.fail("bank_sort_code", "Sort code must be six digits, like 12-34-56.")
        return value.strip()
    return f"{digits[:2]}-{digits[2:4]}-{digits[4:]}"


def _account_number(check: Fields, value: str) -> str:
    digits = re.sub(r"\s", "", value or "")
    if digits and not re.fullmatch(r"\d{8}", digits):
        check.fail("bank_account_number", "Account number must be eight digits.")
    return digits


def _instructions(check: Fields, value: str) -> str:
    """Free text such as "Pay by Direct Payment card on 0113 000 0000"; optional."""
    text = check.text("payment_instructions", "Payment instructions", value)
    if len(text) > INSTRUCTIONS_MAX:
        check.fail(
            "payment_instructions",
            f"Payment instructions must be {INSTRUCTIONS_MAX} characters or fewer "
            f"(these are {len(text)}).",
        )
    return text


def _bank_details_complete(check: Fields, values: dict) -> None:
    """Bank details are all three or none; one problem, on the first one missing."""
    missing = [name for name in BANK_FIELDS if not values[name]]
    if not missing or len(missing) == len(BANK_FIELDS):
        return
    named = " and ".join(LABELS[name].lower() for name in missing)
    check.fail(
        missing[0],
        f"Bank details are incomplete: add the {named}, or leave all three blank.",
    )


def _invoice_prefix(check: Fields, value: str) -> str:
    prefix = (value or "").strip()
    if not re.fullmatch(r"[A-Za-z0-9/_-]{1,10}", prefix):
        check.fail(
            "invoice_prefix",
            "Invoice number prefix must be 1 to 10 letters, digits, dashes or slashes, like INV-.",
        )
    return prefix


def _utr(check: Fields, value: str) -> str:
    digits = re.sub(r"\s", "", value or "")
    if digits and not re.fullmatch(r"\d{10}", digits):
        check.fail("utr", "Unique Taxpayer Reference (UTR) must be ten digits.")
    return digits


def save_business(form: BusinessForm) -> Business:
    """Create or update the business profile; nothing is saved if any field is wrong."""
    values = validate_business(form)
    with database.atomic():
        business = get_business()
        if business is None:
            return Business.create(**values)
        for key, value in values.items():
            setattr(business, key, value)
        business.save()
    return business


def update_business(changes: Mapping[str, str]) -> Business:
    """Change only the given fields of the saved profile, checked as Settings checks them.

    Before first-run set-up this creates the business if both names are given. Nothing is
    saved if any field is wrong.
    """
    unknown = set(changes) - {f.name for f in fields(BusinessForm)}
    if unknown:
        raise ValueError(f"Not business fields: {', '.join(sorted(unknown))}")
    business = get_business()
    if business is None:
        if not {"trading_name", "owner_name"} <= set(changes):
            require_business()  # says to set up the business first
        return save_business(replace(BusinessForm(), **changes))
    return save_business(replace(BusinessForm.of(business), **changes))


def start_business(trading_name: str, owner_name: str) -> Business:
    """First-run set-up: just the two names; the rest can be filled in later."""
    return save_business(BusinessForm(trading_name=trading_name, owner_name=owner_name))


def set_calendar_quarters(chosen: bool) -> Business:
    """Record whether the user has elected calendar quarters for Making Tax Digital."""
    business = require_business()
    business.calendar_quarters = chosen
    business.save()
    return business
