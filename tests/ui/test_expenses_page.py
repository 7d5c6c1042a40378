"""ExpensesPage and its dialogs: expenses with receipts, journeys with the mileage allowance."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QWidget

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.foundations.attachments import documents_dir
from microbiz.foundations.models import Expense
from microbiz.foundations.models import Invoice
from microbiz.foundations.models import Journey
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import save_visit
from microbiz.invoicing.invoices import create_draft
from microbiz.tax.expenses import ExpenseForm
from microbiz.tax.expenses import JourneyForm
from microbiz.tax.expenses import save_expense
from microbiz.tax.expenses import save_journey
from ui.expenses import expense_dialog
from ui.expenses import expenses_model
from ui.expenses import journeys_model
from ui.expenses.expense_dialog import ExpenseDialog
from ui.expenses.expenses_model import ExpensesTableModel
from ui.expenses.expenses_page import ExpensesPage
from ui.expenses.journey_dialog import JourneyDialog
from ui.expenses.journeys_model import JourneysTableModel
from ui.imports.import_dialog import ImportDialog

TODAY = date(2026, 12, 20)
INPUTS = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractButton, QAbstractItemView)


def unnamed_inputs(top: QWidget) -> list[str]:
    return [
        f"{type(widget).__name__} {widget.text() if hasattr(widget, 'text') else ''}"
        for widget in top.findChildren(QWidget)
        if isinstance(widget, INPUTS)
        and not isinstance(widget, QHeaderView)
        and widget.isVisible()
        and not widget.accessibleName().strip()
    ]


def unlabelled_inputs(top: QWidget) -> list[str]:
    buddies = {label.buddy() for label in top.findChildren(QLabel) if label.buddy()}
    fields = (QLineEdit, QPlainTextEdit, QComboBox)
    return [
        widget.accessibleName()
        for widget in top.findChildren(QWidget)
        if isinstance(widget, fields) and widget.isVisible() and widget not in buddies
    ]


@pytest.fixture
def page(qtbot, business, data_dir) -> ExpensesPage:
    page = ExpensesPage(data_dir, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def photo(tmp_path) -> Path:
    path = tmp_path / "gloves receipt.jpg"
    path.write_bytes(b"\xff\xd8\xff a photo of a receipt")
    return path


def said_by(page: ExpensesPage) -> list[str]:
    said: list[str] = []
    page.message.connect(said.append)
    return said


def column(table, number: int) -> list[str]:
    model = table.model()
    return [model.index(row, number).data() for row in range(model.rowCount())]


def fill(dialog, **values: str) -> None:
    for name, value in values.items():
        widget = dialog.fields.widgets[name]
        if isinstance(widget, QComboBox):
            widget.setCurrentIndex(widget.findData(value))
        else:
            widget.setText(value)


def expense(day: str, amount: str, category: str, description: str, **more) -> Expense:
    return save_expense(ExpenseForm(day, amount, category, description, **more))


# The expense dialog


def test_an_expense_with_a_receipt_is_saved_and_the_receipt_copied(
    qtbot, business, data_dir, photo, monkeypatch
):
    monkeypatch.setattr(expense_dialog, "choose_receipt", lambda parent: photo)
    dialog = ExpenseDialog(None, data_dir, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.fields.widgets["spent_on"].text() == "20/12/2026"
    fill(dialog, amount="24.60", category="goods", description="Gloves", supplier="Medisave")
    dialog.receipt_button.click()
    assert dialog.receipt_name.text() == "gloves receipt.jpg (copied in when you save)"
    dialog.accept()
    saved = Expense.get_by_id(dialog.saved.id)
    assert (saved.amount_pence, saved.category, saved.supplier) == (2460, "goods", "Medisave")
    assert saved.paid_on == date(2026, 12, 20)
    assert saved.receipt_original_name == "gloves receipt.jpg"
    kept = documents_dir(data_dir) / saved.receipt_stored_name
    assert kept.read_bytes() == photo.read_bytes()


def test_a_bad_amount_shows_under_its_field_and_saves_nothing(qtbot, business, data_dir, photo):
    dialog = ExpenseDialog(None, data_dir, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.receipt = photo
    fill(dialog, amount="abc", description="Gloves")
    dialog.accept()
    problem = dialog.fields.problems["amount"]
    assert not problem.isHidden()
    assert "'abc' is not an amount of money" in problem.text()
    assert dialog.fields.problems["description"].isHidden()
    assert "Nothing has been saved" in dialog.summary.text()
    assert dialog.saved is None
    assert Expense.select().count() == 0
    assert not documents_dir(data_dir).exists()


def test_the_category_hint_follows_the_choice(qtbot, business, data_dir):
    dialog = ExpenseDialog(None, data_dir)
    qtbot.addWidget(dialog)
    fill(dialog, category="office")
    assert dialog.category_hint.text().startswith("Phone and internet bills")
    fill(dialog, category="depreciation")
    assert "not an allowable expense" in dialog.category_hint.text()


def test_editing_keeps_the_receipt_and_a_blank_date_paid_means_the_same_day(
    qtbot, business, data_dir, photo
):
    saved = save_expense(
        ExpenseForm("01/12/2026", "24.60", "goods", "Gloves"), receipt=photo, folder=data_dir
    )
    dialog = ExpenseDialog(None, data_dir, saved.id)
    qtbot.addWidget(dialog)
    assert dialog.receipt_name.text() == "gloves receipt.jpg (kept by Microbiz)"
    assert dialog.fields.widgets["paid_on"].text() == ""
    fill(dialog, spent_on="02/12/2026", amount="25.00")
    dialog.accept()
    changed = Expense.get_by_id(saved.id)
    assert (changed.spent_on, changed.paid_on) == (date(2026, 12, 2), date(2026, 12, 2))
    assert changed.receipt_stored_name == saved.receipt_stored_name


def test_the_expense_dialog_is_named_and_labelled(qtbot, clients, data_dir):
    dialog = ExpenseDialog(None, data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert unnamed_inputs(dialog) == []
    assert unlabelled_inputs(dialog) == []
    combo = dialog.fields.widgets["client_id"]
    assert combo.itemText(0) == "None"
    assert "David Okafor" in [combo.itemText(i) for i in range(combo.count())]


# The expenses tab


def test_add_expense_lists_it_with_its_receipt(page, data_dir, photo, monkeypatch):
    said = said_by(page)

    def ask(parent, folder, expense_id=None):
        dialog = ExpenseDialog(parent, folder, expense_id, today=TODAY)
        fill(dialog, amount="24.60", category="goods", description="Gloves")
        dialog.receipt = photo
        dialog.accept()
        return dialog.saved

    monkeypatch.setattr(ExpenseDialog, "ask", ask)
    page.buttons["add_expense"].click()
    assert column(page.table, expenses_model.DESCRIPTION) == ["Gloves"]
    assert column(page.table, expenses_model.RECEIPT) == ["Yes"]
    assert page.selected_expense().description == "Gloves"
    assert page.totals.text() == "1 expense shown, £24.60 in all"
    assert said == ["Saved the expense Gloves, £24.60 on 20/12/2026."]
    assert page.buttons["receipt"].isEnabled()


def test_open_receipt_opens_microbizs_copy(page, data_dir, photo, opened):
    saved = save_expense(
        ExpenseForm("01/12/2026", "24.60", "goods", "Gloves"), receipt=photo, folder=data_dir
    )
    page.refresh()
    page.select_expense(saved.id)
    page.buttons["receipt"].click()
    assert opened == [documents_dir(data_dir) / saved.receipt_stored_name]


def test_delete_asks_first(page, answers):
    gloves = expense("01/12/2026", "24.60", "goods", "Gloves")
    page.refresh()
    page.select_expense(gloves.id)
    answers.confirm = False
    page.buttons["delete_expense"].click()
    assert answers.asked == [
        "Delete the expense Gloves, £24.60 on 01/12/2026? This cannot be undone."
    ]
    assert Expense.select().count() == 1
    answers.confirm = True
    said = said_by(page)
    page.buttons["delete_expense"].click()
    assert Expense.select().count() == 0
    assert page.model.rowCount() == 0
    assert said == ["Deleted the expense Gloves, £24.60 on 01/12/2026."]
    assert not page.buttons["delete_expense"].isEnabled()


def test_filters_by_tax_year_category_and_words(qtbot, page):
    expense("01/12/2026", "24.60", "goods", "Gloves", supplier="Medisave")
    expense("05/12/2026", "18.00", "office", "Phone contract", supplier="Vodafone")
    expense("01/06/2025", "10.00", "other", "Course")
    page.refresh()
    years = [page.year_filter.itemText(i) for i in range(page.year_filter.count())]
    assert years == ["2026-27", "2025-26", "All years"]
    assert column(page.table, expenses_model.DESCRIPTION) == ["Phone contract", "Gloves"]
    assert page.totals.text() == "2 expenses shown, £42.60 in all · 2 without a receipt"
    page.category_filter.setCurrentIndex(page.category_filter.findData("office"))
    assert column(page.table, expenses_model.DESCRIPTION) == ["Phone contract"]
    page.category_filter.setCurrentIndex(0)
    page.search.setText("medi")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert column(page.table, expenses_model.SUPPLIER) == ["Medisave"]
    page.search.clear()
    page.year_filter.setCurrentIndex(page.year_filter.findData(2025))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert column(page.table, expenses_model.DESCRIPTION) == ["Course"]
    page.year_filter.setCurrentIndex(page.year_filter.findData(None))
    assert page.model.rowCount() == 3


def test_an_empty_list_says_what_to_do(page):
    assert page.totals.text().startswith("No expenses yet.")
    assert page.journeys_totals.text().startswith("No journeys yet.")
    expense("01/06/2025", "10.00", "other", "Course")
    page.refresh()
    assert page.totals.text().startswith("No expenses match.")


def test_a_saved_expense_from_another_year_is_shown_not_hidden(page, monkeypatch):
    def ask(parent, folder, expense_id=None):
        return expense("01/06/2025", "10.00", "other", "Course")

    monkeypatch.setattr(ExpenseDialog, "ask", ask)
    page.add_expense()
    assert page.chosen_year().label == "2025-26"
    assert column(page.table, expenses_model.DESCRIPTION) == ["Course"]


def test_import_reports_what_was_imported(page, monkeypatch):
    class Done:
        said = "Imported 2 expenses."

    asked: list[str] = []
    monkeypatch.setattr(ImportDialog, "ask", lambda parent, kind: asked.append(kind) or Done())
    said = said_by(page)
    page.buttons["import_expenses"].click()
    page.show_journeys_tab()
    page.buttons["import_journeys"].click()
    assert asked == ["expenses", "journeys"]
    assert said == ["Imported 2 expenses.", "Imported 2 expenses."]


# Journeys


def test_two_journeys_earn_45p_a_mile_and_the_totals_line_says_so(page, clients, monkeypatch):
    page.show_journeys_tab()
    trips = iter(
        [
            {"miles": "10", "to_place": "Otley", "client_id": clients["margaret"].id},
            {"miles": "2.5", "to_place": "Ilkley", "purpose": "Pharmacy for Jean"},
        ]
    )

    def ask(parent, journey_id=None):
        dialog = JourneyDialog(parent, journey_id, today=TODAY)
        fill(dialog, from_place="Home", **next(trips))
        dialog.accept()
        return dialog.saved

    monkeypatch.setattr(JourneyDialog, "ask", ask)
    said = said_by(page)
    page.buttons["add_journey"].click()
    page.buttons["add_journey"].click()
    table = page.journeys_table
    assert column(table, journeys_model.TO) == ["Ilkley", "Otley"]  # newest first
    assert column(table, journeys_model.MILES) == ["2.5", "10.0"]
    assert column(table, journeys_model.ALLOWANCE) == ["£1.13", "£4.50"]
    assert column(table, journeys_model.CLIENT) == ["", "Margaret Brown"]
    assert page.journeys_totals.text() == "12.5 miles this tax year, allowance £5.63 (2 journeys)"
    assert said[-1] == "Saved the journey on 20/12/2026 to Ilkley, 2.5 miles."


def test_a_journey_needs_a_purpose_or_a_place(qtbot, business):
    dialog = JourneyDialog(None, today=TODAY)
    qtbot.addWidget(dialog)
    fill(dialog, miles="4")
    dialog.accept()
    assert dialog.saved is None
    assert not dialog.fields.problems["purpose"].isHidden()
    assert Journey.select().count() == 0


def test_editing_and_deleting_a_journey(page, answers, monkeypatch):
    journey = save_journey(JourneyForm("02/12/2026", "10", "Home", "Otley", "Visit"))
    page.show_journeys_tab()
    page.refresh()
    page.select_journey(journey.id)

    def ask(parent, journey_id=None):
        dialog = JourneyDialog(parent, journey_id)
        assert dialog.fields.widgets["miles"].text() == "10.0"
        fill(dialog, miles="20")
        dialog.accept()
        return dialog.saved

    monkeypatch.setattr(JourneyDialog, "ask", ask)
    page.buttons["edit_journey"].click()
    assert column(page.journeys_table, journeys_model.ALLOWANCE) == ["£9.00"]
    page.buttons["delete_journey"].click()
    assert answers.asked[-1].startswith("Delete the journey on 02/12/2026 to Otley, 20.0 miles?")
    assert Journey.select().count() == 0


def test_the_page_is_named_and_labelled(page, clients):
    expense("01/12/2026", "24.60", "goods", "Gloves")
    page.refresh()
    assert unnamed_inputs(page) == []
    assert unlabelled_inputs(page) == []
    page.show_journeys_tab()
    assert unnamed_inputs(page) == []


def test_the_journey_dialog_is_named_and_labelled(qtbot, clients):
    dialog = JourneyDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert unnamed_inputs(dialog) == []
    assert unlabelled_inputs(dialog) == []


def test_the_models_pass_the_qt_model_tester(qtmodeltester, clients, data_dir, photo):
    save_expense(
        ExpenseForm("01/12/2026", "24.60", "goods", "Gloves", client_id=clients["jean"].id),
        receipt=photo,
        folder=data_dir,
    )
    expense("05/12/2026", "18.00", "office", "Phone")
    save_journey(JourneyForm("02/12/2026", "10", "Home", "Otley", "Visit"))
    save_journey(JourneyForm("03/12/2026", "3", purpose="Shopping", vehicle="motorcycle"))
    expenses = ExpensesTableModel()
    expenses.refresh()
    journeys = JourneysTableModel()
    journeys.refresh()
    assert expenses.rowCount() == 2
    assert journeys.rowCount() == 2
    qtmodeltester.check(expenses)
    qtmodeltester.check(journeys)


def test_an_expense_is_charged_to_the_clients_draft_invoice(page, answers):
    client = save_client(ClientForm(name="Edna Shaw", weekday_rate="18"))
    save_visit(VisitForm(client.id, support_visit_type(client).id, "02/12/2026", "09:00", "10:00"))
    invoice = create_draft(client.id, date(2026, 12, 1), date(2026, 12, 31))
    gloves = save_expense(
        ExpenseForm("03/12/2026", "6.40", "goods", "Gloves", "Medisave", client_id=client.id)
    )
    own = save_expense(ExpenseForm("04/12/2026", "3", "office", "Pens"))
    page.refresh()
    page.select_expense(own.id)
    assert not page.buttons["recharge"].isEnabled()  # no client to charge
    page.select_expense(gloves.id)
    assert page.buttons["recharge"].isEnabled()
    page.buttons["recharge"].click()
    assert "Add" in answers.asked[-1] and "Edna Shaw" in answers.asked[-1]
    assert Invoice.get_by_id(invoice.id).total_pence == 1800 + 640
    page.select_expense(gloves.id)
    assert not page.buttons["recharge"].isEnabled()  # charged once
