"""A week of work for Home's tests, built with the core's own functions.

The clock says Wednesday 25/11/2026 12:00; the week runs Monday 23 to Sunday 29 November.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.compliance.policies import PolicyForm
from microbiz.compliance.policies import save_policy
from microbiz.foundations.models import Client
from microbiz.foundations.models import Invoice
from microbiz.foundations.models import Policy
from microbiz.foundations.models import Visit
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import save_visit
from microbiz.invoicing.invoices import create_draft
from microbiz.invoicing.invoices import issue_invoice
from microbiz.invoicing.payments import record_payment

OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))


def add_visit(
    client: Client,
    day: str,
    start: str = "09:00",
    end: str = "11:00",
    status: str = "delivered",
    notes: str = "",
) -> Visit:
    form = VisitForm(client.id, support_visit_type(client).id, day, start, end, status=status)
    form.notes = notes
    return save_visit(form, allow_overlap=True)


def invoice_for(client: Client, first: date, last: date, issued_on: date) -> Invoice:
    """The client's visits from first to last, invoiced and issued on `issued_on`."""
    return issue_invoice(create_draft(client.id, first, last).id, issued_on, date_confirmed=True)


@dataclass
class Week:
    """What the week holds, to check Home's figures against."""

    margaret: Client
    jean: Client
    next_visit: Visit
    overdue: Invoice  # Margaret's, £36.00, due 14/11/2026
    not_due: Invoice  # Jean's, £60.00 with £20.00 paid, due 04/12/2026
    public_liability: Policy
    ico: Policy


def make_week() -> Week:
    """Two clients, four visits this week, two invoices owed, and three register reminders."""
    margaret = save_client(
        ClientForm(
            name="Margaret Brown",
            address="4 Mill Lane\nOtley",
            postcode="LS21 1AB",
            contracted_hours="10",
            weekday_rate="18",
        )
    )
    jean = save_client(
        ClientForm(
            name="Jean O'Neill",
            funding_route="council",
            payer_kind="council",
            payer_name="Leeds City Council",
            payer_address="Merrion House\nLeeds",
            contracted_hours="8",
            weekday_rate="20",
        )
    )
    add_visit(margaret, "05/10/2026")
    add_visit(jean, "06/10/2026", "10:00", "13:00")
    overdue = invoice_for(margaret, *OCTOBER, date(2026, 10, 31))
    not_due = invoice_for(jean, *OCTOBER, date(2026, 11, 20))
    record_payment(not_due.id, "20", date(2026, 11, 21))
    add_visit(margaret, "18/11/2026")  # last week
    add_visit(margaret, "23/11/2026", notes="Shopping and a walk by the river")
    add_visit(jean, "24/11/2026", "10:00", "12:00")
    later = add_visit(margaret, "25/11/2026", "14:00", "16:00", status="planned")
    add_visit(jean, "26/11/2026", "10:00", "12:00", status="cancelled")
    public_liability = save_policy(
        PolicyForm(kind="public_liability", provider="Hiscox", expires_on="10/12/2026")
    )
    ico = save_policy(PolicyForm(kind="ico_fee", provider="ICO", expires_on="01/11/2026"))
    return Week(margaret, jean, later, overdue, not_due, public_liability, ico)
