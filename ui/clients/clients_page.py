"""Clients: find, add, edit, pause, end and delete the people you support."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QStackedWidget
from PySide6.QtWidgets import QTableView
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.clients.details import delete_client
from microbiz.clients.details import has_clients
from microbiz.clients.details import set_client_status
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import CLIENT_STATUSES
from microbiz.foundations.models import FUNDING_ROUTES
from ui.clients import client_rights
from ui.clients.client_dialog import ClientDialog
from ui.clients.clients_model import FUNDING
from ui.clients.clients_model import NAME
from ui.clients.clients_model import SORT_ROLE
from ui.clients.clients_model import WHO_PAYS
from ui.clients.clients_model import ClientsTableModel
from ui.common import messages
from ui.common.buttons import push_buttons
from ui.common.filters import filter_combo
from ui.common.filters import search_box
from ui.common.forms import buddy
from ui.common.keys import DELETE
from ui.common.keys import ENTER
from ui.common.keys import on_keys
from ui.common.keys import tab_order
from ui.common.looks import empty_label
from ui.common.looks import title
from ui.common.tables import fit_columns
from ui.common.tables import select_source_row
from ui.common.tables import selected_source_row
from ui.common.tables import sorting_proxy

NO_CLIENTS = "No clients yet. Add the people you support with “Add client…”."
NO_MATCHES = "No clients match. Try fewer words, or set Status and Funding to All."
CLIENT_ACTIONS = ("add", "edit", "rates", "schedules", "recurring")
STATUS_ACTIONS = ("pause", "end", "activate")
RIGHTS_ACTIONS = ("copy", "erase")
TIPS = {
    "recurring": "Fixed amounts, such as a Shared Lives arrangement, added to their drafts",
    "copy": "Everything held about them, as a file to give them (a subject access request)",
    "erase": "Remove their personal data; invoices HMRC needs are kept until they may go",
}
STATUS_WORDS = {"active": "active again", "paused": "paused", "ended": "ended"}


class ClientsPage(QWidget):
    """The clients table with its search, filters and buttons."""

    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ClientsTableModel(self)
        self.proxy = sorting_proxy(self.model, SORT_ROLE, self)
        self.search = search_box("Search name, address, payer…", "Search clients")
        self.status_filter = filter_combo("Show clients by status", CLIENT_STATUSES)
        self.funding_filter = filter_combo("Show clients by funding", FUNDING_ROUTES)
        self.table = self._make_table()
        self.empty = empty_label("No clients to show")
        self.count = QLabel()
        self.buttons = self._make_buttons()
        self._views = QStackedWidget()
        self._lay_out()
        self._connect()
        self.refresh()

    @property
    def first_field(self) -> QWidget:
        return self.search

    def refresh(self, select_id: int | None = None) -> None:
        """Search again with the current filters, keeping (or moving) the selection."""
        keep = select_id if select_id is not None else self.selected_id()
        self.model.refresh(
            self.search.text(),
            self.status_filter.currentData(),
            self.funding_filter.currentData(),
        )
        if keep is not None:
            self.select_client(keep)
        self._show_table_or_empty()
        self._update_buttons()

    def selected_id(self) -> int | None:
        row = selected_source_row(self.table)
        return None if row is None else self.model.client_id(row)

    def select_client(self, client_id: int) -> None:
        row = self.model.row_of(client_id)
        if row is None:
            return
        select_source_row(self.table, row, NAME)

    def import_clients(self) -> None:
        """Clients from a spreadsheet, every row checked and shown before any is saved."""
        from ui.imports.import_dialog import ImportDialog

        dialog = ImportDialog.ask(self, "clients")
        self.refresh()
        if dialog.said:
            self.message.emit(dialog.said)

    def add_client(self) -> None:
        client = ClientDialog.ask(self)
        if client is not None:
            self._after_save(client.id, client.name)

    def edit_client(self) -> None:
        client_id = self.selected_id()
        if client_id is None:
            return
        client = ClientDialog.ask(self, client_id)
        if client is not None:
            self._after_save(client.id, client.name)

    def open_rates(self) -> None:
        client_id = self.selected_id()
        if client_id is None:
            return
        from ui.clients.rate_card_dialog import RateCardDialog  # imported when first needed

        RateCardDialog.ask(self, client_id)
        self.refresh(client_id)

    def open_schedules(self) -> None:
        client_id = self.selected_id()
        if client_id is None:
            return
        from ui.hours.schedules_dialog import SchedulesDialog  # brings in the hours rules

        SchedulesDialog.ask(self, client_id)
        self.refresh(client_id)

    def open_recurring(self) -> None:
        client_id = self.selected_id()
        if client_id is None:
            return
        from ui.clients.recurring_dialog import RecurringDialog  # imported when first needed

        RecurringDialog.ask(self, client_id)
        self.refresh(client_id)

    def set_status(self, status: str) -> None:
        client_id = self.selected_id()
        if client_id is None:
            return
        client = set_client_status(client_id, status)
        self.refresh(client_id)
        self.message.emit(f"{client.name} is now {STATUS_WORDS[status]}.")

    def delete_selected(self) -> None:
        row = selected_source_row(self.table)
        if row is None:
            return
        name = self.model.client_name(row)
        if not messages.confirm(self, "Delete client?", _delete_question(name), "Delete"):
            return
        try:
            delete_client(self.model.client_id(row))
        except UserError as problem:
            messages.warn(self, "Client not deleted", str(problem))
            return
        self.refresh()
        self.message.emit(f"Deleted {name}.")

    def save_copy(self) -> None:
        """Save everything held about the selected client, for their subject access request."""
        row = selected_source_row(self.table)
        if row is not None:
            said = client_rights.save_copy(self, self.model.client_id(row))
            if said:
                self.message.emit(said)

    def erase_selected(self) -> None:
        """Erase the selected client's personal data, after saying what goes and what stays."""
        row = selected_source_row(self.table)
        if row is None:
            return
        client_id = self.model.client_id(row)
        said = client_rights.erase(self, client_id)
        if said:
            self.refresh(client_id)
            self.message.emit(said)

    def _after_save(self, client_id: int, name: str) -> None:
        self.refresh(client_id)
        self.message.emit(f"Saved {name}.")

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.proxy)
        table.setAccessibleName("Clients")
        table.setTabKeyNavigation(False)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSortingEnabled(True)
        table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.horizontalHeader().setHighlightSections(False)
        fit_columns(table, WHO_PAYS, (FUNDING, WHO_PAYS))  # names stay whole
        return table

    def _make_buttons(self) -> dict[str, QPushButton]:
        specs = {
            "add": ("&Add client…", "Add client", self.add_client),
            "edit": ("&Edit…", "Edit client", self.edit_client),
            "rates": ("&Rates…", "Rates for client", self.open_rates),
            "schedules": ("&Weekly visits…", "Weekly visits for client", self.open_schedules),
            "recurring": ("Recurrin&g…", "Recurring payments for client", self.open_recurring),
            "pause": ("&Pause", "Pause client", lambda: self.set_status("paused")),
            "end": ("E&nd", "End client", lambda: self.set_status("ended")),
            "activate": ("Make act&ive", "Make client active", lambda: self.set_status("active")),
            "import": ("I&mport…", "Import clients", self.import_clients),
            "copy": ("&Copy of their data…", "Copy of their data", self.save_copy),
            "erase": ("Era&se…", "Erase client", self.erase_selected),
            "delete": ("&Delete…", "Delete client", self.delete_selected),
        }
        return push_buttons(specs, TIPS)

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(buddy("&Search", self.search))
        filters.addWidget(self.search, 2)
        filters.addWidget(buddy("S&tatus", self.status_filter))
        filters.addWidget(self.status_filter)
        filters.addWidget(buddy("F&unding", self.funding_filter))
        filters.addWidget(self.funding_filter)
        self._views.addWidget(self.table)
        self._views.addWidget(self.empty)
        actions = QHBoxLayout()
        for key in CLIENT_ACTIONS:
            actions.addWidget(self.buttons[key])
        actions.addStretch()
        actions.addWidget(self.count)
        status = QHBoxLayout()
        for key in STATUS_ACTIONS:
            status.addWidget(self.buttons[key])
        status.addStretch()
        for key in (*RIGHTS_ACTIONS, "delete"):
            status.addWidget(self.buttons[key])
        top = QHBoxLayout()
        top.addWidget(title("Clients"))
        top.addStretch()
        top.addWidget(self.buttons["import"])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self._views, 1)
        layout.addLayout(actions)
        layout.addLayout(status)
        self._set_tab_order()

    def _set_tab_order(self) -> None:
        chain = [self.buttons["import"], self.search, self.status_filter, self.funding_filter]
        chain += [self.table]
        chain += [self.buttons[key] for key in (*CLIENT_ACTIONS, *STATUS_ACTIONS)]
        chain += [self.buttons[key] for key in (*RIGHTS_ACTIONS, "delete")]
        tab_order(chain)

    def _connect(self) -> None:
        self.search.textChanged.connect(lambda: self.refresh())
        self.status_filter.currentIndexChanged.connect(lambda: self.refresh())
        self.funding_filter.currentIndexChanged.connect(lambda: self.refresh())
        self.table.doubleClicked.connect(self.edit_client)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        on_keys(self.table, ENTER, self.edit_client)
        on_keys(self.table, DELETE, self.delete_selected)

    def _update_buttons(self) -> None:
        row = selected_source_row(self.table)
        status = None if row is None else self.model.client_status(row)
        for key in ("edit", "rates", "schedules", "recurring"):
            self.buttons[key].setEnabled(row is not None)
        for key in ("delete", *RIGHTS_ACTIONS):
            self.buttons[key].setEnabled(row is not None)
        self.buttons["pause"].setEnabled(status == "active")
        self.buttons["end"].setEnabled(status in ("active", "paused"))
        self.buttons["activate"].setEnabled(status in ("paused", "ended"))

    def _show_table_or_empty(self) -> None:
        shown = self.model.rowCount()
        if shown:
            self._views.setCurrentWidget(self.table)
        else:
            self.empty.setText(NO_MATCHES if has_clients() else NO_CLIENTS)
            self._views.setCurrentWidget(self.empty)
        self.count.setText("1 client shown" if shown == 1 else f"{shown} clients shown")
        self.count.setVisible(shown > 0)


def _delete_question(name: str) -> str:
    return (
        f"Delete {name}? This cannot be undone.\n\n"
        "If you no longer support them, choose End instead: their records are kept."
    )
