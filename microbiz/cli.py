"""The `microbiz` command: start the app, take a screenshot of it, or do one job and exit.

The GUI is imported only when it is asked for, so commands run without Qt.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from datetime import timedelta
from pathlib import Path
from typing import NoReturn

import peewee

from microbiz.backups import automatic_backup
from microbiz.backups import backup_database
from microbiz.backups import restore_database
from microbiz.business import require_business
from microbiz.checklists import TemplateProblems
from microbiz.checklists import describe_item
from microbiz.checklists import find_checklist
from microbiz.checklists import import_template
from microbiz.checklists import items_of
from microbiz.checklists import progress_of
from microbiz.checklists import start_checklist
from microbiz.checklists import template_paths
from microbiz.clients import find_client
from microbiz.compliance import Reminder
from microbiz.compliance import reminders
from microbiz.dates import format_date
from microbiz.dates import format_hours
from microbiz.dates import parse_date
from microbiz.db import close_database
from microbiz.db import open_database
from microbiz.demo import create_demo
from microbiz.documents.workbook import export_workbook
from microbiz.errors import UserError
from microbiz.errors import ValidationError
from microbiz.evidence import print_checklist
from microbiz.evidence import print_evidence_pack
from microbiz.hours import VisitFilter
from microbiz.hours import VisitRow
from microbiz.hours import format_miles
from microbiz.hours import visit_ids
from microbiz.hours import visit_rows
from microbiz.imports import ImportProblems
from microbiz.imports import import_clients
from microbiz.imports import import_policies
from microbiz.imports import import_visits
from microbiz.instance import hold_instance_lock
from microbiz.invoice_documents import write_invoices
from microbiz.invoicing import GROUPINGS
from microbiz.invoicing import find_invoice
from microbiz.invoicing import generate_drafts
from microbiz.invoicing import issue_invoice
from microbiz.models import VISIT_STATUSES
from microbiz.models import Checklist
from microbiz.money import format_money
from microbiz.money import format_money_plain
from microbiz.paths import data_dir
from microbiz.paths import database_path
from microbiz.payments import INVOICE_STATUSES
from microbiz.payments import InvoiceSummary
from microbiz.payments import credit_invoice
from microbiz.payments import list_invoices
from microbiz.payments import record_payment
from microbiz.payments import summary_of
from microbiz.timesheets import print_timesheet

DEFAULT_PAGE = "clients"
DEFAULT_SIZE = (1100, 720)
MIN_SIDE, MAX_SIDE = 200, 8000

Command = Callable[[argparse.Namespace, Path], None]


class ArgumentParser(argparse.ArgumentParser):
    """An argument parser that raises UserError, so a bad argument is one line, exit code 1."""

    def error(self, message: str) -> NoReturn:
        raise UserError(message)


def main(argv: list[str] | None = None) -> int:
    """Run `microbiz` with `argv` (default: the real command line); the exit code."""
    try:
        args = build_parser().parse_args(argv)
        folder = data_dir(args.data_dir)
        if args.command is not None:
            return _run_command(args.run, args, folder)
        return _run_gui(args, folder)
    except ValidationError as invalid:
        for problem in invalid.errors:
            _say_error(problem.message)
        return 1
    except UserError as problem:
        _say_error(str(problem))
        return 1


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="microbiz",
        description="Run a self-employed care business: clients, hours, invoices and more.",
        epilog="With no command, Microbiz opens its window.",
    )
    parser.add_argument("--data-dir", metavar="DIR", help="the data folder to use")
    parser.add_argument(
        "--screenshot", metavar="FILE.png", type=Path, help="save a picture of a page and exit"
    )
    parser.add_argument("--page", help="the page for --screenshot: clients, hours, settings")
    parser.add_argument(
        "--size", type=_window_size, metavar="WxH", help="window size for --screenshot"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_demo(commands)
    _add_import(commands)
    _add_export(commands)
    _add_visits(commands)
    _add_timesheet(commands)
    _add_invoice(commands)
    _add_payment(commands)
    _add_reminders(commands)
    _add_evidence_pack(commands)
    _add_checklist(commands)
    _add_backup(commands)
    _add_restore(commands)
    return parser


def _window_size(text: str) -> tuple[int, int]:
    """1100x720 -> (1100, 720)."""
    match = re.fullmatch(r"(\d+)[xX](\d+)", text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size like 1100x720")
    width, height = int(match.group(1)), int(match.group(2))
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise argparse.ArgumentTypeError(
            f"'{text}': width and height must be from {MIN_SIDE} to {MAX_SIDE} pixels"
        )
    return width, height


def _add_demo(commands: argparse._SubParsersAction) -> None:
    demo = commands.add_parser("demo", help="fill an empty data folder with a sample business")
    demo.add_argument("--clients", type=int, default=12, metavar="N", help="how many clients (12)")
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="another seed, other people")
    demo.add_argument(
        "--years", type=int, default=1, metavar="Y", help="years of visits already had (1)"
    )
    demo.set_defaults(run=_demo)


def _add_import(commands: argparse._SubParsersAction) -> None:
    importing = commands.add_parser("import", help="add records from a .csv or .xlsx file")
    kinds = importing.add_subparsers(dest="kind", metavar="KIND", required=True)
    clients = kinds.add_parser("clients", help="clients, with their Support rates")
    clients.add_argument("file", type=Path, metavar="FILE")
    clients.add_argument("--dry-run", action="store_true", help="check every row, save nothing")
    clients.set_defaults(run=_import_clients)
    visits = kinds.add_parser("visits", help="visits had or planned, for existing clients")
    visits.add_argument("file", type=Path, metavar="FILE")
    visits.add_argument("--dry-run", action="store_true", help="check every row, save nothing")
    visits.set_defaults(run=_import_visits)
    policies = kinds.add_parser("policies", help="insurance, DBS, training and other checks")
    policies.add_argument("file", type=Path, metavar="FILE")
    policies.add_argument("--dry-run", action="store_true", help="check every row, save nothing")
    policies.set_defaults(run=_import_policies)


def _add_export(commands: argparse._SubParsersAction) -> None:
    exporting = commands.add_parser("export", help="save your records in a file")
    formats = exporting.add_subparsers(dest="format", metavar="FORMAT", required=True)
    xlsx = formats.add_parser("xlsx", help="everything in one Excel workbook")
    xlsx.add_argument("file", type=Path, metavar="FILE")
    xlsx.set_defaults(run=_export_xlsx)


def _add_visits(commands: argparse._SubParsersAction) -> None:
    visits = commands.add_parser("visits", help="the visits you have logged")
    actions = visits.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list visits, newest first")
    listing.add_argument("--client", metavar="NAME", help="only this client's visits")
    listing.add_argument("--from", dest="first", type=_date, metavar="D", help="from this date")
    listing.add_argument("--to", dest="last", type=_date, metavar="D", help="up to this date")
    listing.add_argument("--json", action="store_true", help="as JSON, for scripts")
    listing.set_defaults(run=_list_visits)


def _add_timesheet(commands: argparse._SubParsersAction) -> None:
    sheet = commands.add_parser("timesheet", help="a timesheet PDF for a client to sign")
    sheet.add_argument("client", metavar="CLIENT", help="the client's name")
    sheet.add_argument("--from", dest="first", type=_date, required=True, metavar="D")
    sheet.add_argument("--to", dest="last", type=_date, required=True, metavar="D")
    sheet.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    sheet.set_defaults(run=_timesheet)


def _add_invoice(commands: argparse._SubParsersAction) -> None:
    invoice = commands.add_parser("invoice", help="invoices from your hours")
    actions = invoice.add_subparsers(dest="action", metavar="ACTION", required=True)
    generate = actions.add_parser("generate", help="drafts for a month's unbilled visits")
    generate.add_argument("--period", type=_month, required=True, metavar="YYYY-MM")
    generate.add_argument("--client", metavar="NAME", help="only this client")
    generate.add_argument(
        "--group",
        choices=list(GROUPINGS),
        default="visit",
        help="a line per visit (default) or per week and visit type",
    )
    generate.add_argument("--issue", action="store_true", help="issue the drafts at once")
    generate.add_argument("--date", type=_date, metavar="D", help="issue date (today)")
    generate.set_defaults(run=_generate_invoices)
    listing = actions.add_parser("list", help="invoices with their status")
    listing.add_argument("--status", choices=list(INVOICE_STATUSES), help="only this status")
    listing.add_argument("--json", action="store_true", help="as JSON, for scripts")
    listing.set_defaults(run=_list_invoices)
    pdf = actions.add_parser("pdf", help="write issued invoices as PDF files")
    pdf.add_argument("numbers", nargs="*", metavar="NUMBER")
    pdf.add_argument("--all", action="store_true", help="every issued invoice")
    pdf.add_argument("--out", type=Path, required=True, metavar="DIR")
    pdf.set_defaults(run=_invoice_pdfs)
    credit = actions.add_parser("credit", help="a credit note against an issued invoice")
    credit.add_argument("number", metavar="NUMBER")
    credit.add_argument("--amount", metavar="AMOUNT", help="part of it (default: all that is left)")
    credit.add_argument("--reason", default="", metavar="TEXT")
    credit.add_argument("--date", type=_date, metavar="D", help="date of the credit note (today)")
    credit.set_defaults(run=_credit_invoice)


def _add_payment(commands: argparse._SubParsersAction) -> None:
    payment = commands.add_parser("payment", help="payments received")
    actions = payment.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="record a payment against an invoice")
    add.add_argument("number", metavar="NUMBER")
    add.add_argument("amount", metavar="AMOUNT")
    add.add_argument("--date", type=_date, metavar="D", help="when it was paid (today)")
    add.add_argument(
        "--method",
        default="bank_transfer",
        metavar="HOW",
        help="bank_transfer, direct_payment_card, cheque or cash",
    )
    add.add_argument("--reference", default="", metavar="TEXT")
    add.set_defaults(run=_add_payment_command)


def _add_reminders(commands: argparse._SubParsersAction) -> None:
    reminders_parser = commands.add_parser("reminders", help="what to renew or record")
    reminders_parser.add_argument(
        "--within", type=int, metavar="DAYS", help="due within DAYS (default: each item's own)"
    )
    reminders_parser.add_argument("--today", type=_date, metavar="D", help="as if today were D")
    reminders_parser.add_argument("--json", action="store_true", help="as JSON, for scripts")
    reminders_parser.set_defaults(run=_reminders)


def _add_evidence_pack(commands: argparse._SubParsersAction) -> None:
    pack = commands.add_parser("evidence-pack", help="one PDF of your insurance and checks")
    pack.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    pack.set_defaults(run=_evidence_pack)


def _add_checklist(commands: argparse._SubParsersAction) -> None:
    checklist = commands.add_parser("checklist", help="start-up checklists")
    actions = checklist.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="your checklists and the templates you can start").set_defaults(
        run=_list_checklists
    )
    show = actions.add_parser("show", help="a checklist's items and progress")
    show.add_argument("name", metavar="NAME")
    show.set_defaults(run=_show_checklist)
    start = actions.add_parser("start", help="start a checklist from a template")
    start.add_argument("name", metavar="NAME")
    start.set_defaults(run=_start_checklist)
    importing = actions.add_parser("import", help="check a template file, add and start it")
    importing.add_argument("file", type=Path, metavar="FILE")
    importing.set_defaults(run=_import_checklist)
    pdf = actions.add_parser("pdf", help="a checklist as a PDF")
    pdf.add_argument("name", metavar="NAME")
    pdf.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    pdf.set_defaults(run=_checklist_pdf)


def _month(text: str) -> tuple[date, date]:
    """2026-11 -> (1 Nov 2026, 30 Nov 2026)."""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise argparse.ArgumentTypeError(f"'{text}' is not a month like 2026-11")
    first = date(int(match.group(1)), int(match.group(2)), 1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def _date(text: str) -> date:
    try:
        return parse_date(text)
    except UserError as problem:
        raise argparse.ArgumentTypeError(str(problem)) from None


def _add_backup(commands: argparse._SubParsersAction) -> None:
    backup = commands.add_parser("backup", help="copy the database safely, even while in use")
    backup.add_argument(
        "--to", type=Path, metavar="FILE", help="where (default: the backups folder)"
    )
    backup.set_defaults(run=_backup)


def _add_restore(commands: argparse._SubParsersAction) -> None:
    restore = commands.add_parser("restore", help="replace the data with a backup")
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.set_defaults(run=_restore)


def _run_gui(args: argparse.Namespace, folder: Path) -> int:
    """Open the window, or with --screenshot draw one page offscreen and exit."""
    if args.screenshot is None:
        if args.page or args.size:
            raise UserError("--page and --size go with --screenshot")
        from ui.app import run_gui

        return run_gui(folder)
    if args.screenshot.suffix.lower() != ".png":
        raise UserError(f"{args.screenshot.name} must end in .png")
    from ui.app import take_screenshot

    take_screenshot(folder, args.screenshot, args.page or DEFAULT_PAGE, args.size or DEFAULT_SIZE)
    return 0


def _run_command(run: Command, args: argparse.Namespace, folder: Path) -> int:
    if args.screenshot or args.page or args.size:
        raise UserError("--screenshot, --page and --size cannot be used with a command")
    try:
        run(args, folder)
    except (ImportProblems, TemplateProblems) as problems:
        for line in problems.lines:
            print(line, file=sys.stderr)
        raise
    except OSError as problem:
        raise UserError(_os_problem(problem)) from None
    return 0


@contextmanager
def _database(folder: Path) -> Iterator[None]:
    """The folder's database, open (and brought up to date) until the block ends."""
    try:
        open_database(database_path(folder))
    except (sqlite3.DatabaseError, peewee.DatabaseError) as problem:
        raise UserError(
            f"The database in {folder} could not be opened ({problem}); restore a backup."
        ) from None
    try:
        yield
    finally:
        close_database()


def _demo(args: argparse.Namespace, folder: Path) -> None:
    with _database(folder):
        create_demo(clients=args.clients, seed=args.seed, years=args.years)
        name = require_business().trading_name
    print(f"Made the demo business {name} with {_clients(args.clients)} in {folder}.")


def _import_clients(args: argparse.Namespace, folder: Path) -> None:
    with _database(folder):
        count = import_clients(args.file.expanduser(), dry_run=args.dry_run)
    if args.dry_run:
        print(f"{_clients(count)} would be imported.")
    else:
        print(f"Imported {_clients(count)}.")


def _import_visits(args: argparse.Namespace, folder: Path) -> None:
    with _database(folder):
        count = import_visits(args.file.expanduser(), dry_run=args.dry_run)
    noun = "visit" if count == 1 else "visits"
    print(f"{count} {noun} would be imported." if args.dry_run else f"Imported {count} {noun}.")


def _import_policies(args: argparse.Namespace, folder: Path) -> None:
    with _database(folder):
        count = import_policies(args.file.expanduser(), dry_run=args.dry_run)
    noun = "item" if count == 1 else "items"
    print(f"{count} {noun} would be imported." if args.dry_run else f"Imported {count} {noun}.")


def _reminders(args: argparse.Namespace, folder: Path) -> None:
    with _database(folder):
        found = reminders(args.today, args.within)
    if args.json:
        print(json.dumps([_reminder_json(r) for r in found], indent=2))
        return
    if not found:
        print("Nothing to renew or record.")
    for reminder in found:
        provider = f" ({reminder.provider})" if reminder.provider else ""
        print(f"{reminder.in_words()}: {reminder.kind_label}{provider}")


def _reminder_json(reminder: Reminder) -> dict[str, object]:
    return {
        "kind": reminder.kind,
        "provider": reminder.provider,
        "expiry": reminder.expires_on.isoformat() if reminder.expires_on else None,
        "days_left": reminder.days_left,
        "state": reminder.state,
    }


def _evidence_pack(args: argparse.Namespace, folder: Path) -> None:
    out = _pdf_path(args.out)
    with _database(folder):
        made = print_evidence_pack(folder, out)
    print(f"Saved the evidence pack to {made}.")


def _pdf_path(path: Path) -> Path:
    if path.suffix.lower() != ".pdf":
        raise UserError(f"{path.name} must end in .pdf")
    return path.expanduser().resolve()


def _list_checklists(args: argparse.Namespace, folder: Path) -> None:
    with _database(folder):
        started = {c.name: c for c in Checklist.select().order_by(Checklist.name)}
        for name, checklist in started.items():
            print(f"{name}: {checklist.title} ({progress_of(checklist).in_words()})")
        waiting = [name for name in template_paths(folder) if name not in started]
    for name in waiting:
        print(f"{name}: not started (microbiz checklist start {name})")


def _show_checklist(args: argparse.Namespace, folder: Path) -> None:
    with _database(folder):
        checklist = find_checklist(args.name)
        print(f"{checklist.title}: {progress_of(checklist).in_words()}")
        for item in items_of(checklist):
            print(describe_item(item))


def _start_checklist(args: argparse.Namespace, folder: Path) -> None:
    with _database(folder):
        checklist = start_checklist(args.name, folder)
        print(f"Started {checklist.title}: {progress_of(checklist).in_words()}.")


def _import_checklist(args: argparse.Namespace, folder: Path) -> None:
    with _database(folder):
        checklist = import_template(args.file.expanduser(), folder)
        count = len(items_of(checklist))
    print(f"Imported and started {checklist.title} ({count} items) as '{checklist.name}'.")


def _checklist_pdf(args: argparse.Namespace, folder: Path) -> None:
    out = _pdf_path(args.out)
    with _database(folder):
        made = print_checklist(args.name, out)
    print(f"Saved the checklist to {made}.")


def _list_visits(args: argparse.Namespace, folder: Path) -> None:
    with _database(folder):
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
    if args.out.suffix.lower() != ".pdf":
        raise UserError(f"{args.out.name} must end in .pdf")
    with _database(folder):
        client = find_client(args.client)
        made = print_timesheet(client.id, args.first, args.last, args.out.expanduser().resolve())
    print(f"Saved the timesheet to {made}.")


def _generate_invoices(args: argparse.Namespace, folder: Path) -> None:
    first, last = args.period
    with _database(folder):
        chosen = [find_client(args.client).id] if args.client else None
        batch = generate_drafts(first, last, args.group, chosen)
        for name, reason in batch.skipped:
            print(f"Skipped {name}: {reason}.")
        count = len(batch.invoices)
        drafts = f"{count} draft{'' if count == 1 else 's'}"
        print(f"Made {drafts}, {format_money(batch.total_pence)} in all.")
        if args.issue:
            for invoice in batch.invoices:
                issued = issue_invoice(invoice.id, args.date or date.today())
                total = format_money(issued.total_pence)
                print(f"Issued {issued.number} to {issued.payer_name}: {total}")


def _list_invoices(args: argparse.Namespace, folder: Path) -> None:
    with _database(folder):
        found = list_invoices(args.status)
    if args.json:
        print(json.dumps([_invoice_json(s) for s in found], indent=2))
        return
    for s in found:
        print(
            f"{s.number:<10} {format_date(s.issue_date):<10}  {s.client_name}  "
            f"{format_money(s.total_pence)}  owed {format_money(s.balance_pence)}  "
            f"{INVOICE_STATUSES[s.status]}"
        )


def _invoice_json(summary: InvoiceSummary) -> dict[str, object]:
    def day(value: date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "number": summary.number if summary.status != "draft" else None,
        "client": summary.client_name,
        "payer": summary.payer_name,
        "issue_date": day(summary.issue_date),
        "due_date": day(summary.due_date),
        "period": [day(summary.period_start), day(summary.period_end)],
        "total": format_money_plain(summary.total_pence),
        "paid": format_money_plain(summary.paid_pence),
        "credited": format_money_plain(summary.credited_pence),
        "balance": format_money_plain(summary.balance_pence),
        "status": summary.status,
        "days_overdue": summary.days_overdue,
    }


def _invoice_pdfs(args: argparse.Namespace, folder: Path) -> None:
    if bool(args.numbers) == args.all:
        raise UserError("give invoice numbers or --all (not both)")
    with _database(folder):
        if args.all:
            ids = [s.id for s in list_invoices() if s.status != "draft"]
        else:
            ids = [find_invoice(number).id for number in args.numbers]
        written = write_invoices(ids, args.out.expanduser().resolve())
    for path in written:
        print(f"Saved {path}")


def _credit_invoice(args: argparse.Namespace, folder: Path) -> None:
    with _database(folder):
        invoice = find_invoice(args.number)
        note = credit_invoice(invoice.id, args.amount, args.reason, args.date)
        print(
            f"Issued credit note {note.number} for {format_money(note.amount_pence)} "
            f"against {invoice.number}."
        )


def _add_payment_command(args: argparse.Namespace, folder: Path) -> None:
    with _database(folder):
        invoice = find_invoice(args.number)
        payment = record_payment(invoice.id, args.amount, args.date, args.method, args.reference)
        summary = summary_of(invoice.id)
    print(
        f"Recorded {format_money(payment.amount_pence)} against {invoice.number}; "
        f"{format_money(summary.balance_pence)} still owed ({INVOICE_STATUSES[summary.status]})."
    )


def _export_xlsx(args: argparse.Namespace, folder: Path) -> None:
    with _database(folder):
        made = export_workbook(args.file.expanduser().resolve())
    print(f"Saved the workbook to {made}.")


def _backup(args: argparse.Namespace, folder: Path) -> None:
    with _database(folder):
        if args.to is None:
            made = automatic_backup(folder)
        else:
            made = backup_database(database_path(folder), args.to.expanduser().resolve())
    print(f"Backed up to {made}.")


def _restore(args: argparse.Namespace, folder: Path) -> None:
    """Swap in a backup while holding the app's lock, then bring it up to date."""
    source = args.file.expanduser().resolve()
    lock = hold_instance_lock(folder)
    try:
        kept = restore_database(source, folder)
        with _database(folder):
            pass  # opening the restored database brings its schema up to date
    finally:
        lock.release()
    print(f"Restored the data from {source}.")
    if kept is not None:
        print(f"The data it replaced is kept in {kept}.")


def _clients(count: int) -> str:
    return f"{count} client" if count == 1 else f"{count} clients"


def _os_problem(problem: OSError) -> str:
    """'Permission denied: /x/y.xlsx' from an OSError, on one line."""
    if problem.strerror and problem.filename:
        return f"{problem.strerror}: {problem.filename}"
    return str(problem)


def _say_error(message: str) -> None:
    """One line on stderr, `microbiz: ...`."""
    print(f"microbiz: {' '.join(message.split())}", file=sys.stderr)
