"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives, for email tests.

It accepts the user name "sam" with the password "right" and refuses any other password.
"""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from contextlib import contextmanager

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from aiosmtpd.smtp import LoginPassword

PASSWORD = "right"


class Inbox:
    """Keeps every message the server accepts, as (recipients, parsed message)."""

    def __init__(self) -> None:
        self.messages = []
        self.port = 0

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos, parsed))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _only_sam(server, session, envelope, mechanism, auth_data):
    good = isinstance(auth_data, LoginPassword) and auth_data.password == PASSWORD.encode()
    return AuthResult(success=good, handled=False)


@contextmanager
def smtp_inbox() -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=free_port(), authenticator=_only_sam,
        auth_require_tls=False,
    )  # fmt: skip
    controller.start()
    inbox.port = controller.port
    try:
        yield inbox
    finally:
        controller.stop()


def use_inbox(business, inbox: Inbox, monkeypatch) -> None:
    """Point the business's mail settings at `inbox`, with the right password."""
    from microbiz.invoicing.emailing import save_mail_settings

    business.email = "sam@kindhands.example"
    business.save()
    monkeypatch.setenv("MICROBIZ_SMTP_PASSWORD", PASSWORD)
    save_mail_settings(
        {"host": "127.0.0.1", "port": str(inbox.port), "security": "none", "user": "sam"}
    )
