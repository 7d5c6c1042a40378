"""The register of insurance and checks: insurance, DBS, training, the ICO fee, with reminders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import POLICY_KINDS
from microbiz.foundations.models import Policy
from microbiz.foundations.models import database
from microbiz.foundations.money import format_money_plain
from microbiz.foundations.validation import Fields

DEFAULT_REMINDER_DAYS = 30
# Kinds every self-employed care worker should have on record; missing ones are reminded.
EXPECTED_KINDS = ("public_liability", "dbs_certificate", "ico_fee")
# Kinds where several can be current at once (different courses), told apart by provider.
MANY_AT_ONCE = ("training_course", "other")

LABELS = {
    "kind": "Kind",
    "provider": "Insurer, issuer or course",
    "reference": "Reference",
    "cover": "Cover amount",
    "starts_on": "Valid from",
    "expires_on": "Expires or renews on",
    "reminder_days": "Remind me (days before)",
    "notes": "Notes",
}


# What the provider field is, by kind: the insurer, who issued it, or the course's name.
PROVIDER_LABELS = {
    "public_liability": "Insurer",
    "professional_indemnity": "Insurer",
    "employers_liability": "Insurer",
    "business_car_use": "Insurer",
    "dbs_certificate": "Issued by",
    "dbs_update_service": "Issued by",
    "training_course": "Course",
    "ico_fee": "Paid to",
    "cqc_decision": "Decided by",
}


def provider_label(kind: str) -> str:
    """ "Insurer", "Issued by", "Course"…: the provider field's name for this kind."""
    return PROVIDER_LABELS.get(kind, LABELS["provider"])


COVER_LIMIT_PENCE = 1_000_000_000 * 100  # insurance cover runs to millions: below £1bn


@dataclass
class PolicyForm:
    """A record of the register as typed, before validation."""

    kind: str = "public_liability"
    provider: str = ""
    reference: str = ""
    cover: str = ""
    starts_on: str = ""
    expires_on: str = ""
    reminder_days: str = str(DEFAULT_REMINDER_DAYS)
    notes: str = ""

    @classmethod
    def of(cls, policy: Policy) -> PolicyForm:
        return cls(
            kind=policy.kind,
            provider=policy.provider,
            reference=policy.reference,
            cover="" if policy.cover_pence is None else format_money_plain(policy.cover_pence),
            starts_on=format_date(policy.starts_on),
            expires_on=format_date(policy.expires_on),
            reminder_days=str(policy.reminder_days),
            notes=policy.notes,
        )


def validate_policy(form: PolicyForm) -> dict:
    check = Fields()
    label = LABELS.__getitem__
    values = {
        "kind": check.choice("kind", label("kind"), form.kind, POLICY_KINDS),
        "provider": check.text("provider", provider_label(form.kind), form.provider, required=True),
        "reference": check.text("reference", label("reference"), form.reference),
        "cover_pence": check.money(
            "cover", label("cover"), form.cover, default=None, limit=COVER_LIMIT_PENCE
        ),
        "starts_on": check.date("starts_on", label("starts_on"), form.starts_on),
        "expires_on": check.date("expires_on", label("expires_on"), form.expires_on),
        "reminder_days": check.whole_number(
            "reminder_days", label("reminder_days"), form.reminder_days or "30", 0, 365
        ),
        "notes": check.text("notes", label("notes"), form.notes),
    }
    starts, expires = values["starts_on"], values["expires_on"]
    if starts and expires and expires < starts:
        check.fail("expires_on", "Expires or renews on cannot be before Valid from.")
    check.done()
    return values


def save_policy(form: PolicyForm, policy_id: int | None = None) -> Policy:
    values = validate_policy(form)
    with database.atomic():
        if policy_id is None:
            return Policy.create(**values)
        policy = get_policy(policy_id)
        for key, value in values.items():
            setattr(policy, key, value)
        policy.updated_at = clock.now()
        policy.save()
    return policy


def get_policy(policy_id: int) -> Policy:
    policy = Policy.get_or_none(Policy.id == policy_id)
    if policy is None:
        raise UserError(f"There is no record number {policy_id} in Insurance and checks.")
    return policy


def all_policies() -> list[Policy]:
    return list(Policy.select().order_by(Policy.kind, Policy.expires_on.desc(nulls="first")))


def current_policies(today: date) -> list[Policy]:
    """The latest item of each kind (each course, for training), not yet expired."""
    return [p for p in latest_policies() if p.expires_on is None or p.expires_on >= today]


def latest_policies() -> list[Policy]:
    """Each kind's (or each course's) item that expires last; older ones were renewed."""
    series: dict[tuple[str, str], list[Policy]] = {}
    for policy in Policy.select().order_by(Policy.id):
        key = (policy.kind, policy.provider.casefold() if policy.kind in MANY_AT_ONCE else "")
        series.setdefault(key, []).append(policy)
    return [latest_of(policies) for policies in series.values()]


def latest_of(policies: list[Policy]) -> Policy | None:
    """The one that expires last (no expiry counts as latest), the first added on a tie."""
    best = None
    for policy in policies:
        if best is None or _later(policy, best):
            best = policy
    return best


def _later(policy: Policy, than: Policy) -> bool:
    """No expiry counts as latest of all."""
    if policy.expires_on is None or than.expires_on is None:
        return policy.expires_on is None and than.expires_on is not None
    return policy.expires_on > than.expires_on


@dataclass(frozen=True)
class Reminder:
    """Something to renew or record: state is "overdue", "due" or "missing"."""

    kind: str
    provider: str
    expires_on: date | None
    days_left: int | None
    state: str
    policy_id: int | None

    @property
    def kind_label(self) -> str:
        return POLICY_KINDS.get(self.kind, self.kind)

    def in_words(self) -> str:
        """What to tell the user, never by colour alone: "Expired 3 days ago", "Due in 12 days"."""
        if self.state == "missing":
            return f"Not on record yet: {self.kind_label}"
        if self.days_left == 0:
            return "Due today"
        if self.days_left < 0:
            ago = -self.days_left
            return f"Expired {ago} day{'' if ago == 1 else 's'} ago"
        return f"Due in {self.days_left} day{'' if self.days_left == 1 else 's'}"


def reminders(today: date | None = None, within: int | None = None) -> list[Reminder]:
    """What is overdue, due within each item's reminder days (or `within`), or missing.

    Sorted by urgency: overdue (longest first), missing, then due (soonest first).
    """
    today = today or clock.today()
    found = [_reminder(p, today, within) for p in latest_policies() if p.expires_on is not None]
    found = [r for r in found if r is not None]
    held = {p.kind for p in current_policies(today)}
    found += [
        Reminder(kind, "", None, None, "missing", None)
        for kind in EXPECTED_KINDS
        if kind not in held and kind not in {r.kind for r in found}
    ]
    order = {"overdue": 0, "missing": 1, "due": 2}
    return sorted(found, key=lambda r: (order[r.state], r.days_left or 0))


def _reminder(policy: Policy, today: date, within: int | None) -> Reminder | None:
    days_left = (policy.expires_on - today).days
    lead = policy.reminder_days if within is None else within
    if days_left < 0:
        state = "overdue"
    elif days_left <= lead:
        state = "due"
    else:
        return None
    return Reminder(policy.kind, policy.provider, policy.expires_on, days_left, state, policy.id)
