"""A client's recurring arrangements: one row each, oldest start first."""

from __future__ import annotations

from PySide6.QtCore import QObject

from microbiz.foundations.models import Recurring
from microbiz.foundations.money import format_money
from microbiz.invoicing.recurring import EVERY
from microbiz.invoicing.recurring import recurring_of
from ui.common.table_model import TextTableModel

DESCRIPTION, AMOUNT, EVERY_COLUMN, FROM, TO = range(5)
HEADERS = ("Description", "Amount", "Every", "From", "To")
HEADER_TIPS = {
    AMOUNT: "For a whole period; part periods are charged pro rata by days",
    TO: "The last day, or open-ended",
}
OPEN_ENDED = "open-ended"


def recurring_row(arrangement: Recurring) -> tuple[str, ...]:
    last = arrangement.ends_on
    return (
        arrangement.description,
        format_money(arrangement.amount_pence),
        EVERY[arrangement.every].removeprefix("Every ").capitalize(),
        f"{arrangement.starts_on:%d/%m/%Y}",
        f"{last:%d/%m/%Y}" if last else OPEN_ENDED,
    )


class RecurringTableModel(TextTableModel):
    """The arrangements of one client."""

    headers = HEADERS
    header_tips = HEADER_TIPS
    number_columns = (AMOUNT,)
    long_columns = (DESCRIPTION,)

    def __init__(self, client_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client_id = client_id

    def refresh(self) -> None:
        found = recurring_of(self._client_id)
        self.set_rows([recurring_row(r) for r in found], ids=[r.id for r in found])

    def description_of(self, row: int) -> str:
        return self._shown[row][DESCRIPTION]
