"""VisitDialog: saving through the core, problems beside their fields, overlaps asked about."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QWidget

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import set_client_status
from microbiz.clients.details import support_visit_type
from microbiz.clients.ratecards import VisitTypeForm
from microbiz.clients.ratecards import save_visit_type
from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.models import Client
from microbiz.foundations.models import Visit
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import save_visit
from ui.hours.visit_dialog import CHOOSE_CLIENT
from ui.hours.visit_dialog import NO_RATES
from ui.hours.visit_dialog import VisitDialog


@pytest.fixture
def people(business) -> dict[str, Client]:
    margaret = save_client(ClientForm(name="Margaret Brown", weekday_rate="18"))
    arthur = save_client(ClientForm(name="Arthur Patel", weekday_rate="20"))
    save_visit_type(arthur.id, VisitTypeForm(name="Sleep-in", flat_fee="80"))
    david = save_client(ClientForm(name="David Okafor"))
    set_client_status(david.id, "paused")
    ended = save_client(ClientForm(name="Eileen Ward", weekday_rate="18"))
    set_client_status(ended.id, "ended")
    return {"margaret": margaret, "arthur": arthur, "david": david, "eileen": ended}


def open_dialog(qtbot, visit_id=None, form=None) -> VisitDialog:
    dialog = VisitDialog(None, visit_id, form)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def choose(dialog: VisitDialog, name: str, data) -> None:
    combo = dialog.fields.widgets[name]
    combo.setCurrentIndex(combo.findData(data))


def type_into(dialog: VisitDialog, **values: str) -> None:
    for name, value in values.items():
        widget = dialog.fields.widgets[name]
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value)
        else:
            widget.setText(value)


def click_save(qtbot, dialog: VisitDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    save = next(b for b in buttons.buttons() if b.accessibleName() == "Save visit")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)


def combo_texts(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def test_adding_a_visit_stores_what_was_typed(qtbot, people):
    dialog = open_dialog(qtbot)
    choose(dialog, "client_id", people["margaret"].id)
    type_into(
        dialog,
        day="23/11/2026",
        start="09:00",
        end="11:30",
        break_minutes="15",
        mileage="5.2",
        notes="Shopping",
    )
    choose(dialog, "status", "delivered")
    click_save(qtbot, dialog)

    assert not dialog.isVisible()
    visit = Visit.get()
    assert dialog.saved.id == visit.id
    assert visit.client_id == people["margaret"].id
    assert visit.visit_type_id == support_visit_type(people["margaret"]).id
    assert visit.start == datetime(2026, 11, 23, 9, 0)
    assert visit.end == datetime(2026, 11, 23, 11, 30)
    assert (visit.break_minutes, visit.mileage_tenths, visit.notes) == (15, 52, "Shopping")
    assert visit.status == "delivered"


def test_clients_are_active_and_paused_ones_to_choose_from(qtbot, people):
    dialog = open_dialog(qtbot)
    clients = dialog.fields.widgets["client_id"]
    assert combo_texts(clients) == ["Arthur Patel", "David Okafor (paused)", "Margaret Brown"]
    assert clients.currentIndex() == -1
    assert clients.placeholderText() == CHOOSE_CLIENT
    assert not dialog.fields.widgets["visit_type_id"].isEnabled()


def test_visit_types_follow_the_client(qtbot, people):
    dialog = open_dialog(qtbot)
    types = dialog.fields.widgets["visit_type_id"]
    choose(dialog, "client_id", people["arthur"].id)
    assert combo_texts(types) == ["Sleep-in", "Support"]
    assert types.currentText() == "Support"
    assert types.isEnabled()
    assert not dialog.no_rates.isVisible()

    choose(dialog, "client_id", people["david"].id)
    assert types.count() == 0
    assert not types.isEnabled()
    assert dialog.no_rates.isVisible()
    assert dialog.no_rates.text() == NO_RATES

    choose(dialog, "client_id", people["margaret"].id)
    assert combo_texts(types) == ["Support"]
    assert not dialog.no_rates.isVisible()


def test_a_client_without_rates_cannot_be_saved(qtbot, people):
    dialog = open_dialog(qtbot)
    choose(dialog, "client_id", people["david"].id)
    type_into(dialog, start="09:00", end="10:00")
    click_save(qtbot, dialog)
    assert dialog.isVisible()
    assert "Visit type is required" in dialog.fields.problems["visit_type_id"].text()
    assert Visit.select().count() == 0


def test_invalid_end_time_keeps_the_dialog_open_and_saves_nothing(qtbot, people):
    dialog = open_dialog(qtbot)
    choose(dialog, "client_id", people["margaret"].id)
    type_into(dialog, day="23/11/2026", start="09:00", end="25:00")
    click_save(qtbot, dialog)

    assert dialog.isVisible()
    problem = dialog.fields.problems["end"]
    assert problem.isVisible()
    assert problem.text().startswith("⚠ End time: '25:00' is not a time")
    assert problem.accessibleName() == "Problem with End time"
    end = dialog.fields.widgets["end"]
    assert dialog.focusWidget() is end
    assert "is not a time" in end.accessibleDescription()
    assert dialog.summary.isVisible()
    assert "Nothing has been saved" in dialog.summary.text()
    below = end.mapTo(dialog, end.rect().bottomLeft())
    top = problem.mapTo(dialog, problem.rect().topLeft())
    assert top.x() == below.x()
    assert 0 <= top.y() - below.y() < end.height()
    assert Visit.select().count() == 0


def test_no_client_is_a_problem_beside_the_client(qtbot, people):
    dialog = open_dialog(qtbot)
    type_into(dialog, start="09:00", end="10:00")
    click_save(qtbot, dialog)
    assert dialog.fields.problems["client_id"].text() == "⚠ Client is required."
    assert Visit.select().count() == 0


def existing_visit(client: Client) -> Visit:
    form = VisitForm(
        client_id=client.id,
        visit_type_id=support_visit_type(client).id,
        day="23/11/2026",
        start="09:00",
        end="11:00",
    )
    return save_visit(form)


def test_an_overlap_answered_no_saves_nothing(qtbot, people, answers):
    existing_visit(people["arthur"])
    dialog = open_dialog(qtbot)
    choose(dialog, "client_id", people["margaret"].id)
    type_into(dialog, day="23/11/2026", start="10:00", end="12:00")
    answers.confirm = False
    click_save(qtbot, dialog)

    assert dialog.isVisible()
    assert len(answers.asked) == 1
    assert answers.asked[0].startswith("This visit overlaps Arthur Patel 23/11/2026 09:00-11:00")
    assert answers.asked[0].endswith("Save it anyway?")
    assert Visit.select().count() == 1


def test_an_overlap_answered_yes_saves(qtbot, people, answers):
    existing_visit(people["arthur"])
    dialog = open_dialog(qtbot)
    choose(dialog, "client_id", people["margaret"].id)
    type_into(dialog, day="23/11/2026", start="10:00", end="12:00")
    answers.confirm = True
    click_save(qtbot, dialog)
    assert not dialog.isVisible()
    assert Visit.select().count() == 2
    assert dialog.saved.client_id == people["margaret"].id


def test_editing_shows_the_visit_and_updates_it(qtbot, people):
    visit = existing_visit(people["arthur"])
    dialog = open_dialog(qtbot, visit.id)
    assert dialog.windowTitle() == "Edit visit: Arthur Patel, 23/11/2026"
    assert dialog.fields.widgets["client_id"].currentText() == "Arthur Patel"
    assert dialog.fields.widgets["visit_type_id"].currentText() == "Support"
    assert dialog.fields.widgets["start"].text() == "09:00"
    assert dialog.fields.widgets["status"].currentData() == "delivered"
    types = dialog.fields.widgets["visit_type_id"]
    types.setCurrentIndex(types.findText("Sleep-in"))
    type_into(dialog, end="12:00")
    click_save(qtbot, dialog)
    visit = Visit.get_by_id(visit.id)
    assert visit.end == datetime(2026, 11, 23, 12, 0)
    assert visit.visit_type.name == "Sleep-in"
    assert Visit.select().count() == 1


def test_editing_a_visit_of_an_ended_client_keeps_the_client(qtbot, people):
    eileen = people["eileen"]
    visit = existing_visit(eileen)
    dialog = open_dialog(qtbot, visit.id)
    assert dialog.fields.widgets["client_id"].currentText() == "Eileen Ward (ended)"
    assert dialog.fields.widgets["visit_type_id"].currentText() == "Support"


def test_a_prefilled_form_opens_as_a_new_visit(qtbot, people):
    form = VisitForm(
        client_id=people["arthur"].id,
        visit_type_id=support_visit_type(people["arthur"]).id,
        day="30/11/2026",
        start="09:00",
        end="11:00",
        status="planned",
    )
    dialog = open_dialog(qtbot, form=form)
    assert dialog.windowTitle() == "Add visit"
    assert dialog.fields.widgets["client_id"].currentText() == "Arthur Patel"
    assert dialog.fields.widgets["day"].text() == "30/11/2026"
    click_save(qtbot, dialog)
    assert Visit.select().count() == 1


def test_status_defaults_to_delivered_in_the_past_and_planned_ahead(qtbot, people):
    dialog = open_dialog(qtbot)
    status = dialog.fields.widgets["status"]
    assert dialog.fields.widgets["day"].text() == format_date(clock.today())
    type_into(dialog, day=format_date(clock.today() + timedelta(days=7)), start="09:00")
    assert status.currentData() == "planned"
    type_into(dialog, day=format_date(clock.today() - timedelta(days=7)))
    assert status.currentData() == "delivered"
    status.setCurrentIndex(status.findData("cancelled"))
    type_into(dialog, day=format_date(clock.today() + timedelta(days=7)))
    assert status.currentData() == "cancelled"


def test_the_end_hint_says_when_a_night_ends(qtbot, people):
    dialog = open_dialog(qtbot)
    assert dialog.end_hint.text() == "An end before the start means the next morning."
    type_into(dialog, day="27/11/2026", start="22:00", end="07:00")
    assert dialog.end_hint.text() == "9 hours long, ending the next morning (Sat 28/11)."
    type_into(dialog, end="23:30")
    assert dialog.end_hint.text() == "1.5 hours long."


def test_enter_saves(qtbot, people):
    dialog = open_dialog(qtbot)
    buttons = dialog.findChild(QDialogButtonBox)
    save = next(b for b in buttons.buttons() if b.accessibleName() == "Save visit")
    assert save.isDefault()
    choose(dialog, "client_id", people["margaret"].id)
    type_into(dialog, day="23/11/2026", start="09:00", end="10:00")
    mileage = dialog.fields.widgets["mileage"]
    mileage.setFocus()
    qtbot.keyClick(mileage, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert Visit.select().count() == 1


def test_cancelling_typed_changes_asks_first(qtbot, people, answers):
    dialog = open_dialog(qtbot)
    type_into(dialog, notes="Half typed")
    answers.confirm = False
    dialog.reject()
    assert dialog.isVisible()
    answers.confirm = True
    dialog.reject()
    assert not dialog.isVisible()


def test_every_input_is_named_and_labelled(qtbot, people):
    dialog = open_dialog(qtbot)
    buddies = {label.buddy() for label in dialog.findChildren(QLabel) if label.buddy()}
    for widget in dialog.findChildren(QWidget):
        if isinstance(widget, (QLineEdit, QComboBox, QPlainTextEdit)) and widget.isVisible():
            assert widget.accessibleName(), widget
            assert widget in buddies, widget.accessibleName()


def test_ask_opens_modally_and_returns_the_saved_visit(qtbot, people):
    def fill_and_save():
        dialog = QApplication.activeModalWidget()
        choose(dialog, "client_id", people["margaret"].id)
        type_into(dialog, day="23/11/2026", start="09:00", end="10:00")
        dialog.accept()

    QTimer.singleShot(0, fill_and_save)
    visit = VisitDialog.ask(None)
    assert visit is not None
    assert visit.client_id == people["margaret"].id


def test_ask_returns_none_when_cancelled(qtbot, people):
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())
    assert VisitDialog.ask(None) is None
