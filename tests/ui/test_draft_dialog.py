"""The draft editor: lines added by hand and removed, the note kept, and issuing from it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from microbiz.foundations.models import Invoice
from microbiz.invoicing.invoices import billable_visits
from microbiz.invoicing.invoices import get_invoice
from ui.invoices.draft_dialog import DELETED
from ui.invoices.draft_dialog import ISSUED
from ui.invoices.draft_dialog import DraftDialog
from ui.invoices.line_dialog import LineDialog

ISSUE_DAY = date(2026, 12, 1)


@pytest.fixture
def dialog(qtbot, drafts) -> DraftDialog:
    dialog = DraftDialog(None, drafts["margaret"], today=ISSUE_DAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def lines(dialog: DraftDialog) -> list[list[str]]:
    model = dialog.model
    return [[model.index(r, c).data() for c in range(4)] for r in range(model.rowCount())]


def fill_line(description: str, quantity: str, price: str) -> None:
    line_dialog = QApplication.activeModalWidget()
    assert isinstance(line_dialog, LineDialog)
    line_dialog.fields.widgets["description"].setText(description)
    line_dialog.fields.widgets["quantity"].setText(quantity)
    line_dialog.fields.widgets["unit_price"].setText(price)
    line_dialog.accept()


def test_shows_the_client_payer_period_lines_and_total(dialog):
    assert dialog.windowTitle() == "Draft invoice for Margaret Brown"
    assert lines(dialog) == [
        ["Mon 02/11/2026 09:00–11:00 Support", "2 h 00 min", "£18.00 / h", "£36.00"],
        ["Mon 09/11/2026 09:00–11:00 Support", "2 h 00 min", "£18.00 / h", "£36.00"],
    ]
    assert dialog.total.text() == "Total: £72.00"


def test_adding_a_line_updates_the_total(qtbot, dialog):
    QTimer.singleShot(0, lambda: fill_line("Shopping trip", "1.5", "12.00"))
    dialog.add_line()
    assert lines(dialog)[-1] == ["Shopping trip", "1.5", "£12.00", "£18.00"]
    assert dialog.total.text() == "Total: £90.00"
    assert dialog.selected_line_id() == dialog.model.id_of(2)
    assert dialog.said.text() == "Added “Shopping trip”, £18.00."


def test_a_bad_quantity_is_shown_under_it_and_nothing_is_added(qtbot, drafts):
    line_dialog = LineDialog(None, drafts["margaret"])
    qtbot.addWidget(line_dialog)
    line_dialog.show()
    line_dialog.fields.widgets["description"].setText("Shopping trip")
    line_dialog.fields.widgets["quantity"].setText("two")
    line_dialog.fields.widgets["unit_price"].setText("12")
    line_dialog.accept()
    problem = line_dialog.fields.problems["quantity"]
    assert problem.isVisible()
    assert problem.text().startswith("⚠ Quantity must be a number above 0")
    assert line_dialog.saved is None
    assert line_dialog.isVisible()
    assert get_invoice(drafts["margaret"]).total_pence == 7200


def test_removing_a_line_asks_and_frees_its_visit(november, dialog, answers):
    dialog.table.selectRow(0)
    dialog.remove_selected()
    assert "can be invoiced again" in answers.asked[-1]
    assert len(lines(dialog)) == 1
    assert dialog.total.text() == "Total: £36.00"
    freed = billable_visits(november["margaret"].id, date(2026, 11, 1), date(2026, 11, 30))
    assert [visit.start.day for visit in freed] == [2]


def test_removing_can_be_called_off(dialog, answers):
    answers.confirm = False
    dialog.table.selectRow(0)
    dialog.remove_selected()
    assert len(lines(dialog)) == 2


def test_issuing_from_the_editor_numbers_it(dialog, drafts):
    dialog.note.setPlainText("Thank you!")
    dialog.issue()
    invoice = get_invoice(drafts["margaret"])
    assert invoice.number == "INV-0001"
    assert invoice.issue_date == ISSUE_DAY
    assert invoice.note == "Thank you!"
    assert dialog.outcome == ISSUED
    assert dialog.issued.number == "INV-0001"
    assert not dialog.isVisible()


def test_the_note_is_kept_on_close(dialog, drafts):
    dialog.note.setPlainText("Please pay by bank transfer.")
    dialog.reject()
    assert get_invoice(drafts["margaret"]).note == "Please pay by bank transfer."
    assert dialog.outcome is None


def test_deleting_the_draft_from_the_editor(dialog, drafts, answers):
    dialog.delete()
    assert Invoice.get_or_none(Invoice.id == drafts["margaret"]) is None
    assert dialog.outcome == DELETED
    assert dialog.deleted_words == "the draft for Margaret Brown (£72.00)"


def test_a_draft_without_lines_cannot_be_issued(dialog):
    for _ in range(2):
        dialog.table.selectRow(0)
        dialog.remove_selected()
    assert dialog.model.rowCount() == 0
    assert not dialog.buttons["issue"].isEnabled()
    assert dialog.total.text() == "Total: £0.00"
