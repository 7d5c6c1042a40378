"""The register of insurance and checks: every record ever kept, its state always in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QObject
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from microbiz.compliance.policies import Reminder
from microbiz.compliance.policies import all_policies
from microbiz.compliance.policies import latest_policies
from microbiz.compliance.policies import reminders
from microbiz.foundations import clock
from microbiz.foundations.attachments import documents_of
from microbiz.foundations.dates import format_date
from microbiz.foundations.models import POLICY_KINDS
from microbiz.foundations.models import Policy
from microbiz.foundations.money import format_money
from ui.common.table_model import TextTableModel

KIND, PROVIDER, REFERENCE, COVER, STARTS, EXPIRES, DOCUMENTS, STATE = range(8)
HEADERS = (
    "Kind",
    "Insurer, issuer or course",
    "Reference",
    "Cover",
    "Valid from",
    "Expires",
    "Documents",
    "State",
)
HEADER_TIPS = {
    PROVIDER: "The insurer, who issued it (a DBS certificate, the ICO fee), or the course's name",
    COVER: "The most the policy pays out",
    DOCUMENTS: "Scans and certificates kept with the item",
    STATE: "Current, due for renewal, expired, or renewed by a later item",
}
NUMBER_COLUMNS = (COVER, DOCUMENTS)
LONG_COLUMNS = (KIND, PROVIDER, REFERENCE, STATE)
SORT_ROLE = Qt.ItemDataRole.UserRole
NO_EXPIRY = "No expiry"
CURRENT = "Current"
RENEWED = "Renewed"
# States in the order they matter, for sorting the State column.
STATE_ORDER = ("overdue", "due", "current", "renewed")


@dataclass(frozen=True)
class PolicyRow:
    """One item of the register as the table shows it."""

    policy: Policy
    documents: int
    state: str  # one of STATE_ORDER
    state_words: str

    @property
    def policy_id(self) -> int:
        return self.policy.id

    @property
    def is_latest(self) -> bool:
        return self.state != "renewed"


def policy_words(policy: Policy) -> str:
    """'Public liability insurance (Hiscox)'."""
    kind = POLICY_KINDS.get(policy.kind, policy.kind)
    return f"{kind} ({policy.provider})" if policy.provider else kind


def policy_rows(today: date) -> list[PolicyRow]:
    """Every item, grouped by kind in the usual order, newest first within a kind.

    The state comes from the core: an item the core does not count as the latest of its
    kind was renewed; a latest item with a reminder is due or expired; the rest are current.
    """
    latest = {policy.id for policy in latest_policies()}
    due: dict[int, Reminder] = {
        reminder.policy_id: reminder
        for reminder in reminders(today)
        if reminder.policy_id is not None
    }
    rows = []
    for policy in all_policies():
        if policy.id not in latest:
            state, words = "renewed", RENEWED
        elif policy.id in due:
            state, words = due[policy.id].state, due[policy.id].in_words()
        else:
            state, words = "current", CURRENT
        rows.append(PolicyRow(policy, len(documents_of(policy.id)), state, words))
    kinds = list(POLICY_KINDS)
    return sorted(
        rows,
        key=lambda row: (
            kinds.index(row.policy.kind) if row.policy.kind in kinds else len(kinds),
            STATE_ORDER.index(row.state) == len(STATE_ORDER) - 1,
            -(row.policy.expires_on or date.max).toordinal(),
            -row.policy.id,
        ),
    )


def cover_words(pence: int | None) -> str:
    """'£5,000,000' for a whole number of pounds (as cover always is), else with pence."""
    if pence is None:
        return ""
    shown = format_money(pence)
    return shown.removesuffix(".00") if pence % 100 == 0 else shown


def shown_values(row: PolicyRow) -> tuple[str, ...]:
    policy = row.policy
    return (
        POLICY_KINDS.get(policy.kind, policy.kind),
        policy.provider,
        policy.reference,
        cover_words(policy.cover_pence),
        format_date(policy.starts_on),
        format_date(policy.expires_on) if policy.expires_on else NO_EXPIRY,
        str(row.documents),
        row.state_words,
    )


def sort_keys(row: PolicyRow, position: int) -> tuple[str | int, ...]:
    """Plain values to sort each column by; Kind sorts back to the usual order."""
    policy = row.policy
    days = 0
    if policy.expires_on is not None:
        days = policy.expires_on.toordinal()
    return (
        position,
        policy.provider.casefold(),
        policy.reference.casefold(),
        -1 if policy.cover_pence is None else policy.cover_pence,
        0 if policy.starts_on is None else policy.starts_on.toordinal(),
        days or date.max.toordinal(),
        row.documents,
        STATE_ORDER.index(row.state) * 10_000_000 + days,
    )


class PoliciesTableModel(TextTableModel):
    """The whole register, old items kept as history and marked Renewed."""

    headers = HEADERS
    header_tips = HEADER_TIPS
    number_columns = NUMBER_COLUMNS
    long_columns = LONG_COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PolicyRow] = []

    def refresh(self, today: date | None = None) -> None:
        rows = policy_rows(today or clock.today())
        self._rows = rows
        self.set_rows(
            [shown_values(row) for row in rows],
            keys=[sort_keys(row, position) for position, row in enumerate(rows)],
            ids=[row.policy_id for row in rows],
        )

    def policy_row(self, row: int) -> PolicyRow:
        return self._rows[row]

    def extra_data(self, row: int, column: int, role: int) -> object:
        """Notes as the Kind column's tool tip; the State bold when due or overdue."""
        shown = self._rows[row]
        if role == Qt.ItemDataRole.ToolTipRole and column == KIND and shown.policy.notes:
            return shown.policy.notes
        if role == Qt.ItemDataRole.FontRole and column == STATE:
            return _bold() if shown.state in ("overdue", "due") else None
        return None


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font
