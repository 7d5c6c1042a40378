"""Add to my calendar: the planned visits saved as an .ics file where the user chooses."""

from __future__ import annotations

import icalendar

from microbiz.clients.details import support_visit_type
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import save_visit
from ui.hours import calendar_dialog
from ui.hours.calendar_dialog import CalendarDialog


def test_the_planned_visits_are_saved_with_initials_if_asked(qtbot, clients, tmp_path, monkeypatch):
    margaret = clients["margaret"]
    form = VisitForm(margaret.id, support_visit_type(margaret).id, "30/11/2026", "09:00",
                     "10:00", status="planned")  # fmt: skip
    save_visit(form)
    target = tmp_path / "visits.ics"
    monkeypatch.setattr(calendar_dialog, "choose_calendar_path", lambda parent, path: target)
    dialog = CalendarDialog()
    qtbot.addWidget(dialog)
    assert dialog.weeks.value() == 4
    dialog.initials.setChecked(True)
    dialog.accept()
    assert dialog.said == f"Saved 1 visit to {target}; open it to add them to your calendar."
    [event] = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert str(event["summary"]) == "M. B.: Support" and "location" not in event
