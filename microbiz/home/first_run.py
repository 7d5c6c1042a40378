"""The four first steps, each ticked from the data: details, a client, a visit, an invoice."""

from __future__ import annotations

from dataclasses import dataclass

from microbiz.foundations.business import get_business
from microbiz.foundations.models import Invoice
from microbiz.foundations.models import Visit
from microbiz.foundations.models import VisitType
from microbiz.invoicing.readiness import business_gaps


@dataclass(frozen=True)
class FirstRunStep:
    """One step: `key` is business, client, visit or invoice."""

    key: str
    title: str
    done: bool


def first_run_steps() -> list[FirstRunStep]:
    """The steps in order, each done or not; four queries whatever the data."""
    business = get_business()
    priced = (
        (VisitType.weekday_rate_pence > 0)
        | (VisitType.weekend_rate_pence > 0)
        | (VisitType.bank_holiday_rate_pence > 0)
        | (VisitType.flat_fee_pence > 0)
    )
    return [
        FirstRunStep(
            "business",
            "Add your business details: address, postcode and how you are paid",
            business is not None and not business_gaps(business),
        ),
        FirstRunStep(
            "client",
            "Add your first client and their rates",
            VisitType.select().where(priced).exists(),
        ),
        FirstRunStep("visit", "Record your first visit", Visit.select().exists()),
        FirstRunStep(
            "invoice",
            "Issue your first invoice",
            Invoice.select().where(Invoice.issued == True).exists(),  # noqa: E712
        ),
    ]


def all_done(steps: list[FirstRunStep]) -> bool:
    return all(step.done for step in steps)
