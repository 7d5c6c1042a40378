"""Commands for the business profile: show it, or change some of its details."""

from __future__ import annotations

import argparse
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
    change.set_defaults(run=_set)


def _show(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        details = _details(require_business())
    if args.json:
        print(json.dumps(details, indent=2))
    else:
        print("\n".join(_lines(details)))


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
    with open_data(folder):
        existing = get_business()
        before = BusinessForm.of(existing) if existing else None
        after = BusinessForm.of(update_business(changes))
    print(_confirmation(before, after))


def _changes(args: argparse.Namespace) -> dict[str, str]:
    """The options typed, by field; a literal backslash-n in the address is a new line."""
    changes = {
        field: getattr(args, field)
        for field, _, _ in OPTIONS.values()
        if getattr(args, field) is not None
    }
    if not changes:
        raise UserError(f"Say what to change: {', '.join(OPTIONS)}.")
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
