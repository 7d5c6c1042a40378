"""Commands for insurance and checks: reminders, the evidence pack and start-up checklists."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from microbiz.commands.common import date_arg
from microbiz.commands.common import open_data
from microbiz.commands.common import pdf_path
from microbiz.compliance.checklists import describe_item
from microbiz.compliance.checklists import find_checklist
from microbiz.compliance.checklists import import_template
from microbiz.compliance.checklists import items_of
from microbiz.compliance.checklists import progress_of
from microbiz.compliance.checklists import start_checklist
from microbiz.compliance.checklists import template_paths
from microbiz.compliance.evidence import print_checklist
from microbiz.compliance.evidence import print_evidence_pack
from microbiz.compliance.policies import Reminder
from microbiz.compliance.policies import reminders
from microbiz.compliance.standing import standings
from microbiz.foundations.models import Checklist


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register the reminders, evidence-pack and checklist commands."""
    _add_reminders(commands)
    _add_evidence_pack(commands)
    _add_checklist(commands)


def _add_reminders(commands: argparse._SubParsersAction) -> None:
    reminders_parser = commands.add_parser("reminders", help="what to renew or record")
    reminders_parser.add_argument(
        "--within", type=int, metavar="DAYS", help="due within DAYS (default: each item's own)"
    )
    reminders_parser.add_argument("--today", type=date_arg, metavar="D", help="as if today were D")
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


def _reminders(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
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
    out = pdf_path(args.out)
    with open_data(folder):
        made = print_evidence_pack(folder, out)
    print(f"Saved the evidence pack to {made}.")


def _list_checklists(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        started = {c.name: c for c in Checklist.select().order_by(Checklist.name)}
        for name, checklist in started.items():
            print(f"{name}: {checklist.title} ({progress_of(checklist).in_words()})")
        waiting = [name for name in template_paths(folder) if name not in started]
    for name in waiting:
        print(f"{name}: not started (microbiz checklist start {name})")


def _show_checklist(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        checklist = find_checklist(args.name)
        print(f"{checklist.title}: {progress_of(checklist).in_words()}")
        items = items_of(checklist)
        found = standings(items)
        for item in items:
            print(describe_item(item, found[item.id]))


def _start_checklist(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        checklist = start_checklist(args.name, folder)
        print(f"Started {checklist.title}: {progress_of(checklist).in_words()}.")


def _import_checklist(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        checklist = import_template(args.file.expanduser(), folder)
        count = len(items_of(checklist))
    print(f"Imported and started {checklist.title} ({count} items) as '{checklist.name}'.")


def _checklist_pdf(args: argparse.Namespace, folder: Path) -> None:
    out = pdf_path(args.out)
    with open_data(folder):
        made = print_checklist(args.name, out)
    print(f"Saved the checklist to {made}.")
