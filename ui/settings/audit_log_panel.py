"""The audit log in Settings: the latest changes to money and personal data, newest first."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.foundations.audit_log import ACTIONS
from microbiz.foundations.audit_log import latest
from ui.common.looks import heading
from ui.common.looks import paragraph
from ui.common.table_model import TextTableModel
from ui.common.tables import read_only_table
from ui.common.tables import rows_tall

SHOWN = 200
ROWS_TALL = 8
DETAILS = 3


class AuditLogModel(TextTableModel):
    headers = ("When", "Who", "What", "Details")
    long_columns = (DETAILS,)

    def refresh(self) -> int:
        """Show the latest entries; returns how many there are in all."""
        found, total = latest(SHOWN)
        self.set_rows(
            [(f"{e.at:%d/%m/%Y %H:%M}", e.who, ACTIONS[e.action], e.description) for e in found]
        )
        return total


class AuditLogPanel(QWidget):
    """A read-only table of the log; `microbiz log` prints all of it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AuditLogModel(self)
        self.table = read_only_table(self.model, "Changes to money and personal data", DETAILS)
        self.table.setMinimumHeight(rows_tall(self.table, ROWS_TALL))
        self.note = paragraph("")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("Changes to money and personal data"))
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        self.refresh()

    def refresh(self) -> None:
        total = self.model.refresh()
        more = f" The latest {SHOWN} of {total} are shown here." if total > SHOWN else ""
        self.note.setText(
            "Every invoice issued, payment, credit note and change to a client is noted here, "
            f"with when and who; nothing in it can be changed.{more} "
            "The command `microbiz log` prints all of it."
        )
