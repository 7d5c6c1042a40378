"""The clients table: one row per client from `search_clients`, shown the UK way."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtCore import Qt

from microbiz.clients.details import search_clients
from microbiz.foundations.dates import hours_text
from microbiz.foundations.models import CLIENT_STATUSES
from microbiz.foundations.models import FUNDING_ROUTES
from microbiz.foundations.models import PAYER_KINDS
from microbiz.foundations.models import Client
from microbiz.foundations.money import format_money
from ui.common.table_model import TextTableModel

NAME, FUNDING, WHO_PAYS, HOURS, WEEKDAY_RATE, STATUS = range(6)
HEADERS = ("Name", "Funding", "Who pays", "Hours a week", "Weekday rate", "Status")
HEADER_TIPS = {HOURS: "Contracted hours a week", WEEKDAY_RATE: "Support rate per hour, weekdays"}
NUMBER_COLUMNS = (HOURS, WEEKDAY_RATE)
LONG_COLUMNS = (NAME, FUNDING, WHO_PAYS)
SORT_ROLE = Qt.ItemDataRole.UserRole
NO_RATE = "Not set"


@dataclass(frozen=True)
class ClientRow:
    """What the table shows for one client, and the raw values it sorts by."""

    client_id: int
    status: str
    shown: tuple[str, ...]
    keys: tuple


def client_row(client: Client) -> ClientRow:
    rate = client.support.weekday_rate_pence if client.support else None
    who_pays = _who_pays(client)
    funding = FUNDING_ROUTES.get(client.funding_route, client.funding_route)
    status = CLIENT_STATUSES.get(client.status, client.status)
    shown = (
        client.name,
        funding,
        who_pays,
        hours_text(client.contracted_minutes),
        NO_RATE if rate is None else format_money(rate),
        status,
    )
    keys = (
        client.name.casefold(),
        funding.casefold(),
        who_pays.casefold(),
        client.contracted_minutes,
        -1 if rate is None else rate,
        list(CLIENT_STATUSES).index(client.status) if client.status in CLIENT_STATUSES else 99,
    )
    return ClientRow(client.id, client.status, shown, keys)


def _who_pays(client: Client) -> str:
    if client.payer_kind != "person" and client.payer_name:
        return client.payer_name
    return PAYER_KINDS.get(client.payer_kind, client.payer_kind)


class ClientsTableModel(TextTableModel):
    """Clients found by the core's search, a row each."""

    headers = HEADERS
    header_tips = HEADER_TIPS
    number_columns = NUMBER_COLUMNS
    long_columns = LONG_COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ClientRow] = []

    def refresh(
        self, text: str = "", status: str | None = None, funding: str | None = None
    ) -> None:
        rows = [client_row(c) for c in search_clients(text, status or None, funding or None)]
        self._rows = rows
        self.set_rows(
            [row.shown for row in rows],
            keys=[row.keys for row in rows],
            ids=[row.client_id for row in rows],
        )

    def client_id(self, row: int) -> int:
        return self._rows[row].client_id

    def client_status(self, row: int) -> str:
        return self._rows[row].status

    def client_name(self, row: int) -> str:
        return self._rows[row].shown[NAME]
