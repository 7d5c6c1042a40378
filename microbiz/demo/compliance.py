"""The demo's compliance register and a start-up checklist part done."""

from __future__ import annotations

from datetime import date
from datetime import timedelta

from microbiz.compliance.checklists import DEFAULT_TEMPLATE
from microbiz.compliance.checklists import ItemForm
from microbiz.compliance.checklists import complete_with_policy
from microbiz.compliance.checklists import items_of
from microbiz.compliance.checklists import start_checklist
from microbiz.compliance.checklists import update_item
from microbiz.compliance.policies import PolicyForm
from microbiz.compliance.policies import save_policy
from microbiz.foundations.dates import format_date
from microbiz.foundations.models import Policy


def add_demo_compliance(today: date) -> None:
    """Insurance due for renewal soon, an ICO fee overdue, DBS and training on record."""
    held = {
        "public_liability": _policy(
            "public_liability", "Hiscox", "PL-88213", "5000000", today, -345, 20
        ),
        "professional_indemnity": _policy(
            "professional_indemnity", "Hiscox", "PI-88214", "1000000", today, -345, 20
        ),
        "ico_fee": _policy(
            "ico_fee", "Information Commissioner's Office", "ZB412233", "", today, -370, -5
        ),
        "dbs_certificate": _policy(
            "dbs_certificate", "DBS (via uCheck)", "001722945512", "", today, -400, None
        ),
        "dbs_update_service": _policy(
            "dbs_update_service", "DBS Update Service", "C5512", "", today, -390, 340
        ),
        "business_car_use": _policy(
            "business_car_use", "Admiral", "CAR-2291", "", today, -100, 265
        ),
    }
    _policy("training_course", "Safeguarding adults (level 2)", "", "", today, -200, 530)
    _policy("training_course", "First aid at work", "", "", today, -700, 395)
    _checklist_part_done(today, held)


def _policy(
    kind: str,
    provider: str,
    reference: str,
    cover: str,
    today: date,
    started: int,
    expires: int | None,
) -> Policy:
    """A policy that started `started` days from today and expires `expires` days from it."""
    return save_policy(
        PolicyForm(
            kind=kind,
            provider=provider,
            reference=reference,
            cover=cover,
            starts_on=format_date(today + timedelta(days=started)),
            expires_on="" if expires is None else format_date(today + timedelta(days=expires)),
        )
    )


def _checklist_part_done(today: date, held: dict[str, Policy]) -> None:
    """Started three months ago: the policies recorded are done, a few items under way."""
    checklist = start_checklist(DEFAULT_TEMPLATE, None, today - timedelta(days=90))
    for position, item in enumerate(items_of(checklist)):
        policy = held.get(item.compliance_kind)
        if policy is not None:
            complete_with_policy(item.id, policy.id, today - timedelta(days=60))
        elif position < 7:
            status = "done" if position < 4 else "doing"
            form = ItemForm(status=status, due_on=format_date(item.due_on))
            update_item(item.id, form, today - timedelta(days=80))
