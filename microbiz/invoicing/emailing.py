"""Issued invoices and payment reminders by email, with the invoice PDF attached.

Mail goes through the business's own mail server. Its password is never in the database:
it comes from MICROBIZ_SMTP_PASSWORD, or from the computer's keyring.
"""

from __future__ import annotations

import os
import smtplib
import socket
import ssl
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr
from email.utils import make_msgid
from pathlib import Path

from microbiz.foundations import clock
from microbiz.foundations.business import get_business
from microbiz.foundations.business import require_business
from microbiz.foundations.dates import format_date
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Business
from microbiz.foundations.models import InvoiceEmail
from microbiz.foundations.models import database
from microbiz.foundations.money import format_money
from microbiz.foundations.validation import Fields
from microbiz.invoicing.invoices import get_invoice
from microbiz.invoicing.payments import InvoiceSummary
from microbiz.invoicing.payments import list_invoices
from microbiz.invoicing.payments import summary_of

SECURITY = {
    "starttls": "STARTTLS (usually port 587)",
    "ssl": "SSL/TLS (usually port 465)",
    "none": "None (only for a server on this computer)",
}
PASSWORD_VARIABLE = "MICROBIZ_SMTP_PASSWORD"
KEYRING_SERVICE = "Microbiz mail server"
TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class MailSettings:
    """The mail server invoices are sent through."""

    host: str
    port: int
    security: str
    user: str


def mail_settings(business: Business | None = None) -> MailSettings:
    """The saved settings; the defaults before the business is set up."""
    business = business or get_business()
    if business is None:
        return MailSettings("", 587, "starttls", "")
    return MailSettings(
        business.smtp_host, business.smtp_port, business.smtp_security, business.smtp_user
    )


def save_mail_settings(changes: dict[str, str]) -> MailSettings:
    """Change the settings named in `changes` (host, port, security, user); all or nothing."""
    business = require_business()
    typed = {
        "host": business.smtp_host,
        "port": str(business.smtp_port),
        "security": business.smtp_security,
        "user": business.smtp_user,
        **changes,
    }
    check = Fields()
    host = check.text("host", "Mail server", typed["host"])
    if any(ch.isspace() for ch in host):
        check.fail("host", "Mail server: give a name like smtp.example.com, with no spaces.")
    port = typed["port"].strip()
    if not port.isdigit() or not 1 <= int(port) <= 65535:
        check.fail("port", "Mail server port: give a number from 1 to 65535, like 587.")
    if typed["security"] not in SECURITY:
        check.fail("security", f"Mail security: choose one of {', '.join(SECURITY)}.")
    user = check.text("user", "Mail user name", typed["user"])
    check.done()
    with database.atomic():
        business.smtp_host, business.smtp_port = host, int(port)
        business.smtp_security, business.smtp_user = typed["security"], user
        business.save()
    return mail_settings(business)


def remember_password(settings: MailSettings, password: str) -> None:
    """Keep the mail password in the computer's keyring (never in the database)."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, _keyring_name(settings), password)
    except KeyringError:
        raise UserError(
            f"This computer has no keyring to keep the password in; set {PASSWORD_VARIABLE} "
            "instead."
        ) from None


def _password(settings: MailSettings) -> str | None:
    if PASSWORD_VARIABLE in os.environ:
        return os.environ[PASSWORD_VARIABLE]
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, _keyring_name(settings))
    except KeyringError:
        return None


def _keyring_name(settings: MailSettings) -> str:
    return f"{settings.user}@{settings.host}"


@dataclass(frozen=True)
class Outgoing:
    """An email ready to send, whose address and words the user may change first."""

    invoice_id: int
    number: str
    kind: str  # "invoice" or "reminder"
    payer_name: str
    to: str  # "" when the payer has no email address yet
    subject: str
    body: str


def prepare_invoice(invoice_id: int, to: str | None = None) -> Outgoing:
    """The email that sends an issued invoice to its payer."""
    business, invoice, summary = _issued(invoice_id)
    subject = f"Invoice {summary.number} from {business.trading_name}"
    body = (
        f"Dear {summary.payer_name},\n\n"
        f"Please find attached invoice {summary.number} for "
        f"{format_date(summary.period_start)} to {format_date(summary.period_end)}: "
        f"{format_money(summary.total_pence - summary.credited_pence)}.\n"
        f"{_still_owed(summary)}\n\n"
        f"Thank you,\n{_signature(business)}"
    )
    to = (to or invoice.payer_email).strip()
    return Outgoing(invoice_id, summary.number, "invoice", summary.payer_name, to, subject, body)


def _still_owed(summary: InvoiceSummary) -> str:
    if summary.balance_pence <= 0:
        return "It is paid in full: this copy is for your records."
    owed = format_money(summary.balance_pence)
    return (
        f"{owed} is due by {format_date(summary.due_date)}. How to pay is on the invoice; "
        "please quote its number."
    )


def prepare_reminder(invoice_id: int, to: str | None = None) -> Outgoing:
    """A polite reminder about an overdue invoice, stating all the payer owes."""
    business, invoice, summary = _issued(invoice_id)
    if summary.status != "overdue":
        raise UserError(f"{summary.number} is not overdue, so there is nothing to remind about.")
    owed = [s for s in list_invoices("overdue") if s.payer_name == summary.payer_name]
    subject = f"Payment reminder: invoice {summary.number} from {business.trading_name}"
    body = (
        f"Dear {summary.payer_name},\n\n"
        "Our records show these invoices are past their due date and not yet paid:\n\n"
        + "".join(_owed_line(s) for s in owed)
        + f"\nTotal owed: {format_money(sum(s.balance_pence for s in owed))}\n\n"
        f"Invoice {summary.number} is attached again. If you have paid already, thank you, "
        "and please ignore this reminder.\n\n"
        f"With best wishes,\n{_signature(business)}"
    )
    to = (to or invoice.payer_email).strip()
    return Outgoing(invoice_id, summary.number, "reminder", summary.payer_name, to, subject, body)


def _owed_line(summary: InvoiceSummary) -> str:
    return (
        f"  {summary.number}, due {format_date(summary.due_date)}: "
        f"{format_money(summary.balance_pence)} ({summary.days_overdue} days overdue)\n"
    )


def _issued(invoice_id: int):
    business = require_business()
    invoice = get_invoice(invoice_id)
    if not invoice.issued:
        raise UserError("That invoice is a draft: issue it before sending it.")
    return business, invoice, summary_of(invoice_id)


def check_addresses(outgoing: list[Outgoing]) -> None:
    """Each email has one plain address (so no other header or recipient can slip in)."""
    check = Fields()
    for email in outgoing:
        if not email.to:
            check.fail(
                "to",
                f"{email.number}: there is no email address for {email.payer_name}; "
                "add one to the client or give one to send to.",
            )
        check.email("to", f"{email.number}: Send to", email.to)
    check.done()


def _signature(business: Business) -> str:
    lines = [business.owner_name, business.trading_name, business.phone]
    return "\n".join(line for line in lines if line.strip())


def send(outgoing: list[Outgoing], progress: Callable[[int, int], None] | None = None) -> int:
    """Send each email through one connection, recording each as it goes; returns how many.

    If one fails, those before it stay sent (and recorded) and the error names the one
    that failed; nothing is recorded for it.
    """
    from microbiz.invoicing.documents import write_invoice  # reportlab: only when sending

    check_addresses(outgoing)
    business = require_business()
    sender = _sender(business)
    settings = mail_settings(business)
    with (
        tempfile.TemporaryDirectory(prefix="microbiz-mail-") as folder,
        _connected(settings) as server,
    ):
        for done, email in enumerate(outgoing, start=1):
            message = _message(email, sender, write_invoice(email.invoice_id, Path(folder)))
            _send_one(server, message, email)
            _record(email)
            if progress:
                progress(done, len(outgoing))
    return len(outgoing)


@dataclass(frozen=True)
class EmailBatch:
    """What emailing a batch of issued invoices did."""

    sent: list[Outgoing]
    no_address: list[Outgoing]


def email_invoices(invoice_ids: list[int], progress: Callable[[int, int], None] | None = None):
    """Email each issued invoice to its payer; those with no address are left out and listed."""
    prepared = [prepare_invoice(invoice_id) for invoice_id in invoice_ids]
    ready = [email for email in prepared if email.to]
    if ready:
        send(ready, progress)
    return EmailBatch(ready, [email for email in prepared if not email.to])


def _sender(business: Business) -> str:
    if not business.email.strip():
        raise UserError("Your email address: add it in Settings before sending invoices.")
    if not business.smtp_host.strip():
        raise UserError("Mail server: add it in Settings before sending invoices.")
    return formataddr((business.trading_name, business.email.strip()))


def _message(email: Outgoing, sender: str, pdf: Path) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = email.to
    message["Subject"] = email.subject
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].rstrip(">"))
    message.set_content(email.body)
    message.add_attachment(
        pdf.read_bytes(), maintype="application", subtype="pdf", filename=pdf.name
    )
    return message


def _connect(settings: MailSettings) -> smtplib.SMTP:
    """A connection, secured and logged in as the settings say; closed again if that fails."""
    server = None
    try:
        if settings.security == "ssl":
            context = ssl.create_default_context()
            server = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=TIMEOUT_SECONDS, context=context
            )
        else:
            server = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS)
            if settings.security == "starttls":
                server.starttls(context=ssl.create_default_context())
        if settings.user:
            server.login(settings.user, _needed_password(settings))
    except BaseException:
        if server is not None:
            server.close()
        raise
    return server


def _connected(settings: MailSettings) -> smtplib.SMTP:
    where = f"{settings.host}:{settings.port}"
    try:
        return _connect(settings)
    except smtplib.SMTPAuthenticationError:
        raise UserError(
            f"The mail server {where} refused the user name or password; nothing was sent."
        ) from None
    except (OSError, smtplib.SMTPException) as problem:
        raise UserError(
            f"Could not use the mail server {where}: {_why(problem)}. Nothing was sent."
        ) from None


def _why(problem: BaseException) -> str:
    """What went wrong with the connection, in words, with what to check in Settings."""
    if isinstance(problem, ConnectionRefusedError):
        return "it turned the connection away (check the port in Settings)"
    if isinstance(problem, socket.gaierror):
        return "no server has that name (check the mail server in Settings)"
    if isinstance(problem, TimeoutError):
        return "it did not answer (check the server and port, and your internet connection)"
    if isinstance(problem, ssl.SSLError | smtplib.SMTPNotSupportedError):
        return "the secure connection failed (check Security in Settings)"
    return f"it said: {problem}"


def _needed_password(settings: MailSettings) -> str:
    password = _password(settings)
    if password is None:
        raise UserError(
            f"Mail password: none is saved for {settings.user}; save it in Settings "
            f"(or set {PASSWORD_VARIABLE})."
        )
    return password


def _send_one(server: smtplib.SMTP, message: EmailMessage, email: Outgoing) -> None:
    try:
        server.send_message(message)
    except smtplib.SMTPRecipientsRefused:
        raise UserError(
            f"{email.number}: the mail server refused the address {email.to}; not sent."
        ) from None
    except (OSError, smtplib.SMTPException) as problem:
        raise UserError(f"{email.number}: sending failed ({problem}); not sent.") from None


def _record(email: Outgoing) -> None:
    with database.atomic():
        InvoiceEmail.create(
            invoice=email.invoice_id, kind=email.kind, address=email.to, sent_at=clock.now()
        )


def emails_of(invoice_id: int) -> list[InvoiceEmail]:
    """Each time the invoice, or a reminder about it, was emailed; oldest first."""
    return list(
        InvoiceEmail.select()
        .where(InvoiceEmail.invoice == get_invoice(invoice_id))
        .order_by(InvoiceEmail.sent_at, InvoiceEmail.id)
    )
