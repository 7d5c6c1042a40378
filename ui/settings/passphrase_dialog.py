"""At start-up, the passphrase that opens encrypted data: three tries, then Microbiz closes.

A wrong try only fails to open the data; nothing is written to the data folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations import cipher
from microbiz.foundations.encryption import is_encrypted
from ui.common import messages
from ui.common.buttons import dialog_buttons
from ui.common.buttons import push_button
from ui.common.forms import buddy
from ui.common.looks import WrappedLabel
from ui.common.looks import em
from ui.common.looks import paragraph

TRIES = 3
EXPLAIN = (
    "Your Microbiz data is encrypted, so that nobody else can read it. "
    "Type its passphrase to open it."
)
REMEMBER = "Remember on this computer"
REMEMBER_HINT = "Kept in this computer's password store, so Microbiz opens without asking."
CLOSING = (
    "That passphrase did not open your data three times, so Microbiz is closing. "
    "Nothing was changed. Open Microbiz again to try once more."
)
WIDTH_EM = 34


def password_field(name: str) -> QLineEdit:
    """A field whose typing shows as dots, read out as `name`."""
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field


def unlock_at_start(folder: Path, parent: QWidget | None = None) -> bool:
    """Whether the folder's data can be opened: plain, or its passphrase given and right."""
    if not is_encrypted(folder):
        return True
    given = cipher.passphrase_for(folder)  # MICROBIZ_PASSPHRASE, or the OS keyring
    if given is not None:
        try:
            cipher.unlock(folder, given)
            return True
        except cipher.WrongPassphrase:
            cipher.forget(folder)
    return PassphraseDialog.ask(folder, parent)


class PassphraseDialog(QDialog):
    """Asks for the passphrase of encrypted data; accepted once it opens the data."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open your Microbiz data")
        self.folder = folder
        self.tries_left = TRIES
        self.field = password_field("Passphrase")
        self.remember_box = QCheckBox(f"&{REMEMBER}")
        self.remember_box.setAccessibleName(REMEMBER)
        self.remember_box.setToolTip(REMEMBER_HINT)
        self.problem = WrappedLabel()
        self.problem.setAccessibleName("Problem with the passphrase")
        self.problem.hide()
        self.open_button = push_button("&Open", "Open my data")
        self._lay_out()

    @classmethod
    def ask(cls, folder: Path, parent: QWidget | None = None) -> bool:
        """Whether the user gave the passphrase that opens `folder`'s data."""
        dialog = cls(folder, parent)
        opened = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        return opened

    def accept(self) -> None:
        """Open the data with the passphrase typed; after three wrong tries, close."""
        passphrase = self.field.text()
        try:
            cipher.unlock(self.folder, passphrase)
        except cipher.WrongPassphrase as problem:
            self._wrong(str(problem))
            return
        if self.remember_box.isChecked():
            cipher.remember(self.folder, passphrase)
        super().accept()

    def _wrong(self, text: str) -> None:
        """Say so beside the field, or after the last try, say why Microbiz closes."""
        self.tries_left -= 1
        if self.tries_left == 0:
            messages.warn(self, "Microbiz is closing", CLOSING)
            self.reject()
            return
        left = "one more try" if self.tries_left == 1 else f"{self.tries_left} more tries"
        self.problem.setText(f"⚠ {text} You have {left}.")
        self.problem.show()
        self.field.selectAll()
        self.field.setFocus()

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow(buddy("&Passphrase:", self.field), self.field)
        form.addRow("", self.problem)
        form.addRow("", self.remember_box)
        layout = QVBoxLayout(self)
        layout.addWidget(paragraph(EXPLAIN))
        layout.addLayout(form)
        layout.addWidget(dialog_buttons(self, self.open_button, push_button("&Quit", "Quit")))
        self.setMinimumWidth(em(self, WIDTH_EM))
