"""Push buttons with an Alt+letter and a spoken name, alone, in sets, or closing a dialog."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping

from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QPushButton

Slot = Callable[[], object]
ButtonSpec = tuple[str, str, Slot]


def push_button(text: str, name: str, slot: Slot | None = None, tip: str = "") -> QPushButton:
    """A button showing `text` ('&' before its Alt letter), read out as `name`."""
    button = QPushButton(text)
    button.setAccessibleName(name)
    if tip:
        button.setToolTip(tip)
    if slot is not None:
        button.clicked.connect(slot)
    return button


def push_buttons(
    specs: Mapping[str, ButtonSpec], tips: Mapping[str, str] | None = None
) -> dict[str, QPushButton]:
    """A button for each key's (text, name, slot), with the key's tool tip if `tips` has one."""
    tips = tips or {}
    return {
        key: push_button(text, name, slot, tips.get(key, ""))
        for key, (text, name, slot) in specs.items()
    }


def dialog_buttons(
    dialog: QDialog, accept: QPushButton, reject: QPushButton | None = None
) -> QDialogButtonBox:
    """`accept` (the default) and `reject` (else Cancel) wired to the dialog's accept and reject."""
    buttons = QDialogButtonBox()
    buttons.addButton(accept, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(
        reject or push_button("&Cancel", "Cancel"), QDialogButtonBox.ButtonRole.RejectRole
    )
    accept.setDefault(True)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
