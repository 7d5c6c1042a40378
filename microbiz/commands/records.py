"""Commands for the records as a whole: the demo, imports, export, backup and restore."""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Callable
from pathlib import Path

from microbiz.commands.common import open_data
from microbiz.demo.sample_business import create_demo
from microbiz.demo.sample_folder import make_sample_folder
from microbiz.foundations.backups import automatic_backup
from microbiz.foundations.backups import backup_database
from microbiz.foundations.backups import restore_database
from microbiz.foundations.business import require_business
from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import UserError
from microbiz.foundations.instance import AlreadyOpen
from microbiz.foundations.instance import hold_instance_lock
from microbiz.foundations.models import Client
from microbiz.foundations.money import format_money
from microbiz.foundations.paths import database_path
from microbiz.foundations.paths import own_dir
from microbiz.invoicing.bank_statements import Proposal
from microbiz.invoicing.bank_statements import propose_matches
from microbiz.invoicing.bank_statements import read_bank_statement
from microbiz.records.bank_import import apply_import
from microbiz.records.bank_import import confident_matches
from microbiz.records.bank_import import suggest_category
from microbiz.records.imports import Reading
from microbiz.records.imports import import_clients
from microbiz.records.imports import import_expenses
from microbiz.records.imports import import_journeys
from microbiz.records.imports import import_policies
from microbiz.records.imports import import_rates
from microbiz.records.imports import import_visits
from microbiz.records.workbook import export_workbook


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register the demo, import and export commands."""
    _add_demo(commands)
    _add_import(commands)
    _add_export(commands)


def add_backup_commands(commands: argparse._SubParsersAction) -> None:
    """Register backup and restore, which come last in the list of commands."""
    _add_backup(commands)
    _add_restore(commands)


def _add_demo(commands: argparse._SubParsersAction) -> None:
    demo = commands.add_parser(
        "demo",
        help="make the sample business: beside your data folder, or in an empty --data-dir",
    )
    demo.add_argument(
        "--clients", type=int, metavar="N", help="how many clients (a sole trader's round of 8)"
    )
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="another seed, other people")
    demo.add_argument(
        "--years", type=int, default=1, metavar="Y", help="years of visits already had (1)"
    )
    demo.set_defaults(run=_demo)


# kind -> (import function, help, singular noun, plural noun)
IMPORTS: dict[str, tuple[Callable[..., int], str, str, str]] = {
    "clients": (import_clients, "clients, with their Support rates", "client", "clients"),
    "rates": (import_rates, "clients' visit types and rates", "rate", "rates"),
    "visits": (import_visits, "visits had or planned, for existing clients", "visit", "visits"),
    "expenses": (import_expenses, "expenses paid for the business", "expense", "expenses"),
    "journeys": (
        import_journeys,
        "business journeys, for the mileage allowance",
        "journey",
        "journeys",
    ),
    "policies": (import_policies, "insurance, DBS, training and other checks", "item", "items"),
}


def _add_import(commands: argparse._SubParsersAction) -> None:
    importing = commands.add_parser("import", help="add records from a .csv or .xlsx file")
    kinds = importing.add_subparsers(dest="kind", metavar="KIND", required=True)
    for kind, (_, help_text, _, _) in IMPORTS.items():
        parser = kinds.add_parser(kind, help=help_text)
        parser.add_argument("file", type=Path, metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="check every row, save nothing")
        parser.set_defaults(run=_import)
    _add_import_bank(kinds)


def _add_import_bank(kinds: argparse._SubParsersAction) -> None:
    bank = kinds.add_parser(
        "bank", help="a bank statement (.csv, .ofx, .qfx): credits matched to invoices"
    )
    bank.add_argument("file", type=Path, metavar="FILE")
    bank.add_argument(
        "--apply", action="store_true", help="record the certain and likely matches as payments"
    )
    bank.add_argument(
        "--expenses", action="store_true", help="with --apply, keep money out as expenses too"
    )
    bank.add_argument(
        "--columns",
        default="",
        metavar="MAP",
        help="for a layout Microbiz does not know: date=COLUMN,description=COLUMN,amount=COLUMN "
        "(or paid_in=COLUMN,paid_out=COLUMN); remembered for that bank",
    )
    bank.set_defaults(run=_import_bank)


def _add_export(commands: argparse._SubParsersAction) -> None:
    exporting = commands.add_parser("export", help="save your records in a file")
    formats = exporting.add_subparsers(dest="format", metavar="FORMAT", required=True)
    xlsx = formats.add_parser("xlsx", help="everything in one Excel workbook")
    xlsx.add_argument("file", type=Path, metavar="FILE")
    xlsx.set_defaults(run=_export_xlsx)


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


def _demo(args: argparse.Namespace, folder: Path) -> None:
    """Into the --data-dir given, or else afresh into the sample folder beside your own."""
    options = {"clients": args.clients, "seed": args.seed, "years": args.years}
    if args.data_dir is None:
        folder = _make_sample(own_dir(folder), options)
    else:
        with open_data(folder):
            create_demo(**options)
    with open_data(folder):
        name = require_business().trading_name
        count = Client.select().count()
    print(f"Made the demo business {name} with {_clients(count)} in {folder}.")
    if args.data_dir is None:
        print(f"Open it with: microbiz --data-dir {shlex.quote(str(folder))}")


def _make_sample(own: Path, options: dict) -> Path:
    """The sample folder made afresh, while no Microbiz window has your data open."""
    if not own.exists():  # no window can be open on it, and it is not made just for a lock
        return make_sample_folder(own, **options)
    try:
        lock = hold_instance_lock(own)
    except AlreadyOpen:
        raise UserError("Microbiz is open: close its window, then make the sample.") from None
    try:
        return make_sample_folder(own, **options)
    finally:
        lock.release()


def _import(args: argparse.Namespace, folder: Path) -> None:
    """Every row checked first; all saved, or none (or none at all with --dry-run)."""
    import_rows, _, one, many = IMPORTS[args.kind]
    readings: list[Reading] = []
    with open_data(folder):
        count = import_rows(args.file.expanduser(), dry_run=args.dry_run, readings=readings)
    for reading in readings:
        print(f"Read {reading.line()}")
    noun = f"{count} {one if count == 1 else many}"
    print(f"{noun} would be imported." if args.dry_run else f"Imported {noun}.")


def _import_bank(args: argparse.Namespace, folder: Path) -> None:
    """Each line with its proposed match; with --apply, the confident ones recorded."""
    if args.expenses and not args.apply:
        raise UserError("--expenses keeps money out as expenses only with --apply.")
    with open_data(folder):
        statement = read_bank_statement(args.file.expanduser(), args.columns)
        proposals = propose_matches(statement)
        matches = confident_matches(proposals) if args.apply else {}
        expenses = _debits(proposals) if args.expenses else {}
        if matches or expenses:
            apply_import(proposals, matches, expenses)
    for at, proposal in enumerate(proposals):
        print(_bank_line_words(proposal, at in matches, expenses.get(at)))
    seen = sum(proposal.seen for proposal in proposals)
    if seen:
        print(f"{seen} of the {len(proposals)} lines were imported before and are skipped.")
    if not args.apply:
        print("Nothing recorded: add --apply to record the certain and likely matches.")
        return
    rest = len(proposals) - seen - len(matches) - len(expenses)
    recorded = f"{_count(len(matches), 'payment')} and {_count(len(expenses), 'expense')}"
    print(f"Recorded {recorded}; {_count(rest, 'line')} left.")


def _debits(proposals: list[Proposal]) -> dict[int, str]:
    return {
        at: suggest_category(p.line.description)
        for at, p in enumerate(proposals)
        if not p.seen and not p.line.is_credit
    }


def _bank_line_words(proposal: Proposal, recorded: bool, category: str | None) -> str:
    """'20/11/2026 £36.00 M BROWN INV-0001: INV-0001 (certain, by invoice number), recorded'."""
    line = proposal.line
    start = f"{format_date(line.day)} {format_money(line.amount_pence)} {line.description}:"
    if proposal.seen:
        return f"{start} imported before, skipped"
    if category is not None:
        return f"{start} kept as an expense ({category})"
    if not line.is_credit:
        return f"{start} money out"
    if proposal.invoice_id is None:
        return f"{start} no match ({proposal.why})"
    state = "recorded" if recorded else "not recorded"
    return f"{start} {proposal.invoice_number} ({proposal.confidence}, {proposal.why}), {state}"


def _export_xlsx(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        made = export_workbook(args.file.expanduser().resolve())
    print(f"Saved the workbook to {made}.")


def _backup(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        if args.to is None:
            made = automatic_backup(folder)
        else:
            made = backup_database(database_path(folder), args.to.expanduser().resolve())
    print(f"Backed up to {made}.")


def _restore(args: argparse.Namespace, folder: Path) -> None:
    """Restore a backup while no Microbiz window is open (its screens would be out of date)."""
    source = args.file.expanduser().resolve()
    try:
        lock = hold_instance_lock(folder)
    except AlreadyOpen:
        raise UserError("Microbiz is already open: close its window, then restore.") from None
    try:
        kept = restore_database(source, folder)
    finally:
        lock.release()
    print(f"Restored the data from {source}.")
    if kept is not None:
        print(f"The data it replaced is kept in {kept}.")


def _clients(count: int) -> str:
    return f"{count} client" if count == 1 else f"{count} clients"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
