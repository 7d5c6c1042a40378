"""RateCardDialog and VisitTypeDialog: a client's visit types, saved through the core."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from microbiz.clients.details import support_visit_type
from microbiz.clients.ratecards import VisitTypeForm
from microbiz.clients.ratecards import save_visit_type
from microbiz.foundations import clock
from microbiz.foundations.models import VisitType
from microbiz.hours.schedules import ScheduleForm
from microbiz.hours.schedules import save_schedule
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import save_visit
from ui.clients.rate_card_dialog import RateCardDialog
from ui.clients.visit_type_dialog import VisitTypeDialog
from ui.clients.visit_types_model import BANK_HOLIDAY
from ui.clients.visit_types_model import FLAT_FEE
from ui.clients.visit_types_model import NAME
from ui.clients.visit_types_model import WEEKDAY
from ui.clients.visit_types_model import VisitTypesTableModel


def shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def type_into(dialog: VisitTypeDialog, **values: str) -> None:
    for name, value in values.items():
        dialog.fields.widgets[name].setText(value)


def click_save(qtbot, dialog: VisitTypeDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    save = next(b for b in buttons.buttons() if b.accessibleName() == "Save visit type")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)


def table_text(dialog: RateCardDialog) -> list[tuple[str, ...]]:
    model = dialog.model
    return [
        tuple(model.index(r, c).data() for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]


def row_named(dialog: RateCardDialog, name: str) -> int:
    return next(r for r in range(dialog.model.rowCount()) if dialog.model.name_of(r) == name)


@pytest.fixture
def margaret(clients):
    return clients["margaret"]


@pytest.fixture
def sleep_in(margaret) -> VisitType:
    return save_visit_type(margaret.id, VisitTypeForm(name="Sleep-in", flat_fee="85"))


@pytest.fixture
def fill_and_save(qtbot, monkeypatch):
    """Make VisitTypeDialog.ask type `values` into a real dialog and press Save."""
    typed = {}

    def ask(cls, parent, client_id, visit_type_id=None):
        dialog = cls(parent, client_id, visit_type_id)
        qtbot.addWidget(dialog)
        type_into(dialog, **typed)
        dialog.accept()
        return dialog.saved

    monkeypatch.setattr(VisitTypeDialog, "ask", classmethod(ask))
    return typed


def test_adding_a_flat_fee_visit_type_stores_it(qtbot, margaret):
    dialog = shown(qtbot, VisitTypeDialog(None, margaret.id))
    assert dialog.windowTitle() == "Add a visit type for Margaret Brown"
    type_into(dialog, name="Sleep-in", flat_fee="85")
    click_save(qtbot, dialog)

    assert not dialog.isVisible()
    stored = VisitType.get(VisitType.client == margaret.id, VisitType.name == "Sleep-in")
    assert stored.flat_fee_pence == 8500
    assert dialog.saved.id == stored.id


def test_hourly_rates_left_blank_follow_the_weekday_rate(qtbot, margaret):
    dialog = shown(qtbot, VisitTypeDialog(None, margaret.id))
    type_into(dialog, name="Waking night", weekday_rate="16.50", bank_holiday_rate="30")
    click_save(qtbot, dialog)
    stored = VisitType.get(VisitType.name == "Waking night")
    assert stored.flat_fee_pence is None
    rates = (stored.weekday_rate_pence, stored.weekend_rate_pence, stored.bank_holiday_rate_pence)
    assert rates == (1650, 1650, 3000)


def test_add_through_the_rate_card_shows_the_flat_fee(qtbot, margaret, fill_and_save):
    fill_and_save.update(name="Sleep-in", flat_fee="85")
    dialog = shown(qtbot, RateCardDialog(None, margaret.id))
    assert dialog.windowTitle() == "Rates for Margaret Brown"
    qtbot.mouseClick(dialog.buttons["add"], Qt.MouseButton.LeftButton)

    assert ("Sleep-in", "—", "—", "—", "£85.00 a visit") in table_text(dialog)
    assert dialog.model.name_of(dialog.selected_row()) == "Sleep-in"
    assert dialog.said.text() == "Saved Sleep-in."
    row = row_named(dialog, "Sleep-in")
    spoken = dialog.model.index(row, WEEKDAY).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == "No hourly rate"


def test_the_rate_card_lists_hourly_rates(qtbot, margaret):
    dialog = shown(qtbot, RateCardDialog(None, margaret.id))
    assert table_text(dialog) == [
        ("Support", "£19.50 an hour", "£19.50 an hour", "£19.50 an hour", "—")
    ]


def test_editing_a_visit_type_updates_it(qtbot, margaret, fill_and_save):
    fill_and_save.update(weekday_rate="21", bank_holiday_rate="35")
    dialog = shown(qtbot, RateCardDialog(None, margaret.id))
    dialog.select(support_visit_type(margaret).id)
    qtbot.mouseClick(dialog.buttons["edit"], Qt.MouseButton.LeftButton)

    support = support_visit_type(margaret)
    assert (support.weekday_rate_pence, support.bank_holiday_rate_pence) == (2100, 3500)
    row = row_named(dialog, "Support")
    assert dialog.model.index(row, WEEKDAY).data() == "£21.00 an hour"
    assert dialog.model.index(row, BANK_HOLIDAY).data() == "£35.00 an hour"


def test_the_edit_dialog_shows_the_saved_values(qtbot, margaret, sleep_in):
    dialog = shown(qtbot, VisitTypeDialog(None, margaret.id, sleep_in.id))
    assert dialog.windowTitle() == "Edit Sleep-in for Margaret Brown"
    assert dialog.fields.widgets["name"].text() == "Sleep-in"
    assert dialog.fields.widgets["flat_fee"].text() == "85.00"


def test_enter_on_the_table_edits_the_selected_type(qtbot, margaret, sleep_in, monkeypatch):
    opened = []
    monkeypatch.setattr(
        VisitTypeDialog, "ask", classmethod(lambda cls, p, c, v=None: opened.append(v))
    )
    dialog = shown(qtbot, RateCardDialog(None, margaret.id))
    dialog.select(sleep_in.id)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert opened == [sleep_in.id]


def test_a_duplicate_name_is_shown_under_the_name_and_nothing_is_saved(qtbot, margaret):
    before = VisitType.select().count()
    dialog = shown(qtbot, VisitTypeDialog(None, margaret.id))
    type_into(dialog, name="support", weekday_rate="25")
    click_save(qtbot, dialog)

    assert dialog.isVisible()
    problem = dialog.fields.problems["name"]
    assert problem.isVisible()
    assert "already has a visit type called 'support'" in problem.text()
    assert dialog.focusWidget() is dialog.fields.widgets["name"]
    assert "Nothing has been saved" in dialog.summary.text()
    assert VisitType.select().count() == before
    assert support_visit_type(margaret).weekday_rate_pence == 1950


def test_a_missing_rate_is_shown_under_the_weekday_rate(qtbot, margaret):
    dialog = shown(qtbot, VisitTypeDialog(None, margaret.id))
    type_into(dialog, name="Escort", weekend_rate="-3")
    click_save(qtbot, dialog)
    assert "Weekday rate is required" in dialog.fields.problems["weekday_rate"].text()
    assert "cannot be negative" in dialog.fields.problems["weekend_rate"].text()
    assert not VisitType.select().where(VisitType.name == "Escort").exists()


def test_removing_an_unused_type_deletes_it_after_asking(qtbot, margaret, sleep_in, answers):
    dialog = shown(qtbot, RateCardDialog(None, margaret.id))
    dialog.select(sleep_in.id)
    qtbot.mouseClick(dialog.buttons["remove"], Qt.MouseButton.LeftButton)

    assert "Remove Sleep-in from Margaret Brown's rates?" in answers.asked[0]
    assert "no longer be offered" in answers.asked[0]
    assert VisitType.get_or_none(VisitType.id == sleep_in.id) is None
    assert [row[NAME] for row in table_text(dialog)] == ["Support"]


def test_removing_a_used_type_keeps_it_for_its_visits(qtbot, margaret, answers):
    support = support_visit_type(margaret)
    save_visit(VisitForm(margaret.id, support.id, "02/11/2026", "09:00", "10:00"))
    dialog = shown(qtbot, RateCardDialog(None, margaret.id))
    dialog.select(support.id)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)

    assert len(answers.asked) == 1
    kept = VisitType.get_by_id(support.id)
    assert not kept.active
    assert table_text(dialog) == []
    assert dialog.empty.isVisible()


def test_a_type_used_by_weekly_visits_is_not_removed(qtbot, margaret, answers):
    support = support_visit_type(margaret)
    today = clock.today()
    form = ScheduleForm(
        client_id=margaret.id,
        visit_type_id=support.id,
        weekday=str(today.weekday()),
        start="09:00",
        end="10:00",
        starts_on=(today - timedelta(weeks=2)).strftime("%d/%m/%Y"),
    )
    save_schedule(form, today=today - timedelta(weeks=2))
    dialog = shown(qtbot, RateCardDialog(None, margaret.id))
    dialog.select(support.id)
    dialog.remove()

    assert answers.warnings == ["Weekly visits still use 'Support'. Change or delete them first."]
    assert VisitType.get_by_id(support.id).active
    assert [row[NAME] for row in table_text(dialog)] == ["Support"]


def test_declining_to_remove_keeps_the_type(qtbot, margaret, sleep_in, answers):
    answers.confirm = False
    dialog = shown(qtbot, RateCardDialog(None, margaret.id))
    dialog.select(sleep_in.id)
    dialog.remove()
    assert VisitType.get_by_id(sleep_in.id).active


def test_buttons_need_a_selected_type(qtbot, margaret):
    dialog = shown(qtbot, RateCardDialog(None, margaret.id))
    dialog.table.clearSelection()
    assert dialog.buttons["add"].isEnabled()
    assert not dialog.buttons["edit"].isEnabled()
    assert not dialog.buttons["remove"].isEnabled()
    dialog.select(support_visit_type(margaret).id)
    assert dialog.buttons["edit"].isEnabled()
    assert dialog.buttons["remove"].isEnabled()


def test_a_client_without_rates_sees_how_to_add_one(qtbot, clients):
    dialog = shown(qtbot, RateCardDialog(None, clients["jean"].id))
    assert dialog.empty.isVisible()
    assert "Add visit type" in dialog.empty.text()


def test_cancelling_typed_changes_asks_first(qtbot, margaret, answers):
    dialog = shown(qtbot, VisitTypeDialog(None, margaret.id))
    type_into(dialog, name="Half typed")
    answers.confirm = False
    dialog.reject()
    assert dialog.isVisible()
    assert answers.asked


def test_visit_types_model_passes_the_model_tester(qtmodeltester, margaret, sleep_in):
    model = VisitTypesTableModel(margaret.id)
    model.refresh()
    assert model.rowCount() == 2
    assert model.index(model.row_of(sleep_in.id), FLAT_FEE).data() == "£85.00 a visit"
    qtmodeltester.check(model)
