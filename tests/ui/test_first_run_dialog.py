"""FirstRunDialog: the two names (and, if wanted, invoice details), or sample data."""

from __future__ import annotations

import sys
import types

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPlainTextEdit

from microbiz.compliance.checklists import DEFAULT_TEMPLATE
from microbiz.compliance.checklists import find_checklist_or_none
from microbiz.foundations.business import get_business
from microbiz.foundations.business import start_business
from microbiz.foundations.models import Checklist
from microbiz.foundations.models import Client
from ui.settings.first_run_dialog import FirstRunDialog


@pytest.fixture
def dialog(qtbot, db) -> FirstRunDialog:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_start_with_both_names_creates_the_business(dialog):
    dialog.fields.widgets["trading_name"].setText("Kind Hands Care")
    dialog.fields.widgets["owner_name"].setText("Sam Carter")
    dialog.start_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert get_business().owner_name == "Sam Carter"


def test_start_begins_the_england_checklist_when_ticked(dialog):
    assert dialog.checklist_box.isChecked()
    dialog.fields.widgets["trading_name"].setText("Kind Hands Care")
    dialog.fields.widgets["owner_name"].setText("Sam Carter")
    dialog.start_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert find_checklist_or_none(DEFAULT_TEMPLATE) is not None


def test_start_without_the_checklist_when_unticked(dialog):
    dialog.checklist_box.setChecked(False)
    dialog.fields.widgets["trading_name"].setText("Kind Hands Care")
    dialog.fields.widgets["owner_name"].setText("Sam Carter")
    dialog.start_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert Checklist.select().count() == 0


def test_blank_names_start_no_checklist(dialog):
    dialog.start_button.click()
    assert Checklist.select().count() == 0


def test_start_with_blank_names_shows_problems_and_stays(dialog):
    dialog.start_button.click()
    assert dialog.isVisible()
    assert dialog.fields.problems["trading_name"].text() == "⚠ Business name is required."
    assert dialog.fields.problems["owner_name"].isVisible()
    assert get_business() is None


def test_sample_data_uses_the_demo_and_accepts(dialog, monkeypatch):
    made = []

    def create_demo(clients: int = 12, seed: int = 1) -> None:
        made.append(clients)
        start_business("Sample Care", "Alex Example")

    monkeypatch.setitem(
        sys.modules, "microbiz.demo.sample_business", types.SimpleNamespace(create_demo=create_demo)
    )
    dialog.sample_button.click()
    assert made == [12]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert get_business().trading_name == "Sample Care"
    assert Checklist.select().count() == 0  # the checklist is offered for a real business only


def test_closing_the_dialog_leaves_no_business(dialog):
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert get_business() is None


def test_sample_data_with_the_real_demo(dialog):
    pytest.importorskip("microbiz.demo.sample_business")
    dialog.sample_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert get_business() is not None
    assert Client.select().count() == 12


DETAILS = (
    "address",
    "postcode",
    "bank_account_name",
    "bank_sort_code",
    "bank_account_number",
    "payment_instructions",
)


def type_into(dialog: FirstRunDialog, **values: str) -> None:
    for name, value in values.items():
        widget = dialog.fields.widgets[name]
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value)
        else:
            widget.setText(value)


def names(dialog: FirstRunDialog) -> None:
    type_into(dialog, trading_name="Kind Hands Care", owner_name="Sam Carter")


def test_invoice_details_start_closed_and_open_on_request(qtbot, dialog):
    assert not dialog.details_button.isChecked()
    assert all(not dialog.fields.widgets[name].isVisible() for name in DETAILS)
    qtbot.mouseClick(dialog.details_button, Qt.MouseButton.LeftButton)
    assert all(dialog.fields.widgets[name].isVisible() for name in DETAILS)
    assert all(dialog.fields.labels[name].isVisible() for name in DETAILS)
    assert dialog.fields.widgets["payment_instructions"].accessibleName() == (
        "Payment instructions"
    )


def test_start_with_invoice_details_saves_them(dialog):
    names(dialog)
    dialog.details_button.click()
    type_into(
        dialog,
        address="12 Elm Road\nLeeds",
        postcode="ls6 2ab",
        bank_account_name="S Carter",
        bank_sort_code="123456",
        bank_account_number="12345678",
        payment_instructions="Or pay by Direct Payment card on 0113 000 0000",
    )
    dialog.start_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    business = get_business()
    assert (business.address, business.postcode) == ("12 Elm Road\nLeeds", "LS6 2AB")
    assert (business.bank_sort_code, business.bank_account_number) == ("12-34-56", "12345678")
    assert business.payment_instructions == "Or pay by Direct Payment card on 0113 000 0000"


def test_payment_instructions_without_a_bank_account(dialog):
    names(dialog)
    dialog.details_button.click()
    type_into(dialog, payment_instructions="Pay by Direct Payment card on 0113 000 0000")
    dialog.start_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert get_business().payment_instructions.startswith("Pay by Direct Payment card")
    assert get_business().bank_account_name == ""


def test_bad_invoice_details_are_shown_beside_their_fields(dialog):
    names(dialog)
    dialog.details_button.click()
    type_into(dialog, postcode="nowhere", bank_sort_code="12-34-56")
    dialog.start_button.click()
    assert dialog.isVisible()
    assert get_business() is None
    problems = dialog.fields.problems
    assert problems["postcode"].isVisible()
    assert (
        problems["postcode"].text() == "⚠ Postcode 'nowhere' is not a UK postcode (like SW1A 1AA)."
    )
    assert problems["bank_account_name"].isVisible()
    assert "add the account name and account number" in problems["bank_account_name"].text()
    assert dialog.focusWidget() is dialog.fields.widgets["postcode"]
    assert dialog.summary.isVisible()


def test_closing_the_details_again_skips_them(dialog):
    names(dialog)
    dialog.details_button.click()
    type_into(dialog, postcode="nowhere", bank_sort_code="12-34")
    dialog.start_button.click()
    assert dialog.fields.problem_count() == 3
    dialog.details_button.click()
    assert not dialog.fields.problems["postcode"].isVisible()
    assert dialog.summary.isHidden()
    dialog.start_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    business = get_business()
    assert (business.owner_name, business.postcode, business.bank_sort_code) == (
        "Sam Carter",
        "",
        "",
    )


def test_opened_details_are_named_labelled_and_reached_by_tab(qtbot, dialog):
    dialog.details_button.click()
    inputs = [
        widget
        for kind in (QLineEdit, QPlainTextEdit)
        for widget in dialog.findChildren(kind)
        if widget.isVisible()
    ]
    buddies = {label.buddy() for label in dialog.findChildren(QLabel) if label.buddy()}
    assert len(inputs) == 2 + len(DETAILS)
    assert all(widget.accessibleName() for widget in inputs)
    assert all(widget in buddies for widget in inputs)
    assert dialog.details_button.accessibleName() == "Details for your invoices (optional)"
    assert dialog.details_button.focusPolicy() & Qt.FocusPolicy.TabFocus
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.fields.widgets["owner_name"].setFocus()
    reached = []
    for _ in range(9):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        reached.append(dialog.focusWidget().accessibleName())
    assert reached == [
        "Details for your invoices (optional)",
        "Address",
        "Postcode",
        "Account name",
        "Sort code",
        "Account number",
        "Payment instructions",
        "Start the checklist for setting up in England",
        "Start",
    ]
