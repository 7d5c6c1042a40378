"""WeekView: seven days of visit blocks, week navigation, and moving about by keyboard."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.foundations.models import Client
from microbiz.foundations.models import Visit
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import save_visit
from ui.hours.week_view import WeekView

WEDNESDAY = date(2026, 11, 25)


def add_visit(client: Client, day: str, start: str, end: str, status: str = "delivered") -> Visit:
    form = VisitForm(
        client_id=client.id,
        visit_type_id=support_visit_type(client).id,
        day=day,
        start=start,
        end=end,
        status=status,
    )
    return save_visit(form, allow_overlap=True)


@pytest.fixture
def visits(business) -> dict[str, Visit]:
    margaret = save_client(ClientForm(name="Margaret Brown", weekday_rate="18"))
    arthur = save_client(ClientForm(name="Arthur Patel", weekday_rate="18"))
    return {
        "monday_morning": add_visit(margaret, "23/11/2026", "09:00", "11:00"),
        "monday_afternoon": add_visit(arthur, "23/11/2026", "14:00", "15:00", "planned"),
        "wednesday": add_visit(margaret, "25/11/2026", "10:00", "12:30"),
        "night": add_visit(arthur, "27/11/2026", "22:00", "07:00", "planned"),
        "next_week": add_visit(arthur, "01/12/2026", "09:00", "10:00", "planned"),
    }


@pytest.fixture
def view(qtbot, visits) -> WeekView:
    view = WeekView(today=lambda: WEDNESDAY)
    qtbot.addWidget(view)
    view.resize(1000, 500)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_shows_the_week_of_today_with_labelled_blocks(view):
    assert view.heading.text() == "Week of Monday 23 November 2026"
    assert [label.text() for label in view.day_titles] == [
        "Mon 23/11",
        "Tue 24/11",
        "Wed 25/11",
        "Thu 26/11",
        "Fri 27/11",
        "Sat 28/11",
        "Sun 29/11",
    ]
    assert view.block_texts(0) == [
        "09:00–11:00 Margaret Brown\nSupport · Delivered",
        "14:00–15:00 Arthur Patel\nSupport · Planned",
    ]
    assert view.block_texts(1) == []
    assert view.block_texts(2) == ["10:00–12:30 Margaret Brown\nSupport · Delivered"]
    assert view.block_texts(4) == ["22:00–07:00 next day Arthur Patel\nSupport · Planned"]
    assert view.day_notes[2].text() == "Today"


def test_each_block_and_day_has_a_name_for_screen_readers(view):
    item = view.days[0].item(0)
    assert item.data(Qt.ItemDataRole.AccessibleTextRole) == (
        "Margaret Brown, Monday 23 November, 09:00 to 11:00, Support, Delivered"
    )
    night = view.days[4].item(0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "22:00 to 07:00 the next day" in night
    assert view.days[0].accessibleName() == "Monday 23 November 2026: 2 visits"
    assert view.days[1].accessibleName() == "Tuesday 24 November 2026: no visits"
    assert view.days[2].accessibleName() == "Wednesday 25 November 2026 (Today): 1 visit"


def test_next_and_previous_week_change_the_visits_and_heading(qtbot, view, visits):
    with qtbot.waitSignal(view.week_changed) as changed:
        qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    assert changed.args == [date(2026, 11, 30)]
    assert view.heading.text() == "Week of Monday 30 November 2026"
    assert view.day_titles[1].text() == "Tue 01/12"
    assert [row.id for row in view.visits_shown()] == [visits["next_week"].id]
    assert view.day_notes[2].text() == ""

    qtbot.mouseClick(view.previous_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.previous_button, Qt.MouseButton.LeftButton)
    assert view.heading.text() == "Week of Monday 16 November 2026"
    assert view.visits_shown() == []

    qtbot.mouseClick(view.this_week_button, Qt.MouseButton.LeftButton)
    assert view.heading.text() == "Week of Monday 23 November 2026"
    assert len(view.visits_shown()) == 4


def test_bank_holidays_are_written_under_the_date(qtbot, business):
    view = WeekView(today=lambda: date(2026, 12, 23))
    qtbot.addWidget(view)
    assert view.day_titles[4].text() == "Fri 25/12"
    assert view.day_notes[4].text() == "Bank holiday"
    assert view.day_notes[2].text() == "Today"
    assert view.day_notes[0].text() == ""


def test_only_one_day_is_in_the_tab_order(view):
    tab_stops = [d for d in view.days if d.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert tab_stops == [view.days[2]]
    assert view.focus_target() is view.days[2]


def test_arrow_keys_move_between_visits_and_days(qtbot, view, visits):
    view.select_visit(visits["monday_morning"].id)
    monday = view.days[0]
    monday.setFocus()
    qtbot.waitUntil(monday.hasFocus)
    qtbot.keyClick(monday, Qt.Key.Key_Down)
    assert view.selected_visit_id() == visits["monday_afternoon"].id

    qtbot.keyClick(monday, Qt.Key.Key_Right)
    assert view.current_day == 1
    assert view.selected_visit_id() is None
    assert view.days[1].hasFocus()
    assert not monday.selectedItems()

    qtbot.keyClick(view.days[1], Qt.Key.Key_Right)
    assert view.current_day == 2
    assert view.selected_visit_id() == visits["wednesday"].id
    assert [d for d in view.days if d.focusPolicy() & Qt.FocusPolicy.TabFocus] == [view.days[2]]

    qtbot.keyClick(view.days[2], Qt.Key.Key_Left)
    qtbot.keyClick(view.days[1], Qt.Key.Key_Left)
    assert view.current_day == 0
    assert view.selected_visit_id() == visits["monday_morning"].id


def test_enter_asks_to_edit_the_chosen_visit(qtbot, view, visits):
    view.select_visit(visits["wednesday"].id)
    view.days[2].setFocus()
    qtbot.waitUntil(view.days[2].hasFocus)
    with qtbot.waitSignal(view.edit_requested) as asked:
        qtbot.keyClick(view.days[2], Qt.Key.Key_Return)
    assert asked.args == [visits["wednesday"].id]


def test_enter_on_an_empty_day_asks_to_add_a_visit_that_day(qtbot, view):
    view.move_day(-1)
    assert view.current_day == 1
    qtbot.waitUntil(view.days[1].hasFocus)
    with qtbot.waitSignal(view.add_requested) as asked:
        qtbot.keyClick(view.days[1], Qt.Key.Key_Enter)
    assert asked.args == [date(2026, 11, 24)]


def test_refresh_keeps_the_chosen_visit(view, visits):
    view.select_visit(visits["monday_afternoon"].id)
    view.refresh()
    assert view.selected_visit_id() == visits["monday_afternoon"].id
    assert view.current_day == 0
