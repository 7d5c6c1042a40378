"""Drafts from hours, issuing with gapless numbers, and issued invoices never changing."""

from __future__ import annotations

from datetime import date

import peewee
import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.clients.ratecards import VisitTypeForm
from microbiz.clients.ratecards import save_visit_type
from microbiz.foundations import db as database
from microbiz.foundations.business import BusinessForm
from microbiz.foundations.business import save_business
from microbiz.foundations.business import start_business
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import Business
from microbiz.foundations.models import CreditNote
from microbiz.foundations.models import Invoice
from microbiz.foundations.models import InvoiceLine
from microbiz.foundations.models import Visit
from microbiz.foundations.paths import database_path
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import delete_visit
from microbiz.hours.visits import save_visit
from microbiz.invoicing.invoices import add_manual_line
from microbiz.invoicing.invoices import billable_visits
from microbiz.invoicing.invoices import client_label
from microbiz.invoicing.invoices import create_draft
from microbiz.invoicing.invoices import delete_draft
from microbiz.invoicing.invoices import describe_price
from microbiz.invoicing.invoices import generate_drafts
from microbiz.invoicing.invoices import issue_invoice
from microbiz.invoicing.invoices import remove_line
from microbiz.invoicing.invoices import set_note
from microbiz.invoicing.payments import credit_invoice

NOV_1, NOV_30 = date(2026, 11, 1), date(2026, 11, 30)


@pytest.fixture
def brown(business):
    return save_client(
        ClientForm(
            name="Margaret Brown",
            address="4 Mill Lane\nOtley",
            postcode="LS21 1AB",
            funding_route="council",
            payer_kind="council",
            payer_name="Leeds City Council",
            payer_address="Merrion House",
            payer_reference="PO 4500123",
            weekday_rate="18.00",
            weekend_rate="21.00",
            mileage_rate="0.45",
        )
    )


def add_visit(
    client, day, start="09:00", end="11:00", status="delivered", mileage="", type_id=None
):
    form = VisitForm(
        client_id=client.id,
        visit_type_id=type_id or support_visit_type(client).id,
        day=day,
        start=start,
        end=end,
        status=status,
        mileage=mileage,
    )
    return save_visit(form, allow_overlap=True)


def lines_of(invoice):
    query = (
        InvoiceLine.select().where(InvoiceLine.invoice == invoice).order_by(InvoiceLine.position)
    )
    return [(line.description, line.quantity, line.unit, line.amount_pence) for line in query]


def test_a_draft_has_a_line_per_visit_and_mileage(brown):
    add_visit(brown, "02/11/2026", mileage="10")
    add_visit(brown, "07/11/2026", "09:00", "10:30", mileage="2.5")  # Saturday
    add_visit(brown, "10/11/2026", status="cancelled_chargeable")
    add_visit(brown, "11/11/2026", status="cancelled")
    add_visit(brown, "12/11/2026", status="planned")
    add_visit(brown, "01/12/2026")  # next month
    invoice = create_draft(brown.id, NOV_1, NOV_30)
    assert lines_of(invoice) == [
        ("Mon 02/11/2026 09:00–11:00 Support", "120", "min", 3600),
        ("Sat 07/11/2026 09:00–10:30 Support, weekend rate", "90", "min", 3150),
        ("Tue 10/11/2026 09:00–11:00 Support (cancelled at short notice)", "120", "min", 3600),
        ("Mileage, 01/11/2026 to 30/11/2026", "12.5", "miles", 563),
    ]
    assert invoice.total_pence == 3600 + 3150 + 3600 + 563
    assert not invoice.issued and invoice.number is None
    assert (invoice.payer_name, invoice.payer_reference) == ("Leeds City Council", "PO 4500123")


def test_lines_grouped_by_week_and_visit_type(brown):
    sleep_in = save_visit_type(brown.id, VisitTypeForm(name="Sleep-in", flat_fee="85"))
    add_visit(brown, "02/11/2026")
    add_visit(brown, "04/11/2026", "09:00", "10:00")
    add_visit(brown, "05/11/2026", "22:00", "07:00", type_id=sleep_in.id)
    add_visit(brown, "09/11/2026")
    invoice = create_draft(brown.id, NOV_1, NOV_30, grouping="week")
    assert lines_of(invoice) == [
        ("Week of Mon 02/11/2026: Sleep-in, 1 visit", "1", "visit", 8500),
        ("Week of Mon 02/11/2026: Support, 2 visits", "180", "min", 5400),
        ("Week of Mon 09/11/2026: Support, 1 visit", "120", "min", 3600),
    ]
    assert invoice.total_pence == 8500 + 5400 + 3600


def test_a_visit_is_billed_once(brown):
    add_visit(brown, "02/11/2026")
    create_draft(brown.id, NOV_1, NOV_30)
    with pytest.raises(UserError, match="no delivered visits to invoice"):
        create_draft(brown.id, NOV_1, NOV_30)
    later = add_visit(brown, "03/11/2026")
    second = create_draft(brown.id, NOV_1, NOV_30)
    assert [line[0] for line in lines_of(second)] == ["Tue 03/11/2026 09:00–11:00 Support"]
    assert billable_visits(brown.id, NOV_1, NOV_30) == []
    assert later.id in [v.visit_id for line in second.lines for v in line.visits]


def test_deleting_a_draft_or_a_line_frees_its_visits(brown):
    add_visit(brown, "02/11/2026")
    add_visit(brown, "03/11/2026")
    invoice = create_draft(brown.id, NOV_1, NOV_30)
    first_line = invoice.lines.order_by(InvoiceLine.position).first()
    remove_line(first_line.id)
    assert [v.start.day for v in billable_visits(brown.id, NOV_1, NOV_30)] == [2]
    assert Invoice.get_by_id(invoice.id).total_pence == 3600
    assert [line[0] for line in lines_of(invoice)] == ["Tue 03/11/2026 09:00–11:00 Support"]
    delete_draft(invoice.id)
    assert len(billable_visits(brown.id, NOV_1, NOV_30)) == 2


def test_manual_lines_round_half_up_and_keep_the_total(brown):
    add_visit(brown, "02/11/2026")
    invoice = create_draft(brown.id, NOV_1, NOV_30)
    line = add_manual_line(invoice.id, "Gloves and aprons", "3", "£2.15")
    assert (line.amount_pence, describe_price(line)) == (645, "£2.15")
    add_manual_line(invoice.id, "Half-hour call", "0.5", "0.01")  # 0.5p -> 1p
    assert Invoice.get_by_id(invoice.id).total_pence == 3600 + 645 + 1
    with pytest.raises(ValidationError) as raised:
        add_manual_line(invoice.id, "", "-2", "abc")
    assert raised.value.by_field() == {
        "description": "Description is required.",
        "quantity": (
            "Quantity must be a number above 0 with at most two decimal places, like 1 or 2.5."
        ),
        "unit_price": "Unit price: 'abc' is not an amount of money (try 18.50 or £1,234.50).",
    }


def test_issuing_numbers_and_snapshots_the_payer(brown):
    add_visit(brown, "02/11/2026")
    invoice = issue_invoice(create_draft(brown.id, NOV_1, NOV_30).id, date(2026, 11, 30))
    assert (invoice.number, invoice.issue_date, invoice.due_date) == (
        "INV-0001",
        date(2026, 11, 30),
        date(2026, 12, 14),
    )
    form = ClientForm.of(brown)
    form.payer_name = "Leeds City Council (new office)"
    save_client(form, brown.id)
    assert Invoice.get_by_id(invoice.id).payer_name == "Leeds City Council"
    assert Business.get().next_invoice_number == 2


def test_issued_invoices_cannot_be_changed_by_any_path(brown, db):
    visit = add_visit(brown, "02/11/2026")
    invoice = issue_invoice(create_draft(brown.id, NOV_1, NOV_30).id)
    line = invoice.lines.first()
    refusals = [
        lambda: add_manual_line(invoice.id, "Extra", "1", "1"),
        lambda: remove_line(line.id),
        lambda: set_note(invoice.id, "changed"),
        lambda: delete_draft(invoice.id),
        lambda: issue_invoice(invoice.id),
    ]
    for refuse in refusals:
        with pytest.raises(UserError, match="cannot be changed"):
            refuse()
    with pytest.raises(UserError, match="on invoice INV-0001"):
        delete_visit(visit.id)
    raw = [
        lambda: Invoice.update(total_pence=1).where(Invoice.id == invoice.id).execute(),
        lambda: Invoice.delete().where(Invoice.id == invoice.id).execute(),
        lambda: InvoiceLine.update(amount_pence=1).where(InvoiceLine.id == line.id).execute(),
        lambda: InvoiceLine.delete().where(InvoiceLine.id == line.id).execute(),
        lambda: db.execute_sql("DELETE FROM invoice_visit"),
        lambda: InvoiceLine.create(
            invoice=invoice,
            position=9,
            kind="manual",
            description="x",
            quantity="1",
            amount_pence=1,
        ),
    ]
    for change in raw:
        with pytest.raises(peewee.IntegrityError, match="issued invoice"):
            change()
    assert Invoice.get_by_id(invoice.id).total_pence == 3600


def test_credit_notes_are_final_and_release_visits_when_in_full(brown):
    add_visit(brown, "02/11/2026")
    invoice = issue_invoice(create_draft(brown.id, NOV_1, NOV_30).id)
    part = credit_invoice(invoice.id, "10.00", "Arrived late")
    assert (part.number, part.amount_pence) == ("CN-0001", 1000)
    assert billable_visits(brown.id, NOV_1, NOV_30) == []
    with pytest.raises(ValidationError, match="at most £26.00"):
        credit_invoice(invoice.id, "30.00")
    rest = credit_invoice(invoice.id, reason="Wrong client")
    assert (rest.number, rest.amount_pence) == ("CN-0002", 2600)
    assert [v.start.day for v in billable_visits(brown.id, NOV_1, NOV_30)] == [2]
    with pytest.raises(UserError, match="credited in full"):
        credit_invoice(invoice.id)
    with pytest.raises(peewee.IntegrityError, match="credit note"):
        CreditNote.update(amount_pence=1).where(CreditNote.id == part.id).execute()
    with pytest.raises(peewee.IntegrityError, match="credit note"):
        CreditNote.delete().where(CreditNote.id == part.id).execute()
    again = issue_invoice(create_draft(brown.id, NOV_1, NOV_30).id)
    assert again.number == "INV-0002"


def test_a_draft_needs_no_credit_note(brown):
    add_visit(brown, "02/11/2026")
    invoice = create_draft(brown.id, NOV_1, NOV_30)
    with pytest.raises(UserError, match="needs no credit note"):
        credit_invoice(invoice.id)


def test_a_number_collision_uses_up_nothing(brown):
    add_visit(brown, "02/11/2026")
    add_visit(brown, "03/11/2026")
    issue_invoice(create_draft(brown.id, NOV_1, date(2026, 11, 2)).id)
    business = Business.get()
    business.next_invoice_number = 1
    business.save()
    draft = create_draft(brown.id, NOV_1, NOV_30)
    with pytest.raises(UserError, match="INV-0001 is already used"):
        issue_invoice(draft.id)
    assert Business.get().next_invoice_number == 1
    assert not Invoice.get_by_id(draft.id).issued


def test_month_end_drafts_for_every_client_with_reasons_for_skipping(brown):
    jones = save_client(ClientForm(name="Tom Jones"))  # no rates
    save_visit_type(jones.id, VisitTypeForm(name="Support", weekday_rate="0"))
    save_client(ClientForm(name="Ann Idle", weekday_rate="20"))
    add_visit(brown, "02/11/2026")
    add_visit(jones, "02/11/2026")
    seen = []
    batch = generate_drafts(NOV_1, NOV_30, progress=lambda done, total: seen.append((done, total)))
    assert [invoice.client.name for invoice in batch.invoices] == ["Margaret Brown"]
    assert batch.skipped == [
        ("Ann Idle", "no delivered visits to invoice in this period"),
        ("Tom Jones", "the visits come to £0.00: set this client's rates first"),
    ]
    assert batch.total_pence == 3600
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_client_label_follows_the_clients_choice(business):
    client = save_client(ClientForm(name="Margaret Ann Brown", payer_reference="DP-77"))
    assert client_label(client) == "Support for: Margaret Ann Brown"
    client.invoice_shows = "initials"
    assert client_label(client) == "Support for: M. A. B."
    client.invoice_shows = "reference"
    assert client_label(client) == "Support for: reference DP-77"


OPERATIONS = st.lists(st.sampled_from(["draft", "delete", "issue"]), min_size=1, max_size=25)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations=OPERATIONS)
def test_issued_numbers_are_gapless_whatever_happens(tmp_path_factory, operations):
    folder = tmp_path_factory.mktemp("gapless")
    database.open_database(database_path(folder))
    try:
        start_business("Kind Hands Care", "Sam Carter")
        save_business(
            BusinessForm(
                trading_name="Kind Hands Care",
                owner_name="Sam",
                invoice_prefix="K-",
                address="1 Mill Lane",
                postcode="LS21 1AB",
                payment_instructions="Pay by bank transfer to the account on your Direct Payment",
            )
        )
        client = save_client(ClientForm(name="Edna", weekday_rate="18"))
        day = 1
        for operation in operations:
            drafts = list(Invoice.select().where(Invoice.issued == False))  # noqa: E712
            if operation == "draft":
                add_visit(client, f"{day:02d}/01/2026")
                create_draft(client.id, date(2026, 1, day), date(2026, 1, day))
                day += 1
            elif operation == "delete" and drafts:
                delete_draft(drafts[0].id)
            elif operation == "issue" and drafts:
                issue_invoice(drafts[-1].id)
        numbers = sorted(i.number for i in Invoice.select().where(Invoice.issued == True))  # noqa: E712
        assert numbers == [f"K-{n:04d}" for n in range(1, len(numbers) + 1)]
        assert Business.get().next_invoice_number == len(numbers) + 1
        for invoice in Invoice.select():
            assert invoice.total_pence == sum(line.amount_pence for line in invoice.lines)
        assert Visit.select().count() == day - 1
    finally:
        database.close_database()


def test_month_end_again_says_the_visits_are_already_invoiced(brown):
    add_visit(brown, "02/11/2026")
    first = generate_drafts(NOV_1, NOV_30)
    assert [i.client.name for i in first.invoices] == ["Margaret Brown"]
    again = generate_drafts(NOV_1, NOV_30)
    assert again.skipped == [("Margaret Brown", "this period's visits are already on a draft")]
    issue_invoice(first.invoices[0].id)
    third = generate_drafts(NOV_1, NOV_30)
    assert third.skipped == [("Margaret Brown", "this period's visits are already on INV-0001")]


def test_a_fully_credited_invoice_is_not_named_as_billing(brown):
    add_visit(brown, "02/11/2026")
    invoice = issue_invoice(create_draft(brown.id, NOV_1, NOV_30).id)
    credit_invoice(invoice.id, reason="Wrong rate")
    again = generate_drafts(NOV_1, NOV_30)
    assert [i.client.name for i in again.invoices] == ["Margaret Brown"]
    assert generate_drafts(NOV_1, NOV_30).skipped == [
        ("Margaret Brown", "this period's visits are already on a draft")
    ]
