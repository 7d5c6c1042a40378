"""Insurance and checks: what needs attention, the register with its history, and documents."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtCore import Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QInputDialog
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QListView
from PySide6.QtWidgets import QProgressBar
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QStackedWidget
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.compliance.policies import PolicyForm
from microbiz.compliance.policies import Reminder
from microbiz.compliance.policies import get_policy
from microbiz.foundations import clock
from microbiz.foundations.attachments import attach_document
from microbiz.foundations.attachments import delete_policy
from microbiz.foundations.attachments import document_path
from microbiz.foundations.attachments import documents_of
from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Policy
from ui.common import messages
from ui.common.buttons import push_buttons
from ui.common.files import choose_pdf_path
from ui.common.files import documents_folder
from ui.common.files import offer_to_open
from ui.common.files import open_or_warn
from ui.common.keys import DELETE
from ui.common.keys import ENTER
from ui.common.keys import on_keys
from ui.common.keys import tab_order
from ui.common.looks import WrappedLabel
from ui.common.looks import empty_label
from ui.common.looks import heading
from ui.common.looks import paragraph
from ui.common.looks import title
from ui.common.runner import Job
from ui.common.runner import Runner
from ui.common.tables import select_source_row
from ui.common.tables import selected_source_row
from ui.common.tables import sortable_table
from ui.common.tables import sorting_proxy
from ui.compliance import policy_dialog
from ui.compliance.policies_model import KIND
from ui.compliance.policies_model import PROVIDER
from ui.compliance.policies_model import REFERENCE
from ui.compliance.policies_model import SORT_ROLE
from ui.compliance.policies_model import PoliciesTableModel
from ui.compliance.policies_model import PolicyRow
from ui.compliance.policies_model import policy_words
from ui.compliance.policy_dialog import PolicyDialog
from ui.compliance.policy_dialog import kind_words
from ui.compliance.reminders_model import RemindersListModel
from ui.compliance.reminders_model import headline

PAGE_TITLE = "Insurance and checks"
# the columns that may lose their middle when room is short: never the expiry or state
FREE_TEXT = (KIND, PROVIDER, REFERENCE)
EXPLANATION = (
    "Your insurance, DBS check, training and ICO fee in one place. Microbiz reminds you "
    "before each one runs out, and can put them all in one PDF for anyone who asks to see them."
)
ALL_UP_TO_DATE = "All up to date: nothing runs out soon and nothing is missing."
NO_POLICIES = (
    "Nothing recorded yet. Choose “Add…” to record your public liability insurance, "
    "DBS certificate, ICO fee or a training course."
)
REMINDER_ROWS = (1, 5)
LIST_SPACING = 3
ITEM_ACTIONS = ("add", "edit", "renew", "delete")
DOCUMENT_ACTIONS = ("attach", "open")
ACTION_CAPTIONS = ("Items:", "Documents:")
TIPS = {
    "deal": "Renew the chosen item, or add the one that is missing (or press Enter in the list)",
    "add": "Record insurance, a DBS certificate, a training course or the ICO fee",
    "edit": "Correct the chosen item's details and documents",
    "renew": "Record this year's policy or certificate; the old one is kept as history",
    "delete": "Delete an item recorded by mistake, with its documents",
    "attach": "Keep a scan or photo of the certificate with the chosen item",
    "open": "Open the chosen item's document",
    "evidence": "Save every current item, with its documents, as one PDF to show or send",
}
WORKING = "Making your evidence pack…"
RENEW_NOTE = (
    "The dates are moved on a year: check them, and the reference, against your new "
    "certificate. The old item stays in your register as history, and its reminder stops."
)


def pick_document(parent: QWidget | None, names: list[str]) -> int | None:
    """Which of several documents to open, by position; tests replace this function."""
    chosen, ok = QInputDialog.getItem(parent, "Open document", "Which document?", names, 0, False)
    return names.index(chosen) if ok and chosen in names else None


def year_on(day: date | None) -> date | None:
    """The same day a year later; 28 February for 29 February."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def renewal_form(policy: Policy) -> PolicyForm:
    """The item's details with its dates moved on a year, to save as a new item."""
    form = PolicyForm.of(policy)
    form.starts_on = format_date(year_on(policy.starts_on))
    form.expires_on = format_date(year_on(policy.expires_on))
    return form


class CompliancePage(QWidget):
    """Reminders at the top, then the register, its buttons and the evidence pack."""

    message = Signal(str)

    def __init__(
        self,
        folder: Path,
        parent: QWidget | None = None,
        today: Callable[[], date] = clock.today,
    ) -> None:
        super().__init__(parent)
        self.folder = folder
        self._today = today
        self._job: Job | None = None
        self.evidence_path: Path | None = None
        self.reminders_model = RemindersListModel(self)
        self.reminders_list = self._make_reminders_list()
        self.reminders_heading = heading("")
        self.up_to_date = paragraph(ALL_UP_TO_DATE)
        self.model = PoliciesTableModel(self)
        self.proxy = sorting_proxy(self.model, SORT_ROLE, self)
        self.table = sortable_table(self.proxy, "Your register", PROVIDER, FREE_TEXT)
        self.empty = empty_label(NO_POLICIES, NO_POLICIES)
        self._views = QStackedWidget()
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Making the evidence pack")
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status = WrappedLabel()
        self.status.setAccessibleName("What is happening")
        self.status.hide()
        self.buttons = self._make_buttons()
        self._lay_out()
        self._connect()

    @property
    def first_field(self) -> QWidget:
        """What needs attention if anything does, else the register, else Add…."""
        if self.reminders_model.rowCount():
            return self.reminders_list
        if self.model.rowCount():
            return self.table
        return self.buttons["add"]

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else self.selected_id()
        today = self._today()
        self.reminders_model.refresh(today)
        self._show_reminders()
        self.model.refresh(today)
        if keep is not None:
            self.select_policy(keep)
        self._views.setCurrentWidget(self.table if self.model.rowCount() else self.empty)
        self._update_buttons()

    def selected_row(self) -> PolicyRow | None:
        row = selected_source_row(self.table)
        return None if row is None else self.model.policy_row(row)

    def selected_id(self) -> int | None:
        row = self.selected_row()
        return None if row is None else row.policy_id

    def select_policy(self, policy_id: int) -> bool:
        row = self.model.row_of(policy_id)
        if row is None:
            return False
        select_source_row(self.table, row, KIND)
        return True

    def chosen_reminder(self) -> Reminder | None:
        row = selected_source_row(self.reminders_list)
        return None if row is None else self.reminders_model.reminder(row)

    # Actions

    def add_policy(self, kind: str | None = None) -> None:
        form = None if kind is None else PolicyForm(kind=kind)
        title = None if kind is None else f"Add {kind_words(kind)}"
        saved = PolicyDialog.ask(self, self.folder, form=form, title=title)
        self._after_save(saved, "Saved")

    def edit_selected(self) -> None:
        policy_id = self.selected_id()
        if policy_id is None:
            return
        saved = PolicyDialog.ask(self, self.folder, policy_id)
        if saved is None:
            self.refresh(policy_id)  # documents may have been attached or removed
        self._after_save(saved, "Saved")

    def renew_selected(self) -> None:
        row = self.selected_row()
        if row is None or not row.is_latest:
            return
        self.renew(row.policy_id)

    def renew(self, policy_id: int) -> None:
        """A new item made from the old one, dates a year on; the old one stays as history."""
        old = get_policy(policy_id)
        saved = PolicyDialog.ask(
            self,
            self.folder,
            form=renewal_form(old),
            title=f"Renew {policy_words(old)}",
            note=RENEW_NOTE,
        )
        self._after_save(saved, "Renewed")

    def deal_with_reminder(self) -> None:
        """Enter on a reminder: renew what is running out, or add what is missing."""
        reminder = self.chosen_reminder()
        if reminder is None:
            return
        if reminder.policy_id is None:
            self.add_policy(reminder.kind)
        else:
            self.select_policy(reminder.policy_id)
            self.renew(reminder.policy_id)

    def delete_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        words = policy_words(row.policy)
        if not messages.confirm(self, "Delete this item?", _delete_question(row), "Delete"):
            return
        try:
            delete_policy(row.policy_id, self.folder)
        except (UserError, OSError) as problem:
            messages.warn(self, "Not deleted", str(problem))
            return
        self.refresh()
        self.message.emit(f"Deleted {words}.")

    def attach_to_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        source = policy_dialog.choose_document(self)
        if source is None:
            return
        try:
            attach_document(source, self.folder, policy_id=row.policy_id)
        except (UserError, OSError) as problem:
            messages.warn(self, "Document not attached", str(problem))
            return
        self.refresh(row.policy_id)
        self.message.emit(
            f"Attached {source.name} to {policy_words(row.policy)}. Microbiz keeps its own "
            "copy, so you can delete the original."
        )

    def open_selected_document(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        documents = documents_of(row.policy_id)
        if not documents:
            return
        chosen = 0
        if len(documents) > 1:
            chosen = pick_document(self, [d.original_name for d in documents])
            if chosen is None:
                return
        path = document_path(documents[chosen], self.folder)
        if not path.exists():
            messages.warn(self, "Document not found", f"The copy should be at {path}.")
        else:
            open_or_warn(self, path, "Document not opened", f"The document is kept as {path}.")

    def save_evidence_pack(self) -> None:
        """Choose where, then write the PDF in the background; offer to open it."""
        if self._job is not None:
            return
        today = self._today()
        suggested = documents_folder() / f"Evidence pack {today.isoformat()}.pdf"
        path = choose_pdf_path(self, "Save evidence pack", suggested)
        if path is None:
            return
        folder = self.folder
        self._job = Job(lambda progress: _write_evidence_pack(folder, path, today))
        self._job.signals.result.connect(self._evidence_saved)
        self._job.signals.error.connect(self._evidence_failed)
        self._job.signals.finished.connect(self._evidence_finished)
        self.buttons["evidence"].setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self._say(WORKING)
        Runner.start(self._job)

    def is_working(self) -> bool:
        return self._job is not None

    @Slot(object)
    def _evidence_saved(self, path: object) -> None:
        self.evidence_path = Path(path)
        said = f"Saved your evidence pack as {path}."
        self._say(said)
        self.message.emit(said)
        offer_to_open(self, "Evidence pack", self.evidence_path)

    @Slot(str)
    def _evidence_failed(self, problem: str) -> None:
        self._say("The evidence pack was not saved.")
        messages.warn(self, "Evidence pack not saved", problem)

    @Slot()
    def _evidence_finished(self) -> None:
        self._job = None
        self.progress.hide()
        self._update_buttons()

    def _after_save(self, saved: Policy | None, verb: str) -> None:
        if saved is None:
            return
        self.refresh(saved.id)
        self.message.emit(f"{verb} {policy_words(saved)}.")

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleName(text)
        self.status.show()

    # Building

    def _show_reminders(self) -> None:
        count = self.reminders_model.rowCount()
        text = headline(self.reminders_model.reminders())
        self.reminders_heading.setText(text)
        self.reminders_heading.setAccessibleName(text)
        self.reminders_list.setVisible(count > 0)
        self.buttons["deal"].setVisible(count > 0)
        self.up_to_date.setVisible(count == 0)
        fewest, most = REMINDER_ROWS
        self.reminders_list.setFixedHeight(_list_height(self.reminders_list, count, fewest, most))
        if count and not self.reminders_list.selectionModel().hasSelection():
            self.reminders_list.setCurrentIndex(self.reminders_model.index(0))

    def _make_reminders_list(self) -> QListView:
        view = QListView()
        view.setModel(self.reminders_model)
        view.setAccessibleName("Needs attention")
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setWordWrap(True)
        view.setSpacing(LIST_SPACING)
        return view

    def _make_buttons(self) -> dict[str, QPushButton]:
        specs = {
            "deal": ("Deal with t&his…", "Deal with the chosen reminder", self.deal_with_reminder),
            "add": ("&Add…", "Add item", lambda: self.add_policy()),
            "edit": ("&Edit…", "Edit item", self.edit_selected),
            "renew": ("&Renew…", "Renew item", self.renew_selected),
            "delete": ("&Delete…", "Delete item", self.delete_selected),
            "attach": ("A&ttach document…", "Attach document", self.attach_to_selected),
            "open": ("&Open document", "Open document", self.open_selected_document),
            "evidence": ("E&vidence pack…", "Save evidence pack", self.save_evidence_pack),
        }
        return push_buttons(specs, TIPS)

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(title(PAGE_TITLE))
        top.addStretch()
        top.addWidget(self.buttons["evidence"])
        reminder_row = QHBoxLayout()
        reminder_row.addWidget(self.reminders_list, 1)
        deal_column = QVBoxLayout()
        deal_column.addWidget(self.buttons["deal"])
        deal_column.addStretch()
        reminder_row.addLayout(deal_column)
        self._views.addWidget(self.table)
        self._views.addWidget(self.empty)
        captions = [QLabel(text) for text in ACTION_CAPTIONS]
        width = max(caption.sizeHint().width() for caption in captions)
        actions = QVBoxLayout()
        for caption, keys in zip(captions, (ITEM_ACTIONS, DOCUMENT_ACTIONS), strict=True):
            caption.setMinimumWidth(width)
            row = QHBoxLayout()
            row.addWidget(caption)
            for key in keys:
                row.addWidget(self.buttons[key])
            row.addStretch()
            actions.addLayout(row)
        working = QHBoxLayout()
        working.addWidget(self.progress)
        working.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(paragraph(EXPLANATION))
        layout.addWidget(self.reminders_heading)
        layout.addLayout(reminder_row)
        layout.addWidget(self.up_to_date)
        layout.addWidget(heading("Your register"))
        layout.addWidget(self._views, 1)
        layout.addLayout(actions)
        layout.addLayout(working)
        chain = [self.buttons["evidence"], self.reminders_list, self.buttons["deal"], self.table]
        chain += [self.buttons[key] for key in (*ITEM_ACTIONS, *DOCUMENT_ACTIONS)]
        tab_order(chain)

    def _connect(self) -> None:
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda: self.edit_selected())
        self.reminders_list.doubleClicked.connect(lambda: self.deal_with_reminder())
        on_keys(self.table, ENTER, self.edit_selected)
        on_keys(self.reminders_list, ENTER, self.deal_with_reminder)
        on_keys(self.table, DELETE, self.delete_selected)

    def _update_buttons(self) -> None:
        row = self.selected_row()
        for key in ("edit", "delete", "attach"):
            self.buttons[key].setEnabled(row is not None)
        self.buttons["renew"].setEnabled(row is not None and row.is_latest)
        self.buttons["open"].setEnabled(row is not None and row.documents > 0)
        self.buttons["evidence"].setEnabled(self._job is None and self.model.rowCount() > 0)


def _write_evidence_pack(folder: Path, path: Path, today: date) -> Path:
    """Imported here: the PDF library is only loaded when a pack is made."""
    from microbiz.compliance.evidence import print_evidence_pack

    return print_evidence_pack(folder, path, today)


def _delete_question(row: PolicyRow) -> str:
    words = policy_words(row.policy)
    if row.documents == 1:
        documents = "Its document is deleted too."
    elif row.documents:
        documents = f"Its {row.documents} documents are deleted too."
    else:
        documents = ""
    return (
        f"Delete {words}? This cannot be undone. {documents}\n\n"
        "Only delete an item recorded by mistake. When something runs out, keep it as your "
        "history and choose Renew… instead."
    ).replace("  ", " ")


def _list_height(view: QListView, count: int, fewest: int, most: int) -> int:
    rows = min(max(count, fewest), most)
    line = max(view.sizeHintForRow(0) if count else 0, view.fontMetrics().lineSpacing())
    return rows * (line + 2 * view.spacing()) + 2 * view.frameWidth()
