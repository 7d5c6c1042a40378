"""Asking before the invoice actions that cannot be taken back, shared by page and dialogs."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QWidget

from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Invoice
from microbiz.foundations.money import format_money
from microbiz.invoicing.documents import write_invoice
from microbiz.invoicing.invoices import clients_on
from microbiz.invoicing.invoices import delete_draft
from microbiz.invoicing.invoices import get_invoice
from microbiz.invoicing.invoices import issue_invoice
from ui.common import messages
from ui.common.files import open_or_warn
from ui.invoices.not_ready_dialog import READY
from ui.invoices.not_ready_dialog import NotReadyDialog
from ui.invoices.not_ready_dialog import missing_for

GoTo = Callable[[str], object]


def clients_count(count: int) -> str:
    return "1 client" if count == 1 else f"{count} clients"


def billed_words(invoice: Invoice) -> str:
    """'Margaret Brown', or for one invoice per payer 'Leeds City Council (3 clients)'."""
    if not invoice.per_payer:
        return invoice.client.name
    return f"{invoice.payer_name} ({clients_count(len(clients_on(invoice)))})"


def client_names(invoice: Invoice) -> str:
    """'Margaret Brown', or every client on a per-payer invoice: 'Jean O'Neill, Bill Hart'."""
    return ", ".join(client.name for client in clients_on(invoice))


def draft_words(invoice: Invoice) -> str:
    """'the draft for Margaret Brown (£240.00)'."""
    return f"the draft for {billed_words(invoice)} ({format_money(invoice.total_pence)})"


def ready_to_issue(
    parent: QWidget | None, invoice_ids: Sequence[int], go_to: GoTo | None = None
) -> bool:
    """True when nothing is missing; else say what is, and pass a chosen page to `go_to`."""
    if not missing_for(invoice_ids):
        return True
    choice = NotReadyDialog.ask(parent, invoice_ids)
    if choice == READY:
        return True
    if choice is not None and go_to is not None:
        go_to(choice)
    return False


def issue_question(invoice: Invoice, today: date) -> str:
    return (
        f"Issue {draft_words(invoice)}, dated {format_date(today)}?\n\n"
        "It gets the next invoice number. After that it cannot be changed or deleted: "
        "a mistake is put right with a credit note."
    )


def issue_draft(
    parent: QWidget | None, invoice_id: int, today: date, go_to: GoTo | None = None
) -> Invoice | None:
    """Check, ask, then issue the draft; the issued invoice, or None if not issued.

    If something is missing the not-ready dialog says what; a page chosen there to add it
    (like "settings") goes to `go_to`.
    """
    if not ready_to_issue(parent, [invoice_id], go_to):
        return None
    invoice = get_invoice(invoice_id)
    if not messages.confirm(parent, "Issue invoice?", issue_question(invoice, today), "Issue"):
        return None
    try:
        return issue_invoice(invoice_id, today)
    except UserError as problem:
        messages.warn(parent, "Invoice not issued", str(problem))
        return None


def delete_draft_asking(parent: QWidget | None, invoice_id: int) -> str | None:
    """Ask, then delete the draft; what was deleted in words, or None if kept."""
    invoice = get_invoice(invoice_id)
    words = draft_words(invoice)
    question = (
        f"Delete {words}?\n\nIts visits can be invoiced again later. No invoice number is used up."
    )
    if not messages.confirm(parent, "Delete draft?", question, "Delete draft"):
        return None
    try:
        delete_draft(invoice_id)
    except UserError as problem:
        messages.warn(parent, "Draft not deleted", str(problem))
        return None
    return words


def open_invoice_pdf(parent: QWidget | None, invoice_id: int, folder: Path) -> Path | None:
    """Write the issued invoice's PDF into `folder` and open it; the file, or None."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = write_invoice(invoice_id, folder)
    except (UserError, OSError) as problem:
        messages.warn(parent, "PDF not saved", str(problem))
        return None
    open_or_warn(
        parent, path, "PDF not opened", f"The PDF is saved as {path}, but could not be opened."
    )
    return path


def open_folder(parent: QWidget | None, folder: Path) -> None:
    """Show the folder in the computer's file manager, making it first if need be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as problem:
        messages.warn(parent, "Folder not opened", str(problem))
        return
    open_or_warn(parent, folder, "Folder not opened", f"Your invoices are in {folder}.")
