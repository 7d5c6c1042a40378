"""Commands for the business profile: show it, or change some of its details."""

from __future__ import annotations

import argparse
import getpass
import json
from dataclasses import asdict
from pathlib import Path

from microbiz.commands.common import open_data
from microbiz.foundations.business import LABELS
from microbiz.foundations.business import BusinessForm
from microbiz.foundations.business import get_business
from microbiz.foundations.business import require_business
from microbiz.foundations.business import update_business
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Business
from microbiz.foundations.models import database
from microbiz.invoicing.emailing import MailSettings
from microbiz.invoicing.emailing import mail_settings
from microbiz.invoicing.emailing import remember_password
from microbiz.invoicing.emailing import save_mail_settings
from microbiz.tax.care_relief import set_care_relief
from microbiz.tax.care_relief import settings_words

# option -> (field, metavar, help)
OPTIONS = {
    "--trading-name": ("trading_name", "T", "business name"),
    "--owner-name": ("owner_name", "N", "your name"),
    "--address": ("address", "A", "address; type \\n between lines, or commas"),
    "--postcode": ("postcode", "P", "postcode, like LS6 1AL"),
    "--phone": ("phone", "X", "phone number"),
    "--email": ("email", "E", "email address"),
    "--account-name": ("bank_account_name", "N", "bank account name"),
    "--sort-code": ("bank_sort_code", "S", "sort code, like 12-34-56"),
    "--account-number": ("bank_account_number", "N", "account number, 8 digits"),
    "--payment-instructions": (
        "payment_instructions",
        "TEXT",
        "another way to pay you, shown on invoices",
    ),
    "--terms": ("payment_terms_days", "DAYS", "days clients have to pay an invoice"),
    "--prefix": ("invoice_prefix", "P", "goes in front of invoice numbers, like INV-"),
    "--utr": ("utr", "U", "Unique Taxpayer Reference, 10 digits"),
}
# option -> (setting, metavar, help): the mail server invoices are sent through
MAIL_OPTIONS = {
    "--smtp-host": ("host", "H", "mail server for sending invoices, like smtp.example.com"),
    "--smtp-port": ("port", "P", "its port: usually 587 (starttls) or 465 (ssl)"),
    "--smtp-security": ("security", "S", "starttls, ssl or none"),
    "--smtp-user": ("user", "U", "user name (save the password with `business mail-password`)"),
}
# option -> (argument of set_care_relief, metavar, help): qualifying care relief (HS236)
CARE_OPTIONS = {
    "--shared-lives-carer": ("carer", "yes|no", "whether you are a Shared Lives carer"),
    "--households-sharing": (
        "carers_in_household",
        "N",
        "carers sharing your household's fixed amount (1 if only you)",
    ),
    "--care-relief-method": ("method", "simplified|normal", "over the limit, which profit to use"),
}
SET_EPILOG = (
    'Only the details given change; "" clears one. Bank details are all three or none. '
    "Nothing is saved if any detail is wrong."
)
NOT_SET = "(not set)"


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register `business show` and `business set`."""
    business = commands.add_parser("business", help="see or change your business details")
    actions = business.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="every detail invoices use")
    show.add_argument("--json", action="store_true", help="for scripts")
    show.set_defaults(run=_show)
    change = actions.add_parser("set", help="change only the details given", epilog=SET_EPILOG)
    for option, (field, metavar, help_text) in OPTIONS.items():
        change.add_argument(option, dest=field, metavar=metavar, help=help_text)
    for option, (setting, metavar, help_text) in MAIL_OPTIONS.items():
        change.add_argument(option, dest=f"smtp_{setting}", metavar=metavar, help=help_text)
    for option, (setting, metavar, help_text) in CARE_OPTIONS.items():
        change.add_argument(option, dest=f"care_{setting}", metavar=metavar, help=help_text)
    change.set_defaults(run=_set)
    password = actions.add_parser(
        "mail-password", help="keep the mail server's password in this computer's keyring"
    )
    password.set_defaults(run=_mail_password)


def _show(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        business = require_business()
        details = _details(business)
        extras = [_mail_words(mail_settings(business)), settings_words(business)]
    if args.json:
        print(json.dumps(details, indent=2))
    else:
        print("\n".join([*_lines(details), *extras]))


def _details(business: Business) -> dict:
    """The profile by field name, for scripts: payment terms a number, the rest text."""
    details: dict = asdict(BusinessForm.of(business))
    details["payment_terms_days"] = business.payment_terms_days
    return details


def _lines(details: dict) -> list[str]:
    """'Label: value', one line each; an address's lines joined with commas."""
    shown = dict(details)
    days = shown["payment_terms_days"]
    shown["payment_terms_days"] = f"{days} day" if days == 1 else f"{days} days"
    return [f"{LABELS[name]}: {_one_line(str(shown[name]))}" for name in LABELS]


def _one_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return ", ".join(lines) or NOT_SET


def _set(args: argparse.Namespace, folder: Path) -> None:
    """Save the options given, all or nothing, and say which details changed."""
    changes = _changes(args)
    mail = {
        setting: getattr(args, f"smtp_{setting}")
        for setting, _, _ in MAIL_OPTIONS.values()
        if getattr(args, f"smtp_{setting}") is not None
    }
    care = {
        setting: getattr(args, f"care_{setting}")
        for setting, _, _ in CARE_OPTIONS.values()
        if getattr(args, f"care_{setting}") is not None
    }
    if not changes and not mail and not care:
        every = ", ".join([*OPTIONS, *MAIL_OPTIONS, *CARE_OPTIONS])
        raise UserError(f"Say what to change: {every}.")
    with open_data(folder), database.atomic():
        if changes:
            existing = get_business()
            before = BusinessForm.of(existing) if existing else None
            print(_confirmation(before, BusinessForm.of(update_business(changes))))
        if mail:
            print(_mail_words(save_mail_settings(mail)))
        if care:
            print(settings_words(set_care_relief(**care)))


def _mail_words(settings: MailSettings) -> str:
    """'Mail server: smtp.example.com:587, security starttls, user sam.' or not set."""
    if not settings.host:
        return f"Mail server: {NOT_SET}"
    user = f", user {settings.user}" if settings.user else ", no user name"
    return f"Mail server: {settings.host}:{settings.port}, security {settings.security}{user}."


def _mail_password(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        settings = mail_settings()
    if not settings.user:
        raise UserError("Mail user name: set it first (business set --smtp-user U).")
    password = getpass.getpass(f"Password for {settings.user} at {settings.host}: ")
    if not password:
        raise UserError("Mail password: nothing was typed, so nothing was saved.")
    remember_password(settings, password)
    print(f"Saved the password for {settings.user} in this computer's keyring.")


def _changes(args: argparse.Namespace) -> dict[str, str]:
    """The options typed, by field; a literal backslash-n in the address is a new line."""
    changes = {
        field: getattr(args, field)
        for field, _, _ in OPTIONS.values()
        if getattr(args, field) is not None
    }
    if "address" in changes:
        changes["address"] = changes["address"].replace("\\n", "\n")
    return changes


def _confirmation(before: BusinessForm | None, after: BusinessForm) -> str:
    """'Changed: Phone, Postcode.', or that nothing needed changing."""
    changed = ", ".join(
        LABELS[name]
        for name in LABELS
        if getattr(before or BusinessForm(), name) != getattr(after, name)
    )
    if before is None:
        return f"Set up {after.trading_name}: {changed}."
    if not changed:
        return "Nothing changed: those details were already saved."
    return f"Changed: {changed}."
