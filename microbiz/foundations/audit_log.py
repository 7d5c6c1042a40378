"""Who did what to money and personal data, and when: an append-only log.

Entries name records by number (invoice INV-0012, client 7), never by a person's name, so
erasing a client never needs the log changed; the database refuses to change or delete one.
"""

from __future__ import annotations

import getpass
import sqlite3
from datetime import date
from datetime import datetime

from microbiz.foundations import clock
from microbiz.foundations.models import AuditEntry

ACTIONS = {
    "invoice_issued": "Invoice issued",
    "credit_note": "Credit note issued",
    "payment_added": "Payment added",
    "payment_removed": "Payment removed",
    "client_added": "Client added",
    "client_edited": "Client edited",
    "client_exported": "Client's data exported",
    "client_erased": "Client erased",
    "invoices_erased": "Erased client's invoices anonymised",
    "restore": "Data restored from a backup",
    "encryption": "Encryption changed",
}


def log(action: str, description: str) -> AuditEntry:
    """Add an entry; call it inside the transaction of the change it records."""
    if action not in ACTIONS:
        raise ValueError(f"Not an audit action: {action}")
    return AuditEntry.create(at=clock.now(), who=_who(), action=action, description=description)


def log_into(conn: sqlite3.Connection, action: str, description: str) -> None:
    """Add an entry to a database open outside peewee (a backup being restored)."""
    conn.execute(
        "INSERT INTO audit_log (at, who, action, description) VALUES (?, ?, ?, ?)",
        (str(clock.now()), _who(), action, description),
    )


def _who() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        return "unknown"


def entries(since: date | None = None) -> list[AuditEntry]:
    """The log, oldest first, from the start of `since` if given."""
    query = AuditEntry.select().order_by(AuditEntry.at, AuditEntry.id)
    if since is not None:
        query = query.where(AuditEntry.at >= datetime.combine(since, datetime.min.time()))
    return list(query)


def latest(count: int) -> tuple[list[AuditEntry], int]:
    """The newest `count` entries, newest first, and how many there are in all."""
    query = AuditEntry.select().order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    return list(query.limit(count)), AuditEntry.select().count()
