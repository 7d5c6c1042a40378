"""Invoices by email from the window: one with its words open to change, or a month's at once."""

from __future__ import annotations

from datetime import date

import pytest
from smtp_support import smtp_inbox
from smtp_support import use_inbox

from microbiz.foundations.models import Client
from microbiz.invoicing.emailing import emails_of
from microbiz.invoicing.emailing import prepare_invoice
from microbiz.invoicing.emailing import send
from microbiz.invoicing.invoices import get_invoice
from microbiz.invoicing.invoices import issue_invoice
from ui.invoices.email_dialog import EmailDialog
from ui.invoices.invoices_page import InvoicesPage
from ui.invoices.month_end_dialog import MonthEndDialog


@pytest.fixture
def inbox(business, monkeypatch):
    with smtp_inbox() as server:
        use_inbox(business, server, monkeypatch)
        yield server


def give_email(name: str, address: str) -> None:
    Client.update(email=address).where(Client.name == name).execute()


def test_the_invoice_goes_to_the_address_and_words_as_edited(
    qtbot, inbox, drafts, synchronous_runner
):
    give_email("Margaret Brown", "margaret@brown.example")
    margaret = issue_invoice(drafts["margaret"], date(2026, 11, 30))
    dialog = EmailDialog(None, margaret.id)
    qtbot.addWidget(dialog)
    assert dialog.fields.widgets["to"].text() == "margaret@brown.example"
    assert dialog.windowTitle() == f"Email invoice {get_invoice(margaret.id).number}"
    dialog.fields.widgets["to"].setText("son@brown.example")
    dialog.fields.widgets["body"].setPlainText("Mum's invoice, as promised.")
    dialog.accept()
    [(recipients, message)] = inbox.messages
    assert recipients == ["son@brown.example"]
    assert message.get_body(("plain",)).get_content().strip() == "Mum's invoice, as promised."
    assert dialog.said == f"Sent {get_invoice(margaret.id).number} to son@brown.example."
    assert [e.address for e in emails_of(margaret.id)] == ["son@brown.example"]


def test_a_missing_address_is_shown_under_it_and_nothing_is_sent(
    qtbot, inbox, issued, synchronous_runner
):
    dialog = EmailDialog(None, issued["margaret"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.fields.widgets["to"].text() == ""
    dialog.accept()
    assert dialog.isVisible() and dialog.said == ""
    problem = dialog.fields.problems["to"]
    assert not problem.isHidden() and "no email address for Margaret Brown" in problem.text()
    assert dialog.summary.text().endswith("Nothing was sent.")
    assert "saved" not in dialog.summary.text()
    assert inbox.messages == [] and emails_of(issued["margaret"]) == []


def test_month_end_emails_the_issued_invoices_and_names_those_left_out(
    qtbot, tmp_path, inbox, november, synchronous_runner, answers
):
    give_email("Margaret Brown", "margaret@brown.example")
    dialog = MonthEndDialog(None, tmp_path / "invoices", today=date(2026, 12, 3))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.make_drafts()
    dialog.issue_all()
    assert dialog.buttons["email"].isVisible()
    dialog.email_all()
    assert "Email 2 invoices to their payers" in answers.asked[-1]
    assert [recipients for recipients, _ in inbox.messages] == [["margaret@brown.example"]]
    assert dialog.status.text() == (
        "Emailed 1 invoice. Not emailed, with no email address: Leeds City Council (INV-0001)."
    )
    assert not dialog.buttons["email"].isEnabled()


def test_the_invoices_page_emails_the_selected_invoice_and_shows_the_sends(
    qtbot, tmp_path, inbox, issued, monkeypatch
):
    asked = []

    def email(cls, parent, invoice_id, reminder=False):
        asked.append(reminder)
        send([prepare_invoice(invoice_id, "care@leeds.example")])
        return "Sent."

    monkeypatch.setattr(EmailDialog, "ask", classmethod(email))
    page = InvoicesPage(tmp_path / "invoices")
    qtbot.addWidget(page)
    page.refresh()
    page.select_invoice(issued["jean"])
    assert page.buttons["email"].isEnabled() and page.sent.isHidden()
    page.buttons["email"].click()
    assert asked == [False] and len(inbox.messages) == 1
    assert page.sent.text() == "Emailed: INV-0001 to care@leeds.example on 25/11/2026."
    assert not page.sent.isHidden()
