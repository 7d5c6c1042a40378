"""The weekly visits dialogs: patterns, one pattern, and its last day, planned through the core."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from microbiz.clients.details import support_visit_type
from microbiz.clients.ratecards import VisitTypeForm
from microbiz.clients.ratecards import save_visit_type
from microbiz.foundations.dates import format_date
from microbiz.foundations.models import Schedule
from microbiz.foundations.models import Visit
from microbiz.hours.schedules import ScheduleForm
from microbiz.hours.schedules import save_schedule
from ui.hours.schedule_dialog import ScheduleDialog
from ui.hours.schedules_dialog import SchedulesDialog
from ui.hours.schedules_model import DAY
from ui.hours.schedules_model import END
from ui.hours.schedules_model import UNTIL
from ui.hours.schedules_model import SchedulesTableModel
from ui.hours.stop_schedule_dialog import StopScheduleDialog

TODAY = date(2026, 11, 25)  # the fixed clock's day (tests/conftest.py)


def shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def type_into(dialog, **values: str) -> None:
    for name, value in values.items():
        dialog.fields.widgets[name].setText(value)


def choose(dialog, name: str, key) -> None:
    combo = dialog.fields.widgets[name]
    combo.setCurrentIndex(combo.findData(key))


def click_save(qtbot, dialog: ScheduleDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    save = next(b for b in buttons.buttons() if b.accessibleName() == "Save weekly visit")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)


def visits_of(client) -> list[Visit]:
    return list(Visit.select().where(Visit.client == client.id).order_by(Visit.start))


@pytest.fixture
def margaret(clients):
    return clients["margaret"]


def weekly(client, starts_on: date, **more) -> Schedule:
    """A one-hour morning visit on `starts_on`'s weekday, planned as if today were `starts_on`."""
    values = dict(
        client_id=client.id,
        visit_type_id=support_visit_type(client).id,
        weekday=str(starts_on.weekday()),
        start="09:00",
        end="10:00",
        starts_on=format_date(starts_on),
    )
    values.update(more)
    return save_schedule(ScheduleForm(**values), today=starts_on)


def test_adding_a_weekly_visit_plans_visits(qtbot, margaret):
    dialog = shown(qtbot, ScheduleDialog(None, margaret.id))
    assert dialog.windowTitle() == "Add a weekly visit for Margaret Brown"
    assert dialog.fields.widgets["starts_on"].text() == format_date(TODAY)
    assert dialog.fields.widgets["visit_type_id"].currentData() == support_visit_type(margaret).id
    choose(dialog, "weekday", "2")
    type_into(dialog, start="09:00", end="11:00", break_minutes="15", mileage="4.5")
    click_save(qtbot, dialog)

    assert not dialog.isVisible()
    schedule = Schedule.get(Schedule.client == margaret.id)
    assert dialog.saved.id == schedule.id
    assert (schedule.weekday, schedule.start_time, schedule.end_time) == (2, time(9), time(11))
    assert (schedule.break_minutes, schedule.mileage_tenths) == (15, 45)
    planned = visits_of(margaret)
    assert len(planned) >= 8
    assert {v.status for v in planned} == {"planned"}
    assert {v.start.weekday() for v in planned} == {2}
    assert all(v.schedule_id == schedule.id for v in planned)


def test_an_end_before_the_start_means_the_next_morning(qtbot, margaret):
    dialog = shown(qtbot, ScheduleDialog(None, margaret.id))
    note = "If the end is earlier than the start, the visit ends the next morning."
    assert note in dialog.fields.widgets["end"].accessibleDescription()
    type_into(dialog, start="22:00", end="07:00")
    click_save(qtbot, dialog)
    first = visits_of(margaret)[0]
    assert first.end - first.start == timedelta(hours=9)


def test_a_bad_time_keeps_the_dialog_open_and_saves_nothing(qtbot, margaret):
    dialog = shown(qtbot, ScheduleDialog(None, margaret.id))
    type_into(dialog, start="25:00", end="11:00")
    click_save(qtbot, dialog)

    assert dialog.isVisible()
    problem = dialog.fields.problems["start"]
    assert problem.isVisible()
    assert "'25:00' is not a time" in problem.text()
    assert dialog.focusWidget() is dialog.fields.widgets["start"]
    assert "Nothing has been saved" in dialog.summary.text()
    assert Schedule.select().count() == 0
    assert Visit.select().count() == 0


def test_with_several_types_one_must_be_chosen(qtbot, margaret):
    save_visit_type(margaret.id, VisitTypeForm(name="Sleep-in", flat_fee="85"))
    dialog = shown(qtbot, ScheduleDialog(None, margaret.id))
    combo = dialog.fields.widgets["visit_type_id"]
    assert combo.currentIndex() == -1
    assert combo.placeholderText() == "Choose a visit type"
    type_into(dialog, start="09:00", end="10:00")
    click_save(qtbot, dialog)
    assert "Visit type is required" in dialog.fields.problems["visit_type_id"].text()
    assert Schedule.select().count() == 0


def test_a_client_with_no_visit_types_is_pointed_to_rates(qtbot, clients):
    dialog = shown(qtbot, ScheduleDialog(None, clients["jean"].id))
    combo = dialog.fields.widgets["visit_type_id"]
    assert not combo.isEnabled()
    assert "Rates…" in combo.accessibleDescription()
    assert not dialog.save_button.isEnabled()


def test_editing_a_weekly_visit_changes_visits_to_come(qtbot, margaret):
    schedule = weekly(margaret, TODAY + timedelta(days=1))
    dialog = shown(qtbot, ScheduleDialog(None, margaret.id, schedule.id))
    assert dialog.fields.widgets["start"].text() == "09:00"
    type_into(dialog, start="10:00", end="12:00")
    click_save(qtbot, dialog)
    assert {v.start.time() for v in visits_of(margaret)} == {time(10)}
    assert Schedule.select().count() == 1


def test_add_through_the_list_says_how_far_ahead_visits_are_planned(qtbot, margaret, monkeypatch):
    def fill_and_save(cls, parent, client_id, schedule_id=None):
        dialog = cls(parent, client_id, schedule_id)
        qtbot.addWidget(dialog)
        type_into(dialog, start="09:00", end="10:30")
        dialog.accept()
        return dialog.saved

    monkeypatch.setattr(ScheduleDialog, "ask", classmethod(fill_and_save))
    dialog = shown(qtbot, SchedulesDialog(None, margaret.id))
    assert dialog.windowTitle() == "Weekly visits for Margaret Brown"
    assert dialog.empty.isVisible()
    qtbot.mouseClick(dialog.buttons["add"], Qt.MouseButton.LeftButton)

    assert dialog.table.isVisible()
    assert dialog.model.index(0, DAY).data() == "Monday"
    assert dialog.model.index(0, END).data() == "10:30"
    assert dialog.said.text().startswith("Saved. Visits are planned up to ")
    assert dialog.selected_id() == Schedule.get().id


def test_stop_after_removes_later_planned_visits(qtbot, margaret, monkeypatch):
    schedule = weekly(margaret, TODAY)
    last_day = TODAY + timedelta(days=14)
    asked = []

    def answer(cls, parent, pattern):
        asked.append(pattern)
        return last_day

    monkeypatch.setattr(StopScheduleDialog, "ask", classmethod(answer))
    dialog = shown(qtbot, SchedulesDialog(None, margaret.id))
    dialog.select(schedule.id)
    qtbot.mouseClick(dialog.buttons["stop"], Qt.MouseButton.LeftButton)

    assert asked == [f"{dialog.model.index(0, DAY).data()} 09:00 to 10:00"]
    assert Schedule.get_by_id(schedule.id).ends_on == last_day
    days = [v.start.date() for v in visits_of(margaret)]
    assert days == [TODAY, TODAY + timedelta(days=7), last_day]
    assert dialog.model.index(0, UNTIL).data() == format_date(last_day)
    assert f"stop after {format_date(last_day)}" in dialog.said.text()


def test_stop_after_cancelled_changes_nothing(qtbot, margaret, monkeypatch):
    schedule = weekly(margaret, TODAY)
    monkeypatch.setattr(StopScheduleDialog, "ask", classmethod(lambda cls, p, d: None))
    dialog = shown(qtbot, SchedulesDialog(None, margaret.id))
    dialog.select(schedule.id)
    dialog.stop()
    assert Schedule.get_by_id(schedule.id).ends_on is None


def test_delete_keeps_visits_already_had(qtbot, margaret, answers):
    started = TODAY - timedelta(weeks=3)
    schedule = weekly(margaret, started)
    dialog = shown(qtbot, SchedulesDialog(None, margaret.id))
    dialog.select(schedule.id)
    qtbot.mouseClick(dialog.buttons["remove"], Qt.MouseButton.LeftButton)

    assert "Visits already had are kept" in answers.asked[0]
    assert Schedule.get_or_none(Schedule.id == schedule.id) is None
    kept = visits_of(margaret)
    assert [v.start.date() for v in kept] == [started + timedelta(weeks=w) for w in range(3)]
    assert all(v.start < datetime.combine(TODAY, time()) for v in kept)
    assert dialog.empty.isVisible()


def test_delete_declined_keeps_the_schedule(qtbot, margaret, answers):
    schedule = weekly(margaret, TODAY)
    answers.confirm = False
    dialog = shown(qtbot, SchedulesDialog(None, margaret.id))
    dialog.select(schedule.id)
    dialog.delete()
    assert Schedule.get_or_none(Schedule.id == schedule.id) is not None


def test_buttons_need_a_selected_pattern(qtbot, margaret):
    weekly(margaret, TODAY)
    dialog = shown(qtbot, SchedulesDialog(None, margaret.id))
    dialog.table.clearSelection()
    assert dialog.buttons["add"].isEnabled()
    for key in ("edit", "stop", "remove"):
        assert not dialog.buttons[key].isEnabled()


def test_the_last_day_is_checked_and_defaults_to_today(qtbot, db):
    dialog = shown(qtbot, StopScheduleDialog(None, "Monday 09:00 to 10:00"))
    assert dialog.fields.widgets["last_day"].text() == format_date(TODAY)
    type_into(dialog, last_day="31/02/2027")
    dialog.accept()
    assert dialog.isVisible()
    assert "not a real date" in dialog.fields.problems["last_day"].text()
    type_into(dialog, last_day="28/02/2027")
    dialog.accept()
    assert dialog.last_day == date(2027, 2, 28)
    assert not dialog.isVisible()


def test_schedules_model_passes_the_model_tester(qtmodeltester, margaret):
    weekly(margaret, TODAY - timedelta(weeks=6), ends_on=format_date(TODAY - timedelta(weeks=1)))
    weekly(margaret, TODAY, start="22:00", end="07:00")
    model = SchedulesTableModel(margaret.id)
    model.refresh()
    assert model.rowCount() == 2
    untils = {model.index(r, UNTIL).data() for r in range(2)}
    assert untils == {f"{format_date(TODAY - timedelta(weeks=1))} (ended)", "Ongoing"}
    assert "07:00 next day" in {model.index(r, END).data() for r in range(2)}
    qtmodeltester.check(model)
