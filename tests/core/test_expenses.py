"""Expenses, receipts and the simplified mileage allowance."""

from __future__ import annotations

from datetime import date

import pytest

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import Expense
from microbiz.foundations.models import Invoice
from microbiz.foundations.models import Journey
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import save_visit
from microbiz.invoicing.invoices import create_draft
from microbiz.invoicing.invoices import issue_invoice
from microbiz.tax.expenses import ExpenseForm
from microbiz.tax.expenses import JourneyForm
from microbiz.tax.expenses import allowances_for
from microbiz.tax.expenses import delete_expense
from microbiz.tax.expenses import drafts_for
from microbiz.tax.expenses import expenses_between
from microbiz.tax.expenses import journeys_between
from microbiz.tax.expenses import mileage_allowance
from microbiz.tax.expenses import receipt_path
from microbiz.tax.expenses import recharge_expense
from microbiz.tax.expenses import save_expense
from microbiz.tax.expenses import save_journey


def test_an_expense_with_a_receipt_survives_the_original(db, data_dir, tmp_path):
    photo = tmp_path / "receipt.JPG"
    photo.write_bytes(b"jpeg")
    form = ExpenseForm(
        "03/11/2026",
        "£12.49",
        "Phone, fax, stationery and other office costs",
        "Printer ink",
        "Ryman",
    )
    saved = save_expense(form, receipt=photo, folder=data_dir)
    photo.unlink()
    assert (saved.amount_pence, saved.category, saved.paid_on) == (
        1249,
        "office",
        date(2026, 11, 3),
    )
    assert receipt_path(saved, data_dir).read_bytes() == b"jpeg"
    assert saved.receipt_original_name == "receipt.JPG"


def test_bad_expenses_name_each_field(db):
    with pytest.raises(ValidationError) as raised:
        save_expense(ExpenseForm("31/02/2026", "abc", "snacks", ""))
    problems = raised.value.by_field()
    assert problems["spent_on"] == "Date: '31/02/2026' is not a real date."
    assert problems["amount"] == "Amount: 'abc' is not an amount of money (try 18.50 or £1,234.50)."
    assert problems["description"] == "Description is required."
    assert problems["category"].startswith("Category 'snacks' is not one of: Cost of goods")
    assert Expense.select().count() == 0


def journey(day, miles, vehicle="car"):
    return save_journey(JourneyForm(day, miles, purpose="Visits", vehicle=vehicle))


def test_mileage_crosses_the_threshold_within_one_journey(db):
    first = journey("10/04/2026", "9990")
    crossing = journey("11/04/2026", "20")  # 10 miles at 45p, 10 at 25p
    after = journey("12/04/2026", "4")
    bike = journey("12/04/2026", "10", "motorcycle")
    allowed = mileage_allowance(list(Journey.select()))
    assert allowed[first.id] == 9990 * 45
    assert allowed[crossing.id] == 10 * 45 + 10 * 25
    assert allowed[after.id] == 4 * 25
    assert allowed[bike.id] == 240


def test_the_threshold_starts_again_each_tax_year(db):
    journey("05/04/2026", "9999")
    late = journey("05/04/2026", "2")  # 1 mile at 45p, 1 at 25p: still 2025-26
    fresh = journey("06/04/2026", "2")  # a new tax year
    allowed = mileage_allowance(list(Journey.select()))
    assert allowed[late.id] == 70
    assert allowed[fresh.id] == 90


def test_tenths_of_a_mile_round_half_up(db):
    short = journey("06/05/2026", "0.1")  # 4.5p -> 5p
    assert mileage_allowance([short]) == {short.id: 5}


def test_a_journey_needs_somewhere_or_a_reason(db):
    with pytest.raises(ValidationError) as raised:
        save_journey(JourneyForm("06/05/2026", "0", vehicle="boat"))
    assert raised.value.by_field() == {
        "miles": "Miles must be more than 0.",
        "vehicle": "Vehicle 'boat' is not one of: Car or van, Motorcycle.",
        "purpose": "Purpose: say where you went or why (HMRC asks for business journeys).",
    }


def test_lists_between_dates_with_filters(db):
    save_expense(ExpenseForm("03/05/2026", "18", "office", "Phone", "Vodafone"))
    save_expense(ExpenseForm("04/06/2026", "5", "goods", "Gloves", "Medisave"))
    assert [e.description for e in expenses_between()] == ["Gloves", "Phone"]
    assert [e.description for e in expenses_between(date(2026, 6, 1))] == ["Gloves"]
    assert [e.description for e in expenses_between(category="office")] == ["Phone"]
    assert [e.description for e in expenses_between(text="medi")] == ["Gloves"]


def test_allowances_count_from_the_start_of_the_tax_year(db):
    journey("06/04/2026", "10000")
    later = journey("01/06/2026", "10")
    shown = journeys_between(date(2026, 5, 1))
    assert [j.id for j in shown] == [later.id]
    assert allowances_for(shown) == {later.id: 250}


def test_a_recharged_expense_becomes_one_invoice_line(business):
    client = save_client(ClientForm(name="Edna", weekday_rate="18"))
    other = save_client(ClientForm(name="Tom", weekday_rate="18"))
    save_visit(VisitForm(client.id, support_visit_type(client).id, "02/11/2026", "09:00", "10:00"))
    invoice = create_draft(client.id, date(2026, 11, 1), date(2026, 11, 30))
    gloves = save_expense(
        ExpenseForm("03/11/2026", "6.40", "goods", "Gloves", "Medisave", client_id=client.id)
    )
    line = recharge_expense(gloves.id, invoice.id)
    assert (line.description, line.amount_pence) == (
        "Recharged: Gloves (Medisave), 03/11/2026",
        640,
    )
    assert Invoice.get_by_id(invoice.id).total_pence == 1800 + 640
    assert Expense.get_by_id(gloves.id).recharged_line_id == line.id
    assert [d.id for d in drafts_for(client.id)] == [invoice.id]
    with pytest.raises(UserError, match="already on an invoice"):
        recharge_expense(gloves.id, invoice.id)
    pads = save_expense(ExpenseForm("03/11/2026", "2", "goods", "Pads", client_id=other.id))
    with pytest.raises(UserError, match="for Tom, not Edna"):
        recharge_expense(pads.id, invoice.id)
    issue_invoice(invoice.id)
    loose = save_expense(ExpenseForm("04/11/2026", "1", "goods", "Wipes"))
    with pytest.raises(UserError, match="cannot be changed"):
        recharge_expense(loose.id, invoice.id)


def test_deleting_an_expense_removes_its_receipt(db, data_dir, tmp_path):
    photo = tmp_path / "r.png"
    photo.write_bytes(b"png")
    saved = save_expense(
        ExpenseForm("03/11/2026", "1", "office", "Pen"), receipt=photo, folder=data_dir
    )
    kept = receipt_path(saved, data_dir)
    delete_expense(saved.id, data_dir)
    assert not kept.exists() and Expense.select().count() == 0


def test_a_journey_form_reads_back(db):
    saved = journey("06/05/2026", "12.5")
    assert JourneyForm.of(saved).miles == "12.5"
    assert JourneyForm.of(saved).travelled_on == "06/05/2026"
