"""Erasing a client on request (UK GDPR), keeping only what the law says must be kept.

Personal data goes at once: contact details, notes, visit notes, schedules, drafts and visits
not on an issued invoice. Issued invoices are business records HMRC requires for 5 years
after the 31 January filing date of their tax year, so they stay as issued until then;
`erase_due` anonymises them once that date has passed. Afterwards the database file is
vacuumed with secure_delete, so nothing erased is left in it or in its write-ahead log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from microbiz.foundations import clock
from microbiz.foundations.audit_log import log
from microbiz.foundations.errors import UserError
from microbiz.foundations.instance import writing_lock
from microbiz.foundations.models import Client
from microbiz.foundations.models import Expense
from microbiz.foundations.models import Invoice
from microbiz.foundations.models import InvoiceEmail
from microbiz.foundations.models import InvoiceLine
from microbiz.foundations.models import InvoiceVisit
from microbiz.foundations.models import Journey
from microbiz.foundations.models import Payment
from microbiz.foundations.models import Recurring
from microbiz.foundations.models import Schedule
from microbiz.foundations.models import Visit
from microbiz.foundations.models import VisitType
from microbiz.foundations.models import database
from microbiz.foundations.paths import backups_dir
from microbiz.invoicing.invoices import delete_draft
from microbiz.privacy.subject_access import invoices_about
from microbiz.tax.taxyear import tax_year_of

KEEP_YEARS = 5
PERSONAL = ("address", "postcode", "phone", "email", "notes", "payer_name", "payer_address")
PAYER = ("payer_postcode", "payer_email", "payer_reference")


@dataclass(frozen=True)
class ErasurePlan:
    """What erasing a client does, to show before asking for confirmation."""

    client_id: int
    name: str
    kept_invoices: list[str]
    keep_until: date | None
    visits_kept: int
    visits_deleted: int
    unbilled_delivered: int
    drafts: int

    def words(self) -> list[str]:
        """The plan in plain sentences."""
        lines = [
            f"{self.name}'s contact details, notes, schedules and visit notes will be erased, "
            f"and their name replaced by 'Erased client {self.client_id}'.",
            f"{self.visits_deleted} visits not on an issued invoice will be deleted.",
        ]
        if self.unbilled_delivered:
            lines.append(
                f"{self.unbilled_delivered} of them were delivered but not yet invoiced: "
                "invoice them first if you are owed for them."
            )
        if self.drafts:
            lines.append(f"{self.drafts} draft invoices will be deleted.")
        if self.kept_invoices:
            lines.append(
                f"{len(self.kept_invoices)} issued invoices ({', '.join(self.kept_invoices)}) "
                f"and the {self.visits_kept} visits on them must be kept for HMRC until "
                f"{self.keep_until:%d/%m/%Y}; `microbiz erase-due` anonymises them after that."
            )
        return lines


def keep_until(issue_date: date) -> date:
    """The last day an invoice must be kept: 5 years after its tax year's 31 January filing."""
    return date(tax_year_of(issue_date).end.year + 1 + KEEP_YEARS, 1, 31)


def erasure_plan(client_id: int) -> ErasurePlan:
    client = _live_client(client_id)
    issued = [i for i in invoices_about(client) if i.issued]
    kept_visits = _billed_on(issued).where(Visit.client == client)
    others = Visit.select().where(Visit.client == client, Visit.id.not_in(kept_visits))
    return ErasurePlan(
        client_id=client.id,
        name=client.name,
        kept_invoices=sorted(i.number for i in issued),
        keep_until=max((keep_until(i.issue_date) for i in issued), default=None),
        visits_kept=kept_visits.count(),
        visits_deleted=others.count(),
        unbilled_delivered=others.where(Visit.status != "planned").count(),
        drafts=len([i for i in invoices_about(client) if not i.issued]),
    )


def _live_client(client_id: int) -> Client:
    client = Client.get_or_none(Client.id == client_id)
    if client is None:
        raise UserError(f"There is no client number {client_id}.")
    if client.erased_on is not None:
        raise UserError(f"{client.name} was erased on {client.erased_on:%d/%m/%Y}.")
    return client


def _billed_on(invoices: list[Invoice]):
    lines = InvoiceLine.select(InvoiceLine.id).where(InvoiceLine.invoice.in_(invoices))
    billed = InvoiceVisit.select(InvoiceVisit.visit).where(InvoiceVisit.line.in_(lines))
    return Visit.select(Visit.id).where(Visit.id.in_(billed))


def erase_client(client_id: int, today: date | None = None) -> ErasurePlan:
    """Erase the client as `erasure_plan` says, in one transaction; then scrub the file."""
    today = today or clock.today()
    plan = erasure_plan(client_id)
    with database.atomic():
        client = _live_client(client_id)
        for draft in [i for i in invoices_about(client) if not i.issued]:
            delete_draft(draft.id)
        issued = [i for i in invoices_about(client) if i.issued]
        kept = _billed_on(issued).where(Visit.client == client)
        Visit.delete().where(Visit.client == client, Visit.id.not_in(kept)).execute()
        Visit.update(notes="").where(Visit.client == client).execute()
        Schedule.delete().where(Schedule.client == client).execute()
        Recurring.delete().where(Recurring.client == client).execute()
        used = Visit.select(Visit.visit_type).where(Visit.client == client)
        VisitType.delete().where(VisitType.client == client, VisitType.id.not_in(used)).execute()
        _unlink_tax_records(client)
        _anonymise_client(client, today, plan.keep_until)
        log("client_erased", f"client {client.id}; {len(issued)} issued invoices kept")
    scrub()
    return plan


def _unlink_tax_records(client: Client) -> None:
    """Expenses and journeys are the business's tax records: kept, but no longer about them."""
    about = f"erased client {client.id}"
    Expense.update(client=None, description=f"Expense for {about}").where(
        Expense.client == client
    ).execute()
    Journey.update(client=None, from_place="", to_place="", purpose=f"Visit to {about}").where(
        Journey.client == client
    ).execute()


def _anonymise_client(client: Client, today: date, until: date | None) -> None:
    for field in (*PERSONAL, *PAYER):
        setattr(client, field, "")
    client.name = f"Erased client {client.id}"
    client.status = "ended"
    client.erased_on = today
    client.keep_until = until
    client.updated_at = clock.now()
    client.save()


def erase_due(today: date | None = None) -> list[str]:
    """Anonymise the kept invoices of erased clients whose keeping date has passed."""
    today = today or clock.today()
    due = Client.select().where(Client.keep_until.is_null(False), Client.keep_until < today)
    done = []
    with database.atomic():
        for client in due:
            done += _anonymise_invoices(client)
            client.keep_until = None
            client.save()
    if done:
        scrub()
    return sorted(done)


def _anonymise_invoices(client: Client) -> list[str]:
    """Their name on their invoices; where a person paid, the payer's details and references."""
    label = f"Support for: erased client {client.id}"
    invoices = list(invoices_about(client).where(Invoice.issued))
    for invoice in invoices:
        if invoice.client_id == client.id and not invoice.per_payer:
            changes = {"client_label": label, "payer_reference": ""}
            if invoice.payer_kind == "person":  # they, or family: not a council or the NHS
                changes.update(payer_name="Erased", payer_address="", payer_postcode="",
                               payer_email="")  # fmt: skip
                InvoiceEmail.update(address="erased").where(
                    InvoiceEmail.invoice == invoice
                ).execute()
                # a bank line's words, kept as the reference, name whoever paid
                Payment.update(reference="").where(Payment.invoice == invoice).execute()
            Invoice.update(**changes).where(Invoice.id == invoice.id).execute()
        InvoiceLine.update(section=label).where(
            InvoiceLine.invoice == invoice, InvoiceLine.client == client
        ).execute()
    numbers = [i.number for i in invoices]
    log("invoices_erased", f"client {client.id}: {', '.join(numbers) or 'none'}")
    return numbers


def scrub() -> None:
    """Leave nothing erased in the file: merge the search index, fold the log in, vacuum."""
    db = database.obj
    with writing_lock(_folder()):
        db.execute_sql("PRAGMA secure_delete = ON")
        db.execute_sql("INSERT INTO visit_search (visit_search) VALUES ('optimize')")
        db.execute_sql("VACUUM")
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def backups_before() -> list[Path]:
    """The backups there are now: made before the erasure, they still hold what it erased."""
    return sorted(backups_dir(_folder()).glob("*.sqlite"))


def _folder() -> Path:
    """The data folder of the open database."""
    return Path(database.obj.database).parent
