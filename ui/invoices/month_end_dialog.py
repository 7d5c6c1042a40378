"""Month end: make a draft for every client with visits to invoice, look, then issue and save.

Both steps run through the one background Runner with a progress bar. The window
cannot be closed while one runs; a problem part-way leaves what was done (drafts made,
invoices issued) as it is, and says so.
"""

from __future__ import annotations

from datetime import date
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QStringListModel
from PySide6.QtCore import Signal
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QListView
from PySide6.QtWidgets import QProgressBar
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.money import format_money
from microbiz.foundations.validation import Fields
from microbiz.invoicing.documents import issue_and_write
from microbiz.invoicing.documents import write_invoices
from microbiz.invoicing.emailing import EmailBatch
from microbiz.invoicing.emailing import email_invoices
from microbiz.invoicing.invoices import GROUPINGS
from microbiz.invoicing.invoices import PER
from microbiz.invoicing.invoices import DraftBatch
from microbiz.invoicing.invoices import far_issue_date
from microbiz.invoicing.invoices import generate_drafts
from ui.common import messages
from ui.common.buttons import push_buttons
from ui.common.forms import FormFields
from ui.common.forms import choice_combo
from ui.common.forms import line_edit
from ui.common.forms import required_date
from ui.common.forms import summary_label
from ui.common.keys import tab_order
from ui.common.looks import WrappedLabel
from ui.common.looks import em
from ui.common.looks import heading
from ui.common.looks import paragraph
from ui.common.looks import scaled_font
from ui.common.mnemonics import Mnemonics
from ui.common.runner import Job
from ui.common.runner import Progress
from ui.common.runner import Runner
from ui.common.tables import read_only_table
from ui.common.tables import rows_tall
from ui.invoices.batch_model import CLIENT
from ui.invoices.batch_model import PAYER
from ui.invoices.batch_model import BatchTableModel
from ui.invoices.invoice_actions import open_folder
from ui.invoices.invoice_actions import ready_to_issue
from ui.invoices.invoices_model import drafts_count
from ui.invoices.invoices_model import invoices_count

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS_OFFERED = 13
FIRST_WEEK_DAYS = 7
LABELS = {
    "month": "Month",
    "per": "Invoices",
    "grouping": "Lines on each invoice",
    "issue_date": "Issue date",
}
HINTS = {
    "month": "Every delivered visit in this month that is not on an invoice yet.",
    "per": (
        "One invoice for each client, or one for each council, trust or other payer "
        "with a section for each of their clients."
    ),
    "grouping": "How the visits are listed on each invoice.",
    "issue_date": "The date printed on the invoices, like 30/11/2026.",
}
EXPLANATION = (
    "First Microbiz makes a draft invoice for each client with delivered visits to invoice. "
    "Look them over; then issue them, which numbers them and saves each as a PDF."
)
CHOOSING, WORKING, REVIEWING, DONE = "choosing", "working", "reviewing", "done"
PLEASE_WAIT = "Please wait: Microbiz is still working. This window can close when it has finished."
WIDTH_EM = 64
ROWS_SHOWN = 8
SCREEN_SHARE = 0.85


def month_span(first: date) -> tuple[date, date]:
    """The first and last day of the month that starts on `first`."""
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def month_name(first: date) -> str:
    """'November 2026', in English whatever the computer's language."""
    return f"{MONTH_NAMES[first.month - 1]} {first.year}"


def months_back(today: date, count: int = MONTHS_OFFERED) -> list[date]:
    """The first days of this month and the `count - 1` before it, newest first."""
    months, day = [], today.replace(day=1)
    for _ in range(count):
        months.append(day)
        day = (day - timedelta(days=1)).replace(day=1)
    return months


def default_month(today: date) -> date:
    """Last month in the first week of a month (invoicing what just ended), else this month."""
    this_month = today.replace(day=1)
    if today.day <= FIRST_WEEK_DAYS:
        return (this_month - timedelta(days=1)).replace(day=1)
    return this_month


def issue_and_save(
    draft_ids: list[int], issued_ids: list[int], issue_date: date, folder: Path, progress: Progress
) -> list[Path]:
    """Issue the drafts and save every PDF; invoices already issued are only saved again."""
    total = 2 * len(draft_ids) + len(issued_ids)
    paths = []
    if draft_ids:
        paths += issue_and_write(
            draft_ids,
            issue_date,
            folder,
            lambda done, _: progress(done, total),
            date_confirmed=True,  # the question before issuing showed the date, and warned
        )
    if issued_ids:
        offset = 2 * len(draft_ids)
        paths += write_invoices(issued_ids, folder, lambda done, _: progress(offset + done, total))
    return paths


class MonthEndDialog(QDialog):
    """Step 1 makes drafts and shows them; step 2 issues them and saves their PDFs."""

    work_finished = Signal()

    def __init__(self, parent: QWidget | None, folder: Path, today: date | None = None) -> None:
        super().__init__(parent)
        self._folder = folder
        self._today = today or clock.today()
        self._state = CHOOSING
        self._job: Job | None = None
        self._month_label = ""
        self._state_after = CHOOSING
        self.said = ""
        self.open_page: str | None = None
        self.setWindowTitle("Invoice a month")
        self.summary = summary_label()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields = FormFields(form, Mnemonics("mifc"))
        self.fields.add("month", LABELS["month"], self._month_combo(), HINTS["month"])
        self.fields.add("per", LABELS["per"], choice_combo(PER), HINTS["per"])
        self.fields.add("grouping", LABELS["grouping"], choice_combo(GROUPINGS), HINTS["grouping"])
        self.fields.add(
            "issue_date", LABELS["issue_date"], line_edit("dd/mm/yyyy"), HINTS["issue_date"]
        )
        self.fields.fill({"issue_date": format_date(self._today)})
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress.hide()
        self.status = WrappedLabel()
        self.status.setAccessibleName("What is happening")
        self.status.hide()
        self.model = BatchTableModel(self)
        self.table = read_only_table(self.model, "Drafts made", CLIENT)
        self.table.horizontalHeader().setSectionResizeMode(PAYER, QHeaderView.ResizeMode.Stretch)
        self.skipped_model = QStringListModel(self)
        self.skipped = QListView()
        self.skipped.setModel(self.skipped_model)
        self.skipped.setAccessibleName("Clients left out")
        self.skipped.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.drafts_heading = heading("Drafts made")
        self.skipped_heading = heading("Left out")
        self.total = QLabel()
        self.total.setFont(scaled_font(self.total))
        self.review = QWidget()
        self.buttons = self._make_buttons()
        self._lay_out(form)
        self._show_state(CHOOSING)
        self._fit_to_screen()

    @classmethod
    def ask(cls, parent: QWidget | None, folder: Path) -> MonthEndDialog:
        """Open the dialog modally; the closed dialog says what was done (`said`)."""
        dialog = cls(parent, folder)
        dialog.exec()
        dialog.deleteLater()
        return dialog

    def is_working(self) -> bool:
        return self._job is not None

    def chosen_month(self) -> tuple[date, date]:
        first = date.fromisoformat(self.fields.widgets["month"].currentData())
        return month_span(first)

    def make_drafts(self) -> None:
        """Step 1: a draft for every client with visits to invoice in the month."""
        if self.is_working():
            return
        first, last = self.chosen_month()
        grouping = self.fields.widgets["grouping"].currentData()
        per = self.fields.widgets["per"].currentData()
        self._month_label = month_name(first)
        self._start(
            Job(
                lambda progress: generate_drafts(first, last, grouping, progress=progress, per=per)
            ),
            f"Making drafts for {self._month_label}…",
            "%v of %m clients checked",
            self._drafts_made,
            self._drafts_failed,
        )

    def issue_all(self) -> None:
        """Step 2: issue the drafts in the order shown, then save each PDF in the folder."""
        if self.is_working():
            return
        day = self._issue_date()
        if day is None:
            return
        drafts, issued = self.model.draft_ids(), self.model.issued_ids()
        if drafts and not ready_to_issue(self, drafts, self._leave_for):
            return
        if drafts and not messages.confirm(
            self, "Issue invoices?", self._issue_question(len(drafts), day), "Issue"
        ):
            return
        folder = self._folder
        self._start(
            Job(lambda progress: issue_and_save(drafts, issued, day, folder, progress)),
            "Issuing the invoices and saving their PDFs…",
            "%p%",
            self._issued,
            self._issue_failed,
        )

    def open_folder(self) -> None:
        open_folder(self, self._folder)

    def email_all(self) -> None:
        """Email each issued invoice to its payer, through the mail server in Settings."""
        if self.is_working():
            return
        issued = self.model.issued_ids()
        question = (
            f"Email {invoices_count(len(issued))} to their payers, each with its PDF? "
            "Invoices whose payer has no email address are left out and listed."
        )
        if not messages.confirm(self, "Email the invoices?", question, "Email"):
            return
        self._start(
            Job(lambda progress: email_invoices(issued, progress)),
            "Emailing the invoices…",
            "%v of %m sent",
            self._emailed,
            self._email_failed,
        )

    def _leave_for(self, page: str) -> None:
        """Close, keeping the drafts, so the page can show where to add what is missing."""
        self.open_page = page
        self.reject()

    def reject(self) -> None:
        """Close, unless work is running: then say to wait (it cannot be stopped half-way)."""
        if self.is_working():
            self._say(PLEASE_WAIT)
            return
        if self._state == REVIEWING and self.model.draft_ids() and not self.said:
            count = len(self.model.draft_ids())
            self.said = (
                f"{drafts_count(count)} for {self._month_label} "
                f"{'is' if count == 1 else 'are'} waiting on the Invoices page, not issued yet."
            )
        super().reject()

    # Running jobs

    def _start(self, job: Job, doing: str, progress_format: str, on_result, on_error) -> None:
        self._job = job
        self._state_after = self._state
        self._result_slot, self._error_slot = on_result, on_error
        self.progress.setRange(0, 0)
        self.progress.setFormat(progress_format)
        self.progress.show()
        self._say(doing)
        self._show_state(WORKING)
        job.signals.progress.connect(self._on_progress)
        job.signals.result.connect(self._on_result)
        job.signals.error.connect(self._on_error)
        job.signals.finished.connect(self._on_finished)
        Runner.start(job)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    @Slot(object)
    def _on_result(self, outcome: object) -> None:
        self._result_slot(outcome)

    @Slot(str)
    def _on_error(self, problem: str) -> None:
        self._error_slot(problem)

    @Slot()
    def _on_finished(self) -> None:
        self._job = None
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 1)
            self.progress.setValue(1)
        self._show_state(self._state_after)
        self.work_finished.emit()

    # What each step leaves behind

    def _drafts_made(self, batch: DraftBatch) -> None:
        self.model.set_invoices([invoice.id for invoice in batch.invoices])
        self.skipped_model.setStringList([f"{name}: {reason}." for name, reason in batch.skipped])
        left_out = len(batch.skipped)
        self.skipped_heading.setText(
            f"Left out ({left_out})" if left_out else "Nobody was left out."
        )
        self.skipped_heading.setAccessibleName(self.skipped_heading.text())
        self.skipped.setVisible(left_out > 0)
        count = len(batch.invoices)
        self.drafts_heading.setText(f"Drafts made ({count})")
        self.drafts_heading.setAccessibleName(self.drafts_heading.text())
        self._show_total()
        if count:
            self._say(
                f"Made {drafts_count(count)} for {self._month_label}, "
                f"{format_money(batch.total_pence)} in all. Look them over, then choose "
                "“Issue and save PDFs”. To change a draft first, close this window: the "
                "drafts are kept on the Invoices page."
            )
            self._state_after = REVIEWING
        else:
            self._say(f"No drafts were made for {self._month_label}: see who was left out and why.")
            self._state_after = CHOOSING
        self.table.setVisible(count > 0)
        self.review.show()
        self._grow_for_review()
        if count:
            self.table.setFocus()
        else:
            self.skipped.setFocus()

    def _drafts_failed(self, problem: str) -> None:
        self._state_after = CHOOSING
        self._say("The drafts were not all made.")
        messages.warn(
            self,
            "Drafts not finished",
            f"{problem}\n\nAny drafts made before the problem are kept on the Invoices page.",
        )

    def _issued(self, paths: list[Path]) -> None:
        self.model.refresh()
        count = len(self.model.issued_ids())
        self.said = (
            f"Issued {invoices_count(count)}, {format_money(self.model.total_pence(True))} in all. "
            f"PDFs saved in {self._folder}."
        )
        self._say(self.said)
        self.status.setFont(scaled_font(self.status))
        self.drafts_heading.setText(f"Issued ({count})")
        self.drafts_heading.setAccessibleName(self.drafts_heading.text())
        self.total.hide()
        self._state_after = DONE

    def _emailed(self, batch: EmailBatch) -> None:
        said = f"Emailed {invoices_count(len(batch.sent))}."
        if batch.no_address:
            left = ", ".join(f"{e.payer_name} ({e.number})" for e in batch.no_address)
            said += f" Not emailed, with no email address: {left}."
        self.said = f"{self.said} {said}".strip()
        self._say(said)
        self.buttons["email"].setEnabled(False)

    def _email_failed(self, problem: str) -> None:
        self._say("The invoices were not all emailed.")
        messages.warn(
            self,
            "Emails not finished",
            f"{problem}\n\nEach invoice sent before the problem is marked as sent on the "
            "Invoices page; the others can be emailed from there.",
        )

    def _issue_failed(self, problem: str) -> None:
        self.model.refresh()
        issued, waiting = len(self.model.issued_ids()), len(self.model.draft_ids())
        if waiting:
            where = (
                f"{issued} of {issued + waiting} invoices were issued before the problem; "
                f"the other {waiting} are still drafts."
            )
        else:
            where = "Every invoice is issued, but not every PDF was saved."
        self._say(where)
        self._state_after = REVIEWING
        messages.warn(
            self,
            "Invoices not finished",
            f"{problem}\n\n{where} Nothing is lost: put the problem right and choose "
            "“Issue and save PDFs” again.",
        )

    # Layout and state

    def _issue_date(self) -> date | None:
        check = Fields()
        text = self.fields.values()["issue_date"]
        day = required_date(check, "issue_date", LABELS["issue_date"], text)
        try:
            check.done()
        except ValidationError as problem:
            self.fields.report_problems(problem, self.summary)
            return None
        self.fields.clear_problems()
        self.summary.hide()
        return day

    def _issue_question(self, count: int, day: date) -> str:
        them = "it" if count == 1 else "them"
        far = (
            f"Check the date: {format_date(day)} is more than a year from today.\n\n"
            if far_issue_date(day)
            else ""
        )
        return (
            f"{far}Issue {invoices_count(count)} dated {format_date(day)}, "
            f"{format_money(self.model.total_pence())} in all?\n\n"
            f"Each gets its invoice number. After that {them} cannot be changed or deleted: "
            "a mistake is put right with a credit note."
        )

    def _show_total(self) -> None:
        text = f"Total: {format_money(self.model.total_pence())}"
        self.total.setText(text)
        self.total.setAccessibleName(text)
        self.total.setVisible(self.model.rowCount() > 0)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleName(text)
        self.status.show()

    def _show_state(self, state: str) -> None:
        self._state = state
        working = state == WORKING
        choosing = state == CHOOSING
        for name in ("month", "per", "grouping"):
            self.fields.set_enabled(name, choosing)
        self.fields.set_enabled("issue_date", state in (CHOOSING, REVIEWING))
        self.buttons["make"].setVisible(state in (CHOOSING, WORKING) and not self.model.rowCount())
        self.buttons["make"].setEnabled(choosing)
        self.buttons["issue"].setEnabled(state == REVIEWING and self.model.rowCount() > 0)
        self.buttons["folder"].setVisible(state == DONE)
        self.buttons["email"].setVisible(state == DONE)
        self.buttons["close"].setEnabled(not working)
        if state == REVIEWING:
            self.buttons["issue"].setDefault(True)
        elif state == DONE:
            self.buttons["close"].setDefault(True)
        elif choosing:
            self.buttons["make"].setDefault(True)

    def _make_buttons(self) -> dict[str, QPushButton]:
        specs = {
            "make": ("&Make drafts", "Make drafts", self.make_drafts),
            "issue": ("&Issue and save PDFs…", "Issue and save PDFs", self.issue_all),
            "folder": ("Open &folder", "Open folder", self.open_folder),
            "email": ("&Email them…", "Email the issued invoices", self.email_all),
            "close": ("&Close", "Close", self.reject),
        }
        buttons = push_buttons(specs)
        for button in buttons.values():
            button.setAutoDefault(False)
        buttons["folder"].setToolTip(f"Show {self._folder}")
        return buttons

    def _month_combo(self) -> QComboBox:
        combo = QComboBox()
        for first in months_back(self._today):
            combo.addItem(month_name(first), first.isoformat())
        combo.setCurrentIndex(combo.findData(default_month(self._today).isoformat()))
        return combo

    def _lay_out(self, form: QFormLayout) -> None:
        self.table.setMinimumHeight(rows_tall(self.table, 3))
        self.skipped.setMinimumHeight(rows_tall(self.table, 2))
        self.skipped.setMaximumHeight(rows_tall(self.table, 4))
        total_row = QHBoxLayout()
        total_row.addStretch()
        total_row.addWidget(self.total)
        review = QVBoxLayout(self.review)
        review.setContentsMargins(0, 0, 0, 0)
        review.addWidget(self.drafts_heading)
        review.addWidget(self.table, 1)
        review.addLayout(total_row)
        review.addWidget(self.skipped_heading)
        review.addWidget(self.skipped)
        self.review.hide()
        actions = QHBoxLayout()
        for key in ("make", "issue", "folder", "email"):
            actions.addWidget(self.buttons[key])
        actions.addStretch()
        actions.addWidget(self.buttons["close"])
        layout = QVBoxLayout(self)
        layout.addWidget(paragraph(EXPLANATION))
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.review, 1)
        layout.addLayout(actions)
        chain = [*self.fields.widgets.values(), self.table, self.skipped]
        chain += [self.buttons[key] for key in ("make", "issue", "folder", "email", "close")]
        tab_order(chain)

    def _fit_to_screen(self) -> None:
        """Wide enough to read the review later; only as tall as the choices for now."""
        screen = self.screen().availableGeometry()
        self.resize(
            min(em(self, WIDTH_EM), round(screen.width() * SCREEN_SHARE)),
            self.sizeHint().height(),
        )

    def _grow_for_review(self) -> None:
        """Tall enough to see several drafts at once, within most of the screen."""
        screen = self.screen().availableGeometry()
        shown = min(max(self.model.rowCount(), 3), ROWS_SHOWN)
        wanted = self.sizeHint().height() + rows_tall(self.table, shown) - rows_tall(self.table, 3)
        height = min(max(wanted, self.height()), round(screen.height() * SCREEN_SHARE))
        self.resize(self.width(), height)
