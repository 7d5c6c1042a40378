"""Commands for hours: the list of visits and a client's timesheet."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from microbiz.clients.details import find_client
from microbiz.commands.common import date_arg
from microbiz.commands.common import file_path
from microbiz.commands.common import open_data
from microbiz.commands.common import pdf_path
from microbiz.foundations.dates import format_date
from microbiz.foundations.dates import format_hours
from microbiz.foundations.models import VISIT_STATUSES
from microbiz.foundations.money import format_money
from microbiz.foundations.money import format_money_plain
from microbiz.hours.calendar import write_calendar
from microbiz.hours.timesheets import print_timesheet
from microbiz.hours.visits import VisitFilter
from microbiz.hours.visits import VisitRow
from microbiz.hours.visits import format_miles
from microbiz.hours.visits import visit_ids
from microbiz.hours.visits import visit_rows


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register the visits and timesheet commands."""
    _add_visits(commands)
    _add_timesheet(commands)
    _add_calendar(commands)


def _add_visits(commands: argparse._SubParsersAction) -> None:
    visits = commands.add_parser("visits", help="the visits you have logged")
    actions = visits.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list visits, newest first")
    listing.add_argument("--client", metavar="NAME", help="only this client's visits")
    listing.add_argument("--from", dest="first", type=date_arg, metavar="D", help="from this date")
    listing.add_argument("--to", dest="last", type=date_arg, metavar="D", help="up to this date")
    listing.add_argument("--json", action="store_true", help="as JSON, for scripts")
    listing.set_defaults(run=_list_visits)


def _add_timesheet(commands: argparse._SubParsersAction) -> None:
    sheet = commands.add_parser("timesheet", help="a timesheet PDF for a client to sign")
    sheet.add_argument("client", metavar="CLIENT", help="the client's name")
    sheet.add_argument("--from", dest="first", type=date_arg, required=True, metavar="D")
    sheet.add_argument("--to", dest="last", type=date_arg, required=True, metavar="D")
    sheet.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    sheet.set_defaults(run=_timesheet)


def _add_calendar(commands: argparse._SubParsersAction) -> None:
    calendar = commands.add_parser(
        "calendar", help="planned visits as a calendar file (.ics) for your phone"
    )
    calendar.add_argument("--out", type=Path, required=True, metavar="FILE.ics")
    calendar.add_argument("--weeks", type=int, default=4, metavar="N", help="weeks ahead (4)")
    calendar.add_argument("--client", metavar="NAME", help="only this client's visits")
    calendar.add_argument(
        "--initials", action="store_true", help="initials only and no addresses, for privacy"
    )
    calendar.set_defaults(run=_calendar)


def _list_visits(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        client_id = find_client(args.client).id if args.client else None
        chosen = VisitFilter(client_id=client_id, first=args.first, last=args.last)
        rows = visit_rows(visit_ids(chosen))
    if args.json:
        print(json.dumps([_visit_json(row) for row in rows], indent=2))
        return
    for row in rows:
        print(
            f"{format_date(row.start.date())} {row.start:%H:%M}-{row.end:%H:%M}  "
            f"{row.client_name}  {row.visit_type}  {VISIT_STATUSES[row.status]}  "
            f"{format_hours(row.minutes)} h  {format_money(row.amount_pence)}"
        )


def _visit_json(row: VisitRow) -> dict[str, object]:
    return {
        "id": row.id,
        "client": row.client_name,
        "visit_type": row.visit_type,
        "start": row.start.isoformat(timespec="minutes"),
        "end": row.end.isoformat(timespec="minutes"),
        "break_minutes": row.break_minutes,
        "status": row.status,
        "billable_minutes": row.minutes,
        "charge": format_money_plain(row.amount_pence),
        "mileage": format_miles(row.mileage_tenths) or "0",
        "mileage_charge": format_money_plain(row.mileage_pence),
    }


def _timesheet(args: argparse.Namespace, folder: Path) -> None:
    out = pdf_path(args.out)
    with open_data(folder):
        client = find_client(args.client)
        made = print_timesheet(client.id, args.first, args.last, out)
    print(f"Saved the timesheet to {made}.")


def _calendar(args: argparse.Namespace, folder: Path) -> None:
    out = file_path(args.out, ".ics")
    with open_data(folder):
        client_id = find_client(args.client).id if args.client else None
        count = write_calendar(out, args.weeks, client_id, args.initials)
    print(f"Wrote {count} {'visit' if count == 1 else 'visits'} to {out}")
