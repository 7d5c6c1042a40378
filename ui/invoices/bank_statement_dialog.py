"""Import a bank statement: each credit with the invoice it seems to pay, each debit keepable.

The user changes or clears any match and ticks debits to keep as expenses; “Record”
saves them all in one transaction, off the UI thread. A layout Microbiz does not know
asks once which column is which, and the answer is remembered.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QProgressBar
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations.money import format_money
from microbiz.invoicing.bank_files import UnknownColumns
from microbiz.invoicing.bank_statements import APPLIED
from microbiz.invoicing.bank_statements import Proposal
from microbiz.invoicing.bank_statements import owing_invoices
from microbiz.invoicing.bank_statements import propose_matches
from microbiz.invoicing.bank_statements import read_bank_statement
from microbiz.invoicing.payments import InvoiceSummary
from microbiz.records.bank_import import ImportDone
from microbiz.records.bank_import import apply_import
from microbiz.records.bank_import import suggest_category
from microbiz.tax.expenses import CATEGORY_LABELS
from ui.common.buttons import push_button
from ui.common.files import choose_file
from ui.common.files import documents_folder
from ui.common.forms import buddy
from ui.common.forms import choice_combo
from ui.common.forms import line_edit
from ui.common.keys import tab_order
from ui.common.looks import WrappedLabel
from ui.common.looks import em
from ui.common.looks import paragraph
from ui.common.runner import Job
from ui.common.runner import Runner
from ui.common.tables import read_only_table
from ui.common.tables import select_source_row
from ui.common.tables import selected_source_row
from ui.invoices.bank_lines_model import DESCRIPTION
from ui.invoices.bank_lines_model import BankLinesModel

STATEMENT_FILTER = "Bank statements (*.csv *.ofx *.qfx);;All files (*)"
EXPLANATION = (
    "Choose a statement saved from your bank's website (CSV, OFX or QFX). Each payment in "
    "is matched to an invoice where Microbiz can; change or clear any match, and tick money "
    "out to keep as an expense. Nothing is saved until you choose Record."
)
NO_INVOICE = "No invoice"
COLUMNS_HINT = "date=Posted,description=Memo,amount=Value"
WIDTH_EM, HEIGHT_EM = 80, 44


@dataclass(frozen=True)
class Reading:
    proposals: list[Proposal]
    owing: list[InvoiceSummary]


def choose_statement(parent: QWidget | None) -> Path | None:
    """Ask for a statement file; tests replace this function."""
    return choose_file(parent, "Import bank statement", str(documents_folder()), STATEMENT_FILTER)


def read_and_match(path: Path, columns: str) -> Reading | UnknownColumns:
    """The statement's lines with their proposed matches, or which columns it has."""
    try:
        statement = read_bank_statement(path, columns)
    except UnknownColumns as unknown:
        return unknown
    return Reading(propose_matches(statement), owing_invoices())


class BankStatementDialog(QDialog):
    """Choose a statement, confirm or change each line's match, then record them all."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import bank statement")
        self.path: Path | None = None
        self.proposals: list[Proposal] = []
        self.numbers: dict[int, str] = {}
        self.matches: dict[int, int] = {}
        self.expenses: dict[int, str] = {}
        self.outcome: ImportDone | None = None
        self.said = ""
        self._job: Job | None = None
        self._make_widgets()
        self._lay_out()
        self._show_line(None)
        self.resize(em(self, WIDTH_EM), em(self, HEIGHT_EM))
        self.choose_button.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None) -> BankStatementDialog:
        """Open modally; afterwards `outcome` says what was recorded, or is None."""
        dialog = cls(parent)
        dialog.exec()
        dialog.deleteLater()
        return dialog

    # Actions

    def choose(self) -> None:
        path = choose_statement(self)
        if path is not None:
            self.read(path)

    def read(self, path: Path, columns: str = "") -> None:
        """Read the statement and propose matches, off the UI thread."""
        if self._job is not None:
            return
        self.path = path
        self.file_label.setText(str(path))
        self.file_label.setAccessibleName(f"File chosen: {path.name}")
        self._start(Job(lambda _progress: read_and_match(path, columns)), "Reading the statement…")
        self._job.signals.result.connect(self._read)
        Runner.start(self._job)

    def read_with_columns(self) -> None:
        if self.path is not None:
            self.read(self.path, self.columns.text())

    def record(self) -> None:
        """Save every chosen payment and expense in one transaction."""
        if self._job is not None or not (self.matches or self.expenses):
            return
        proposals, matches, expenses = self.proposals, dict(self.matches), dict(self.expenses)
        work = Job(lambda progress: apply_import(proposals, matches, expenses, progress))
        self._start(work, "Recording…")
        work.signals.progress.connect(self._progress)
        work.signals.result.connect(self._recorded)
        Runner.start(work)

    def reject(self) -> None:
        if self._job is None:
            super().reject()

    # Choosing, line by line

    def _chosen_row(self) -> int | None:
        return selected_source_row(self.table)

    @Slot()
    def _show_line(self, _selection: object = None) -> None:
        """The editors for the chosen line: its invoice, or keeping it as an expense."""
        at = self._chosen_row()
        proposal = None if at is None else self.proposals[at]
        credit = proposal is not None and not proposal.seen and proposal.line.is_credit
        debit = proposal is not None and not proposal.seen and not proposal.line.is_credit
        for widget in (self.invoice, self.invoice_label):
            widget.setEnabled(credit)
        for widget in (self.keep, self.category, self.category_label):
            widget.setEnabled(debit)
        self.invoice.blockSignals(True)
        self.invoice.setCurrentIndex(max(self.invoice.findData(self.matches.get(at)), 0))
        self.invoice.blockSignals(False)
        self.keep.blockSignals(True)
        self.keep.setChecked(at in self.expenses)
        self.keep.blockSignals(False)
        if debit:
            category = self.expenses.get(at) or suggest_category(proposal.line.description)
            self.category.blockSignals(True)
            self.category.setCurrentIndex(self.category.findData(category))
            self.category.blockSignals(False)

    @Slot()
    def _invoice_chosen(self) -> None:
        at = self._chosen_row()
        if at is None:
            return
        chosen = self.invoice.currentData()
        if chosen is None:
            self.matches.pop(at, None)
        else:
            self.matches[at] = chosen
        self._refresh(at)

    @Slot()
    def _expense_chosen(self) -> None:
        at = self._chosen_row()
        if at is None:
            return
        if self.keep.isChecked():
            self.expenses[at] = self.category.currentData()
        else:
            self.expenses.pop(at, None)
        self._refresh(at)

    # What the jobs leave behind

    @Slot(object)
    def _read(self, found: Reading | UnknownColumns) -> None:
        if isinstance(found, UnknownColumns):
            self._ask_columns(found)
            return
        self.columns_row.hide()
        self.proposals = found.proposals
        self.numbers = {s.id: s.number for s in found.owing}
        self._fill_invoices(found.owing)
        self.matches = {
            at: p.invoice_id for at, p in enumerate(self.proposals) if p.confidence in APPLIED
        }
        self.expenses = {}
        self._refresh(0 if self.proposals else None)
        self.table.setFocus()

    def _ask_columns(self, unknown: UnknownColumns) -> None:
        self._say(
            "Microbiz cannot tell which columns hold the date, description and amount. "
            f"The columns are: {', '.join(unknown.columns)}. Say which is which, like "
            f"{COLUMNS_HINT}, then choose Read."
        )
        self.columns_row.show()
        self.columns.setFocus()

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    @Slot(object)
    def _recorded(self, done: ImportDone) -> None:
        self.outcome = done
        self.said = (
            f"Recorded {_count(done.payments, 'payment')} and {_count(done.expenses, 'expense')}."
        )
        self._job = None
        self.accept()

    @Slot(str)
    def _failed(self, problem: str) -> None:
        self._say(f"{problem} Nothing was saved.")

    # Building and state

    def _refresh(self, keep_row: int | None) -> None:
        self.model.show(self.proposals, self.matches, self.expenses, self.numbers)
        if keep_row is not None:
            select_source_row(self.table, keep_row, DESCRIPTION)
        payments = sum(self.proposals[at].line.amount_pence for at in self.matches)
        self._say(
            f"{_count(len(self.proposals), 'line')}. To record: "
            f"{_count(len(self.matches), 'payment')} ({format_money(payments)}) and "
            f"{_count(len(self.expenses), 'expense')}."
        )
        self.record_button.setEnabled(bool(self.matches or self.expenses))
        self._show_line()

    def _fill_invoices(self, owing: list[InvoiceSummary]) -> None:
        self.invoice.blockSignals(True)
        self.invoice.clear()
        self.invoice.addItem(NO_INVOICE, None)
        for summary in owing:
            words = f"{summary.number}, {summary.payer_name}, "
            self.invoice.addItem(words + f"{format_money(summary.balance_pence)} owed", summary.id)
        self.invoice.blockSignals(False)

    def _start(self, job: Job, doing: str) -> None:
        self._job = job
        self._say(doing)
        self.progress.setRange(0, 0)
        self.progress.show()
        for button in (self.choose_button, self.record_button, self.read_button):
            button.setEnabled(False)
        job.signals.error.connect(self._failed)
        job.signals.finished.connect(self._finished)

    @Slot()
    def _finished(self) -> None:
        self._job = None
        self.progress.hide()
        self.choose_button.setEnabled(True)
        self.read_button.setEnabled(True)
        self.record_button.setEnabled(bool(self.matches or self.expenses))

    def _say(self, text: str) -> None:
        self.summary.setText(text)
        self.summary.setAccessibleName(text)

    def _make_widgets(self) -> None:
        self.file_label = WrappedLabel("No file chosen yet.")
        self.file_label.setAccessibleName("File chosen")
        self.choose_button = push_button("C&hoose file…", "Choose statement file", self.choose)
        self.columns = line_edit(COLUMNS_HINT)
        self.columns.setAccessibleName("Columns")
        self.read_button = push_button("&Read", "Read with these columns", self.read_with_columns)
        self.columns_row = QWidget()
        self.summary = WrappedLabel()
        self.summary.setAccessibleName("What Microbiz found")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress.hide()
        self.model = BankLinesModel(self)
        self.table = read_only_table(self.model, "Lines of the statement", DESCRIPTION)
        self.table.selectionModel().selectionChanged.connect(self._show_line)
        self.invoice = QComboBox()
        self.invoice.setAccessibleName("Invoice this payment is for")
        self.invoice.currentIndexChanged.connect(self._invoice_chosen)
        self.invoice_label = buddy("&Invoice:", self.invoice)
        self.keep = QCheckBox("&Keep as an expense")
        self.keep.setAccessibleName("Keep as an expense")
        self.keep.toggled.connect(self._expense_chosen)
        self.category = choice_combo(CATEGORY_LABELS)
        self.category.setAccessibleName("Expense category")
        self.category.currentIndexChanged.connect(self._expense_chosen)
        self.category_label = buddy("Cate&gory:", self.category)
        self.record_button = push_button("R&ecord", "Record payments and expenses", self.record)
        self.record_button.setEnabled(False)
        self.close_button = push_button("&Close", "Close", self.reject)
        for button in (self.record_button, self.close_button):
            button.setAutoDefault(False)  # Enter in a drop-down never records

    def _lay_out(self) -> None:
        file_row = QHBoxLayout()
        file_row.addWidget(QLabel("File:"))
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(self.choose_button)
        columns = QHBoxLayout(self.columns_row)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.addWidget(buddy("Col&umns:", self.columns))
        columns.addWidget(self.columns, 1)
        columns.addWidget(self.read_button)
        self.columns_row.hide()
        line = QHBoxLayout()
        line.addWidget(self.invoice_label)
        line.addWidget(self.invoice, 1)
        debit = QHBoxLayout()
        debit.addWidget(self.keep)
        debit.addWidget(self.category_label)
        debit.addWidget(self.category, 1)
        buttons = QDialogButtonBox()
        buttons.addButton(self.record_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(paragraph(EXPLANATION))
        layout.addLayout(file_row)
        layout.addWidget(self.columns_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel("For the chosen line:"))
        layout.addLayout(line)
        layout.addLayout(debit)
        layout.addWidget(buttons)
        chain = [self.choose_button, self.columns, self.read_button, self.table, self.invoice]
        chain += [self.keep, self.category, self.record_button, self.close_button]
        tab_order(chain)


def _count(number: int, noun: str) -> str:
    """'1 payment', '2 payments'."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
