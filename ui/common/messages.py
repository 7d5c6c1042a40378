"""Message boxes in one place, so tests can answer them without a modal loop."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QWidget

SAVE = "save"
DISCARD = "discard"
CANCEL = "cancel"


def confirm(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    """Ask before doing something; Cancel is the default so Enter never destroys."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    chosen = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
    box.exec()
    return box.clickedButton() is chosen


def discard_changes(parent: QWidget | None) -> bool:
    """Ask before closing a form whose typed changes are not saved; True to discard them."""
    return confirm(
        parent,
        "Discard changes?",
        "The changes you typed have not been saved. Discard them?",
        "Discard changes",
    )


def tell(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def ask_save(parent: QWidget | None, title: str, text: str) -> str:
    """SAVE, DISCARD or CANCEL for changes that are not saved yet."""
    buttons = (
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    answer = QMessageBox.question(parent, title, text, buttons, QMessageBox.StandardButton.Save)
    if answer == QMessageBox.StandardButton.Save:
        return SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return DISCARD
    return CANCEL
