"""The Clients and Hours pages import spreadsheets through the checking preview dialog."""

from __future__ import annotations

from types import SimpleNamespace

from ui.clients.clients_page import ClientsPage
from ui.hours.hours_page import HoursPage
from ui.imports.import_dialog import ImportDialog


def test_clients_and_visits_are_imported_through_the_preview(qtbot, business, monkeypatch):
    asked = []

    def ask(cls, parent, kind):
        asked.append(kind)
        return SimpleNamespace(said=f"Imported 2 {kind}.")

    monkeypatch.setattr(ImportDialog, "ask", classmethod(ask))
    clients, hours = ClientsPage(), HoursPage()
    for page in (clients, hours):
        qtbot.addWidget(page)
    said = []
    clients.message.connect(said.append)
    hours.message.connect(said.append)
    clients.buttons["import"].click()
    hours.buttons["import"].click()
    assert asked == ["clients", "visits"]
    assert said == ["Imported 2 clients.", "Imported 2 visits."]
