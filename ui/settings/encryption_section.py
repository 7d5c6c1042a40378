"""The Settings page's encryption part: encrypt the data, change the passphrase, or stop.

Each change runs here, with a busy cursor, while the window waits: the core closes this
window's database, converts every file, and opens it again under the new key.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations import cipher
from microbiz.foundations.encryption import Converted
from microbiz.foundations.encryption import change_passphrase
from microbiz.foundations.encryption import decrypt_folder
from microbiz.foundations.encryption import encrypt_folder
from microbiz.foundations.encryption import is_encrypted
from microbiz.foundations.errors import UserError
from ui.common import messages
from ui.common.buttons import push_button
from ui.common.looks import paragraph
from ui.settings.new_passphrase_dialog import NewPassphraseDialog

PLAIN = (
    "Your data is not encrypted: anyone who has this computer's files can read your "
    "clients' details and notes. Encrypting keeps the database, its backups and your "
    "documents unreadable without a passphrase."
)
ENCRYPTED = (
    "Your data is encrypted: the database, its backups and your documents cannot be read "
    "without the passphrase."
)
STOP_QUESTION = (
    "Stop encrypting? Your database, backups and documents will be readable by anyone "
    "with this computer's files."
)


class EncryptionSection(QWidget):
    """What the data's encryption is now, with the buttons that change it."""

    message = Signal(str)

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.state = paragraph("")
        # no Alt letters: the business form above takes most of them
        self.encrypt_button = push_button("Encrypt my data…", "Encrypt my data", self.encrypt)
        self.change_button = push_button("Change passphrase…", "Change passphrase", self.change)
        self.stop_button = push_button("Stop encrypting…", "Stop encrypting", self.stop)
        self._lay_out()
        self.load()

    def load(self) -> None:
        """Say whether the data is encrypted, and offer what can be done."""
        encrypted = is_encrypted(self.folder)
        self.state.setText(ENCRYPTED if encrypted else PLAIN)
        self.state.setAccessibleName(self.state.text())
        self.encrypt_button.setVisible(not encrypted)
        self.change_button.setVisible(encrypted)
        self.stop_button.setVisible(encrypted)

    def encrypt(self) -> None:
        chosen = NewPassphraseDialog.ask(self.folder, changing=False, parent=self)
        if chosen is None:
            return
        if self._run(lambda: encrypt_folder(self.folder, chosen.new), "Encrypted your data"):
            cipher.remember(self.folder, chosen.new if chosen.remember else None)

    def change(self) -> None:
        chosen = NewPassphraseDialog.ask(self.folder, changing=True, parent=self)
        if chosen is None:
            return
        remembered = cipher.remembered(self.folder) is not None
        done = self._run(
            lambda: change_passphrase(self.folder, chosen.current, chosen.new),
            "Changed the passphrase of your data",
        )
        if done and (remembered or chosen.remember):
            cipher.remember(self.folder, chosen.new)

    def stop(self) -> None:
        if not messages.confirm(self, "Stop encrypting?", STOP_QUESTION, "Stop encrypting"):
            return
        passphrase = cipher.passphrase_for(self.folder)
        if self._run(lambda: decrypt_folder(self.folder, passphrase), "Stopped encrypting"):
            cipher.remember(self.folder, None)

    def _run(self, change: Callable[[], Converted], said: str) -> bool:
        """Make the change with a busy cursor; say how it went; whether it was made."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            done = change()
        except (UserError, OSError) as problem:
            messages.warn(self, "Encryption not changed", str(problem))
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
            self.load()
        left = f" {len(done.left)} old backups did not open, so were left." if done.left else ""
        self.message.emit(
            f"{said}: the database, {done.backups} backups and {done.documents} documents.{left}"
        )
        return True

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        for button in (self.encrypt_button, self.change_button, self.stop_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state)
        layout.addLayout(buttons)
