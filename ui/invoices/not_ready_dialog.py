"""Not ready to issue yet: what is missing, in words, and a button to go and add each thing.

Nothing is issued and the drafts are kept. Editing a client here checks again at once;
when nothing is missing any more the dialog closes as READY so issuing can carry on.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.clients.details import get_client
from microbiz.invoicing.invoices import get_invoice
from microbiz.invoicing.readiness import CLIENT
from microbiz.invoicing.readiness import SETTINGS
from microbiz.invoicing.readiness import Missing
from microbiz.invoicing.readiness import missing_to_issue
from ui.clients.client_dialog import ClientDialog
from ui.common.buttons import push_button
from ui.common.keys import tab_order
from ui.common.looks import WrappedLabel
from ui.common.looks import em
from ui.common.looks import paragraph
from ui.common.looks import title
from ui.common.mnemonics import Mnemonics

TITLE = "Not ready to issue yet"
READY = "ready"
BULLET = "•"
KEPT = (
    "Nothing has been issued, and your drafts are kept just as they are. "
    "Add these first, then issue again:"
)
WIDTH_EM = 40


def missing_for(invoice_ids: Sequence[int]) -> list[Missing]:
    """What must be added before these drafts can be issued; empty when they can be."""
    return missing_to_issue([get_invoice(invoice_id) for invoice_id in invoice_ids])


def missing_list(missing: Sequence[Missing]) -> str:
    """One bullet line per missing thing, starting with a capital."""
    return "\n".join(f"{BULLET} {item.words[:1].upper()}{item.words[1:]}" for item in missing)


class NotReadyDialog(QDialog):
    """The missing things listed; Open Settings, Edit <client>… for each payer, or Close."""

    def __init__(self, parent: QWidget | None, invoice_ids: Sequence[int]) -> None:
        super().__init__(parent)
        self._invoice_ids = list(invoice_ids)
        self.choice: str | None = None
        self.setWindowTitle(TITLE)
        self.items = WrappedLabel()
        self.fixes = QVBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        self.close_button = push_button("&Close", "Close", self.reject)
        self.close_button.setToolTip("Keep the drafts and come back to them later")
        layout = QVBoxLayout(self)
        layout.addWidget(title(TITLE))
        layout.addWidget(paragraph(KEPT))
        layout.addWidget(self.items)
        layout.addLayout(self.fixes)
        bottom = QHBoxLayout()
        bottom.addStretch()
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)
        self.show_missing(missing_for(self._invoice_ids))
        self.resize(em(self, WIDTH_EM), self.sizeHint().height())

    @classmethod
    def ask(cls, parent: QWidget | None, invoice_ids: Sequence[int]) -> str | None:
        """READY once fixed here, SETTINGS to go and add business details, else None."""
        dialog = cls(parent, invoice_ids)
        dialog.exec()
        dialog.deleteLater()
        return dialog.choice

    def show_missing(self, missing: Sequence[Missing]) -> None:
        """List what is missing and offer a button for each place to add it."""
        text = missing_list(missing)
        self.items.setText(text)
        self.items.setAccessibleName(f"Still to add: {text}")
        for button in self.buttons.values():
            self.fixes.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        letters = Mnemonics("c")
        if any(item.where == SETTINGS for item in missing):
            self.buttons[SETTINGS] = push_button(
                letters.mark("Open Settings"), "Open Settings", self.open_settings
            )
            self.buttons[SETTINGS].setToolTip("Add your business details on the Settings page")
        for client_id in dict.fromkeys(
            item.client_id for item in missing if item.where == CLIENT and item.client_id
        ):
            name = get_client(client_id).name
            button = push_button(
                letters.mark(f"Edit {name}…"),
                f"Edit {name}",
                lambda _=False, chosen=client_id: self.edit_client(chosen),
                f"Add who pays for {name}, and their address",
            )
            self.buttons[f"{CLIENT}:{client_id}"] = button
        for button in self.buttons.values():
            button.setAutoDefault(False)
            self.fixes.addWidget(button)
        first = next(iter(self.buttons.values()), self.close_button)
        first.setDefault(True)
        tab_order([*self.buttons.values(), self.close_button])
        first.setFocus()

    def client_button(self, name: str) -> QPushButton:
        """The Edit <name>… button (for tests and screen-reader checks)."""
        return next(b for b in self.buttons.values() if b.accessibleName() == f"Edit {name}")

    def open_settings(self) -> None:
        self.choice = SETTINGS
        self.accept()

    def edit_client(self, client_id: int) -> None:
        """Edit the client; once saved, check again, closing as READY if nothing is missing."""
        if ClientDialog.ask(self, client_id) is None:
            return
        missing = missing_for(self._invoice_ids)
        if not missing:
            self.choice = READY
            self.accept()
            return
        self.show_missing(missing)
