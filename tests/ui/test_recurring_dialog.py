"""The Recurring payments dialog from the Clients page, and the Tax page's care relief lines."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QWidget

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.foundations.models import Invoice
from microbiz.invoicing.invoices import add_manual_line
from microbiz.invoicing.invoices import create_draft
from microbiz.invoicing.invoices import issue_invoice
from microbiz.invoicing.payments import record_payment
from microbiz.invoicing.recurring import add_recurring
from microbiz.invoicing.recurring import recurring_of
from microbiz.tax.care_relief import set_care_relief
from ui.clients.clients_page import ClientsPage
from ui.clients.recurring_dialog import RecurringDialog
from ui.clients.recurring_end_dialog import RecurringEndDialog
from ui.clients.recurring_form_dialog import RecurringFormDialog
from ui.tax.tax_page import TaxPage

INPUTS = (QLineEdit, QComboBox, QAbstractButton)


@pytest.fixture
def owen(business):
    return save_client(
        ClientForm(
            name="Owen Jones",
            funding_route="shared_lives",
            payer_kind="scheme",
            payer_name="Leeds Shared Lives",
            payer_address="Merrion House, Leeds",
            weekday_rate="18",
        )
    )


def shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def rows(dialog: RecurringDialog) -> list[tuple[str, ...]]:
    model = dialog.model
    return [
        tuple(model.index(r, c).data() for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]


def unnamed_inputs(top: QWidget) -> list[str]:
    return [
        type(widget).__name__
        for widget in top.findChildren(QWidget)
        if isinstance(widget, INPUTS) and widget.isVisible() and not widget.accessibleName()
    ]


def test_adding_shows_problems_beside_the_fields_then_saves(qtbot, owen):
    dialog = shown(qtbot, RecurringFormDialog(None, owen.id))
    assert unnamed_inputs(dialog) == []
    for field, widget in dialog.fields.widgets.items():
        assert dialog.fields.labels[field].buddy() is widget
    dialog.fields.widgets["amount"].setText("none")
    dialog.accept()
    assert dialog.isVisible()
    assert not dialog.fields.problems["amount"].isHidden()
    assert not dialog.fields.problems["starts_on"].isHidden()
    assert "From (the first day) is required." in dialog.fields.problems["starts_on"].text()
    assert recurring_of(owen.id) == []
    dialog.fields.widgets["amount"].setText("620")
    dialog.fields.widgets["starts_on"].setText("16/12/2026")
    dialog.fields.widgets["every"].setCurrentIndex(dialog.fields.widgets["every"].findData("month"))
    dialog.accept()
    assert not dialog.isVisible()
    assert dialog.saved.amount_pence == 620_00
    assert dialog.saved.description == "Shared Lives arrangement"


def test_the_list_adds_and_ends_arrangements(qtbot, owen, monkeypatch):
    def add(cls, parent, client_id):
        form = cls(parent, client_id)
        qtbot.addWidget(form)
        form.fields.widgets["amount"].setText("70")
        form.fields.widgets["every"].setCurrentIndex(form.fields.widgets["every"].findData("week"))
        form.fields.widgets["starts_on"].setText("02/12/2026")
        form.fields.widgets["description"].setText("Respite")
        form.accept()
        return form.saved

    def end(cls, parent, recurring_id):
        form = cls(parent, recurring_id)
        qtbot.addWidget(form)
        assert form.fields.widgets["ends_on"].text() == "25/11/2026"  # today, by the test clock
        form.accept()
        assert not form.fields.problems["ends_on"].isHidden()  # before it starts
        form.fields.widgets["ends_on"].setText("31/01/2027")
        form.accept()
        return form.ended

    monkeypatch.setattr(RecurringFormDialog, "ask", classmethod(add))
    monkeypatch.setattr(RecurringEndDialog, "ask", classmethod(end))
    dialog = shown(qtbot, RecurringDialog(None, owen.id))
    assert dialog.windowTitle() == "Recurring payments for Owen Jones"
    assert not dialog.buttons["edit"].isEnabled()
    qtbot.mouseClick(dialog.buttons["add"], Qt.MouseButton.LeftButton)
    assert rows(dialog) == [("Respite", "£70.00", "Week", "02/12/2026", "open-ended")]
    assert dialog.said.text() == "Added Respite. It goes on this client's next drafts."
    qtbot.mouseClick(dialog.buttons["edit"], Qt.MouseButton.LeftButton)
    assert rows(dialog)[0][-1] == "31/01/2027"
    assert dialog.said.text() == "Respite ends on 31/01/2027."
    lines = create_draft(owen.id, date(2026, 12, 1), date(2026, 12, 31)).lines
    assert len(list(lines)) == 5


def test_the_clients_page_opens_the_recurring_payments(qtbot, owen, monkeypatch):
    opened = []
    monkeypatch.setattr(RecurringDialog, "ask", classmethod(lambda cls, p, c: opened.append(c)))
    page = ClientsPage()
    qtbot.addWidget(page)
    page.show()
    button = page.buttons["recurring"]
    assert button.accessibleName() == "Recurring payments for client"
    assert not button.isEnabled()
    page.select_client(owen.id)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert opened == [owen.id]


def test_the_tax_page_explains_care_relief_in_two_lines(qtbot, owen):
    add_recurring(owen.id, "4000", "month", "01/04/2026", None, "Arrangement")
    invoice = Invoice.create(
        client=owen, period_start=date(2026, 12, 1), period_end=date(2026, 12, 1)
    )
    add_manual_line(invoice.id, "Shared Lives care", "1", "30000")
    issue_invoice(invoice.id, date(2026, 12, 1), date_confirmed=True)
    record_payment(invoice.id, "30000", date(2026, 12, 1))
    page = TaxPage(today=lambda: date(2026, 12, 20))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert page.care_relief.isHidden()
    set_care_relief(carer="yes")
    page.refresh()
    lines = page.care_relief.text().splitlines()
    assert not page.care_relief.isHidden()
    assert lines == [
        "Qualifying care relief: Shared Lives receipts £30,000.00 against a limit of "
        "£45,925.00 (£19,690.00 fixed + 53 weeks placed; SI 2025/51 (2025-26 and later years)).",
        "Within the limit, so the profit from this care is nil; expenses are not deducted.",
    ]
    assert page.care_relief.accessibleName() == page.care_relief.text()
    assert page.set_aside.text().startswith("Tax to set aside for 2026-27: £0.00")
