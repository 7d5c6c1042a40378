"""Commands for invoices and the payments against them."""

from __future__ import annotations

import argparse
import json
import re
from datetime import date
from datetime import timedelta
from pathlib import Path

from microbiz.clients.details import find_client
from microbiz.commands.common import date_arg
from microbiz.commands.common import open_data
from microbiz.commands.recurring import add_recurring_commands
from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.dates import parse_date
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Invoice
from microbiz.foundations.money import format_money
from microbiz.foundations.money import format_money_plain
from microbiz.invoicing.documents import write_invoices
from microbiz.invoicing.emailing import Outgoing
from microbiz.invoicing.emailing import prepare_invoice
from microbiz.invoicing.emailing import prepare_reminder
from microbiz.invoicing.emailing import send
from microbiz.invoicing.invoices import GROUPINGS
from microbiz.invoicing.invoices import PER
from microbiz.invoicing.invoices import AlreadyIssued
from microbiz.invoicing.invoices import FarIssueDate
from microbiz.invoicing.invoices import check_issue_date
from microbiz.invoicing.invoices import clients_on
from microbiz.invoicing.invoices import draft
from microbiz.invoicing.invoices import drafts_of
from microbiz.invoicing.invoices import find_invoice
from microbiz.invoicing.invoices import generate_drafts
from microbiz.invoicing.invoices import issue_invoice
from microbiz.invoicing.payments import INVOICE_STATUSES
from microbiz.invoicing.payments import InvoiceSummary
from microbiz.invoicing.payments import credit_invoice
from microbiz.invoicing.payments import list_invoices
from microbiz.invoicing.payments import record_payment
from microbiz.invoicing.payments import summary_of
from microbiz.invoicing.readiness import check_ready


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register the invoice and payment commands."""
    _add_invoice(commands)
    _add_payment(commands)


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
    generate.add_argument(
        "--per",
        choices=sorted(PER),
        default="client",
        help="one invoice per client (the default), or per payer with a section per client",
    )
    generate.add_argument(
        "--issue",
        action="store_true",
        help="issue the drafts at once, with any left from an earlier run for the month",
    )
    _add_issue_date(generate)
    generate.set_defaults(run=_generate_invoices)
    issue = actions.add_parser("issue", help="issue drafts: those named, or every one")
    issue.add_argument(
        "drafts", nargs="*", metavar="DRAFT", help="draft numbers as `invoice list` shows them"
    )
    issue.add_argument(
        "--drafts", dest="every_draft", action="store_true", help="every draft (or the month's)"
    )
    issue.add_argument(
        "--period", type=_month, metavar="YYYY-MM", help="with --drafts: only that month's"
    )
    _add_issue_date(issue)
    issue.set_defaults(run=_issue_drafts)
    listing = actions.add_parser("list", help="invoices with their status")
    listing.add_argument("--status", choices=list(INVOICE_STATUSES), help="only this status")
    listing.add_argument("--json", action="store_true", help="as JSON, for scripts")
    listing.set_defaults(run=_list_invoices)
    pdf = actions.add_parser("pdf", help="write issued invoices as PDF files")
    pdf.add_argument("numbers", nargs="*", metavar="NUMBER")
    pdf.add_argument("--all", action="store_true", help="every issued invoice")
    pdf.add_argument("--out", type=Path, required=True, metavar="DIR")
    pdf.set_defaults(run=_invoice_pdfs)
    mail = actions.add_parser("email", help="email issued invoices, or reminders, to the payer")
    mail.add_argument("numbers", nargs="+", metavar="NUMBER")
    mail.add_argument("--to", metavar="ADDRESS", help="send here instead of the payer's address")
    mail.add_argument(
        "--reminder", action="store_true", help="a payment reminder stating what is owed"
    )
    mail.set_defaults(run=_email_invoices)
    credit = actions.add_parser("credit", help="a credit note against an issued invoice")
    credit.add_argument("number", metavar="NUMBER")
    credit.add_argument("--amount", metavar="AMOUNT", help="part of it (default: all that is left)")
    credit.add_argument("--reason", default="", metavar="TEXT")
    credit.add_argument(
        "--date", type=date_arg, metavar="D", help="date of the credit note (today)"
    )
    credit.set_defaults(run=_credit_invoice)
    add_recurring_commands(actions)


def _add_issue_date(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", type=date_arg, metavar="D", help="issue date (today)")
    parser.add_argument(
        "--confirm-date",
        action="store_true",
        help="issue with a --date more than a year from today",
    )


def _add_payment(commands: argparse._SubParsersAction) -> None:
    payment = commands.add_parser("payment", help="payments received")
    actions = payment.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="record a payment against an invoice")
    add.add_argument("number", metavar="NUMBER")
    add.add_argument("amount", metavar="AMOUNT")
    add.add_argument("--date", type=date_arg, metavar="D", help="when it was paid (today)")
    add.add_argument(
        "--method",
        default="bank_transfer",
        metavar="HOW",
        help="bank_transfer, direct_payment_card, cheque or cash",
    )
    add.add_argument("--reference", default="", metavar="TEXT")
    add.set_defaults(run=_add_payment_command)


def _month(text: str) -> tuple[date, date]:
    """2026-11 -> (1 Nov 2026, 30 Nov 2026)."""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise argparse.ArgumentTypeError(f"'{text}' is not a month like 2026-11")
    try:
        first = parse_date(f"{match.group(1)}-{int(match.group(2)):02d}-01")
    except UserError as problem:
        raise argparse.ArgumentTypeError(str(problem)) from None
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def _generate_invoices(args: argparse.Namespace, folder: Path) -> None:
    first, last = args.period
    with open_data(folder):
        chosen = find_client(args.client).id if args.client else None
        if args.issue:
            _check_date(args)
        batch = generate_drafts(
            first, last, args.group, None if chosen is None else [chosen], per=args.per
        )
        for name, reason in batch.skipped:
            print(f"Skipped {name}: {reason}.")
        print(
            f"Made {_drafts_count(len(batch.invoices))}, {format_money(batch.total_pence)} in all."
        )
        if args.issue:
            made = {invoice.id for invoice in batch.invoices}
            drafts = [d for d in drafts_of(first, last) if _for_client(d, chosen)]
            left = len([d for d in drafts if d.id not in made])
            if left:
                print(f"Issuing {_drafts_count(left)} left from an earlier run for this month too.")
            _issue(drafts, args)


def _issue_drafts(args: argparse.Namespace, folder: Path) -> None:
    if bool(args.drafts) == args.every_draft:
        raise UserError("give draft numbers or --drafts (not both)")
    if args.period and not args.every_draft:
        raise UserError("--period goes with --drafts")
    with open_data(folder):
        _check_date(args)
        if args.every_draft:
            drafts = drafts_of(*(args.period or (None, None)))
        else:
            drafts = [draft(_draft_id(text)) for text in args.drafts]
        if not drafts:
            raise UserError("There are no drafts to issue.")
        _issue(drafts, args)


def _check_date(args: argparse.Namespace) -> None:
    try:
        check_issue_date(args.date or clock.today(), args.confirm_date)
    except FarIssueDate as problem:
        raise UserError(f"{problem} Add --confirm-date to issue with it anyway.") from None


def _issue(drafts: list[Invoice], args: argparse.Namespace) -> None:
    """Issue the drafts in order, each in its own transaction, after checking they all can be."""
    check_ready(drafts)
    for invoice in drafts:
        try:
            issued = issue_invoice(invoice.id, args.date or clock.today(), args.confirm_date)
        except AlreadyIssued:
            if args.action == "issue" and not args.every_draft:
                raise
            continue  # another Microbiz issued it meanwhile: a month end running beside us
        print(f"Issued {issued.number} to {issued.payer_name}: {format_money(issued.total_pence)}")


def _for_client(invoice: Invoice, client_id: int | None) -> bool:
    return client_id is None or client_id in {client.id for client in clients_on(invoice)}


def _drafts_count(count: int) -> str:
    return f"{count} draft{'' if count == 1 else 's'}"


def _draft_id(text: str) -> int:
    """12 from "12", "D12" or "Draft 12", as `invoice list` shows a draft."""
    match = re.fullmatch(r"(?:draft\s*|d)?(\d{1,9})", text.strip(), re.IGNORECASE)
    if not match:
        raise UserError(f"'{text}' is not a draft number like 12 (see `microbiz invoice list`)")
    return int(match.group(1))


def _list_invoices(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        found = list_invoices(args.status)
    if args.json:
        print(json.dumps([_invoice_json(s) for s in found], indent=2))
        return
    for s in found:
        print(
            f"{_number(s):<10} {format_date(s.issue_date):<10}  {s.client_name}  "
            f"{format_money(s.total_pence)}  owed {format_money(s.balance_pence)}  "
            f"{INVOICE_STATUSES[s.status]}"
        )


def _number(summary: InvoiceSummary) -> str:
    """The invoice number, or "Draft 12" with the number `invoice issue` takes."""
    return f"Draft {summary.id}" if summary.status == "draft" else summary.number


def _invoice_json(summary: InvoiceSummary) -> dict[str, object]:
    def day(value: date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "number": summary.number if summary.status != "draft" else None,
        "draft": summary.id if summary.status == "draft" else None,
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
    with open_data(folder):
        if args.all:
            ids = [s.id for s in list_invoices() if s.status != "draft"]
        else:
            ids = [find_invoice(number).id for number in args.numbers]
        written = write_invoices(ids, args.out.expanduser().resolve())
    for path in written:
        print(f"Saved {path}")


def _email_invoices(args: argparse.Namespace, folder: Path) -> None:
    prepare = prepare_reminder if args.reminder else prepare_invoice
    with open_data(folder):
        outgoing = [prepare(find_invoice(number).id, args.to) for number in args.numbers]
        send(outgoing, lambda done, _: print(_sent_words(outgoing[done - 1])))


def _sent_words(email: Outgoing) -> str:
    what = "a reminder about" if email.kind == "reminder" else ""
    return f"Sent {what} {email.number} to {email.to}.".replace("  ", " ")


def _credit_invoice(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        invoice = find_invoice(args.number)
        note = credit_invoice(invoice.id, args.amount, args.reason, args.date)
        print(
            f"Issued credit note {note.number} for {format_money(note.amount_pence)} "
            f"against {invoice.number}."
        )


def _add_payment_command(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        invoice = find_invoice(args.number)
        payment = record_payment(invoice.id, args.amount, args.date, args.method, args.reference)
        summary = summary_of(invoice.id)
    print(
        f"Recorded {format_money(payment.amount_pence)} against {invoice.number}; "
        f"{format_money(summary.balance_pence)} still owed ({INVOICE_STATUSES[summary.status]})."
    )
