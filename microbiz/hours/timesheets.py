"""Gather a client's visits for a period into a timesheet, and write it as a PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from microbiz.clients.details import get_client
from microbiz.foundations.business import require_business
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Visit
from microbiz.foundations.models import VisitType
from microbiz.hours.pricing import Segment
from microbiz.hours.timesheet_pdf import Timesheet
from microbiz.hours.timesheet_pdf import TimesheetCharge
from microbiz.hours.timesheet_pdf import TimesheetRow
from microbiz.hours.timesheet_pdf import write_timesheet
from microbiz.hours.visits import CHARGED
from microbiz.hours.visits import VisitFilter
from microbiz.hours.visits import charge_of
from microbiz.hours.visits import visit_ids


def build_timesheet(client_id: int, first: date, last: date) -> Timesheet:
    """The delivered (and charged cancelled) visits of one client from `first` to `last`."""
    if last < first:
        raise UserError("The timesheet period ends before it starts.")
    business = require_business()
    client = get_client(client_id)
    return Timesheet(
        business_name=business.trading_name,
        worker_name=business.owner_name,
        client_name=client.name,
        first_day=first,
        last_day=last,
        reference=client.payer_reference,
        rows=[_row(visit) for visit in _charged_visits(client.id, first, last)],
    )


def _charged_visits(client_id: int, first: date, last: date) -> list[Visit]:
    """The client's delivered and charged cancelled visits starting in the period, in time order."""
    ids = visit_ids(VisitFilter(client_id=client_id, first=first, last=last))
    query = (
        Visit.select(Visit, VisitType)
        .join(VisitType)
        .where(Visit.id.in_(ids), Visit.status.in_(CHARGED))
        .order_by(Visit.start, Visit.id)
    )
    return list(query)


def _row(visit: Visit) -> TimesheetRow:
    """The visit as the timesheet prints it, with the segments its charge is made of."""
    price = charge_of(visit)
    return TimesheetRow(
        day=visit.start.date(),
        start=visit.start.time(),
        end=visit.end.time(),
        break_minutes=visit.break_minutes,
        minutes=price.minutes,
        visit_type=visit.visit_type.name,
        cancelled=visit.status == "cancelled_chargeable",
        charges=tuple(_charge(segment) for segment in price.segments),
    )


def _charge(segment: Segment) -> TimesheetCharge:
    return TimesheetCharge(
        day=segment.day,
        band=segment.band,
        minutes=segment.minutes,
        rate_pence=segment.rate_pence,
        amount_pence=segment.amount_pence,
    )


def print_timesheet(client_id: int, first: date, last: date, path: Path) -> Path:
    """Write the client's timesheet for the period to `path` as a PDF."""
    return write_timesheet(build_timesheet(client_id, first, last), path)
