"""First run: name the business, or explore with sample data. Closing it quits the app."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.business import LABELS
from microbiz.business import start_business
from microbiz.checklists import DEFAULT_TEMPLATE
from microbiz.checklists import start_checklist
from microbiz.errors import UserError
from microbiz.errors import ValidationError
from ui import messages
from ui.forms import FormFields
from ui.forms import line_edit
from ui.forms import summary_label
from ui.looks import em
from ui.looks import grow_to_fit
from ui.looks import paragraph
from ui.looks import title
from ui.mnemonics import Mnemonics

WELCOME = (
    "Microbiz keeps your clients, hours, invoices and records together, on this computer. "
    "To begin, tell it the name of your business and your own name. You can add your "
    "address and bank details later, in Settings. If you do not use a business name, "
    "type your own name in both."
)
TRADING_NAME_HINT = "If you do not use a business name, type your own name."
SAMPLE_HINT = "Look around with made-up clients first. Nothing you see is real."
CHECKLIST_TEXT = "Start the checklist for setting up in England"
CHECKLIST_HINT = (
    "A list of what to do to work legally and safely (tax, insurance, DBS, data protection, "
    "training), with why each matters. You find it on the Checklist page."
)
WIDTH_EM = 40


class FirstRunDialog(QDialog):
    """Welcome; accepted once a business profile exists."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Microbiz")
        self.summary = summary_label()
        self.start_button = QPushButton("&Start")
        self.sample_button = QPushButton("&Explore with sample data")
        self.checklist_box = QCheckBox()
        self._lay_out()
        self.setMinimumWidth(em(self, WIDTH_EM))

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> bool:
        """True once the business is set up; False if the user closed the dialog."""
        dialog = cls(parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        return accepted

    def start(self) -> None:
        values = self.fields.values()
        try:
            start_business(values["trading_name"], values["owner_name"])
        except ValidationError as problem:
            self.fields.report_problems(problem, self.summary)
            grow_to_fit(self)
            return
        if self.checklist_box.isChecked():
            self._start_checklist()
        self.accept()

    def explore(self) -> None:
        """Fill the data folder with a made-up business and clients."""
        from microbiz.demo import create_demo

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            create_demo()
        except UserError as problem:
            messages.warn(self, "Sample data not made", str(problem))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()

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
        self.checklist_box.setText(mnemonics.mark(CHECKLIST_TEXT))
        self.checklist_box.setAccessibleName(CHECKLIST_TEXT)
        self.checklist_box.setAccessibleDescription(CHECKLIST_HINT)
        self.checklist_box.setToolTip(CHECKLIST_HINT)
        self.checklist_box.setChecked(True)
        form.addRow("", self.checklist_box)
        layout = QVBoxLayout(self)
        layout.addWidget(title("Welcome to Microbiz"))
        layout.addWidget(paragraph(WELCOME))
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self._make_buttons())

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
