"""First run: name the business, or explore the sample in its own folder. Closing it quits."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QScrollArea
from PySide6.QtWidgets import QToolButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.compliance.checklists import DEFAULT_TEMPLATE
from microbiz.compliance.checklists import start_checklist
from microbiz.foundations.business import LABELS
from microbiz.foundations.business import BusinessForm
from microbiz.foundations.business import save_business
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.paths import data_dir
from ui.common import messages
from ui.common.forms import FormFields
from ui.common.forms import line_edit
from ui.common.forms import show_summary
from ui.common.forms import summary_label
from ui.common.forms import text_edit
from ui.common.looks import em
from ui.common.looks import heading
from ui.common.looks import paragraph
from ui.common.looks import show_in_scroll
from ui.common.looks import title
from ui.common.mnemonics import Mnemonics
from ui.settings.settings_page import HINTS
from ui.settings.settings_page import PLACEHOLDERS

WELCOME = (
    "Microbiz keeps your clients, hours, invoices and records together, on this computer. "
    "To begin, tell it the name of your business and your own name. If you do not use a "
    "business name, type your own name in both."
)
TRADING_NAME_HINT = "If you do not use a business name, type your own name."
SAMPLE_HINT = (
    "Look around with made-up clients first. Nothing you see is real, and it is kept in a "
    "folder of its own: your own records are never mixed with it."
)
CHECKLIST_TEXT = "Start the checklist for setting up in England"
CHECKLIST_HINT = (
    "A list of what to do to work legally and safely (tax, insurance, DBS, data protection, "
    "training), with why each matters. You find it on the Checklist page."
)
NAMES = ("trading_name", "owner_name")
DETAILS_TEXT = "Details for your invoices (optional)"
DETAILS_NOTE = (
    "You can skip these and add them later in Settings. If you close this part again, "
    "what you typed here is not saved."
)
DETAILS = {
    "Your address": ("address", "postcode"),
    "How clients pay you": (
        "bank_account_name",
        "bank_sort_code",
        "bank_account_number",
        "payment_instructions",
    ),
}
WIDTH_EM = 40
START_WIDTH_EM = 48
SCREEN_SHARE = 0.85


class FirstRunDialog(QDialog):
    """Welcome to `folder` (by default the usual data folder); accepted once a business exists.

    `chosen` is then the folder to open: `folder`, or the sample business's own folder.
    """

    def __init__(self, folder: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Microbiz")
        self.folder = folder or data_dir()
        self.chosen: Path | None = None
        self.summary = summary_label()
        self.start_button = QPushButton("&Start")
        self.sample_button = QPushButton("&Explore with sample data")
        self.checklist_box = QCheckBox()
        self.details_button = QToolButton()
        self._extras: list[QLabel] = []
        self._scroll = QScrollArea()
        self._lay_out()
        self.show_details(False)
        self.setMinimumWidth(em(self, WIDTH_EM))

    def sizeHint(self) -> QSize:
        """Start a little wider than the narrowest it can be made."""
        hint = super().sizeHint()
        return QSize(max(hint.width(), em(self, START_WIDTH_EM)), hint.height())

    @classmethod
    def ask(cls, folder: Path, parent: QWidget | None = None) -> Path | None:
        """The folder to open (`folder` set up, or the sample's); None if the user closed it."""
        dialog = cls(folder, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        chosen = dialog.chosen if accepted else None
        dialog.deleteLater()
        return chosen

    def start(self) -> None:
        """Save the names, and the optional details if they are open; then close."""
        values = self.fields.values()
        if not self.details_button.isChecked():
            values = {name: values[name] for name in NAMES}
        try:
            save_business(BusinessForm(**values))
        except ValidationError as problem:
            first = self.fields.report_problems(problem, self.summary)
            self._fit_height()
            if first is not None:
                self._scroll.ensureWidgetVisible(first)
            return
        if self.checklist_box.isChecked():
            self._start_checklist()
        self.chosen = self.folder
        self.accept()

    def explore(self) -> None:
        """Make the sample business afresh in its own folder; this folder is left untouched."""
        from microbiz.demo.sample_folder import make_sample_folder

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.chosen = make_sample_folder(self.folder)
        except (UserError, OSError) as problem:
            messages.warn(self, "Sample data not made", str(problem))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()

    def show_details(self, shown: bool) -> None:
        """Open or close the optional details; closed, they are skipped (not saved)."""
        self.details_button.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )
        for label in self._extras:
            label.setVisible(shown)
        for field in _detail_fields():
            self.fields.labels[field].setVisible(shown)
            self.fields.widgets[field].setVisible(shown)
            problem = self.fields.problems[field]
            problem.setVisible(shown and bool(problem.text()))
        self._recount_problems()
        self._fit_height()

    def _recount_problems(self) -> None:
        """The summary counts only the problems that can be seen."""
        count = self.fields.problem_count()
        if count:
            show_summary(self.summary, count, [])
        else:
            self.summary.hide()

    def _fit_height(self) -> None:
        """As tall as the form now needs, within most of the screen; beyond that it scrolls."""
        if not self.isVisible():
            return  # first shown at the size it needs
        self.layout().activate()
        around = self.height() - self._scroll.height()
        needed = around + self._scroll.widget().sizeHint().height()
        room = round(self.screen().availableGeometry().height() * SCREEN_SHARE)
        self.resize(self.width(), min(needed, room))

    def _start_checklist(self) -> None:
        """The business exists by now; a checklist that cannot start is said, not fatal."""
        try:
            start_checklist(DEFAULT_TEMPLATE, None)
        except UserError as problem:
            messages.warn(
                self,
                "Checklist not started",
                f"{problem}\n\nYou can start it later on the Checklist page.",
            )

    def _lay_out(self) -> None:
        form = QFormLayout()
        mnemonics = Mnemonics("se")
        self.fields = FormFields(form, mnemonics)
        self.fields.add("trading_name", LABELS["trading_name"], line_edit(), TRADING_NAME_HINT)
        self.fields.add("owner_name", LABELS["owner_name"], line_edit())
        self._add_details(form, mnemonics)
        self.checklist_box.setText(mnemonics.mark(CHECKLIST_TEXT))
        self.checklist_box.setAccessibleName(CHECKLIST_TEXT)
        self.checklist_box.setAccessibleDescription(CHECKLIST_HINT)
        self.checklist_box.setToolTip(CHECKLIST_HINT)
        self.checklist_box.setChecked(True)
        form.addRow(self.checklist_box)
        _line_up(self.fields.labels.values())
        form.setContentsMargins(0, 0, 0, 0)
        content = QWidget()
        content.setLayout(form)
        show_in_scroll(self._scroll, content)
        layout = QVBoxLayout(self)
        layout.addWidget(title("Welcome to Microbiz"))
        layout.addWidget(paragraph(WELCOME))
        layout.addWidget(self.summary)
        layout.addWidget(self._scroll)
        layout.addWidget(self._make_buttons())

    def _add_details(self, form: QFormLayout, mnemonics: Mnemonics) -> None:
        """A button that opens the optional details, and their rows, closed at first."""
        button = self.details_button
        button.setText(mnemonics.mark(DETAILS_TEXT))
        button.setAccessibleName(DETAILS_TEXT)
        button.setAccessibleDescription(DETAILS_NOTE)
        button.setToolTip(DETAILS_NOTE)
        button.setCheckable(True)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.toggled.connect(self.show_details)
        form.addRow(button)
        self._add_extra(form, paragraph(DETAILS_NOTE))
        for section, names in DETAILS.items():
            self._add_extra(form, heading(section))
            for name in names:
                widget = text_edit() if name == "address" else line_edit(PLACEHOLDERS.get(name, ""))
                self.fields.add(name, LABELS[name], widget, HINTS.get(name, ""))

    def _add_extra(self, form: QFormLayout, label: QLabel) -> None:
        """A whole-width note or heading shown only with the details."""
        form.addRow(label)
        self._extras.append(label)

    def _make_buttons(self) -> QDialogButtonBox:
        self.start_button.setAccessibleName("Start")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.sample_button.setAccessibleName("Explore with sample data")
        self.sample_button.setAccessibleDescription(SAMPLE_HINT)
        self.sample_button.setToolTip(SAMPLE_HINT)
        self.sample_button.clicked.connect(self.explore)
        buttons = QDialogButtonBox()
        buttons.addButton(self.sample_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
        return buttons


def _detail_fields() -> list[str]:
    return [name for names in DETAILS.values() for name in names]


def _line_up(labels: Iterable[QLabel]) -> None:
    """Labels as wide as the widest, so fields stay put when the details open."""
    captions = list(labels)
    width = max(caption.sizeHint().width() for caption in captions)
    for caption in captions:
        caption.setMinimumWidth(width)
