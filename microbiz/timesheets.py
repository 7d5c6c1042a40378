"""Gather a client's visits for a period into a timesheet, and write it as a PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from microbiz.business import require_business
from microbiz.clients import get_client
from microbiz.documents.timesheet_pdf import Timesheet
from microbiz.documents.timesheet_pdf import TimesheetRow
from microbiz.documents.timesheet_pdf import write_timesheet
from microbiz.errors import UserError
from microbiz.hours import CHARGED
from microbiz.hours import VisitFilter
from microbiz.hours import visit_ids
from microbiz.hours import visit_rows
from microbiz.models import VISIT_STATUSES


def build_timesheet(client_id: int, first: date, last: date) -> Timesheet:
    """The delivered (and charged cancelled) visits of one client from `first` to `last`."""
    if last < first:
        raise UserError("The timesheet period ends before it starts.")
    business = require_business()
    client = get_client(client_id)
    ids = visit_ids(VisitFilter(client_id=client.id, first=first, last=last))
    rows = sorted((r for r in visit_rows(ids) if r.status in CHARGED), key=lambda r: r.start)
    return Timesheet(
        business_name=business.trading_name,
        worker_name=business.owner_name,
        client_name=client.name,
        first_day=first,
        last_day=last,
        reference=client.payer_reference,
        rows=[
            TimesheetRow(
                day=row.start.date(),
                start=row.start.time(),
                end=row.end.time(),
                break_minutes=row.break_minutes,
                minutes=row.minutes,
                visit_type=row.visit_type,
                status=VISIT_STATUSES[row.status],
            )
            for row in rows
        ],
    )


def print_timesheet(client_id: int, first: date, last: date, path: Path) -> Path:
    """Write the client's timesheet for the period to `path` as a PDF."""
    return write_timesheet(build_timesheet(client_id, first, last), path)
