"""Four issued invoices for the bank statement tests, built with the core's own functions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.foundations.business import BusinessForm
from microbiz.foundations.business import save_business
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import save_visit
from microbiz.invoicing.invoices import create_draft
from microbiz.invoicing.invoices import issue_invoice

BANK = Path(__file__).parent / "fixtures" / "bank"
# name, payer kind, payer name, payer reference, visit end: INV-0001 to INV-0004
PEOPLE = (
    ("Margaret Brown", "person", "", "", "11:00"),  # £36.00
    ("Tom Jones", "council", "Leeds City Council", "PO-7781", "13:00"),  # £72.00
    ("Vera Lamb", "representative", "Alan Lamb", "", "12:00"),  # £54.00
    ("Joan Pike", "person", "", "", "14:00"),  # £90.00
)


def issue_four_invoices() -> None:
    """INV-0001 to INV-0004, issued 20/11/2026, for the clients in PEOPLE."""
    save_business(
        BusinessForm(
            trading_name="Kind Hands Care",
            owner_name="Sam Carter",
            address="14 Moorland Avenue, Leeds",
            postcode="LS6 1AL",
            bank_account_name="S Carter",
            bank_sort_code="60-16-13",
            bank_account_number="31926819",
        )
    )
    for name, kind, payer, reference, end in PEOPLE:
        client = save_client(
            ClientForm(
                name=name,
                weekday_rate="18",
                payer_kind=kind,
                payer_name=payer,
                payer_address="Merrion House, Leeds" if payer else "",
                payer_reference=reference,
            )
        )
        form = VisitForm(client.id, support_visit_type(client).id, "02/11/2026", "09:00", end)
        save_visit(form, allow_overlap=True)
        draft = create_draft(client.id, date(2026, 11, 1), date(2026, 11, 30))
        issue_invoice(draft.id, date(2026, 11, 20))
