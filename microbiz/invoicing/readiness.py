"""Whether invoices can be issued: what the business and organisation payers must have first.

An issued invoice can only be credited, never fixed, so nothing is issued while the seller's
address, a way to pay, or an organisation payer's address is missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from microbiz.foundations.business import require_business
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import PAYER_KINDS
from microbiz.foundations.models import Business
from microbiz.foundations.models import Client
from microbiz.foundations.models import Invoice

# Payers that are organisations: councils, the NHS, Shared Lives schemes, managed accounts.
ORGANISATION_PAYERS = ("council", "nhs", "scheme", "managed_account")
SETTINGS = "settings"
CLIENT = "client"


@dataclass(frozen=True)
class Missing:
    """One thing to add before issuing, and where it is added: Settings or a client."""

    words: str
    where: str = SETTINGS
    client_id: int | None = None


class NotReady(UserError):
    """Nothing was issued: `missing` lists what to add first."""

    def __init__(self, missing: list[Missing]) -> None:
        super().__init__(not_ready_sentence(missing))
        self.missing = missing


def missing_to_issue(invoices: Iterable[Invoice]) -> list[Missing]:
    """What must be added before these invoices can be issued; empty when they can be."""
    found = business_gaps(require_business())
    seen: set[int] = set()
    for invoice in invoices:
        if invoice.client_id not in seen:
            seen.add(invoice.client_id)
            found.extend(payer_gaps(invoice.client))
    return found


def check_ready(invoices: Iterable[Invoice]) -> None:
    """Raise NotReady naming every missing item, so that nothing is issued."""
    missing = missing_to_issue(invoices)
    if missing:
        raise NotReady(missing)


def business_gaps(business: Business) -> list[Missing]:
    """The seller's name, postal address and postcode, and a way to pay."""
    gaps = []
    if not business.trading_name.strip():
        gaps.append(Missing("your business name"))
    address = [
        label
        for label, value in (("address", business.address), ("postcode", business.postcode))
        if not value.strip()
    ]
    if address:
        gaps.append(Missing(f"your business {' and '.join(address)}"))
    if not (has_bank_details(business) or business.payment_instructions.strip()):
        gaps.append(Missing("your bank details (or how to pay you)"))
    return gaps


def has_bank_details(business: Business) -> bool:
    """Account name, sort code and account number, all three."""
    return all(
        value.strip()
        for value in (
            business.bank_account_name,
            business.bank_sort_code,
            business.bank_account_number,
        )
    )


def payer_gaps(client: Client) -> list[Missing]:
    """An organisation that pays needs its address on the invoice."""
    if client.payer_kind not in ORGANISATION_PAYERS or client.payer_address.strip():
        return []
    payer = client.payer_name.strip() or PAYER_KINDS[client.payer_kind].lower()
    return [Missing(f"the address of {payer}, who pays for {client.name}", CLIENT, client.id)]


def not_ready_sentence(missing: list[Missing]) -> str:
    """'cannot issue yet: add A, B, and C (Settings, or microbiz business set ...)'."""
    words = [item.words for item in missing]
    listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + ", and " + words[-1]
    hints = []
    if any(item.where == SETTINGS for item in missing):
        hints.append("Settings, or microbiz business set ...")
    if any(item.where == CLIENT for item in missing):
        hints.append("the client's details on the Clients page")
    return f"cannot issue yet: add {listed} ({'; '.join(hints)})"
