"""BankStatementDialog: matches shown and changed, a debit kept, all recorded in one go."""

from __future__ import annotations

import pytest
from bank_support import BANK
from bank_support import issue_four_invoices
from PySide6.QtWidgets import QAbstractButton
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QWidget

from microbiz.foundations.models import Expense
from microbiz.foundations.models import Payment
from microbiz.invoicing.payments import summary_of
from ui.common.tables import select_source_row
from ui.invoices import bank_statement_dialog
from ui.invoices.bank_lines_model import INVOICE
from ui.invoices.bank_lines_model import WHAT
from ui.invoices.bank_statement_dialog import BankStatementDialog

INPUTS = (QLineEdit, QComboBox, QAbstractButton, QAbstractItemView)


@pytest.fixture
def dialog(qtbot, synchronous_runner, business, monkeypatch):
    """The dialog with the Barclays-like statement chosen, over four issued invoices."""
    issue_four_invoices()
    monkeypatch.setattr(bank_statement_dialog, "choose_statement", lambda parent: BANK / name)
    name = "barclays.csv"
    opened = BankStatementDialog(None)
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitExposed(opened)
    opened.choose_button.click()
    return opened


def column(dialog, number):
    return [dialog.model.index(row, number).data() for row in range(dialog.model.rowCount())]


def test_confident_matches_are_proposed_and_the_rest_explained(dialog):
    assert column(dialog, INVOICE) == ["INV-0001", "INV-0002", "", "INV-0003", "", ""]
    assert column(dialog, WHAT)[:3] == [
        "Recorded as a payment (certain)",
        "Recorded as a payment (likely)",
        "Money out: not kept",
    ]
    assert column(dialog, WHAT)[5].startswith("Not recorded: £100.00 is more than the £90.00")
    assert "To record: 3 payments (£140.00) and 0 expenses." in dialog.summary.text()
    unnamed = [
        type(w).__name__
        for w in dialog.findChildren(QWidget)
        if isinstance(w, INPUTS) and not isinstance(w, QHeaderView) and w.isVisible()
        if not w.accessibleName().strip()
    ]
    assert unnamed == []


def test_two_matches_recorded_after_clearing_one_and_keeping_a_debit(dialog):
    select_source_row(dialog.table, 3)
    assert dialog.invoice.isEnabled() and not dialog.keep.isEnabled()
    dialog.invoice.setCurrentIndex(dialog.invoice.findData(None))  # clear INV-0003
    select_source_row(dialog.table, 4)
    assert dialog.category.currentData() == "office"  # VODAFONE
    dialog.keep.setChecked(True)
    assert column(dialog, WHAT)[3:5] == [
        "Not recorded: likely match INV-0003 (by amount and payer's name); choose it to record it",
        "Kept as an expense: Phone, fax, stationery and other office costs",
    ]
    dialog.record_button.click()
    assert dialog.said == "Recorded 2 payments and 1 expense."
    assert sorted(p.invoice.number for p in Payment.select()) == ["INV-0001", "INV-0002"]
    assert summary_of(2).status == "part_paid" and summary_of(3).paid_pence == 0
    assert [(e.description, e.category) for e in Expense.select()] == [("VODAFONE LTD", "office")]


def test_a_line_recorded_before_is_shown_as_skipped(dialog, qtbot):
    dialog.record_button.click()
    again = BankStatementDialog(None)
    qtbot.addWidget(again)
    again.read(BANK / "barclays.csv")
    assert column(again, WHAT)[0] == "Imported before: skipped"
    assert column(again, INVOICE)[:4] == ["", "", "", ""]


def test_an_unknown_layout_asks_for_its_columns_once(qtbot, synchronous_runner, business, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("Posted,Memo,Value\n2026-11-20,CARD ASDA,-9.99\n", encoding="utf-8")
    opened = BankStatementDialog(None)
    qtbot.addWidget(opened)
    opened.show()
    opened.read(path)
    assert opened.columns.isVisible() and "Posted, Memo, Value" in opened.summary.text()
    opened.columns.setText("date=Posted,description=Memo,amount=Value")
    opened.read_button.click()
    assert column(opened, WHAT) == ["Money out: not kept"]
    later = BankStatementDialog(None)
    qtbot.addWidget(later)
    later.read(path)
    assert column(later, WHAT) == ["Money out: not kept"]
