"""Importing a bank statement: credits recorded as payments, debits kept as expenses.

The user (or `--apply`) chooses which lines become what; everything chosen is saved in
one transaction, and each line is remembered so a later import skips it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass

from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import database
from microbiz.foundations.money import format_money_plain
from microbiz.invoicing.bank_statements import APPLIED
from microbiz.invoicing.bank_statements import Proposal
from microbiz.invoicing.bank_statements import already_imported
from microbiz.invoicing.bank_statements import record_line_payment
from microbiz.invoicing.bank_statements import remember_line
from microbiz.records.matching import SHORT_NAMES
from microbiz.tax.expenses import CATEGORY_LABELS
from microbiz.tax.expenses import ExpenseForm
from microbiz.tax.expenses import save_expense

# Suppliers whose name alone says the category; anything else is suggested as "other".
SUPPLIERS = {
    **dict.fromkeys(("vodafone", "ee", "o2", "giffgaff", "bt", "ryman", "royal mail"), "office"),
    **dict.fromkeys(("shell", "bp", "esso", "texaco", "trainline", "ringgo", "ncp"), "travel"),
    **dict.fromkeys(("hiscox", "simply business"), "premises"),
    **dict.fromkeys(("overdraft interest", "interest charged"), "interest"),
    **dict.fromkeys(("account fee", "monthly fee", "bank charges"), "bank_charges"),
}
Progress = Callable[[int, int], None]


def suggest_category(description: str) -> str:
    """The HMRC category a debit's words make plain (a supplier or a short name); else "other"."""
    words = " ".join(re.findall(r"[a-z0-9]+", description.casefold()))
    named = {**SHORT_NAMES["category"], **SUPPLIERS}
    for name, category in named.items():
        if re.search(rf"\b{re.escape(name)}\b", words):
            return category
    return "other"


def confident_matches(proposals: list[Proposal]) -> dict[int, int]:
    """The lines `--apply` records: certain and likely matches, by position."""
    return {
        at: proposal.invoice_id
        for at, proposal in enumerate(proposals)
        if proposal.confidence in APPLIED and proposal.invoice_id is not None
    }


@dataclass(frozen=True)
class ImportDone:
    payments: int
    expenses: int


def apply_import(
    proposals: list[Proposal],
    matches: Mapping[int, int],
    expenses: Mapping[int, str],
    progress: Progress | None = None,
) -> ImportDone:
    """Record the chosen payments and expenses, all or none; UserError for a line seen before."""
    chosen = sorted({*matches, *expenses})
    with database.atomic("IMMEDIATE"):
        for done, at in enumerate(chosen):
            proposal = proposals[at]
            if already_imported(proposal.line, proposal.occurrence):
                raise UserError(f"Line {proposal.line.number} was imported before; nothing saved.")
            if at in matches:
                _check_credit(proposal)
                record_line_payment(proposal, matches[at])
            else:
                _keep_expense(proposal, expenses[at])
            if progress is not None:
                progress(done + 1, len(chosen))
    return ImportDone(len(matches), len(expenses))


def _check_credit(proposal: Proposal) -> None:
    if not proposal.line.is_credit:
        raise UserError(f"Line {proposal.line.number} is money out, not a payment received.")


def _keep_expense(proposal: Proposal, category: str) -> None:
    """The debit saved as an expense paid that day, and remembered."""
    line = proposal.line
    if line.is_credit:
        raise UserError(f"Line {line.number} is money in, not an expense.")
    if category not in CATEGORY_LABELS:
        raise UserError(f"Line {line.number}: '{category}' is not an expense category.")
    form = ExpenseForm(
        spent_on=format_date(line.day),
        amount=format_money_plain(-line.amount_pence),
        category=category,
        description=line.description or "Bank payment",
    )
    remember_line(line, proposal.occurrence, expense=save_expense(form))
