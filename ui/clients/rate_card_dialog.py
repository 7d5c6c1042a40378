"""A client's rate card: the visit types they are offered, with add, edit and remove."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from microbiz.clients.details import get_client
from microbiz.clients.ratecards import remove_visit_type
from microbiz.foundations.errors import UserError
from ui.clients.visit_type_dialog import VisitTypeDialog
from ui.clients.visit_types_model import VisitTypesTableModel
from ui.common import messages
from ui.common.client_list_dialog import EDIT
from ui.common.client_list_dialog import REMOVE
from ui.common.client_list_dialog import Action
from ui.common.client_list_dialog import ClientListDialog

EXPLANATION = (
    "Each visit type has its own rates. Weekend and bank holiday rates apply to the hours "
    "worked on those days; a flat fee is charged once for the whole visit."
)
EMPTY = "No visit types yet. Add one with “Add visit type…”."


class RateCardDialog(ClientListDialog):
    """The client's visit types and their rates."""

    def __init__(self, parent: QWidget | None, client_id: int) -> None:
        self._client_id = client_id
        self._client_name = get_client(client_id).name
        actions = [
            Action("add", "&Add visit type…", "Add visit type", self.add, needs_row=False),
            Action(EDIT, "&Edit…", "Edit visit type", self.edit),
            Action(REMOVE, "&Remove…", "Remove visit type", self.remove),
        ]
        super().__init__(
            parent,
            f"Rates for {self._client_name}",
            EXPLANATION,
            VisitTypesTableModel(client_id),
            EMPTY,
            actions,
        )
        self.model.setParent(self)
        self.refresh()
        self.fit_to_contents()

    @classmethod
    def ask(cls, parent: QWidget | None, client_id: int) -> None:
        """Open the rate card modally; changes are saved as they are made."""
        dialog = cls(parent, client_id)
        dialog.exec()
        dialog.deleteLater()

    def add(self) -> None:
        saved = VisitTypeDialog.ask(self, self._client_id)
        if saved is not None:
            self.refresh(saved.id)
            self.say(f"Saved {saved.name}.")

    def edit(self) -> None:
        visit_type_id = self.selected_id()
        if visit_type_id is None:
            return
        saved = VisitTypeDialog.ask(self, self._client_id, visit_type_id)
        if saved is not None:
            self.refresh(saved.id)
            self.say(f"Saved {saved.name}.")

    def remove(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        name = self.model.name_of(row)
        if not messages.confirm(self, "Remove visit type?", self._remove_question(name), "Remove"):
            return
        try:
            remove_visit_type(self.model.id_of(row))
        except UserError as problem:
            messages.warn(self, "Visit type kept", str(problem))
            return
        self.refresh()
        self.say(f"Removed {name}. It is no longer offered for new visits.")

    def _remove_question(self, name: str) -> str:
        return (
            f"Remove {name} from {self._client_name}'s rates?\n\n"
            f"If {name} is already used on visits, those visits keep it and its rates. "
            "It will no longer be offered for new visits."
        )
