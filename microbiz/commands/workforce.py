"""Commands for anonymous workforce returns: see, save, send and withdraw; opt in and out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from microbiz.commands.common import open_data
from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import WORKFORCE_STATES
from microbiz.workforce.membership import field_label
from microbiz.workforce.membership import opt_in
from microbiz.workforce.membership import outbox
from microbiz.workforce.membership import parse_period
from microbiz.workforce.membership import set_answers
from microbiz.workforce.membership import submissions
from microbiz.workforce.membership import workforce_settings
from microbiz.workforce.returns import build_return
from microbiz.workforce.returns import field_meanings
from microbiz.workforce.returns import return_bytes
from microbiz.workforce.returns import save_return
from microbiz.workforce.sending import Delivery
from microbiz.workforce.sending import send_outbox
from microbiz.workforce.sending import submit
from microbiz.workforce.sending import withdraw
from microbiz.workforce.sending import withdraw_consent

WAITING = (
    "The collector could not be reached; {what} is waiting in the outbox and will be tried again."
)


def add_commands(commands: argparse._SubParsersAction) -> None:
    workforce = commands.add_parser(
        "workforce", help="anonymous workforce returns to a support organisation (opt-in)"
    )
    actions = workforce.add_subparsers(dest="action", metavar="ACTION", required=True)
    preview = actions.add_parser("preview", help="print exactly what would be sent")
    _period_option(preview)
    preview.add_argument(
        "--explain", action="store_true", help="each field, its answer and what it means"
    )
    preview.set_defaults(run=_preview)
    save = actions.add_parser("save", help="save the return as a .json file to email")
    save.add_argument("file", type=Path, metavar="FILE.json")
    _period_option(save)
    save.set_defaults(run=_save)
    send = actions.add_parser("submit", help="send the return to the organisation's collector")
    _period_option(send)
    send.set_defaults(run=_submit)
    take_back = actions.add_parser("withdraw", help="ask the collector to delete a return")
    _period_option(take_back, "default: the latest one sent")
    take_back.set_defaults(run=_withdraw)
    actions.add_parser("retry", help="send what is waiting in the outbox").set_defaults(run=_retry)
    join = actions.add_parser("opt-in", help="agree to send anonymous returns")
    join.add_argument("--organisation", required=True, metavar="NAME")
    join.add_argument("--url", metavar="URL", help="the collector's https:// address")
    join.add_argument("--code", metavar="CODE", help="the enrolment code it gave you")
    join.add_argument(
        "--by-email", action="store_true", help="save returns as files to email instead"
    )
    join.set_defaults(run=_opt_in)
    actions.add_parser(
        "opt-out", help="withdraw consent and every return sent (the collector deletes them)"
    ).set_defaults(run=_opt_out)
    answer = actions.add_parser("answer", help="set one of your answers (or prefer_not_to_say)")
    answer.add_argument("field", metavar="FIELD")
    answer.add_argument("value", metavar="VALUE")
    answer.set_defaults(run=_answer)
    actions.add_parser("status", help="your consent, returns and outbox").set_defaults(run=_status)


def _period_option(parser: argparse.ArgumentParser, default: str = "") -> None:
    default = default or "default: the last complete quarter"
    parser.add_argument(
        "--period", type=_period, metavar="YYYY-Qn", help=f"a calendar quarter ({default})"
    )


def _period(text: str) -> str:
    try:
        return parse_period(text).label
    except UserError as problem:
        raise argparse.ArgumentTypeError(str(problem)) from None


def _preview(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        data = build_return(args.period)
    if not args.explain:
        print(return_bytes(data).decode("ascii"))
        return
    for field, answer, meaning in field_meanings(data):
        print(f"{field}: {answer}\n    {meaning}")


def _save(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        saved = save_return(args.file, args.period)
        organisation = workforce_settings().organisation_name
    to = f" to {organisation}" if organisation else ""
    print(f"Saved your anonymous return to {saved}; email that file{to}.")


def _submit(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        delivery = submit(args.period)
    if delivery.outcome == "done":
        print(f"Sent your return for {delivery.period} to {delivery.organisation}.")
    else:
        print(WAITING.format(what="your return"))


def _withdraw(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        delivery = withdraw(args.period)
    print(_withdrawn(delivery))


def _withdrawn(delivery: Delivery) -> str:
    if delivery.outcome == "done":
        return (
            f"Withdrew your return for {delivery.period}: {delivery.organisation} has deleted it."
        )
    return WAITING.format(what=f"the withdrawal of your {delivery.period} return")


def _retry(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        results = send_outbox()
        left = len(outbox())
    refused = [r for r in results if r.outcome == "refused"]
    for result in results:
        if result.outcome == "done":
            done = "withdrawn" if result.action == "withdraw" else "sent"
            print(f"{result.period}: {done}.")
        elif result.outcome == "refused":
            print(f"{result.period}: {result.organisation} refused it: {result.problem}")
    if not results:
        print("Nothing in the outbox is due to be sent." if left else "The outbox is empty.")
    elif left:
        print(f"{left} still waiting in the outbox.")
    if refused:
        raise UserError(f"{len(refused)} waiting request(s) refused by the collector; see above.")


def _opt_in(args: argparse.Namespace, folder: Path) -> None:
    if args.by_email and (args.url or args.code):
        raise UserError("Give either --url and --code, or --by-email, not both.")
    with open_data(folder):
        settings = opt_in(args.organisation, args.url, args.code, by_email=args.by_email)
    how = "saved as files for you to email" if args.by_email else "sent when you submit them"
    print(
        f"You have opted in to anonymous returns for {settings.organisation_name} "
        f"(consent recorded {format_date(settings.consent_given_on)}); returns are {how}."
    )


def _opt_out(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        results = withdraw_consent()
    for result in results:
        if result.outcome == "refused":
            print(f"{result.period}: not withdrawn: {result.problem}", file=sys.stderr)
        elif result.outcome == "waiting":
            print(WAITING.format(what=f"the withdrawal of your {result.period} return"))
        else:
            print(f"Withdrew your return for {result.period}.")
    print("Consent withdrawn: nothing more will be sent.")
    if any(result.outcome == "refused" for result in results):
        raise UserError("Some returns could not be withdrawn; ask the organisation to delete them.")


def _answer(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        answers = set_answers({args.field: args.value})
    print(f"{field_label(args.field)}: {answers[args.field]}.")


def _status(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        settings = workforce_settings()
        records = submissions()
        waiting = outbox()
    if settings.opted_in:
        how = "by email" if settings.send_by == "email" else settings.collector_url
        print(
            f"Opted in: {settings.organisation_name} ({how}), "
            f"since {format_date(settings.consent_given_on)}."
        )
    else:
        print("Not opted in: nothing is sent.")
    for record in records:
        print(f"{record.period}: {WORKFORCE_STATES.get(record.state, record.state)}")
    if waiting:
        print(f"{len(waiting)} waiting in the outbox.")
