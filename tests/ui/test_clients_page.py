"""ClientsPage: search, filters, buttons and the empty state, on a real database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Client
from ui.clients import clients_page
from ui.clients.client_dialog import ClientDialog
from ui.clients.clients_model import NAME
from ui.clients.clients_page import NO_CLIENTS
from ui.clients.clients_page import ClientsPage
from ui.clients.rate_card_dialog import RateCardDialog
from ui.hours.schedules_dialog import SchedulesDialog


@pytest.fixture
def page(qtbot, db) -> ClientsPage:
    page = ClientsPage()
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def names(page: ClientsPage) -> list[str]:
    return [page.proxy.index(r, NAME).data() for r in range(page.proxy.rowCount())]


def choose(combo, key) -> None:
    combo.setCurrentIndex(combo.findData(key))


def click(qtbot, page: ClientsPage, key: str) -> None:
    qtbot.mouseClick(page.buttons[key], Qt.MouseButton.LeftButton)


def test_table_lists_clients_by_name(page, clients):
    page.refresh()
    assert names(page) == ["Arthur Patel", "David Okafor", "Jean O'Neill", "Margaret Brown"]


def test_typing_in_the_search_box_filters_rows(qtbot, clients, page):
    page.refresh()
    qtbot.keyClicks(page.search, "leeds")
    assert names(page) == ["Jean O'Neill"]
    page.search.clear()
    assert len(names(page)) == len(clients)


def test_status_and_funding_filters(clients, page):
    page.refresh()
    choose(page.status_filter, "paused")
    assert names(page) == ["David Okafor"]
    choose(page.status_filter, None)
    choose(page.funding_filter, "direct_payment")
    assert names(page) == ["Arthur Patel"]


def test_no_clients_shows_a_friendly_empty_state(page):
    assert page.empty.isVisible()
    assert page.empty.text() == NO_CLIENTS
    assert not page.table.isVisible()


def test_no_matches_says_how_to_widen_the_search(qtbot, clients, page):
    page.refresh()
    qtbot.keyClicks(page.search, "zzz")
    assert page.empty.isVisible()
    assert "No clients match" in page.empty.text()


def test_buttons_follow_the_selection(clients, page):
    page.refresh()
    assert page.buttons["add"].isEnabled()
    for key in ("edit", "rates", "schedules", "pause", "end", "activate", "copy", "erase"):
        assert not page.buttons[key].isEnabled()
    assert not page.buttons["delete"].isEnabled()
    page.select_client(clients["david"].id)
    assert page.buttons["copy"].isEnabled() and page.buttons["erase"].isEnabled()
    assert page.buttons["edit"].isEnabled()
    assert page.buttons["rates"].isEnabled()
    assert page.buttons["schedules"].isEnabled()
    assert not page.buttons["pause"].isEnabled()
    assert page.buttons["end"].isEnabled()
    assert page.buttons["activate"].isEnabled()


def test_pause_end_and_make_active_change_status(qtbot, clients, page):
    page.refresh()
    margaret = clients["margaret"].id
    page.select_client(margaret)
    with qtbot.waitSignal(page.message) as said:
        click(qtbot, page, "pause")
    assert Client.get_by_id(margaret).status == "paused"
    assert said.args == ["Margaret Brown is now paused."]
    assert page.selected_id() == margaret
    click(qtbot, page, "end")
    assert Client.get_by_id(margaret).status == "ended"
    assert not page.buttons["end"].isEnabled()
    click(qtbot, page, "activate")
    assert Client.get_by_id(margaret).status == "active"


def test_delete_after_confirmation(qtbot, clients, page, answers):
    page.refresh()
    page.select_client(clients["jean"].id)
    click(qtbot, page, "delete")
    assert "Delete Jean O'Neill?" in answers.asked[0]
    assert Client.get_or_none(Client.id == clients["jean"].id) is None
    assert "Jean O'Neill" not in names(page)


def test_erase_asks_then_erases_and_keeps_the_row_renamed(qtbot, clients, page, answers):
    page.refresh()
    jean = clients["jean"].id
    page.select_client(jean)
    with qtbot.waitSignal(page.message) as said:
        click(qtbot, page, "erase")
    assert "Jean O'Neill's contact details" in answers.asked[0]
    assert said.args == ["Erased Jean O'Neill."]
    assert f"Erased client {jean}" in names(page) and page.selected_id() == jean


def test_delete_declined_keeps_the_client(qtbot, clients, page, answers):
    page.refresh()
    page.select_client(clients["jean"].id)
    answers.confirm = False
    click(qtbot, page, "delete")
    assert Client.get_or_none(Client.id == clients["jean"].id) is not None


def test_delete_refused_by_the_core_shows_its_message(qtbot, clients, page, answers, monkeypatch):
    def refuse(client_id):
        raise UserError("Jean O'Neill has records that must be kept, so they cannot be deleted.")

    monkeypatch.setattr(clients_page, "delete_client", refuse)
    page.refresh()
    page.select_client(clients["jean"].id)
    click(qtbot, page, "delete")
    assert answers.warnings == [
        "Jean O'Neill has records that must be kept, so they cannot be deleted."
    ]
    assert "Jean O'Neill" in names(page)


def test_add_client_saves_through_the_dialog_and_selects_the_new_row(
    qtbot, business, page, monkeypatch
):
    def fill_and_save(cls, parent, client_id=None):
        dialog = cls(parent, client_id)
        qtbot.addWidget(dialog)
        dialog.fields.widgets["name"].setText("Bob Green")
        dialog.fields.widgets["contracted_hours"].setText("6")
        dialog.accept()
        return dialog.saved

    monkeypatch.setattr(ClientDialog, "ask", classmethod(fill_and_save))
    with qtbot.waitSignal(page.message) as said:
        click(qtbot, page, "add")
    assert said.args == ["Saved Bob Green."]
    assert names(page) == ["Bob Green"]
    assert page.selected_id() == Client.get(Client.name == "Bob Green").id
    assert page.table.isVisible()


@pytest.fixture
def opened(monkeypatch) -> list:
    """Client ids the page asked ClientDialog to edit, instead of opening it."""
    calls = []

    def record(cls, parent, client_id=None):
        calls.append(client_id)

    monkeypatch.setattr(ClientDialog, "ask", classmethod(record))
    return calls


def test_enter_on_the_table_edits_the_selected_client(qtbot, clients, page, opened):
    page.refresh()
    page.select_client(clients["arthur"].id)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened == [clients["arthur"].id]


def test_double_click_edits_the_client(qtbot, clients, page, opened):
    page.refresh()
    page.select_client(clients["arthur"].id)
    centre = page.table.visualRect(page.table.currentIndex()).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert opened == [clients["arthur"].id]


@pytest.mark.parametrize(
    ("key", "dialog", "text"),
    [("rates", RateCardDialog, "&Rates…"), ("schedules", SchedulesDialog, "&Weekly visits…")],
)
def test_rates_and_weekly_visits_open_for_the_selected_client(
    qtbot, clients, page, monkeypatch, key, dialog, text
):
    calls = []
    monkeypatch.setattr(
        dialog, "ask", classmethod(lambda cls, parent, client_id: calls.append(client_id))
    )
    page.refresh()
    assert page.buttons[key].text() == text
    page.select_client(clients["arthur"].id)
    click(qtbot, page, key)
    assert calls == [clients["arthur"].id]
    assert page.selected_id() == clients["arthur"].id


def test_rates_and_weekly_visits_do_nothing_without_a_selection(clients, page, monkeypatch):
    calls = []
    monkeypatch.setattr(RateCardDialog, "ask", classmethod(lambda cls, *args: calls.append(args)))
    monkeypatch.setattr(SchedulesDialog, "ask", classmethod(lambda cls, *args: calls.append(args)))
    page.refresh()
    page.open_rates()
    page.open_schedules()
    assert calls == []
