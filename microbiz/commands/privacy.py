"""Commands for a client's data rights (a copy of their data, erasure) and the audit log."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from microbiz.clients.details import find_client
from microbiz.commands.common import date_arg
from microbiz.commands.common import file_path
from microbiz.commands.common import open_data
from microbiz.foundations.audit_log import ACTIONS
from microbiz.foundations.audit_log import entries
from microbiz.foundations.errors import UserError
from microbiz.privacy.erasure import backups_before
from microbiz.privacy.erasure import erase_client
from microbiz.privacy.erasure import erase_due
from microbiz.privacy.erasure import erasure_plan
from microbiz.privacy.subject_access import export_client


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register `client export|erase`, `erase-due` and `log`."""
    client = commands.add_parser("client", help="a client's copy of their data, or erasure")
    actions = client.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="everything held about them, as a JSON file")
    export.add_argument("name", metavar="NAME")
    export.add_argument("--out", type=Path, required=True, metavar="FILE.json")
    export.set_defaults(run=_export)
    erase = actions.add_parser("erase", help="erase their personal data (asks first)")
    erase.add_argument("name", metavar="NAME")
    erase.add_argument("--yes", action="store_true", help="do not ask: erase now")
    erase.add_argument(
        "--purge-backups", action="store_true", help="also delete backups that hold their data"
    )
    erase.set_defaults(run=_erase)
    due = commands.add_parser("erase-due", help="anonymise kept invoices whose time is up")
    due.set_defaults(run=_erase_due)
    audit = commands.add_parser("log", help="who changed money or personal data, and when")
    audit.add_argument("--since", type=date_arg, metavar="D", help="from this date")
    audit.add_argument("--json", action="store_true", help="as JSON, for scripts")
    audit.set_defaults(run=_log)


def _export(args: argparse.Namespace, folder: Path) -> None:
    out = file_path(args.out, ".json")
    with open_data(folder):
        client = find_client(args.name)
        export_client(client.id, out)
    print(f"Saved everything held about {client.name} to {out}")


def _erase(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        plan = erasure_plan(find_client(args.name).id)
        print("\n".join(plan.words()))
        if not args.yes and not _confirmed(plan.name):
            raise UserError("Nothing was erased.")
        erase_client(plan.client_id)
        print(f"Erased {plan.name}.")
        _report_backups(args.purge_backups)


def _confirmed(name: str) -> bool:
    if not sys.stdin.isatty():
        raise UserError("Nothing was erased: add --yes to erase without being asked.")
    return input(f"Erase {name}? Type yes to erase: ").strip().lower() == "yes"


def _report_backups(purge: bool) -> None:
    old = backups_before()
    if purge:
        for path in old:
            path.unlink()
        print(f"Deleted {len(old)} backups made before the erasure.")
    elif old:
        print(
            f"{len(old)} backups made before the erasure still hold their data; "
            "delete them with --purge-backups, or by hand:"
        )
        print("\n".join(f"  {path}" for path in old))


def _erase_due(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        done = erase_due()
    print(f"Anonymised {len(done)} invoices: {', '.join(done)}." if done else "Nothing is due.")


def _log(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        found = entries(args.since)
    if args.json:
        rows = [
            {"at": e.at.isoformat(timespec="seconds"), "who": e.who, "action": e.action,
             "description": e.description}
            for e in found
        ]  # fmt: skip
        print(json.dumps(rows, indent=2))
        return
    for entry in found:
        print(
            f"{entry.at:%d/%m/%Y %H:%M}  {entry.who}  {ACTIONS[entry.action]}: {entry.description}"
        )
