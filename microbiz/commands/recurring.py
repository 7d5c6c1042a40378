"""`invoice recurring add|list|end`: fixed amounts billed each week, month or 4 weeks."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from microbiz.clients.details import find_client
from microbiz.commands.common import open_data
from microbiz.foundations.models import Recurring
from microbiz.foundations.models import database
from microbiz.foundations.money import format_money_plain
from microbiz.invoicing.recurring import EVERY
from microbiz.invoicing.recurring import add_recurring
from microbiz.invoicing.recurring import describe
from microbiz.invoicing.recurring import end_recurring
from microbiz.invoicing.recurring import recurring_of


def add_recurring_commands(actions: argparse._SubParsersAction) -> None:
    """Register `invoice recurring` and its three actions."""
    recurring = actions.add_parser(
        "recurring", help="fixed amounts added to a client's drafts each week, month or 4 weeks"
    )
    steps = recurring.add_subparsers(dest="step", metavar="STEP", required=True)
    add = steps.add_parser("add", help="a new arrangement for a client")
    add.add_argument("client", metavar="CLIENT")
    add.add_argument("--amount", required=True, metavar="A", help="for a whole period, like 450")
    add.add_argument("--every", required=True, choices=list(EVERY))
    add.add_argument("--from", dest="starts_on", required=True, metavar="D", help="first day")
    add.add_argument("--to", dest="ends_on", metavar="D", help="last day (none: open-ended)")
    add.add_argument("--description", required=True, metavar="TEXT", help="what the line says")
    add.set_defaults(run=_add)
    listing = steps.add_parser("list", help="the arrangements, with their numbers")
    listing.add_argument("--client", metavar="NAME", help="only this client's")
    listing.add_argument("--json", action="store_true", help="as JSON, for scripts")
    listing.set_defaults(run=_list)
    end = steps.add_parser("end", help="end an arrangement on a day")
    end.add_argument("number", type=int, metavar="NUMBER", help="as `recurring list` shows it")
    end.add_argument("--on", metavar="D", help="its last day (today)")
    end.set_defaults(run=_end)


def _add(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder), database.atomic():
        client = find_client(args.client)
        made = add_recurring(
            client.id, args.amount, args.every, args.starts_on, args.ends_on, args.description
        )
        print(f"Added arrangement {made.id} for {client.name}: {describe(made)}.")


def _list(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        client_id = find_client(args.client).id if args.client else None
        found = [(r, r.client.name) for r in recurring_of(client_id)]
    if args.json:
        print(json.dumps([_json(r, name) for r, name in found], indent=2))
        return
    for arrangement, name in found:
        print(f"{arrangement.id}  {name}: {describe(arrangement)}")
    if not found:
        print("No recurring arrangements.")


def _json(arrangement: Recurring, name: str) -> dict[str, object]:
    return {
        "number": arrangement.id,
        "client": name,
        "amount": format_money_plain(arrangement.amount_pence),
        "every": arrangement.every,
        "from": arrangement.starts_on.isoformat(),
        "to": arrangement.ends_on.isoformat() if arrangement.ends_on else None,
        "description": arrangement.description,
    }


def _end(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        ended = end_recurring(args.number, args.on)
        print(f"Arrangement {ended.id} ends on {ended.ends_on:%d/%m/%Y}.")
