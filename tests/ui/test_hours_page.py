"""HoursPage: week and list views, the buttons on the chosen visit, and the timesheet PDF."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QWidget

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.foundations.business import start_business
from microbiz.foundations.db import close_database
from microbiz.foundations.db import open_database
from microbiz.foundations.models import Client
from microbiz.foundations.models import Visit
from microbiz.foundations.paths import database_path
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import save_visit
from ui import app as gui_app
from ui.hours import timesheet_dialog
from ui.hours.cancel_visit_dialog import CancelVisitDialog
from ui.hours.hours_page import HoursPage
from ui.hours.hours_page import confirm_report
from ui.hours.timesheet_dialog import TimesheetDialog
from ui.hours.visit_dialog import VisitDialog
from ui.hours.visits_model import CLIENT
from ui.hours.visits_model import DATE
from ui.hours.visits_model import STATUS
from ui.main_window import MainWindow

WEDNESDAY = date(2026, 11, 25)
NOON = datetime(2026, 11, 25, 12, 0)


def add_visit(client: Client, day: str, start: str, end: str, status="delivered", **more):
    form = VisitForm(
        client_id=client.id,
        visit_type_id=support_visit_type(client).id,
        day=day,
        start=start,
        end=end,
        status=status,
        **more,
    )
    return save_visit(form, allow_overlap=True)


@pytest.fixture
def people(business) -> dict[str, Client]:
    return {
        "margaret": save_client(
            ClientForm(name="Margaret Brown", weekday_rate="18", contracted_hours="6")
        ),
        "arthur": save_client(
            ClientForm(
                name="Arthur Patel",
                funding_route="direct_payment",
                weekday_rate="20",
                contracted_hours="2",
            )
        ),
    }


@pytest.fixture
def visits(people) -> dict[str, Visit]:
    margaret, arthur = people["margaret"], people["arthur"]
    return {
        "monday": add_visit(margaret, "23/11/2026", "09:00", "11:00", "planned"),
        "tuesday": add_visit(arthur, "24/11/2026", "10:00", "12:00", notes="GP appointment"),
        "friday": add_visit(margaret, "27/11/2026", "09:00", "13:00", "planned"),
        "last_month": add_visit(arthur, "14/10/2026", "09:00", "11:00"),
    }


@pytest.fixture
def page(qtbot, db) -> HoursPage:
    page = HoursPage(today=lambda: WEDNESDAY, now=lambda: NOON)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def list_column(page: HoursPage, column: int) -> list[str]:
    return [page.model.index(r, column).data() for r in range(page.model.rowCount())]


def choose(combo: QComboBox, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def messages_of(page: HoursPage) -> list[str]:
    said: list[str] = []
    page.message.connect(said.append)
    return said


def test_the_week_view_shows_this_weeks_visits(page, visits):
    page.refresh()
    assert page.week_view.heading.text() == "Week of Monday 23 November 2026"
    assert page.week_view.block_texts(0) == ["09:00–11:00 Margaret Brown\nSupport · Planned"]
    assert page.week_view.block_texts(1) == ["10:00–12:00 Arthur Patel\nSupport · Delivered"]


def test_week_totals_show_delivered_against_contracted(page, visits):
    page.refresh()
    model = page.totals_model
    rows = [[model.index(r, c).data() for c in range(5)] for r in range(model.rowCount())]
    assert rows == [
        ["Arthur Patel", "2", "2", "0", "£40.00"],
        ["Margaret Brown", "0", "6", "−6", "£0.00"],
    ]
    assert page.total_label.text() == (
        "Total for the week: 2 hours delivered of 8 contracted, coming to £40.00."
    )


def test_list_shows_every_visit_newest_first(page, visits):
    page.refresh()
    page.show_list_tab()
    assert list_column(page, DATE) == ["27/11/2026", "24/11/2026", "23/11/2026", "14/10/2026"]
    assert page.count.text() == "4 visits shown, newest first"


def test_list_filters_change_the_rows(qtbot, page, people, visits):
    page.refresh()
    page.show_list_tab()
    choose(page.client_filter, people["arthur"].id)
    assert list_column(page, DATE) == ["24/11/2026", "14/10/2026"]
    choose(page.client_filter, None)
    choose(page.status_filter, "planned")
    assert list_column(page, DATE) == ["27/11/2026", "23/11/2026"]
    choose(page.status_filter, None)

    page.from_date.setText("01/11/2026")
    page.from_date.editingFinished.emit()
    page.to_date.setText("24/11/2026")
    page.to_date.editingFinished.emit()
    assert list_column(page, DATE) == ["24/11/2026", "23/11/2026"]
    page.from_date.clear()
    page.to_date.clear()
    assert len(list_column(page, DATE)) == 4

    qtbot.keyClicks(page.search, "GP")
    qtbot.waitUntil(lambda: list_column(page, DATE) == ["24/11/2026"])
    page.search.clear()
    qtbot.keyClicks(page.search, "zzz")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert page.count.text().startswith("No visits match")


def test_an_unreadable_date_is_explained_beside_the_filters(page, visits):
    page.refresh()
    page.show_list_tab()
    page.from_date.setText("31/02/2026")
    page.from_date.editingFinished.emit()
    assert page.date_problem.isVisible()
    assert "From: '31/02/2026' is not a real date" in page.date_problem.text()
    assert page.from_date.accessibleDescription() == "'31/02/2026' is not a real date"
    assert page.model.rowCount() == 4
    page.from_date.setText("01/11/2026")
    page.from_date.editingFinished.emit()
    assert not page.date_problem.isVisible()
    assert page.model.rowCount() == 3


def fill_in_visit(client: Client, day: str, start: str, end: str) -> None:
    dialog = QApplication.activeModalWidget()
    combo = dialog.fields.widgets["client_id"]
    combo.setCurrentIndex(combo.findData(client.id))
    dialog.fields.widgets["day"].setText(day)
    dialog.fields.widgets["start"].setText(start)
    dialog.fields.widgets["end"].setText(end)
    dialog.accept()


def test_adding_a_visit_shows_it_in_the_week_and_the_list(qtbot, page, people):
    said = messages_of(page)
    margaret = people["margaret"]
    QTimer.singleShot(0, lambda: fill_in_visit(margaret, "02/12/2026", "14:00", "16:00"))
    qtbot.mouseClick(page.buttons["add"], Qt.MouseButton.LeftButton)

    visit = Visit.get()
    assert visit.start == datetime(2026, 12, 2, 14, 0)
    assert page.week_view.heading.text() == "Week of Monday 30 November 2026"
    assert page.week_view.block_texts(2) == ["14:00–16:00 Margaret Brown\nSupport · Planned"]
    assert page.week_view.selected_visit_id() == visit.id
    assert list_column(page, CLIENT) == ["Margaret Brown"]
    assert said == ["Saved Margaret Brown's visit on Wed 02/12/2026, 14:00–16:00."]


def test_add_visit_starts_on_the_chosen_day_of_the_week(page, people, monkeypatch):
    asked = []
    monkeypatch.setattr(
        VisitDialog,
        "ask",
        classmethod(lambda cls, parent, visit_id=None, form=None: asked.append(form)),
    )
    page.week_view.move_day(1)
    page.add_visit()
    assert asked[0].day == "26/11/2026"


def test_enter_in_the_week_opens_the_visit_to_edit(qtbot, page, visits, monkeypatch):
    asked = []
    monkeypatch.setattr(
        VisitDialog,
        "ask",
        classmethod(lambda cls, parent, visit_id=None, form=None: asked.append(visit_id)),
    )
    page.refresh()
    page.week_view.select_visit(visits["monday"].id)
    monday = page.week_view.days[0]
    monday.setFocus()
    qtbot.waitUntil(monday.hasFocus)
    qtbot.keyClick(monday, Qt.Key.Key_Right)
    qtbot.keyClick(page.week_view.days[1], Qt.Key.Key_Return)
    assert asked == [visits["tuesday"].id]


def test_buttons_follow_the_chosen_visit(page, visits):
    page.refresh()
    assert not page.buttons["edit"].isEnabled()
    page.week_view.select_visit(visits["monday"].id)
    assert page.buttons["edit"].isEnabled()
    assert page.buttons["cancel"].isEnabled()
    page.week_view.select_visit(visits["tuesday"].id)
    assert not page.buttons["cancel"].isEnabled()
    assert page.buttons["delete"].isEnabled()


def test_duplicate_opens_a_prefilled_dialog_a_week_later(qtbot, page, visits, monkeypatch):
    asked = []
    monkeypatch.setattr(
        VisitDialog,
        "ask",
        classmethod(lambda cls, parent, visit_id=None, form=None: asked.append((visit_id, form))),
    )
    page.refresh()
    page.week_view.select_visit(visits["tuesday"].id)
    qtbot.mouseClick(page.buttons["duplicate"], Qt.MouseButton.LeftButton)
    visit_id, form = asked[0]
    assert visit_id is None
    assert form.client_id == visits["tuesday"].client_id
    assert (form.day, form.start, form.end) == ("01/12/2026", "10:00", "12:00")


def test_duplicate_saves_a_new_visit_through_the_dialog(qtbot, page, visits):
    page.refresh()
    page.show_list_tab()
    page.select_in_list(visits["tuesday"].id)
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().accept())
    page.duplicate_selected()
    copy = Visit.select().order_by(Visit.id.desc()).first()
    assert copy.id != visits["tuesday"].id
    assert copy.start == datetime(2026, 12, 1, 10, 0)
    assert Visit.select().count() == 5


def test_confirm_this_week_marks_past_planned_visits_delivered(page, visits, answers):
    said = messages_of(page)
    page.refresh()
    page.confirm_shown_week()
    assert "week of Monday 23 November 2026" in answers.asked[0]
    assert Visit.get_by_id(visits["monday"].id).status == "delivered"
    assert Visit.get_by_id(visits["friday"].id).status == "planned"
    assert said == ["Marked 1 visit as delivered. 1 visit later this week is still planned."]
    assert page.week_view.block_texts(0) == ["09:00–11:00 Margaret Brown\nSupport · Delivered"]


def test_confirm_can_be_called_off(page, visits, answers):
    answers.confirm = False
    page.refresh()
    page.confirm_shown_week()
    assert Visit.get_by_id(visits["monday"].id).status == "planned"


def test_confirm_report_counts():
    assert confirm_report(9, 2) == (
        "Marked 9 visits as delivered. 2 visits later this week are still planned."
    )
    assert confirm_report(0, 0) == "No visits needed marking as delivered."


def test_cancel_visit_asks_when_told_and_says_if_charged(page, visits, monkeypatch):
    said = messages_of(page)
    monkeypatch.setattr(CancelVisitDialog, "ask", classmethod(lambda cls, parent, visit_id: NOON))
    page.refresh()
    page.week_view.select_visit(visits["friday"].id)
    page.cancel_selected()
    assert Visit.get_by_id(visits["friday"].id).status == "cancelled"
    assert said[-1] == (
        "Cancelled Margaret Brown's visit on Fri 27/11/2026, 09:00–13:00. It will not be charged."
    )

    monkeypatch.setattr(
        CancelVisitDialog,
        "ask",
        classmethod(lambda cls, parent, visit_id: datetime(2026, 11, 23, 8, 0)),
    )
    page.week_view.select_visit(visits["monday"].id)
    page.cancel_selected()
    assert Visit.get_by_id(visits["monday"].id).status == "cancelled_chargeable"
    assert "It will be charged" in said[-1]


def test_the_cancel_dialog_fills_in_now_and_states_the_rule(qtbot, visits):
    dialog = CancelVisitDialog(None, visits["monday"].id, now=datetime(2026, 11, 22, 18, 5))
    qtbot.addWidget(dialog)
    assert dialog.fields.widgets["told_day"].text() == "22/11/2026"
    assert dialog.fields.widgets["told_time"].text() == "18:05"
    assert "less than 24 hours' notice is charged in full" in dialog.question.text()
    dialog.fields.widgets["told_time"].setText("25:00")
    dialog.accept()
    assert dialog.told_at is None
    assert dialog.fields.problems["told_time"].text().startswith("⚠ Time you were told:")
    dialog.fields.widgets["told_time"].setText("18:30")
    dialog.accept()
    assert dialog.told_at == datetime(2026, 11, 22, 18, 30)


def test_delete_asks_first(page, visits, answers):
    said = messages_of(page)
    page.refresh()
    page.show_list_tab()
    page.select_in_list(visits["tuesday"].id)
    answers.confirm = False
    page.delete_selected()
    assert Visit.select().count() == 4
    answers.confirm = True
    page.delete_selected()
    assert Visit.get_or_none(Visit.id == visits["tuesday"].id) is None
    assert said == ["Deleted Arthur Patel's visit on Tue 24/11/2026, 10:00–12:00."]
    assert "Delete Arthur Patel's visit" in answers.asked[-1]


def test_list_rows_open_to_edit_and_show_status_in_words(page, visits, monkeypatch):
    asked = []
    monkeypatch.setattr(
        VisitDialog,
        "ask",
        classmethod(lambda cls, parent, visit_id=None, form=None: asked.append(visit_id)),
    )
    page.refresh()
    page.show_list_tab()
    assert list_column(page, STATUS) == ["Planned", "Delivered", "Planned", "Delivered"]
    page.table.selectRow(1)
    page.buttons["edit"].click()
    assert asked == [visits["tuesday"].id]


def test_week_shortcuts_change_the_week(qtbot, page, visits):
    page.window().activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.week_view.focus_target().setFocus()
    qtbot.waitUntil(page.week_view.focus_target().hasFocus)
    qtbot.keyClick(page.week_view.focus_target(), Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert page.week_view.heading.text() == "Week of Monday 30 November 2026"
    qtbot.keyClick(page.week_view.focus_target(), Qt.Key.Key_PageUp)
    qtbot.keyClick(page.week_view.focus_target(), Qt.Key.Key_PageUp)
    assert page.week_view.heading.text() == "Week of Monday 16 November 2026"
    assert page.totals_model.rowCount() == 2


def test_tab_enters_the_week_once_and_leaves_it(qtbot, page, visits):
    page.refresh()
    page.window().activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.confirm_button.setFocus()
    qtbot.keyClick(page.confirm_button, Qt.Key.Key_Tab)
    assert page.focusWidget() is page.week_view.days[2]
    qtbot.keyClick(page.week_view.days[2], Qt.Key.Key_Tab)
    assert page.focusWidget() is page.totals
    qtbot.keyClick(page.totals, Qt.Key.Key_Tab)
    assert page.focusWidget() is page.buttons["add"]
    qtbot.keyClick(page.buttons["add"], Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(page.totals, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert page.focusWidget() is page.week_view.days[2]


def test_enter_in_the_list_opens_the_visit_to_edit(qtbot, page, visits, monkeypatch):
    asked = []
    monkeypatch.setattr(
        VisitDialog,
        "ask",
        classmethod(lambda cls, parent, visit_id=None, form=None: asked.append(visit_id)),
    )
    page.refresh()
    page.show_list_tab()
    page.window().activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.select_in_list(visits["friday"].id)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert asked == [visits["friday"].id]


def test_every_input_is_named_and_labelled(page, visits):
    page.refresh()
    for tab in (page.show_week_tab, page.show_list_tab):
        tab()
        buddies = {label.buddy() for label in page.findChildren(QLabel) if label.buddy()}
        for widget in page.findChildren(QWidget):
            if not widget.isVisible() or not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                continue
            assert widget.accessibleName(), widget
            if isinstance(widget, (QLineEdit, QComboBox, QPlainTextEdit)):
                assert widget in buddies, widget.accessibleName()


def test_timesheet_dialog_writes_a_real_pdf(qtbot, visits, tmp_path, monkeypatch):
    offered = []
    monkeypatch.setattr(
        timesheet_dialog, "choose_pdf_path", lambda parent, suggested: tmp_path / "sheet.pdf"
    )
    monkeypatch.setattr(
        timesheet_dialog, "offer_to_open", lambda parent, path: offered.append(path)
    )
    dialog = TimesheetDialog(None, today=date(2026, 11, 29))
    qtbot.addWidget(dialog)
    assert dialog.fields.widgets["client_id"].currentText() == "Arthur Patel"
    assert dialog.fields.widgets["first"].text() == "01/10/2026"
    assert dialog.fields.widgets["last"].text() == "31/10/2026"
    dialog.accept()

    path = tmp_path / "sheet.pdf"
    assert dialog.saved_path == path
    assert offered == [path]
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    assert "Arthur Patel" in text
    assert "14/10/2026" in text


def test_timesheet_dialog_checks_the_dates(qtbot, visits, monkeypatch):
    chosen = []
    monkeypatch.setattr(
        timesheet_dialog, "choose_pdf_path", lambda parent, suggested: chosen.append(suggested)
    )
    dialog = TimesheetDialog(None)
    qtbot.addWidget(dialog)
    dialog.fields.widgets["last"].setText("01/01/2020")
    dialog.accept()
    assert dialog.fields.problems["last"].text() == "⚠ To cannot be before From."
    assert chosen == []


def test_print_timesheet_reports_the_saved_file(page, visits, monkeypatch):
    said = messages_of(page)
    monkeypatch.setattr(
        TimesheetDialog, "ask", classmethod(lambda cls, parent, client_id=None: Path("/t/x.pdf"))
    )
    page.print_timesheet()
    assert said == ["Saved the timesheet to /t/x.pdf."]


def test_schedules_are_planned_when_the_app_starts(qapp, data_dir, monkeypatch):
    open_database(database_path(data_dir))
    start_business("Kind Hands Care", "Sam Carter")
    close_database()
    planned = []
    monkeypatch.setattr(gui_app, "plan_all", lambda: planned.append(True))

    def close_main_window():
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                widget.close()

    QTimer.singleShot(0, close_main_window)
    assert gui_app.run_gui(data_dir) == 0
    assert planned == [True]
