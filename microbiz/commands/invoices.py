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
from microbiz.foundations import clock
from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import UserError
from microbiz.foundations.money import format_money
from microbiz.foundations.money import format_money_plain
from microbiz.invoicing.documents import write_invoices
from microbiz.invoicing.invoices import GROUPINGS
from microbiz.invoicing.invoices import PER
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
    generate.add_argument("--issue", action="store_true", help="issue the drafts at once")
    generate.add_argument("--date", type=date_arg, metavar="D", help="issue date (today)")
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
    credit.add_argument(
        "--date", type=date_arg, metavar="D", help="date of the credit note (today)"
    )
    credit.set_defaults(run=_credit_invoice)


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
    first = date(int(match.group(1)), int(match.group(2)), 1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def _generate_invoices(args: argparse.Namespace, folder: Path) -> None:
    first, last = args.period
    with open_data(folder):
        chosen = [find_client(args.client).id] if args.client else None
        batch = generate_drafts(first, last, args.group, chosen, per=args.per)
        for name, reason in batch.skipped:
            print(f"Skipped {name}: {reason}.")
        count = len(batch.invoices)
        drafts = f"{count} draft{'' if count == 1 else 's'}"
        print(f"Made {drafts}, {format_money(batch.total_pence)} in all.")
        if args.issue:
            check_ready(batch.invoices)
            for invoice in batch.invoices:
                issued = issue_invoice(invoice.id, args.date or clock.today())
                total = format_money(issued.total_pence)
                print(f"Issued {issued.number} to {issued.payer_name}: {total}")


def _list_invoices(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
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
    with open_data(folder):
        if args.all:
            ids = [s.id for s in list_invoices() if s.status != "draft"]
        else:
            ids = [find_invoice(number).id for number in args.numbers]
        written = write_invoices(ids, args.out.expanduser().resolve())
    for path in written:
        print(f"Saved {path}")


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
