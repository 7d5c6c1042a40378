"""The lines of a bank statement, each with the invoice it pays or the expense it becomes."""

from __future__ import annotations

from collections.abc import Mapping

from microbiz.foundations.dates import format_date
from microbiz.foundations.money import format_money
from microbiz.invoicing.bank_statements import Proposal
from microbiz.tax.expenses import CATEGORY_LABELS
from ui.common.table_model import TextTableModel

DATE, DESCRIPTION, AMOUNT, INVOICE, WHAT = range(5)


def what_happens(proposal: Proposal, chosen: int | None, category: str | None) -> str:
    """What recording will do with the line, in words."""
    if proposal.seen:
        return "Imported before: skipped"
    if category is not None:
        return f"Kept as an expense: {CATEGORY_LABELS[category]}"
    if not proposal.line.is_credit:
        return "Money out: not kept"
    if chosen is not None:
        sure = proposal.confidence if chosen == proposal.invoice_id else "your choice"
        return f"Recorded as a payment ({sure})"
    if proposal.invoice_id is not None:
        match = f"{proposal.confidence} match {proposal.invoice_number} ({proposal.why})"
        return f"Not recorded: {match}; choose it to record it"
    return f"Not recorded: {proposal.why}" if proposal.why else "Not recorded"


class BankLinesModel(TextTableModel):
    headers = ("Date", "Description", "Amount", "Invoice", "What happens")
    number_columns = (AMOUNT,)
    long_columns = (DESCRIPTION, WHAT)

    def show(
        self,
        proposals: list[Proposal],
        matches: Mapping[int, int],
        expenses: Mapping[int, str],
        numbers: Mapping[int, str],
    ) -> None:
        """One row a line: `matches` by position to invoice ids, `expenses` to categories."""
        rows = []
        for at, proposal in enumerate(proposals):
            line = proposal.line
            chosen = matches.get(at)
            rows.append(
                (
                    format_date(line.day),
                    line.description,
                    format_money(line.amount_pence),
                    numbers.get(chosen, ""),
                    what_happens(proposal, chosen, expenses.get(at)),
                )
            )
        self.set_rows(rows)
