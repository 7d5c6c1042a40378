"""Bank statement lines matched to owing invoices, recorded as payments, and never twice.

A credit is matched by (a) an invoice number in its description ("certain"), (b) the
invoice's payer reference there, or (c) the exact balance and a word of the payer's
name ("likely"), else (d) the exact balance of just one invoice ("possible"); never for
more than is still owed, counting earlier lines of the same statement.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from microbiz.foundations.models import BankColumnMap
from microbiz.foundations.models import BankLine as ImportedLine
from microbiz.foundations.models import Expense
from microbiz.foundations.models import Invoice
from microbiz.foundations.models import Payment
from microbiz.foundations.money import format_money
from microbiz.foundations.money import format_money_plain
from microbiz.invoicing.bank_files import BankLine
from microbiz.invoicing.bank_files import Statement
from microbiz.invoicing.bank_files import UnknownColumns
from microbiz.invoicing.bank_files import parse_column_map
from microbiz.invoicing.bank_files import read_statement
from microbiz.invoicing.payments import OWING
from microbiz.invoicing.payments import InvoiceSummary
from microbiz.invoicing.payments import list_invoices
from microbiz.invoicing.payments import record_payment

CERTAIN, LIKELY, POSSIBLE = "certain", "likely", "possible"
APPLIED = (CERTAIN, LIKELY)  # what --apply records without asking
# Words of payers' names too common to tell one payer from another.
COMMON_WORDS = {"mr", "mrs", "ms", "miss", "dr", "the", "and", "ltd", "city", "council"}
COMMON_WORDS |= {"county", "borough", "nhs", "trust", "care", "services", "limited", "of"}
SHORTEST_REFERENCE = 3
REFERENCE_LENGTH = 200


@dataclass(frozen=True)
class Proposal:
    """A line of the statement with the invoice it seems to pay, and how sure that is."""

    line: BankLine
    occurrence: int
    seen: bool = False
    invoice_id: int | None = None
    invoice_number: str = ""
    confidence: str = ""
    why: str = ""


def read_bank_statement(path: Path, columns: str = "") -> Statement:
    """The statement; a column map given is remembered for this layout, one remembered is used."""
    if columns:
        chosen = parse_column_map(columns)
        statement = read_statement(path, chosen)
        remember_columns(statement.header, chosen)
        return statement
    try:
        return read_statement(path)
    except UnknownColumns as unknown:
        remembered = remembered_columns(unknown.headings)
        if remembered is None:
            raise
        return read_statement(path, remembered)


def remember_columns(header: str, columns: dict[str, str]) -> None:
    """Keep the column map for CSV files with this heading row."""
    text = json.dumps(columns, sort_keys=True)
    BankColumnMap.insert(header=header, columns=text).on_conflict(
        conflict_target=[BankColumnMap.header], update={BankColumnMap.columns: text}
    ).execute()


def remembered_columns(headings: list[str]) -> dict[str, str] | None:
    """The column map kept for one of these heading rows, if any."""
    found = BankColumnMap.get_or_none(BankColumnMap.header.in_([h for h in headings if h]))
    return None if found is None else json.loads(found.columns)


def description_hash(description: str) -> str:
    """A hash of the description, the same whatever its case or spacing."""
    plain = " ".join(description.casefold().split())
    return hashlib.sha256(plain.encode("utf-8")).hexdigest()


def occurrences(lines: list[BankLine]) -> list[int]:
    """For each line, which of the lines with its day, amount and description it is (1, 2…)."""
    counted: Counter = Counter()
    found = []
    for line in lines:
        key = (line.day, line.amount_pence, description_hash(line.description))
        counted[key] += 1
        found.append(counted[key])
    return found


def already_imported(line: BankLine, occurrence: int) -> bool:
    return (
        ImportedLine.select()
        .where(
            ImportedLine.day == line.day,
            ImportedLine.amount_pence == line.amount_pence,
            ImportedLine.description_hash == description_hash(line.description),
            ImportedLine.occurrence == occurrence,
        )
        .exists()
    )


def remember_line(
    line: BankLine, occurrence: int, payment: Payment | None = None, expense: Expense | None = None
) -> None:
    """Note the line as imported, and what it became."""
    ImportedLine.create(
        day=line.day,
        amount_pence=line.amount_pence,
        description_hash=description_hash(line.description),
        occurrence=occurrence,
        payment=payment,
        expense=expense,
    )


def owing_invoices(today: date | None = None) -> list[InvoiceSummary]:
    """Issued invoices with something still owed on them, newest first."""
    return [s for s in list_invoices(today=today) if s.status in OWING and s.balance_pence > 0]


def propose_matches(statement: Statement, today: date | None = None) -> list[Proposal]:
    """Each line with its proposed invoice; lines imported before are marked seen."""
    owing = owing_invoices(today)
    left = {summary.id: summary.balance_pence for summary in owing}
    references = _references([summary.id for summary in owing])
    proposals = []
    for line, occurrence in zip(statement.lines, occurrences(statement.lines), strict=True):
        if already_imported(line, occurrence):
            proposals.append(Proposal(line, occurrence, seen=True, why="imported before"))
        elif not line.is_credit:
            proposals.append(Proposal(line, occurrence))
        else:
            proposal = match_credit(line, occurrence, owing, left, references)
            if proposal.invoice_id is not None:
                left[proposal.invoice_id] -= line.amount_pence
            proposals.append(proposal)
    return proposals


def _references(invoice_ids: list[int]) -> dict[int, str]:
    """Each invoice's payer reference as issued, where it is long enough to look for."""
    found = Invoice.select(Invoice.id, Invoice.payer_reference).where(Invoice.id.in_(invoice_ids))
    return {
        invoice_id: reference.strip()
        for invoice_id, reference in found.tuples()
        if len(reference.strip()) >= SHORTEST_REFERENCE
    }


def match_credit(
    line: BankLine,
    occurrence: int,
    owing: list[InvoiceSummary],
    left: dict[int, int],
    references: dict[int, str],
) -> Proposal:
    """The best match for one credit among invoices with `left` still owed on them."""
    named = [s for s in owing if _mentions(line.description, s.number)]
    if len(named) > 1:
        numbers = " and ".join(s.number for s in named)
        return Proposal(line, occurrence, why=f"names {numbers}: record it by hand")
    if named:
        return _proposal(line, occurrence, named[0], left, CERTAIN, "invoice number")
    referenced = [
        s for s in owing if s.id in references and _mentions(line.description, references[s.id])
    ]
    exact = [s for s in referenced if left[s.id] == line.amount_pence]
    chosen = exact if exact else referenced
    if len(chosen) == 1:
        return _proposal(line, occurrence, chosen[0], left, LIKELY, "payer's reference")
    same = [s for s in owing if left[s.id] == line.amount_pence]
    by_name = [s for s in same if _names_payer(line.description, s.payer_name)]
    if len(by_name) == 1:
        return _proposal(line, occurrence, by_name[0], left, LIKELY, "amount and payer's name")
    if len(same) == 1:
        return _proposal(line, occurrence, same[0], left, POSSIBLE, "amount only")
    return Proposal(line, occurrence, why="no invoice matches")


def _proposal(
    line: BankLine,
    occurrence: int,
    summary: InvoiceSummary,
    left: dict[int, int],
    confidence: str,
    by: str,
) -> Proposal:
    """A match, unless it pays more than is still owed."""
    if line.amount_pence > left[summary.id]:
        return Proposal(
            line,
            occurrence,
            why=f"{format_money(line.amount_pence)} is more than the "
            f"{format_money(left[summary.id])} still owed on {summary.number}",
        )
    return Proposal(line, occurrence, False, summary.id, summary.number, confidence, f"by {by}")


def _mentions(description: str, written: str) -> bool:
    """Whether `written` (an invoice number or reference) is in the description as a whole.

    Its punctuation may be missing or a space ("INV 0001", "INV0001").
    """
    parts = [re.escape(p) for p in re.split(r"[\W_]+", written) if p]
    if not parts:
        return False
    pattern = r"(?<![A-Za-z0-9])" + r"[\W_]?".join(parts) + r"(?![A-Za-z0-9])"
    return re.search(pattern, description, re.IGNORECASE) is not None


def _names_payer(description: str, payer_name: str) -> bool:
    """Whether a telling word of the payer's name is a word of the description."""
    words = set(re.findall(r"[a-z0-9]+", description.casefold()))
    payer = set(re.findall(r"[a-z0-9]+", payer_name.casefold())) - COMMON_WORDS
    return any(len(word) >= SHORTEST_REFERENCE and word in words for word in payer)


def record_line_payment(proposal: Proposal, invoice_id: int) -> Payment:
    """The line recorded as a bank transfer against the invoice, and remembered."""
    line = proposal.line
    payment = record_payment(
        invoice_id,
        format_money_plain(line.amount_pence),
        line.day,
        "bank_transfer",
        line.description[:REFERENCE_LENGTH],
    )
    remember_line(line, proposal.occurrence, payment=payment)
    return payment
