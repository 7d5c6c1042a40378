"""Draft invoices from logged hours, their lines, and issuing them with gapless numbers."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from datetime import date
from datetime import timedelta
from decimal import Decimal
from decimal import InvalidOperation
from fractions import Fraction

import peewee

from microbiz.clients.details import get_client
from microbiz.clients.details import initials
from microbiz.foundations import clock
from microbiz.foundations.audit_log import log
from microbiz.foundations.business import require_business
from microbiz.foundations.dates import format_date
from microbiz.foundations.dates import format_duration
from microbiz.foundations.errors import FieldError
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import Business
from microbiz.foundations.models import Client
from microbiz.foundations.models import Invoice
from microbiz.foundations.models import InvoiceLine
from microbiz.foundations.models import InvoiceVisit
from microbiz.foundations.models import Visit
from microbiz.foundations.models import VisitType
from microbiz.foundations.models import database
from microbiz.foundations.money import LIMIT_PENCE
from microbiz.foundations.money import LIMIT_WORDS
from microbiz.foundations.money import format_money
from microbiz.foundations.money import pence_for_minutes
from microbiz.foundations.money import round_half_up
from microbiz.foundations.validation import Fields
from microbiz.hours.billing import is_billed
from microbiz.hours.billing import live_invoices
from microbiz.hours.pricing import BANK_HOLIDAY
from microbiz.hours.pricing import FLAT
from microbiz.hours.pricing import WEEKDAY
from microbiz.hours.pricing import WEEKEND
from microbiz.hours.pricing import Segment
from microbiz.hours.visits import CHARGED
from microbiz.hours.visits import charge_of
from microbiz.invoicing.readiness import check_ready
from microbiz.invoicing.recurring import Slice
from microbiz.invoicing.recurring import due_slices
from microbiz.invoicing.recurring import record_billed

QUANTITY_LIMIT = 100_000
GROUPINGS = {"visit": "One line per visit", "week": "One line per week and visit type"}
PER = {"client": "One invoice per client", "payer": "One invoice per payer, a section per client"}
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
BANDS = (WEEKDAY, WEEKEND, BANK_HOLIDAY, FLAT)


def invoice_number(prefix: str, sequence: int) -> str:
    """INV-0001: the prefix and the sequence, at least four digits."""
    return f"{prefix}{sequence:04d}"


def billable_visits(client_id: int, first: date, last: date) -> list[Visit]:
    """Delivered and charged-cancelled visits in the period that no live invoice bills yet."""
    return list(
        Visit.select(Visit, VisitType)
        .join(VisitType)
        .where(
            Visit.client == client_id,
            Visit.status.in_(CHARGED),
            Visit.start >= first,
            Visit.start < last + timedelta(days=1),
            ~is_billed(Visit.id),
        )
        .order_by(Visit.start, Visit.id)
    )


@dataclass
class PlannedLine:
    """A line before it is saved, with the visits it bills."""

    kind: str
    description: str
    quantity: str
    unit: str
    unit_price_pence: int | None
    amount_pence: int
    visits: list[Visit] = field(default_factory=list)
    client: Client | None = None
    section: str = ""
    recurring: Slice | None = None


def create_draft(client_id: int, first: date, last: date, grouping: str = "visit") -> Invoice:
    """A draft for a client's unbilled visits and recurring payments, with mileage if charged."""
    _check_period(first, last, grouping)
    with database.atomic():
        client = get_client(client_id)
        visits = billable_visits(client.id, first, last)
        if not visits and not due_slices(client.id, first, last):
            also = ", nor recurring payments due," if client.recurring.exists() else ""
            raise UserError(
                f"{client.name} has no delivered visits to invoice{also} from {_span(first, last)}."
            )
        return _draft(client, visits, first, last, grouping)


def _check_period(first: date, last: date, grouping: str) -> None:
    if last < first:
        raise UserError("The invoice period ends before it starts.")
    if grouping not in GROUPINGS:
        raise UserError(f"'{grouping}' is not a way of grouping lines.")


def _draft(client: Client, visits: list[Visit], first: date, last: date, grouping: str) -> Invoice:
    lines = _client_lines(client, visits, first, last, grouping)
    with database.atomic():
        invoice = Invoice.create(
            client=client, period_start=first, period_end=last, **payer_of(client)
        )
        _add_lines(invoice, lines)
    return invoice


def _client_lines(
    client: Client, visits: list[Visit], first: date, last: date, grouping: str
) -> list[PlannedLine]:
    lines = visit_lines(visits) if grouping == "visit" else week_lines(visits)
    lines += recurring_lines(client, first, last)
    return lines + mileage_lines(client, visits, first, last)


def recurring_lines(client: Client, first: date, last: date) -> list[PlannedLine]:
    """A fixed-amount line for each unbilled period (or part, pro rata) of the arrangements."""
    return [
        PlannedLine(
            "manual",
            part.description(),
            "1",
            "",
            part.amount_pence,
            part.amount_pence,
            recurring=part,
        )
        for part in due_slices(client.id, first, last)
    ]


def _span(first: date, last: date) -> str:
    return f"{format_date(first)} to {format_date(last)}"


def payer_of(client: Client) -> dict:
    """Who the invoice goes to, as it will be kept on the invoice once issued."""
    pays_self = _pays_self(client)
    return {
        "payer_kind": client.payer_kind,
        "payer_name": client.name if pays_self else client.payer_name,
        "payer_address": client.address if pays_self else client.payer_address,
        "payer_postcode": client.postcode if pays_self else client.payer_postcode,
        "payer_email": client.email if pays_self else client.payer_email,
        "payer_reference": client.payer_reference,
        "client_label": client_label(client),
    }


def _pays_self(client: Client) -> bool:
    return client.payer_kind == "person" or not client.payer_name.strip()


def client_label(client: Client) -> str:
    """How the invoice names the person supported: name, initials or the payer's reference."""
    if client.invoice_shows == "reference" and client.payer_reference.strip():
        return f"Support for: reference {client.payer_reference.strip()}"
    if client.invoice_shows in ("initials", "reference"):
        return "Support for: " + initials(client.name)
    return f"Support for: {client.name}"


BAND_WORDS = {WEEKEND: ", weekend rate", BANK_HOLIDAY: ", bank holiday rate"}


def visit_lines(visits: Iterable[Visit]) -> list[PlannedLine]:
    """One line per visit (a line per rate when midnight splits it): day, times, type, band."""
    lines = []
    for visit in visits:
        times = f"{visit.start:%H:%M}–{visit.end:%H:%M}"
        description = f"{_day(visit.start.date())} {times} {visit.visit_type.name}"
        if visit.status == "cancelled_chargeable":
            description += " (cancelled at short notice)"
        parts = _by_rate(charge_of(visit).segments)
        for (band, rate), segments in parts.items():
            text = description + BAND_WORDS.get(band, "")
            if len(parts) > 1:
                text += f", the part on {_day(segments[0].day)}"
            lines.append(_priced_line("visit", text, [visit], band, rate, segments))
    return lines


def week_lines(visits: Iterable[Visit]) -> list[PlannedLine]:
    """One line per week, visit type and rate: how many visits, their time and amount."""
    groups: dict[tuple, list[tuple[Visit, Segment]]] = {}
    for visit in sorted(visits, key=lambda v: (v.start, v.id)):
        day = visit.start.date()
        monday = day - timedelta(days=day.weekday())
        for segment in charge_of(visit).segments:
            key = (monday, visit.visit_type.name, segment.band, segment.rate_pence)
            groups.setdefault(key, []).append((visit, segment))
    lines = []
    for (monday, type_name, band, rate), found in sorted(groups.items(), key=_week_order):
        chosen = list(dict.fromkeys(visit for visit, _ in found))
        count = len(chosen)
        description = (
            f"Week of {_day(monday)}: {type_name}{BAND_WORDS.get(band, '')}, "
            f"{count} visit{'' if count == 1 else 's'}"
        )
        segments = [segment for _, segment in found]
        lines.append(_priced_line("visits", description, chosen, band, rate, segments))
    return lines


def _week_order(item: tuple) -> tuple:
    (monday, type_name, band, rate), _ = item
    return monday, type_name, list(BANDS).index(band), rate


def _by_rate(segments: Iterable[Segment]) -> dict[tuple[str, int], list[Segment]]:
    parts: dict[tuple[str, int], list[Segment]] = {}
    for segment in segments:
        parts.setdefault((segment.band, segment.rate_pence), []).append(segment)
    return parts


def _priced_line(
    kind: str, description: str, visits: list[Visit], band: str, rate: int, segments: list
) -> PlannedLine:
    """Visits at a flat fee, or minutes at one hourly rate, priced as the line prints them."""
    if band == FLAT:
        count = len(visits)
        return PlannedLine(kind, description, str(count), "visit", rate, rate * count, visits)
    minutes = sum(segment.minutes for segment in segments)
    amount = pence_for_minutes(rate, minutes)
    return PlannedLine(kind, description, str(minutes), "min", rate, amount, visits)


def mileage_lines(
    client: Client, visits: list[Visit], first: date, last: date
) -> list[PlannedLine]:
    """A single mileage line at the client's rate, when they are charged for mileage."""
    tenths = sum(v.mileage_tenths for v in visits if v.status == "delivered")
    rate = client.mileage_rate_pence
    if not rate or not tenths:
        return []
    miles = f"{tenths // 10}.{tenths % 10}"
    amount = round_half_up(Fraction(rate * tenths, 10))
    return [PlannedLine("mileage", f"Mileage, {_span(first, last)}", miles, "miles", rate, amount)]


def _day(day: date) -> str:
    return f"{WEEKDAY_NAMES[day.weekday()]} {format_date(day)}"


def _add_lines(invoice: Invoice, lines: list[PlannedLine]) -> None:
    """Add the lines after the invoice's last, with the visits each bills, a few hundred
    rows to a statement (a statement a row was most of month end), and the days each
    recurring line bills."""
    start = InvoiceLine.select().where(InvoiceLine.invoice == invoice).count()
    numbered = list(enumerate(lines, start=start + 1))
    for rows in peewee.chunked([_line_row(invoice, *line) for line in numbered], ROWS_AT_ONCE):
        InvoiceLine.insert_many(rows).execute()
    added = InvoiceLine.select(InvoiceLine.position, InvoiceLine.id).where(
        (InvoiceLine.invoice == invoice) & (InvoiceLine.position > start)
    )
    ids = dict(added.tuples())
    links = [
        {"line": ids[position], "visit": visit.id}
        for position, planned in numbered
        for visit in planned.visits
    ]
    for rows in peewee.chunked(links, ROWS_AT_ONCE):
        InvoiceVisit.insert_many(rows).execute()
    for position, planned in numbered:
        if planned.recurring:
            part = planned.recurring
            record_billed(part.recurring, ids[position], part.first_day, part.last_day)
    _refresh_total(invoice)


# Rows inserted by one statement: well under SQLite's 32,766 values.
ROWS_AT_ONCE = 500


def _line_row(invoice: Invoice, position: int, planned: PlannedLine) -> dict:
    return {
        "invoice": invoice.id,
        "position": position,
        "kind": planned.kind,
        "description": planned.description,
        "quantity": planned.quantity,
        "unit": planned.unit,
        "unit_price_pence": planned.unit_price_pence,
        "amount_pence": planned.amount_pence,
        "client": planned.client,
        "section": planned.section,
    }


def _refresh_total(invoice: Invoice) -> None:
    """The total is the sum of the line amounts, always."""
    total = InvoiceLine.select(
        peewee.fn.COALESCE(peewee.fn.SUM(InvoiceLine.amount_pence), 0)
    ).where(InvoiceLine.invoice == invoice)
    Invoice.update(total_pence=total).where(Invoice.id == invoice.id).execute()
    invoice.total_pence = Invoice.get_by_id(invoice.id).total_pence


def clients_on(invoice: Invoice) -> list[Client]:
    """Whose support the invoice bills: its sections' clients in order, or just its client."""
    if not invoice.per_payer:
        return [invoice.client]
    found = (
        Client.select()
        .join(InvoiceLine, on=InvoiceLine.client == Client.id)
        .where(InvoiceLine.invoice == invoice)
        .group_by(Client.id)
        .order_by(peewee.fn.MIN(InvoiceLine.position))
    )
    return list(found)


def get_invoice(invoice_id: int) -> Invoice:
    invoice = Invoice.get_or_none(Invoice.id == invoice_id)
    if invoice is None:
        raise UserError(f"There is no invoice number {invoice_id}.")
    return invoice


def find_invoice(number: str) -> Invoice:
    """An issued invoice by its number, as the user types it (any case)."""
    invoice = Invoice.get_or_none(peewee.fn.upper(Invoice.number) == number.strip().upper())
    if invoice is None:
        raise UserError(f"There is no invoice {number}.")
    return invoice


class AlreadyIssued(UserError):
    """The invoice is issued, so it is no longer a draft to change or issue."""


def draft(invoice_id: int) -> Invoice:
    """The invoice, if it is still a draft; issued ones are never changed."""
    invoice = get_invoice(invoice_id)
    if invoice.issued:
        raise AlreadyIssued(
            f"Invoice {invoice.number} has been issued, so it cannot be changed. "
            "Correct it with a credit note."
        )
    return invoice


def add_manual_line(
    invoice_id: int, description: str, quantity: str, unit_price: str
) -> InvoiceLine:
    """A line typed by hand: amount = quantity x unit price, rounded half up to the penny."""
    invoice = draft(invoice_id)
    check = Fields()
    text = check.text("description", "Description", description, required=True)
    amount_of = _quantity(check, quantity)
    price = check.money("unit_price", "Unit price", unit_price, default=None)
    if price is None and not check.has("unit_price"):
        check.fail("unit_price", "Unit price is required.")
    check.done()
    amount = round_half_up(amount_of * price)
    if abs(amount) >= LIMIT_PENCE:
        raise ValidationError(
            [FieldError("unit_price", f"The line comes to too much: {LIMIT_WORDS}.")]
        )
    line = PlannedLine("manual", text, _plain(amount_of), "", price, amount)
    with database.atomic():
        _add_lines(invoice, [line])
    return (
        InvoiceLine.select()
        .where(InvoiceLine.invoice == invoice)
        .order_by(InvoiceLine.position.desc())
        .first()
    )


def _quantity(check: Fields, text: str) -> Decimal:
    try:
        amount = Decimal(str(text).strip() or "1")
    except InvalidOperation:
        amount = Decimal(-1)
    if (
        not amount.is_finite()
        or not 0 < amount < QUANTITY_LIMIT
        or amount != amount.quantize(Decimal("0.01"))
    ):
        check.fail(
            "quantity",
            "Quantity must be a number above 0 with at most two decimal places, like 1 or 2.5.",
        )
        return Decimal(1)
    return amount


def _plain(amount: Decimal) -> str:
    return format(amount.normalize(), "f")


def remove_line(line_id: int) -> None:
    """Take a line off a draft; any visits on it can be invoiced again."""
    line = InvoiceLine.get_or_none(InvoiceLine.id == line_id)
    if line is None:
        raise UserError(f"There is no invoice line number {line_id}.")
    invoice = draft(line.invoice_id)
    with database.atomic():
        line.delete_instance()
        _renumber(invoice)
        _refresh_total(invoice)


def _renumber(invoice: Invoice) -> None:
    lines = (
        InvoiceLine.select().where(InvoiceLine.invoice == invoice).order_by(InvoiceLine.position)
    )
    for position, line in enumerate(lines, start=1):
        if line.position != position:
            InvoiceLine.update(position=position).where(InvoiceLine.id == line.id).execute()


def set_note(invoice_id: int, note: str) -> Invoice:
    invoice = draft(invoice_id)
    invoice.note = note.strip()
    invoice.save()
    return invoice


def delete_draft(invoice_id: int) -> None:
    """Delete a draft; its visits can be invoiced again. No number is used up."""
    invoice = draft(invoice_id)
    with database.atomic():
        invoice.delete_instance(recursive=False)


ISSUE_DATE_REACH = timedelta(days=366)


class FarIssueDate(UserError):
    """An issue date more than a year from today, not yet confirmed by the user."""


def far_issue_date(issue_date: date) -> bool:
    """Whether the date is more than a year before or after today: likely a typing slip."""
    return abs(issue_date - clock.today()) > ISSUE_DATE_REACH


def check_issue_date(issue_date: date, confirmed: bool = False) -> None:
    """FarIssueDate for a date a year or more away, unless the user confirmed it."""
    if far_issue_date(issue_date) and not confirmed:
        raise FarIssueDate(
            f"The issue date {format_date(issue_date)} is more than a year from today "
            f"({format_date(clock.today())}), and an issued invoice can never be changed. "
            "Check the date, or confirm it."
        )


def issue_invoice(
    invoice_id: int, issue_date: date | None = None, date_confirmed: bool = False
) -> Invoice:
    """Give a draft the next number and keep the payer as they are today; all or nothing."""
    issue_date = issue_date or clock.today()
    check_issue_date(issue_date, date_confirmed)
    with database.atomic():
        invoice = draft(invoice_id)
        if not invoice.lines.exists():
            raise UserError("This draft has no lines; add one before issuing it.")
        if invoice.total_pence <= 0:
            raise UserError("This draft comes to £0.00; check the rates before issuing it.")
        check_ready([invoice])
        business = require_business()
        number = invoice_number(business.invoice_prefix, business.next_invoice_number)
        if Invoice.select().where(Invoice.number == number).exists():
            raise UserError(
                f"The number {number} is already used; change the invoice prefix in Settings."
            )
        Business.update(next_invoice_number=Business.next_invoice_number + 1).where(
            Business.id == business.id
        ).execute()
        snapshot = _payer_only if invoice.per_payer else payer_of
        for key, value in snapshot(invoice.client).items():
            setattr(invoice, key, value)
        _refresh_sections(invoice)
        invoice.number = number
        invoice.issue_date = issue_date
        invoice.due_date = issue_date + timedelta(days=business.payment_terms_days)
        invoice.issued = True
        invoice.save()
        log("invoice_issued", f"{number} for {format_money(invoice.total_pence)}")
    return invoice


def _refresh_sections(invoice: Invoice) -> None:
    """Each section named as its client's privacy setting says today, kept from issue on."""
    for line in InvoiceLine.select().where(
        InvoiceLine.invoice == invoice, InvoiceLine.client.is_null(False)
    ):
        InvoiceLine.update(section=client_label(line.client)).where(
            InvoiceLine.id == line.id
        ).execute()


@dataclass
class DraftBatch:
    """What month-end generation made, and which clients it passed over and why."""

    invoices: list[Invoice] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def total_pence(self) -> int:
        return sum(invoice.total_pence for invoice in self.invoices)


def generate_drafts(
    first: date,
    last: date,
    grouping: str = "visit",
    client_ids: list[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
    per: str = "client",
) -> DraftBatch:
    """A draft for every client (or those chosen) with visits or recurring payments to invoice.

    `per="payer"` makes one draft per payer instead, a section for each of its clients.
    """
    _check_period(first, last, grouping)
    if per not in PER:
        raise UserError(f"'{per}' is not a way of sending invoices (use client or payer).")
    # one transaction from the first read, so a second run waits and then finds them billed
    with database.atomic():
        query = Client.select().order_by(peewee.fn.lower(Client.name))
        if client_ids is not None:
            query = query.where(Client.id.in_(client_ids))
        clients = list(query)
        batch = DraftBatch()
        ready: dict[tuple, list[tuple[Client, list[Visit]]]] = {}
        for done, client in enumerate(clients, start=1):
            visits = billable_visits(client.id, first, last)
            reason = _reason_to_skip(client, visits, first, last)
            if not reason:
                key = payer_key(client) if per == "payer" else ("client", client.id)
                ready.setdefault(key, []).append((client, visits))
            elif client_ids is not None or client.status == "active":
                batch.skipped.append((client.name, reason))
            if progress:
                progress(done, len(clients))
        for found in ready.values():
            batch.invoices.append(_draft_for(found, first, last, grouping))
    return batch


def drafts_of(first: date | None = None, last: date | None = None) -> list[Invoice]:
    """Drafts, oldest first; with a period, those made for exactly that period."""
    query = Invoice.select().where(Invoice.issued == False).order_by(Invoice.id)  # noqa: E712
    if first is not None:
        query = query.where(Invoice.period_start == first, Invoice.period_end == last)
    return list(query)


def payer_key(client: Client) -> tuple:
    """Clients with the same key share a payer: the same organisation, or themselves."""
    if _pays_self(client):
        return ("client", client.id)
    return (client.payer_kind, " ".join(client.payer_name.lower().split()))


def _draft_for(
    found: list[tuple[Client, list[Visit]]], first: date, last: date, grouping: str
) -> Invoice:
    """One client's draft, or a per-payer draft with a section per client."""
    if len(found) == 1:
        client, visits = found[0]
        return _draft(client, visits, first, last, grouping)
    lead = found[0][0]
    lines = []
    for client, visits in found:
        section = client_label(client)
        for line in _client_lines(client, visits, first, last, grouping):
            lines.append(replace(line, client=client, section=section))
    invoice = Invoice.create(
        client=lead, period_start=first, period_end=last, per_payer=True, **_payer_only(lead)
    )
    _add_lines(invoice, lines)
    return invoice


def _payer_only(client: Client) -> dict:
    """The payer snapshot of a per-payer invoice: no single client to name at the top."""
    return {**payer_of(client), "client_label": ""}


def _reason_to_skip(client: Client, visits: list[Visit], first: date, last: date) -> str:
    if not visits and due_slices(client.id, first, last):
        return ""
    if not visits:
        billed = _invoices_billing(client, first, last)
        if billed:
            return f"this period's visits are already on {billed}"
        return "no delivered visits to invoice in this period"
    if sum(charge_of(v).amount_pence for v in visits) <= 0:
        return "the visits come to £0.00: set this client's rates first"
    return ""


def _invoices_billing(client: Client, first: date, last: date) -> str:
    """The live invoices (numbers, or "a draft") that bill the client's visits in the period."""
    found = (
        Invoice.select(Invoice.number)
        .join(InvoiceLine)
        .join(InvoiceVisit)
        .join(Visit)
        .where(
            Visit.client == client.id,
            Visit.start >= first,
            Visit.start < last + timedelta(days=1),
            live_invoices(),
        )
        .distinct()
    )
    names = sorted({invoice.number or "a draft" for invoice in found})
    return " and ".join(names)


def describe_price(line: InvoiceLine) -> str:
    """The unit price as the invoice shows it: "£18.00 / h", or "various rates" (older lines)."""
    if line.unit_price_pence is None:
        return "various rates"
    unit = {"min": " / h", "h": " / h", "miles": " / mile", "visit": " / visit"}.get(line.unit, "")
    return f"{format_money(line.unit_price_pence)}{unit}"


def describe_quantity(line: InvoiceLine) -> str:
    """ "1 h 07 min" for time (kept in whole minutes), else the quantity and its unit."""
    if line.unit == "min":
        return format_duration(int(line.quantity))
    if line.unit == "visit" and line.quantity != "1":
        return f"{line.quantity} visits"
    return f"{line.quantity} {line.unit}".strip()


def line_checks_out(quantity: Decimal, unit: str, unit_price_pence: int, amount_pence: int) -> bool:
    """Whether quantity × unit price, rounded half up to the penny, is the amount printed."""
    per = 60 if unit == "min" else 1
    return round_half_up(Fraction(quantity) * unit_price_pence / per) == amount_pence
