"""Commands for Home: the week at a glance, and search across the records."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from microbiz.commands.common import date_arg
from microbiz.commands.common import open_data
from microbiz.foundations.dates import format_date
from microbiz.foundations.dates import hours_text
from microbiz.foundations.models import VISIT_STATUSES
from microbiz.foundations.money import format_money
from microbiz.foundations.money import format_money_plain
from microbiz.home.due import DueItem
from microbiz.home.owed import PayerOwed
from microbiz.home.search import FoundGroup
from microbiz.home.search import search
from microbiz.home.week import NextVisit
from microbiz.home.week import WeekSummary
from microbiz.home.week import week_summary
from microbiz.hours.visits import VisitRow


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register the week and search commands."""
    week = commands.add_parser("week", help="the week at a glance, as the Home page shows it")
    week.add_argument("--today", type=date_arg, metavar="D", help="as if today were D")
    week.add_argument("--json", action="store_true", help="as JSON, for scripts")
    week.set_defaults(run=_week)
    finding = commands.add_parser("search", help="find clients, invoices, visits and policies")
    finding.add_argument("text", nargs="+", metavar="TEXT", help="words, an amount or a date")
    finding.add_argument("--json", action="store_true", help="as JSON, for scripts")
    finding.set_defaults(run=_search)


def _week(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        summary = week_summary(args.today)
    if args.json:
        print(json.dumps(week_json(summary), indent=2))
        return
    for line in week_lines(summary):
        print(line)


def week_json(summary: WeekSummary) -> dict[str, object]:
    """The summary with stable keys, amounts as strings of pounds."""
    hours = summary.hours
    estimate = summary.set_aside
    return {
        "today": summary.today.isoformat(),
        "week_start": summary.monday.isoformat(),
        "week_end": summary.sunday.isoformat(),
        "visits": [_visit_json(row) for row in summary.visits],
        "next_visit": _next_json(summary.next_visit),
        "hours": {
            "delivered_minutes": hours.delivered_minutes,
            "planned_minutes": hours.planned_minutes,
            "contracted_minutes": hours.contracted_minutes,
        },
        "charges": format_money_plain(hours.charged_pence),
        "owed": [_owed_json(payer) for payer in summary.owed],
        "due": [_due_json(item) for item in summary.due],
        "next_tax_date": {
            "date": summary.tax_date.day.isoformat(),
            "days_left": summary.tax_date.days_left(summary.today),
            "what": summary.tax_date.what,
        },
        "tax_to_set_aside": {
            "tax_year": summary.tax_year.label,
            "profit": format_money_plain(estimate.profit_pence),
            "income_tax": format_money_plain(estimate.income_tax_pence),
            "class2_nic": format_money_plain(estimate.class2_pence),
            "class4_nic": format_money_plain(estimate.class4_pence),
            "total": format_money_plain(estimate.set_aside_pence),
        },
    }


def _visit_json(row: VisitRow) -> dict[str, object]:
    return {
        "id": row.id,
        "client": row.client_name,
        "visit_type": row.visit_type,
        "start": row.start.isoformat(timespec="minutes"),
        "end": row.end.isoformat(timespec="minutes"),
        "status": row.status,
        "billable_minutes": row.minutes,
        "charge": format_money_plain(row.amount_pence),
    }


def _next_json(visit: NextVisit | None) -> dict[str, object] | None:
    if visit is None:
        return None
    return {
        "id": visit.visit_id,
        "client": visit.client_name,
        "visit_type": visit.visit_type,
        "start": visit.start.isoformat(timespec="minutes"),
        "end": visit.end.isoformat(timespec="minutes"),
        "address": visit.address,
        "under_way": visit.under_way,
    }


def _owed_json(payer: PayerOwed) -> dict[str, object]:
    return {
        "payer": payer.payer_name,
        "overdue": format_money_plain(payer.overdue_pence),
        "not_yet_due": format_money_plain(payer.not_due_pence),
        "invoices": [
            {
                "number": owed.number,
                "due": owed.due_date.isoformat() if owed.due_date else None,
                "owed": format_money_plain(owed.balance_pence),
                "overdue": owed.overdue,
            }
            for owed in payer.invoices
        ],
    }


def _due_json(item: DueItem) -> dict[str, object]:
    return {
        "source": item.source,
        "kind": item.kind,
        "what": item.what,
        "due": item.due_on.isoformat() if item.due_on else None,
        "days_left": item.days_left,
        "state": item.state,
    }


def week_lines(summary: WeekSummary) -> list[str]:
    """The summary as lines of plain text."""
    hours = summary.hours
    lines = [
        f"Week of {format_date(summary.monday)} to {format_date(summary.sunday)} "
        f"(today {summary.today:%A} {format_date(summary.today)})",
        _next_line(summary.next_visit),
        "",
        "Visits:" if summary.visits else "No visits this week.",
        *(f"  {_visit_line(row)}" for row in summary.visits),
        f"Hours delivered: {hours_text(hours.delivered_minutes)} of "
        f"{hours_text(hours.contracted_minutes)} contracted; "
        f"{hours_text(hours.planned_minutes)} still planned",
        f"Charges this week: {format_money(hours.charged_pence)}",
        "",
        "Owed:" if summary.owed else "Nothing owed.",
        *(f"  {_owed_line(payer)}" for payer in summary.owed),
        "",
        "Due in the next 30 days:" if summary.due else "Nothing due in the next 30 days.",
        *(f"  {item.when_words()}: {item.what} ({_source_words(item)})" for item in summary.due),
        "",
        f"Next tax date: {format_date(summary.tax_date.day)} "
        f"(in {summary.tax_date.days_left(summary.today)} days): {summary.tax_date.what}",
        f"Tax to set aside for {summary.tax_year.label} so far: "
        f"{format_money(summary.set_aside.set_aside_pence)} "
        f"on a profit of {format_money(summary.set_aside.profit_pence)}",
    ]
    return lines


def _next_line(visit: NextVisit | None) -> str:
    if visit is None:
        return "No visits planned."
    label = "Under way" if visit.under_way else "Next visit"
    where = f", {visit.address}" if visit.address else ""
    return (
        f"{label}: {visit.start:%a} {format_date(visit.start.date())} "
        f"{visit.start:%H:%M}-{visit.end:%H:%M} {visit.client_name}{where}"
    )


def _visit_line(row: VisitRow) -> str:
    return (
        f"{row.start:%a} {format_date(row.start.date())} {row.start:%H:%M}-{row.end:%H:%M}  "
        f"{row.client_name}  {VISIT_STATUSES[row.status]}  {hours_text(row.minutes)} h  "
        f"{format_money(row.amount_pence)}"
    )


def _owed_line(payer: PayerOwed) -> str:
    numbers = ", ".join(owed.number for owed in payer.invoices)
    return (
        f"{payer.payer_name}: {format_money(payer.overdue_pence)} overdue, "
        f"{format_money(payer.not_due_pence)} not yet due ({numbers})"
    )


def _source_words(item: DueItem) -> str:
    return "checklist" if item.source == "checklist" else "insurance and checks"


def _search(args: argparse.Namespace, folder: Path) -> None:
    text = " ".join(args.text)
    with open_data(folder):
        groups = search(text)
    if args.json:
        print(json.dumps({group.key: _group_json(group) for group in groups}, indent=2))
        return
    shown = [group for group in groups if group.found]
    if not shown:
        print(f"Nothing found for '{text}'.")
    for group in shown:
        print(f"{group.label}:")
        for found in group.found:
            print(f"  {found.title}: {found.detail}")
        if group.more:
            print(f"  (only the first {len(group.found)} are shown)")


def _group_json(group: FoundGroup) -> dict[str, object]:
    return {
        "found": [
            {"id": found.record_id, "title": found.title, "detail": found.detail}
            for found in group.found
        ],
        "more": group.more,
    }
