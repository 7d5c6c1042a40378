"""Choose a passphrase, typed twice: to encrypt the data, or to change the one it has."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations import cipher
from microbiz.foundations.errors import UserError
from microbiz.foundations.paths import database_path
from ui.common.buttons import dialog_buttons
from ui.common.buttons import push_button
from ui.common.forms import buddy
from ui.common.looks import WrappedLabel
from ui.common.looks import em
from ui.common.looks import paragraph
from ui.settings.passphrase_dialog import REMEMBER
from ui.settings.passphrase_dialog import REMEMBER_HINT
from ui.settings.passphrase_dialog import password_field

EXPLAIN = (
    "Choose a passphrase of at least 8 characters: a few words you will remember is best. "
    "Keep it safe: without it nobody can open your data, you included."
)
NOT_THE_SAME = "The two passphrases are not the same."
WIDTH_EM = 36


@dataclass
class ChosenPassphrase:
    """What the dialog was given: the current passphrase (when changing it) and the new."""

    current: str | None
    new: str
    remember: bool


class NewPassphraseDialog(QDialog):
    """A new passphrase typed twice; with `changing`, the current one first."""

    def __init__(self, folder: Path, changing: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Change the passphrase" if changing else "Encrypt your data")
        self.folder = folder
        self.fields: dict[str, QLineEdit] = {}
        self.problems: dict[str, WrappedLabel] = {}
        self.remember_box = QCheckBox(f"&{REMEMBER}")
        self.remember_box.setAccessibleName(REMEMBER)
        self.remember_box.setToolTip(REMEMBER_HINT)
        self.chosen: ChosenPassphrase | None = None
        action = "Change passphrase" if changing else "Encrypt my data"
        self._lay_out(changing, push_button(f"&{action}", action))

    @classmethod
    def ask(
        cls, folder: Path, changing: bool, parent: QWidget | None = None
    ) -> ChosenPassphrase | None:
        """The passphrases given; None if the dialog was closed."""
        dialog = cls(folder, changing, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        return dialog.chosen if accepted else None

    def accept(self) -> None:
        """Close once every field is right; otherwise say what is wrong beside it."""
        for problem in self.problems.values():
            problem.hide()
        texts = {name: field.text() for name, field in self.fields.items()}
        wrong = self._problems(texts)
        for name, text in wrong.items():
            self.problems[name].setText(f"⚠ {text}")
            self.problems[name].show()
        if wrong:
            self.fields[next(iter(wrong))].setFocus()
            return
        remember = self.remember_box.isChecked()
        self.chosen = ChosenPassphrase(texts.get("current"), texts["new"], remember)
        super().accept()

    def _problems(self, texts: dict[str, str]) -> dict[str, str]:
        """Each field's problem, in the order of the form."""
        found = {}
        if "current" in texts:
            try:
                cipher.check_opens(database_path(self.folder), texts["current"])
            except cipher.WrongPassphrase as problem:
                found["current"] = str(problem)
        try:
            cipher.check_new_passphrase(texts["new"])
        except UserError as problem:
            found["new"] = str(problem)
        if "new" not in found and texts["again"] != texts["new"]:
            found["again"] = NOT_THE_SAME
        return found

    def _lay_out(self, changing: bool, action: QWidget) -> None:
        form = QFormLayout()
        rows = [("new", "&New passphrase:"), ("again", "The &same again:")]
        if changing:
            rows.insert(0, ("current", "&Current passphrase:"))
        for name, label in rows:
            field = password_field(label.replace("&", "").rstrip(":"))
            problem = WrappedLabel()
            problem.setAccessibleName(f"Problem with {label.replace('&', '').rstrip(':')}")
            problem.hide()
            self.fields[name], self.problems[name] = field, problem
            form.addRow(buddy(label, field), field)
            form.addRow("", problem)
        form.addRow("", self.remember_box)
        layout = QVBoxLayout(self)
        layout.addWidget(paragraph(EXPLAIN))
        layout.addLayout(form)
        layout.addWidget(dialog_buttons(self, action))
        self.setMinimumWidth(em(self, WIDTH_EM))
