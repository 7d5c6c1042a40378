"""A client's recurring payments: fixed amounts added to their drafts each period."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from microbiz.clients.details import get_client
from ui.clients.recurring_end_dialog import RecurringEndDialog
from ui.clients.recurring_form_dialog import RecurringFormDialog
from ui.clients.recurring_model import RecurringTableModel
from ui.common.client_list_dialog import EDIT
from ui.common.client_list_dialog import Action
from ui.common.client_list_dialog import ClientListDialog

EXPLANATION = (
    "A fixed amount, such as a Shared Lives arrangement, goes on this client's draft for each "
    "week, month or 4 weeks it covers, beside any visits. Part periods are charged pro rata "
    "by days, and the line says so."
)
EMPTY = "No recurring payments yet. Add one with “Add recurring payment…”."


class RecurringDialog(ClientListDialog):
    """The client's arrangements, with add and end."""

    def __init__(self, parent: QWidget | None, client_id: int) -> None:
        self._client_id = client_id
        actions = [
            Action("add", "&Add recurring payment…", "Add recurring payment", self.add, False),
            Action(EDIT, "&End…", "End recurring payment", self.end),
        ]
        name = get_client(client_id).name
        super().__init__(
            parent,
            f"Recurring payments for {name}",
            EXPLANATION,
            RecurringTableModel(client_id),
            EMPTY,
            actions,
        )
        self.model.setParent(self)
        self.refresh()
        self.fit_to_contents()

    @classmethod
    def ask(cls, parent: QWidget | None, client_id: int) -> None:
        """Open the list modally; changes are saved as they are made."""
        dialog = cls(parent, client_id)
        dialog.exec()
        dialog.deleteLater()

    def add(self) -> None:
        saved = RecurringFormDialog.ask(self, self._client_id)
        if saved is not None:
            self.refresh(saved.id)
            self.say(f"Added {saved.description}. It goes on this client's next drafts.")

    def end(self) -> None:
        recurring_id = self.selected_id()
        if recurring_id is None:
            return
        ended = RecurringEndDialog.ask(self, recurring_id)
        if ended is not None:
            self.refresh(ended.id)
            self.say(f"{ended.description} ends on {ended.ends_on:%d/%m/%Y}.")
