"""Payments and credit notes through their dialogs, with problems shown beside the fields."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader

from microbiz.invoicing.invoices import billable_visits
from microbiz.invoicing.payments import credit_notes_of
from microbiz.invoicing.payments import payments_of
from microbiz.invoicing.payments import record_payment
from microbiz.invoicing.payments import summary_of
from ui.common import desktop
from ui.invoices.credit_dialog import NO_REASON
from ui.invoices.credit_dialog import CreditDialog
from ui.invoices.late_payment_dialog import LatePaymentDialog
from ui.invoices.payment_dialog import PaymentDialog

PAY_DAY = date(2026, 12, 10)
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))


def shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_payment_dialog_shows_what_is_owed_and_fills_it_in(qtbot, issued):
    record_payment(issued["margaret"], "12.00", "01/12/2026", "cash")
    dialog = shown(qtbot, PaymentDialog(None, issued["margaret"], today=PAY_DAY))
    assert dialog.windowTitle() == "Record payment for INV-0002"
    facts = {name: label.text() for name, label in dialog.facts.items()}
    assert facts["Total"] == "£72.00"
    assert facts["Paid so far"] == "£12.00"
    assert facts["Still owed"] == "£60.00"
    assert dialog.fields.widgets["amount"].text() == "60.00"
    assert dialog.fields.widgets["paid_on"].text() == "10/12/2026"
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, 2).data() == "Cash"


def test_a_payment_makes_the_invoice_part_paid_then_paid(qtbot, issued):
    dialog = shown(qtbot, PaymentDialog(None, issued["margaret"], today=PAY_DAY))
    dialog.fields.widgets["amount"].setText("30")
    dialog.fields.widgets["reference"].setText("Standing order")
    dialog.accept()
    assert dialog.saved is not None
    assert dialog.said == "Recorded £30.00 against INV-0002. Still owed: £42.00."
    assert summary_of(issued["margaret"], PAY_DAY).status == "part_paid"

    again = shown(qtbot, PaymentDialog(None, issued["margaret"], today=PAY_DAY))
    assert again.fields.widgets["amount"].text() == "42.00"
    again.accept()
    assert summary_of(issued["margaret"], PAY_DAY).status == "paid"
    assert again.said.endswith("It is now paid in full.")


def test_an_overpayment_stays_open_with_the_reason_under_the_amount(qtbot, issued):
    dialog = shown(qtbot, PaymentDialog(None, issued["margaret"], today=PAY_DAY))
    dialog.fields.widgets["amount"].setText("100")
    dialog.accept()
    problem = dialog.fields.problems["amount"]
    assert problem.isVisible()
    assert "more than the £72.00 still owed on INV-0002" in problem.text()
    assert dialog.isVisible()
    assert dialog.saved is None
    assert payments_of(issued["margaret"]) == []


def test_bad_payment_fields_are_shown_under_each(qtbot, issued):
    dialog = shown(qtbot, PaymentDialog(None, issued["margaret"], today=PAY_DAY))
    dialog.fields.widgets["amount"].setText("lots")
    dialog.fields.widgets["paid_on"].setText("32/12/2026")
    dialog.accept()
    assert dialog.fields.problems["amount"].isVisible()
    assert dialog.fields.problems["paid_on"].isVisible()
    assert dialog.summary.text().startswith("⚠ Please check the 2 fields")


def test_a_payment_recorded_by_mistake_can_be_removed(qtbot, issued, answers):
    record_payment(issued["margaret"], "12.00", "01/12/2026")
    dialog = shown(qtbot, PaymentDialog(None, issued["margaret"], today=PAY_DAY))
    dialog.table.selectRow(0)
    dialog.remove_selected()
    assert "recorded by mistake" in answers.asked[-1]
    assert payments_of(issued["margaret"]) == []
    assert dialog.facts["Still owed"].text() == "£72.00"
    assert dialog.no_payments.isVisible()


@pytest.fixture
def credit(qtbot, tmp_path, issued) -> CreditDialog:
    return shown(qtbot, CreditDialog(None, issued["margaret"], tmp_path, today=PAY_DAY))


def test_a_credit_note_needs_a_reason(credit, issued):
    credit.accept()
    assert credit.fields.problems["reason"].text() == "⚠ " + NO_REASON
    assert credit_notes_of(issued["margaret"]) == []


def test_a_full_credit_note_credits_the_invoice_and_frees_its_visits(
    credit, november, issued, answers, opened, tmp_path
):
    assert not credit.fields.widgets["amount"].isEnabled()
    credit.fields.widgets["reason"].setPlainText("Visits recorded twice")
    credit.accept()

    assert "Save a credit note for £72.00 against INV-0002?" in answers.asked[0]
    assert summary_of(issued["margaret"], PAY_DAY).status == "credited"
    visits = billable_visits(november["margaret"].id, *NOVEMBER)
    assert len(visits) == 2
    assert credit.said == (
        "Saved credit note CN-0001 for £72.00 against INV-0002. Its visits can be invoiced again."
    )
    assert opened == [tmp_path / "CN-0001.pdf"]
    assert "CN-0001" in PdfReader(tmp_path / "CN-0001.pdf").pages[0].extract_text()


def test_a_part_credit_note_leaves_the_rest_owed(credit, issued, answers):
    answers.confirm = True
    credit.part.setChecked(True)
    assert credit.fields.widgets["amount"].isEnabled()
    credit.accept()
    assert credit.fields.problems["amount"].isVisible()
    credit.fields.widgets["amount"].setText("100")
    credit.fields.widgets["reason"].setPlainText("Late visit")
    credit.accept()
    assert "at most £72.00" in credit.fields.problems["amount"].text()
    credit.fields.widgets["amount"].setText("20")
    credit.accept()
    summary = summary_of(issued["margaret"], PAY_DAY)
    assert (summary.status, summary.balance_pence) == ("issued", 5200)


def test_calling_off_the_confirmation_saves_nothing(credit, issued, answers):
    answers.confirm = False
    credit.fields.widgets["reason"].setPlainText("Visits recorded twice")
    credit.accept()
    assert credit_notes_of(issued["margaret"]) == []
    assert credit.isVisible()


def test_late_payment_claim_can_be_worked_out_and_copied(qtbot, issued, monkeypatch):
    copied = []
    monkeypatch.setattr(desktop, "copy_text", copied.append)
    dialog = shown(qtbot, LatePaymentDialog(None, issued["jean"], today=date(2027, 1, 13)))
    dialog.fields.widgets["base_rate"].setText("four")
    dialog.calculate()
    assert dialog.fields.problems["base_rate"].isVisible()
    assert not dialog.copy.isEnabled()
    dialog.fields.widgets["base_rate"].setText("4.0%")
    dialog.calculate()
    assert not dialog.fields.problems["base_rate"].isVisible()
    assert dialog.claim.days == 30
    assert "Late Payment of Commercial Debts" in dialog.statement.toPlainText()
    assert dialog.amounts.text().startswith("Interest so far £0.39 and fixed compensation £40.00")
    dialog.copy.click()
    assert copied == [dialog.claim.statement]
    assert dialog.copied.isVisible()
