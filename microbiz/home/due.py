"""Renewals and checklist items due within the next 30 days, or overdue, most urgent first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import timedelta

from microbiz.compliance.policies import Reminder
from microbiz.compliance.policies import reminders
from microbiz.compliance.standing import is_register_item
from microbiz.compliance.standing import standings
from microbiz.foundations.dates import format_date
from microbiz.foundations.models import ChecklistItem

WITHIN_DAYS = 30
OPEN_STATUSES = ("todo", "doing")
URGENCY = {"overdue": 0, "missing": 1, "due": 2}


@dataclass(frozen=True)
class DueItem:
    """A register item to renew or record, or a checklist item to do.

    `source` is "register" or "checklist"; `state` is "overdue", "due" or "missing";
    `record_id` is the policy or checklist item (None for a kind not on record yet).
    """

    source: str
    kind: str
    what: str
    due_on: date | None
    days_left: int | None
    state: str
    record_id: int | None

    def when_words(self) -> str:
        """'Overdue by 3 days', 'Due today', 'Due in 12 days (10/12/2026)', 'Not on record yet'."""
        if self.state == "missing" or self.days_left is None:
            return "Not on record yet"
        if self.days_left < 0:
            late = -self.days_left
            return f"Overdue by {late} day{'' if late == 1 else 's'}"
        if self.days_left == 0:
            return "Due today"
        plural = "" if self.days_left == 1 else "s"
        return f"Due in {self.days_left} day{plural} ({format_date(self.due_on)})"


def due_within(today: date, days: int = WITHIN_DAYS) -> list[DueItem]:
    """Register reminders and open checklist items due by `today` + `days`, most urgent first."""
    found = [_from_reminder(r) for r in reminders(today, days)]
    found += _checklist_items(today, days)
    return sorted(found, key=lambda item: (URGENCY[item.state], item.days_left or 0))


def _from_reminder(reminder: Reminder) -> DueItem:
    what = reminder.kind_label
    if reminder.provider:
        what += f" ({reminder.provider})"
    return DueItem(
        source="register",
        kind=reminder.kind,
        what=what,
        due_on=reminder.expires_on,
        days_left=reminder.days_left,
        state=reminder.state,
        record_id=reminder.policy_id,
    )


def _checklist_items(today: date, days: int) -> list[DueItem]:
    """Open items due soon; an item about the register is open only while its record is not."""
    query = ChecklistItem.select().where(
        ChecklistItem.status.in_(OPEN_STATUSES),
        ChecklistItem.due_on.is_null(False),
        ChecklistItem.due_on <= today + timedelta(days=days),
    )
    items = list(query.order_by(ChecklistItem.due_on, ChecklistItem.position))
    standing = standings([item for item in items if is_register_item(item)], today)
    return [
        DueItem(
            source="checklist",
            kind=item.compliance_kind,
            what=item.title,
            due_on=item.due_on,
            days_left=(item.due_on - today).days,
            state="overdue" if item.due_on < today else "due",
            record_id=item.id,
        )
        for item in items
        if not (item.id in standing and standing[item.id].settled)
    ]
