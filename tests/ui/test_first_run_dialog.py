"""FirstRunDialog: the two names (and, if wanted, invoice details), or the sample business."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPlainTextEdit

from microbiz.compliance.checklists import DEFAULT_TEMPLATE
from microbiz.compliance.checklists import find_checklist_or_none
from microbiz.foundations.business import get_business
from microbiz.foundations.db import close_database
from microbiz.foundations.db import open_database
from microbiz.foundations.models import Checklist
from microbiz.foundations.models import Client
from microbiz.foundations.paths import database_path
from microbiz.foundations.paths import is_sample_folder
from microbiz.foundations.paths import sample_dir
from ui.settings.first_run_dialog import FirstRunDialog


@pytest.fixture
def dialog(qtbot, db, data_dir) -> FirstRunDialog:
    dialog = FirstRunDialog(data_dir)
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


def test_closing_the_dialog_leaves_no_business(dialog):
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert get_business() is None


def test_start_chooses_this_folder(dialog, data_dir):
    names(dialog)
    dialog.start_button.click()
    assert dialog.chosen == data_dir


def test_sample_data_is_made_in_its_own_folder(dialog, data_dir):
    dialog.sample_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chosen == sample_dir(data_dir)
    assert is_sample_folder(dialog.chosen)
    assert get_business() is None  # this folder's database, still open, is untouched
    assert Client.select().count() == 0
    assert Checklist.select().count() == 0
    close_database()
    open_database(database_path(dialog.chosen))
    assert get_business().trading_name == "Kind Hands Care"
    assert 5 <= Client.select().count() <= 8


def test_a_folder_in_the_samples_place_is_said_and_kept(dialog, data_dir, answers):
    theirs = sample_dir(data_dir)
    theirs.mkdir()
    (theirs / "notes.txt").write_text("mine")
    dialog.sample_button.click()
    assert dialog.isVisible()
    assert dialog.chosen is None
    assert "not Microbiz's sample business" in answers.warnings[0]
    assert [path.name for path in theirs.iterdir()] == ["notes.txt"]


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
