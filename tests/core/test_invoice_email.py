"""Invoices and reminders by email, sent to a real SMTP server on 127.0.0.1 (aiosmtpd)."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader
from smtp_support import free_port
from smtp_support import smtp_inbox
from smtp_support import use_inbox

from microbiz.cli import main
from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.foundations import db as database
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import InvoiceEmail
from microbiz.foundations.paths import database_path
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import save_visit
from microbiz.invoicing.emailing import email_invoices
from microbiz.invoicing.emailing import emails_of
from microbiz.invoicing.emailing import prepare_invoice
from microbiz.invoicing.emailing import prepare_reminder
from microbiz.invoicing.emailing import remember_password
from microbiz.invoicing.emailing import save_mail_settings
from microbiz.invoicing.emailing import send
from microbiz.invoicing.invoices import create_draft
from microbiz.invoicing.invoices import issue_invoice
from microbiz.invoicing.payments import record_payment


@pytest.fixture
def inbox():
    with smtp_inbox() as server:
        yield server


@pytest.fixture
def mail(business, inbox, monkeypatch):
    use_inbox(business, inbox, monkeypatch)
    return inbox


def issued_invoice(name, email_address, month=11):
    client = save_client(
        ClientForm(name=name, weekday_rate="18", email=email_address, address="1 Leeds Road")
    )
    day = f"02/{month:02d}/2026"
    form = VisitForm(client.id, support_visit_type(client).id, day, "09:00", "11:00")
    save_visit(form, allow_overlap=True)
    first, last = date(2026, month, 1), date(2026, month, 30 if month == 11 else 31)
    return issue_invoice(create_draft(client.id, first, last).id, last)


def test_an_invoice_arrives_with_its_pdf_and_the_send_is_recorded(mail, tmp_path):
    invoice = issued_invoice("Margaret Brown", "margaret@brown.example")
    outgoing = prepare_invoice(invoice.id)
    assert outgoing.subject == f"Invoice {invoice.number} from Kind Hands Care"
    assert "30/11/2026: £36.00.\n£36.00 is due by 14/12/2026." in outgoing.body
    assert send([outgoing]) == 1
    [(recipients, message)] = mail.messages
    assert recipients == ["margaret@brown.example"]
    assert message["Subject"] == outgoing.subject
    assert message["From"] == "Kind Hands Care <sam@kindhands.example>"
    attachment = next(message.iter_attachments())
    assert attachment.get_filename() == f"{invoice.number}.pdf"
    pdf = tmp_path / "got.pdf"
    pdf.write_bytes(attachment.get_content())
    assert invoice.number in PdfReader(pdf).pages[0].extract_text()
    [sent] = emails_of(invoice.id)
    assert (sent.kind, sent.address) == ("invoice", "margaret@brown.example")


def test_an_edited_address_and_message_are_what_is_sent(mail):
    invoice = issued_invoice("Margaret Brown", "margaret@brown.example")
    outgoing = prepare_invoice(invoice.id, to="son@brown.example")
    edited = outgoing.__class__(**{**outgoing.__dict__, "body": "Hello, Mum's invoice."})
    send([edited])
    [(recipients, message)] = mail.messages
    assert recipients == ["son@brown.example"]
    assert message.get_body(("plain",)).get_content().strip() == "Hello, Mum's invoice."


def test_a_reminder_states_everything_the_payer_owes(mail):
    october = issued_invoice("Harold Wood", "harold@wood.example", month=10)
    reminder = prepare_reminder(october.id)
    assert reminder.subject.startswith(f"Payment reminder: invoice {october.number}")
    assert f"{october.number}, due 14/11/2026: £36.00 (11 days overdue)" in reminder.body
    assert "Total owed: £36.00" in reminder.body
    send([reminder])
    assert emails_of(october.id)[0].kind == "reminder"
    current = issued_invoice("Joan Hirst", "joan@hirst.example")
    with pytest.raises(UserError, match="is not overdue"):
        prepare_reminder(current.id)


def test_a_refused_login_is_one_line_and_nothing_is_marked_sent(mail, monkeypatch):
    invoice = issued_invoice("Margaret Brown", "margaret@brown.example")
    monkeypatch.setenv("MICROBIZ_SMTP_PASSWORD", "wrong")
    with pytest.raises(UserError, match="refused the user name or password; nothing was sent"):
        send([prepare_invoice(invoice.id)])
    assert mail.messages == [] and InvoiceEmail.select().count() == 0


def test_no_server_listening_is_a_plain_error(business, monkeypatch):
    business.email = "sam@kindhands.example"
    business.save()
    save_mail_settings({"host": "127.0.0.1", "port": str(free_port()), "security": "none"})
    invoice = issued_invoice("Margaret Brown", "margaret@brown.example")
    with pytest.raises(UserError, match=r"127.0.0.1:\d+: it turned the connection away \(check"):
        send([prepare_invoice(invoice.id)])
    assert InvoiceEmail.select().count() == 0


def test_missing_addresses_and_drafts_are_refused(mail):
    invoice = issued_invoice("Margaret Brown", "")
    with pytest.raises(ValidationError, match="there is no email address for Margaret Brown"):
        send([prepare_invoice(invoice.id)])
    with pytest.raises(ValidationError, match="not a valid email address"):
        send([prepare_invoice(invoice.id, to="a@b.example\nBcc: x@y.example")])
    assert mail.messages == [] and InvoiceEmail.select().count() == 0
    client = save_client(ClientForm(name="Joan Hirst", weekday_rate="18"))
    save_visit(VisitForm(client.id, support_visit_type(client).id, "03/11/2026", "09:00", "10:00"))
    draft = create_draft(client.id, date(2026, 11, 1), date(2026, 11, 30))
    with pytest.raises(UserError, match="is a draft"):
        prepare_invoice(draft.id)


def test_settings_are_checked_all_or_nothing(business):
    with pytest.raises(ValidationError) as problem:
        save_mail_settings({"host": "smtp example", "port": "99999", "security": "tls"})
    text = str(problem.value)
    assert "Mail server" in text and "port" in text and "security" in text
    assert business.smtp_host == "" and business.smtp_port == 587


def test_the_email_command_sends_and_says_so(data_dir, inbox, monkeypatch, capsys):
    base = ["--data-dir", str(data_dir)]
    details = ["--trading-name", "Kind Hands Care", "--owner-name", "Sam Carter",
               "--email", "sam@kindhands.example",
               "--address", "1 Moor Lane", "--postcode", "LS6 1AL", "--account-name", "S Carter",
               "--sort-code", "12-34-56", "--account-number", "12345678"]  # fmt: skip
    mail = ["--smtp-host", "127.0.0.1", "--smtp-port", str(inbox.port), "--smtp-security", "none",
            "--smtp-user", "sam"]  # fmt: skip
    assert main([*base, "business", "set", *details, *mail]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"Mail server: 127.0.0.1:{inbox.port}, security none, user sam."
    )
    database.open_database(database_path(data_dir))
    try:
        number = issued_invoice("Margaret Brown", "margaret@brown.example").number
    finally:
        database.close_database()
    monkeypatch.setenv("MICROBIZ_SMTP_PASSWORD", "right")
    assert main([*base, "invoice", "email", number]) == 0
    assert capsys.readouterr().out.strip() == f"Sent {number} to margaret@brown.example."
    assert len(inbox.messages) == 1
    assert main([*base, "invoice", "email", number, "--reminder"]) == 1
    assert "is not overdue" in capsys.readouterr().err
    assert main([*base, "business", "set", "--smtp-port", "0"]) == 1
    assert "Mail server port: give a number from 1 to 65535" in capsys.readouterr().err


def test_without_a_keyring_the_password_is_refused_plainly(business):
    import keyring
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        settings = save_mail_settings({"host": "smtp.example.com", "user": "sam"})
        with pytest.raises(UserError, match="no keyring .* set MICROBIZ_SMTP_PASSWORD instead"):
            remember_password(settings, "secret")
    finally:
        keyring.set_keyring(before)


def test_a_batch_sends_to_those_with_an_address_and_lists_the_rest(mail):
    first = issued_invoice("Margaret Brown", "margaret@brown.example")
    second = issued_invoice("Harold Wood", "")
    done = []
    batch = email_invoices([first.id, second.id], lambda count, total: done.append((count, total)))
    assert [e.number for e in batch.sent] == [first.number]
    assert [(e.number, e.payer_name) for e in batch.no_address] == [(second.number, "Harold Wood")]
    assert done == [(1, 1)] and len(mail.messages) == 1


def test_a_paid_invoice_is_sent_as_a_copy_without_a_due_date(mail):
    invoice = issued_invoice("Margaret Brown", "margaret@brown.example")
    record_payment(invoice.id, "36.00", "01/12/2026")
    body = prepare_invoice(invoice.id).body
    assert "It is paid in full: this copy is for your records." in body
    assert "due by" not in body
