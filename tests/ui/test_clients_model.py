"""ClientsTableModel: rows from the core's search, shown the UK way, sortable by raw values."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtCore import Qt

from ui.clients.clients_model import HOURS
from ui.clients.clients_model import NAME
from ui.clients.clients_model import SORT_ROLE
from ui.clients.clients_model import STATUS
from ui.clients.clients_model import WEEKDAY_RATE
from ui.clients.clients_model import WHO_PAYS
from ui.clients.clients_model import ClientsTableModel


def loaded_model() -> ClientsTableModel:
    model = ClientsTableModel()
    model.refresh()
    return model


def shown(model, row: int, column: int) -> str:
    return model.data(model.index(row, column))


def row_named(model, name: str) -> int:
    return next(r for r in range(model.rowCount()) if shown(model, r, NAME) == name)


def test_model_passes_the_qt_model_tester(qtmodeltester, clients):
    qtmodeltester.check(loaded_model())


def test_model_passes_the_tester_behind_a_sort_proxy(qtmodeltester, clients):
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(loaded_model())
    proxy.setSortRole(SORT_ROLE)
    proxy.sort(HOURS, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy)


def test_rows_show_uk_money_hours_and_status_in_words(clients):
    model = loaded_model()
    assert model.rowCount() == len(clients)
    margaret = row_named(model, "Margaret Brown")
    assert shown(model, margaret, HOURS) == "12.5"
    assert shown(model, margaret, WEEKDAY_RATE) == "£19.50"
    assert shown(model, margaret, WHO_PAYS) == "The person supported"
    assert shown(model, margaret, STATUS) == "Active"
    assert model.client_id(margaret) == clients["margaret"].id
    david = row_named(model, "David Okafor")
    assert shown(model, david, STATUS) == "Paused"
    assert shown(model, david, WEEKDAY_RATE) == "Not set"
    arthur = row_named(model, "Arthur Patel")
    assert shown(model, arthur, WHO_PAYS) == "Penderels Trust"


def test_sort_role_gives_raw_values(clients):
    model = loaded_model()
    margaret = row_named(model, "Margaret Brown")
    assert model.data(model.index(margaret, HOURS), SORT_ROLE) == 750
    assert model.data(model.index(margaret, WEEKDAY_RATE), SORT_ROLE) == 1950


def test_proxy_sorts_numbers_as_numbers(clients):
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(loaded_model())
    proxy.setSortRole(SORT_ROLE)
    proxy.sort(HOURS, Qt.SortOrder.DescendingOrder)
    hours = [proxy.index(r, HOURS).data() for r in range(proxy.rowCount())]
    assert hours == ["20", "12.5", "8", "0"]


def test_refresh_filters_through_the_core(clients):
    model = ClientsTableModel()
    model.refresh("otley")
    assert [shown(model, r, NAME) for r in range(model.rowCount())] == ["Margaret Brown"]
    model.refresh(status="paused")
    assert [shown(model, r, NAME) for r in range(model.rowCount())] == ["David Okafor"]
    model.refresh(funding="council")
    assert [shown(model, r, NAME) for r in range(model.rowCount())] == ["Jean O'Neill"]
