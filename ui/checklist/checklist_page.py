"""The start-up checklist: what to do to work legally and safely, why, and how far you are."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QProgressBar
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QScrollArea
from PySide6.QtWidgets import QStackedWidget
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.compliance.checklists import DEFAULT_TEMPLATE
from microbiz.compliance.checklists import ItemForm
from microbiz.compliance.checklists import TemplateProblems
from microbiz.compliance.checklists import complete_with_policy
from microbiz.compliance.checklists import find_checklist_or_none
from microbiz.compliance.checklists import import_template
from microbiz.compliance.checklists import progress_of
from microbiz.compliance.checklists import start_checklist
from microbiz.compliance.checklists import template_paths
from microbiz.compliance.checklists import update_item
from microbiz.compliance.policies import PolicyForm
from microbiz.compliance.standing import Standing
from microbiz.compliance.standing import course_name
from microbiz.compliance.standing import is_register_item
from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import CHECKLIST_STATUSES
from microbiz.foundations.models import Checklist
from microbiz.foundations.models import ChecklistItem
from ui.checklist.checklist_item_dialog import ChecklistItemDialog
from ui.checklist.checklist_model import DUE
from ui.checklist.checklist_model import ITEM
from ui.checklist.checklist_model import NOTES
from ui.checklist.checklist_model import STATUS
from ui.checklist.checklist_model import ChecklistTableModel
from ui.checklist.checklist_model import due_words
from ui.checklist.import_template_dialog import ImportProblemsDialog
from ui.common import files
from ui.common import messages
from ui.common.buttons import push_buttons
from ui.common.forms import buddy
from ui.common.keys import ENTER
from ui.common.keys import on_keys
from ui.common.keys import tab_order
from ui.common.looks import em
from ui.common.looks import heading
from ui.common.looks import paragraph
from ui.common.looks import scaled_font
from ui.common.looks import title
from ui.common.tables import drop_when_narrow
from ui.common.tables import read_only_table
from ui.common.tables import select_source_row
from ui.common.tables import selected_source_row
from ui.compliance.policies_model import policy_words
from ui.compliance.policy_dialog import PolicyDialog
from ui.compliance.policy_dialog import kind_words

PAGE_TITLE = "Start-up checklist"
EXPLANATION = (
    "A checklist takes you through setting up as a self-employed care worker in England: "
    "your employment status and tax, insurance, your DBS check, data protection, training "
    "and more. Each step says why it matters and where to find out more. Work through it at "
    "your own pace; nothing is sent anywhere."
)
IMPORT_EXPLANATION = (
    "A council or support organisation may give you its own checklist as a file ending in "
    ".toml. You can import it too."
)
NO_ITEM = "Choose an item in the list to see why it matters and what to do."
STATUS_ACTIONS = ("done", "doing", "todo", "not_applicable", "edit")
TIPS = {
    "done": (
        "Mark the chosen item done; for insurance, DBS, the ICO fee or training, "
        "record it in Insurance and checks"
    ),
    "doing": "Mark the chosen item as under way",
    "todo": "Mark the chosen item as still to do",
    "not_applicable": "Mark the chosen item as not needed in your work",
    "edit": "Change the chosen item's status, due date and notes",
    "pdf": "Save the checklist, with your progress and notes, as a PDF",
    "import": "Add a checklist file from a council or support organisation",
    "start": "Begin the checklist for setting up as a care worker in England",
    "import_first": "Add a checklist file from a council or support organisation",
}
DETAILS_WIDTH_EM = 26
BUILT_IN_AUTHOR = "Microbiz"


def choose_template(parent: QWidget | None) -> Path | None:
    """Ask for a checklist file to import; tests replace this function."""
    start = str(files.documents_folder())
    return files.choose_file(parent, "Import a checklist", start, "Checklist files (*.toml)")


def choose_pdf_path(parent: QWidget | None, suggested: Path) -> Path | None:
    """Ask where to save the checklist PDF; tests replace this function."""
    return files.choose_pdf_path(parent, "Save checklist", suggested)


def register_entry(item: ChecklistItem, standing: Standing) -> tuple[int | None, PolicyForm, str]:
    """The record to open for a register item: (its id, or None for a new one), form, title.

    A current record opens to be checked; an expired one is renewed as a new record (the
    old one stays as history); a missing one is added with the item's kind (and course).
    """
    policy = standing.policy
    if policy is not None and standing.done:
        return policy.id, PolicyForm.of(policy), f"Edit {policy_words(policy)}"
    if policy is not None:
        form = PolicyForm.of(policy)
        form.starts_on = form.expires_on = ""
        return None, form, f"Renew {policy_words(policy)}"
    form = PolicyForm(kind=item.compliance_kind, provider=course_name(item))
    return None, form, f"Add {kind_words(item.compliance_kind)}"


def details_html(item: ChecklistItem, today: date, standing: Standing) -> str:
    """Why, what to do, the link, where it stands and the notes, as simple rich text."""

    def text(value: str) -> str:
        return html.escape(value).replace("\n", "<br>")

    parts = [f"<p><b>{text(item.title)}</b></p>"]
    if item.why:
        parts.append(f"<p><b>Why it matters</b><br>{text(item.why)}</p>")
    if item.guidance:
        parts.append(f"<p><b>What to do</b><br>{text(item.guidance)}</p>")
    if item.link:
        link_text = text(item.link_text or item.link)
        parts.append(
            f'<p>Find out more: <a href="{html.escape(item.link, quote=True)}">{link_text}</a></p>'
        )
    where = standing_words(item, standing, today)
    parts.append(f"<p><b>Where you are</b><br>{text(where)}</p>")
    if standing.policy is not None:
        held = policy_words(standing.policy)
        if standing.policy.expires_on:
            held += f", until {format_date(standing.policy.expires_on)}"
        parts.append(f"<p><b>In Insurance and checks</b><br>{text(held)}</p>")
    if item.notes.strip():
        parts.append(f"<p><b>Your notes</b><br>{text(item.notes)}</p>")
    return "".join(parts)


def standing_words(item: ChecklistItem, standing: Standing, today: date) -> str:
    """'Done on 03/02/2026', 'To do, due 12/03/2026, overdue', 'Expired on 03/11/2026'."""
    words = standing.words
    if item.due_on and not standing.settled:
        words += f", due {due_words(item, standing, today)}"
    return words


def _file_name(checklist_title: str, today: date) -> str:
    safe = "".join(c for c in checklist_title if c.isalnum() or c in " -'").strip() or "Checklist"
    return f"{safe} {today.isoformat()}.pdf"


class ChecklistPage(QWidget):
    """Start or import a checklist; then its progress, items, details and buttons."""

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
        self._checklists: list[Checklist] = []
        self._current_name: str | None = None
        self.model = ChecklistTableModel(self)
        self.table = read_only_table(self.model, "Checklist items", ITEM, (ITEM, STATUS, NOTES))
        drop_when_narrow(self.table, (NOTES, DUE))  # the item and its state matter most
        self.chooser = QComboBox()
        self.chooser.setAccessibleName("Checklist")
        self.chooser_label = buddy("C&hecklist", self.chooser)
        self.checklist_title = heading("")
        self.progress_words = QLabel()
        self.progress_words.setFont(scaled_font(self.progress_words))
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Checklist progress")
        self.progress.setTextVisible(False)
        self.details = self._make_details()
        self._details_area = QScrollArea()
        self.buttons = self._make_buttons()
        self.empty_view = QWidget()
        self.checklist_view = QWidget()
        self._views = QStackedWidget()
        self._lay_out()
        self._connect()

    @property
    def first_field(self) -> QWidget:
        if self._views.currentWidget() is self.checklist_view:
            return self.table
        return self.buttons["start"]

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self, select_id: int | None = None) -> None:
        """Read the checklists again, keeping the chosen checklist and item."""
        keep = select_id if select_id is not None else self._selected_id()
        self._refill_chooser()
        checklist = self.current_checklist()
        if checklist is None:
            self._views.setCurrentWidget(self.empty_view)
            self.model.refresh(None)
            return
        self._views.setCurrentWidget(self.checklist_view)
        self.model.refresh(checklist, self._today())
        self._show_progress(checklist)
        heading_text = checklist.title
        if checklist.author and checklist.author != BUILT_IN_AUTHOR:
            heading_text += f" (from {checklist.author})"
        self.checklist_title.setText(heading_text)
        self.checklist_title.setAccessibleName(heading_text)
        if keep is None or not self.select_item(keep):
            self._select_next_open()
        self._show_details()
        self._update_buttons()

    def current_checklist(self) -> Checklist | None:
        index = self.chooser.currentIndex()
        return self._checklists[index] if 0 <= index < len(self._checklists) else None

    def progress_text(self) -> str:
        return self.progress_words.text()

    def selected_item(self) -> ChecklistItem | None:
        row = selected_source_row(self.table)
        return None if row is None else self.model.item(row)

    def select_item(self, item_id: int) -> bool:
        row = self.model.row_of(item_id)
        if row is None:
            return False
        select_source_row(self.table, row, STATUS)
        return True

    # Starting and importing

    def start_default(self) -> None:
        try:
            checklist = start_checklist(DEFAULT_TEMPLATE, self.folder, self._today())
        except UserError as problem:
            messages.warn(self, "Checklist not started", str(problem))
            return
        self._show_checklist(checklist.name)
        count = self.model.rowCount()
        self.message.emit(
            f"Started “{checklist.title}”: {count} things to work through, at your own pace."
        )

    def import_from_file(self) -> None:
        path = choose_template(self)
        if path is None:
            return
        try:
            checklist = import_template(path, self.folder, self._today())
        except TemplateProblems as problems:
            ImportProblemsDialog.ask(self, path.name, problems.lines)
            self.message.emit(f"{path.name} was not imported; nothing was installed.")
            return
        except (UserError, OSError) as problem:
            messages.warn(self, "Checklist not imported", str(problem))
            return
        self._show_checklist(checklist.name)
        self.message.emit(f"Imported “{checklist.title}”.")

    def _show_checklist(self, name: str) -> None:
        self._current_name = name
        self.table.clearSelection()
        self.refresh()
        self.table.setFocus()

    # Working through the items

    def mark_done(self) -> None:
        """Done; an item about insurance, DBS, the ICO fee or training opens its register entry."""
        item = self.selected_item()
        if item is None:
            return
        if is_register_item(item):
            self.open_register_entry(item)
        elif item.status != "done":
            self.set_status("done")

    def open_register_entry(self, item: ChecklistItem) -> None:
        """The record the item is about, or a new one of its kind; saving links it to the item."""
        policy_id, form, title = register_entry(item, self.selected_standing())
        saved = PolicyDialog.ask(self, self.folder, policy_id, form=form, title=title)
        if saved is None:
            return
        complete_with_policy(item.id, saved.id, self._today())
        self._after_change(item, f"Saved {policy_words(saved)} in Insurance and checks.")

    def set_status(self, status: str) -> None:
        item = self.selected_item()
        if item is None or item.status == status:
            return
        form = ItemForm(status=status, due_on=format_date(item.due_on), notes=item.notes)
        try:
            update_item(item.id, form, self._today())
        except (ValidationError, UserError) as problem:
            messages.warn(self, "Not changed", str(problem))
            return
        words = CHECKLIST_STATUSES[status].lower()
        self._after_change(item, f"“{item.title}” is now {words}.")

    def edit_selected(self) -> None:
        item = self.selected_item()
        if item is None:
            return
        saved = ChecklistItemDialog.ask(self, item, self._today())
        if saved is not None:
            self._after_change(item, f"Saved “{item.title}”.")

    def save_pdf(self) -> None:
        checklist = self.current_checklist()
        if checklist is None:
            return
        today = self._today()
        path = choose_pdf_path(self, files.documents_folder() / _file_name(checklist.title, today))
        if path is None:
            return
        from microbiz.compliance.evidence import print_checklist  # loads the PDF library only now

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            written = print_checklist(checklist.name, path, today)
        except (UserError, OSError) as problem:
            messages.warn(self, "Checklist not saved", str(problem))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.message.emit(f"Saved the checklist as {written}.")
        files.offer_to_open(self, "Checklist", written)

    def _after_change(self, item: ChecklistItem, said: str) -> None:
        self.refresh(item.id)
        checklist = self.current_checklist()
        progress = progress_of(checklist, self._today()).in_words() if checklist else ""
        self.message.emit(f"{said} {progress}.".strip() if progress else said)

    def selected_standing(self) -> Standing | None:
        row = selected_source_row(self.table)
        return None if row is None else self.model.standing(row)

    # Reading

    def _refill_chooser(self) -> None:
        keep = self._current_name
        found = [find_checklist_or_none(name) for name in template_paths(self.folder)]
        self._checklists = [checklist for checklist in found if checklist is not None]
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for checklist in self._checklists:
            self.chooser.addItem(checklist.title, checklist.name)
        self.chooser.setCurrentIndex(self._index_of(keep) if keep else 0)
        self.chooser.blockSignals(False)
        several = len(self._checklists) > 1
        self.chooser.setVisible(several)
        self.chooser_label.setVisible(several)

    def _index_of(self, name: str) -> int:
        return max(self.chooser.findData(name), 0)

    def _show_progress(self, checklist: Checklist) -> None:
        progress = progress_of(checklist, self._today())
        words = progress.in_words()
        self.progress_words.setText(f"Progress: {words}")
        self.progress_words.setAccessibleName(f"Progress: {words}")
        self.progress.setRange(0, max(progress.total, 1))
        self.progress.setValue(progress.done + progress.not_applicable)
        self.progress.setAccessibleDescription(words)
        self.progress.setToolTip(words)

    def _selected_id(self) -> int | None:
        item = self.selected_item()
        return None if item is None else item.id

    def _select_next_open(self) -> None:
        """The first item still to do (or under way), so the next step is in view."""
        items = self.model.items()
        still_open = [i for row, i in enumerate(items) if not self.model.standing(row).settled]
        chosen = (still_open or items or [None])[0]
        if chosen is not None:
            self.select_item(chosen.id)

    def _show_details(self) -> None:
        item = self.selected_item()
        if item is None:
            self.details.setText(NO_ITEM)
            self.details.setAccessibleDescription(NO_ITEM)
            return
        self.details.setText(details_html(item, self._today(), self.selected_standing()))
        self.details.setAccessibleDescription(f"{item.title}. {item.why} {item.guidance}")
        self._details_area.verticalScrollBar().setValue(0)

    def _update_buttons(self) -> None:
        item = self.selected_item()
        status = None if item is None else item.status
        register = item is not None and is_register_item(item)
        self.buttons["done"].setEnabled(item is not None and (register or status != "done"))
        self.buttons["doing"].setEnabled(item is not None and not register and status != "doing")
        todo = status == "not_applicable" if register else status != "todo"
        self.buttons["todo"].setEnabled(item is not None and todo)
        self.buttons["not_applicable"].setEnabled(item is not None and status != "not_applicable")
        self.buttons["edit"].setEnabled(item is not None)
        self.buttons["pdf"].setEnabled(self.current_checklist() is not None)

    # Building

    def _make_details(self) -> QLabel:
        label = QLabel(NO_ITEM)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        label.setOpenExternalLinks(True)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        label.setAccessibleName("About the chosen item")
        label.setContentsMargins(em(label, 0.5), 0, em(label, 0.5), 0)
        return label

    def _make_buttons(self) -> dict[str, QPushButton]:
        specs = {
            "done": ("Mark &done", "Mark done", self.mark_done),
            "doing": ("D&oing", "Mark as doing", lambda: self.set_status("doing")),
            "todo": ("&To do", "Mark as to do", lambda: self.set_status("todo")),
            "not_applicable": (
                "&Not applicable",
                "Mark as not applicable",
                lambda: self.set_status("not_applicable"),
            ),
            "edit": ("&Edit…", "Edit item", self.edit_selected),
            "pdf": ("Save as &PDF…", "Save checklist as PDF", self.save_pdf),
            "import": ("&Import template…", "Import template", self.import_from_file),
            "start": (
                "&Start the checklist for setting up in England",
                "Start the checklist for setting up in England",
                self.start_default,
            ),
            "import_first": (
                "I&mport a checklist from a support organisation…",
                "Import a checklist from a support organisation",
                self.import_from_file,
            ),
        }
        return push_buttons(specs, TIPS)

    def _lay_out(self) -> None:
        self._lay_out_empty()
        self._lay_out_checklist()
        self._views.addWidget(self.empty_view)
        self._views.addWidget(self.checklist_view)
        layout = QVBoxLayout(self)
        layout.addWidget(title(PAGE_TITLE))
        layout.addWidget(self._views, 1)

    def _lay_out_empty(self) -> None:
        layout = QVBoxLayout(self.empty_view)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(paragraph(EXPLANATION))
        for key, note in (("start", None), ("import_first", IMPORT_EXPLANATION)):
            if note:
                layout.addSpacing(em(self, 1))
                layout.addWidget(paragraph(note))
            row = QHBoxLayout()
            row.addWidget(self.buttons[key])
            row.addStretch()
            layout.addLayout(row)
        layout.addStretch()
        QWidget.setTabOrder(self.buttons["start"], self.buttons["import_first"])

    def _lay_out_checklist(self) -> None:
        chooser_row = QHBoxLayout()
        chooser_row.addWidget(self.checklist_title, 1)
        chooser_row.addWidget(self.chooser_label)
        chooser_row.addWidget(self.chooser)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_words)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.buttons["pdf"])
        progress_row.addWidget(self.buttons["import"])
        self._details_area.setWidget(self.details)
        self._details_area.setWidgetResizable(True)
        self._details_area.setFrameShape(QFrame.Shape.StyledPanel)
        self._details_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._details_area.setMinimumWidth(em(self, DETAILS_WIDTH_EM))
        middle = QHBoxLayout()
        middle.addWidget(self.table, 3)
        middle.addWidget(self._details_area, 2)
        actions = QHBoxLayout()
        for key in STATUS_ACTIONS:
            actions.addWidget(self.buttons[key])
        actions.addStretch()
        layout = QVBoxLayout(self.checklist_view)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(chooser_row)
        layout.addLayout(progress_row)
        layout.addLayout(middle, 1)
        layout.addLayout(actions)
        chain = [self.chooser, self.buttons["pdf"], self.buttons["import"], self.table]
        chain += [self.details, *(self.buttons[key] for key in STATUS_ACTIONS)]
        tab_order(chain)

    def _connect(self) -> None:
        self.chooser.currentIndexChanged.connect(self._chooser_changed)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda: self.edit_selected())
        on_keys(self.table, ENTER, self.edit_selected)

    def _chooser_changed(self) -> None:
        checklist = self.current_checklist()
        self._current_name = None if checklist is None else checklist.name
        self.table.clearSelection()
        self.refresh()

    def _selection_changed(self) -> None:
        self._show_details()
        self._update_buttons()
