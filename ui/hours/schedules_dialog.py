"""A client's weekly visits: the patterns that plan visits ahead, with add, edit, stop, delete."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from microbiz.clients.details import get_client
from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.models import Schedule
from microbiz.hours.schedules import WEEKS_AHEAD
from microbiz.hours.schedules import delete_schedule
from microbiz.hours.schedules import end_schedule
from ui.common import messages
from ui.common.client_list_dialog import EDIT
from ui.common.client_list_dialog import REMOVE
from ui.common.client_list_dialog import Action
from ui.common.client_list_dialog import ClientListDialog
from ui.hours.schedule_dialog import ScheduleDialog
from ui.hours.schedules_model import TYPE
from ui.hours.schedules_model import SchedulesTableModel
from ui.hours.stop_schedule_dialog import StopScheduleDialog

EXPLANATION = (
    f"Microbiz plans these visits {WEEKS_AHEAD} weeks ahead. Changing a pattern changes only "
    "visits still to come; visits already had are never changed."
)
EMPTY = "No weekly visits yet. Add one with “Add…”."


class SchedulesDialog(ClientListDialog):
    """The client's weekly patterns."""

    def __init__(self, parent: QWidget | None, client_id: int) -> None:
        self._client_id = client_id
        self._client = get_client(client_id)
        actions = [
            Action("add", "&Add…", "Add weekly visit", self.add, needs_row=False),
            Action(EDIT, "&Edit…", "Edit weekly visit", self.edit),
            Action("stop", "&Stop after…", "Stop weekly visit after a day", self.stop),
            Action(REMOVE, "&Delete…", "Delete weekly visit", self.delete),
        ]
        super().__init__(
            parent,
            f"Weekly visits for {self._client.name}",
            EXPLANATION,
            SchedulesTableModel(client_id),
            EMPTY,
            actions,
            stretch_column=TYPE,
        )
        self.model.setParent(self)
        self.refresh()
        self.fit_to_contents()

    @classmethod
    def ask(cls, parent: QWidget | None, client_id: int) -> None:
        """Open the weekly visits modally; changes are saved as they are made."""
        dialog = cls(parent, client_id)
        dialog.exec()
        dialog.deleteLater()

    def add(self) -> None:
        self._after_save(ScheduleDialog.ask(self, self._client_id))

    def edit(self) -> None:
        schedule_id = self.selected_id()
        if schedule_id is not None:
            self._after_save(ScheduleDialog.ask(self, self._client_id, schedule_id))

    def stop(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        pattern = self.model.describe(row)
        last_day = StopScheduleDialog.ask(self, pattern)
        if last_day is None:
            return
        schedule = end_schedule(self.model.id_of(row), last_day)
        self.refresh(schedule.id)
        self.say(f"The {pattern} visits stop after {format_date(last_day)}.")

    def delete(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        pattern = self.model.describe(row)
        if not messages.confirm(self, "Delete weekly visit?", _delete_question(pattern), "Delete"):
            return
        delete_schedule(self.model.id_of(row), clock.today())
        self.refresh()
        self.say(f"Deleted the {pattern} visits. Visits already had are kept.")

    def _after_save(self, schedule: Schedule | None) -> None:
        if schedule is None:
            return
        self.refresh(schedule.id)
        if self._client.status != "active":
            self.say(f"Saved. Visits will be planned when {self._client.name} is active again.")
        elif schedule.planned_until:
            self.say(f"Saved. Visits are planned up to {format_date(schedule.planned_until)}.")
        else:
            self.say("Saved.")


def _delete_question(pattern: str) -> str:
    return (
        f"Delete the {pattern} visits?\n\n"
        "Visits already had are kept. Planned visits from today on are removed.\n\n"
        "To keep this pattern on record but stop it, choose “Stop after…” instead."
    )
