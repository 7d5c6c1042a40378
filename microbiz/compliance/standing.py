"""Where a checklist item stands: from the register for items about a record, else as ticked.

An item about insurance, a DBS check, the ICO fee or a course has no done flag of its own:
the register's latest matching record says whether it is current, expires soon, expired
or missing. Other items keep the status the user gave them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from microbiz.compliance.policies import MANY_AT_ONCE
from microbiz.compliance.policies import latest_of
from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.models import CHECKLIST_STATUSES
from microbiz.foundations.models import ChecklistItem
from microbiz.foundations.models import Policy

REGISTER_STATES = {
    "current": "Current",
    "expires_soon": "Expires soon",
    "expired": "Expired",
    "missing": "Missing",
}
BRIEF = {"current": "Current to", "expires_soon": "Expires", "expired": "Expired"}
DONE_STATES = ("done", "current", "expires_soon")
SETTLED_STATES = (*DONE_STATES, "not_applicable")


@dataclass(frozen=True)
class Standing:
    """An item's state ("current", "expired", "todo", …), in words, and its register record."""

    state: str
    words: str
    policy: Policy | None = None

    @property
    def label(self) -> str:
        """The state's short name: "Current", "Missing", "To do"."""
        return REGISTER_STATES.get(self.state) or CHECKLIST_STATUSES.get(self.state, self.state)

    @property
    def brief(self) -> str:
        """Few words for a list: "Current to 14/03/2028", "Expired 03/11/2026", "Missing"."""
        expires = self.policy.expires_on if self.policy is not None else None
        if expires is None or self.state not in BRIEF:
            return self.label
        return f"{BRIEF[self.state]} {format_date(expires)}"

    @property
    def from_register(self) -> bool:
        return self.state in REGISTER_STATES

    @property
    def done(self) -> bool:
        return self.state in DONE_STATES

    @property
    def settled(self) -> bool:
        """Done, or not needed: its due date no longer matters."""
        return self.state in SETTLED_STATES


def is_register_item(item: ChecklistItem) -> bool:
    """Whether the item is about a record of the register (it names a register kind)."""
    return bool(item.compliance_kind)


def standings(items: Iterable[ChecklistItem], today: date | None = None) -> dict[int, Standing]:
    """Item id -> standing, reading the register once."""
    today = today or clock.today()
    policies = list(Policy.select())
    return {item.id: _standing(item, policies, today) for item in items}


def standing_of(item: ChecklistItem, today: date | None = None) -> Standing:
    return standings([item], today)[item.id]


def record_for(item: ChecklistItem, policies: list[Policy]) -> Policy | None:
    """The register record an item is about: the latest one of its kind (and course)."""
    kind = item.compliance_kind
    candidates = [p for p in policies if p.kind == kind]
    if kind in MANY_AT_ONCE:
        linked = next((p for p in candidates if p.id == item.policy_id), None)
        candidates = [p for p in candidates if _answers(item, p, linked)]
    return latest_of(candidates)


def course_name(item: ChecklistItem) -> str:
    """A name to start a new record with: the item's first course words, "First aid"."""
    first = item.course.split(",")[0].strip()
    return first[:1].upper() + first[1:]


def _answers(item: ChecklistItem, policy: Policy, linked: Policy | None) -> bool:
    """A course record answers an item linked to the same course, or named by its words."""
    if linked is not None and policy.provider.casefold() == linked.provider.casefold():
        return True
    named = _words(policy.provider)
    return any(
        words and all(any(w.startswith(part) for w in named) for part in words)
        for words in (_words(phrase) for phrase in item.course.split(","))
    )


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


def _standing(item: ChecklistItem, policies: list[Policy], today: date) -> Standing:
    if not is_register_item(item):
        return _ticked(item)
    policy = record_for(item, policies)
    if policy is None:
        if item.status == "not_applicable":
            return Standing("not_applicable", CHECKLIST_STATUSES["not_applicable"])
        return Standing("missing", "Missing: not in your register yet")
    return register_standing(policy, today)


def register_standing(policy: Policy, today: date) -> Standing:
    """ "Current until 14/03/2028", "Expires soon, on 02/12/2026", "Expired on 03/11/2026"."""
    expires = policy.expires_on
    if expires is None:
        return Standing("current", "Current, no expiry date", policy)
    shown = format_date(expires)
    if expires < today:
        return Standing("expired", f"Expired on {shown}", policy)
    if (expires - today).days <= policy.reminder_days:
        return Standing("expires_soon", f"Expires soon, on {shown}", policy)
    return Standing("current", f"Current until {shown}", policy)


def _ticked(item: ChecklistItem) -> Standing:
    words = CHECKLIST_STATUSES.get(item.status, item.status)
    if item.status == "done" and item.done_on:
        words = f"Done on {format_date(item.done_on)}"
    return Standing(item.status, words)
