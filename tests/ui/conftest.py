"""GUI test set-up: offscreen Qt, message boxes answered without a modal loop, sample clients."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dataclasses import dataclass  # noqa: E402
from dataclasses import field  # noqa: E402

import pytest  # noqa: E402

from microbiz.clients import ClientForm  # noqa: E402
from microbiz.clients import save_client  # noqa: E402
from microbiz.clients import set_client_status  # noqa: E402
from microbiz.models import Client  # noqa: E402
from ui import messages  # noqa: E402


@dataclass
class Answers:
    """How the fake message boxes answer, and what they were asked."""

    confirm: bool = True
    save: str = messages.DISCARD
    asked: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@pytest.fixture(autouse=True)
def answers(monkeypatch) -> Answers:
    """No real message box ever opens in a test; each question gets the answer set here."""
    given = Answers()

    def confirm(parent, title, text, action):
        given.asked.append(text)
        return given.confirm

    def warn(parent, title, text):
        given.warnings.append(text)

    def ask_save(parent, title, text):
        given.asked.append(text)
        return given.save

    monkeypatch.setattr(messages, "confirm", confirm)
    monkeypatch.setattr(messages, "warn", warn)
    monkeypatch.setattr(messages, "tell", warn)
    monkeypatch.setattr(messages, "ask_save", ask_save)
    return given


@pytest.fixture
def clients(business) -> dict[str, Client]:
    """Four clients with different funding, payers and statuses, by first name."""
    made = {
        "margaret": save_client(
            ClientForm(
                name="Margaret Brown",
                address="4 Mill Lane\nOtley",
                postcode="LS21 1AB",
                contracted_hours="12.5",
                weekday_rate="19.50",
            )
        ),
        "arthur": save_client(
            ClientForm(
                name="Arthur Patel",
                funding_route="direct_payment",
                payer_kind="managed_account",
                payer_name="Penderels Trust",
                contracted_hours="20",
                weekday_rate="18.00",
            )
        ),
        "jean": save_client(
            ClientForm(
                name="Jean O'Neill",
                funding_route="council",
                payer_kind="council",
                payer_name="Leeds City Council",
                contracted_hours="8",
            )
        ),
        "david": save_client(ClientForm(name="David Okafor", funding_route="nhs")),
    }
    set_client_status(made["david"].id, "paused")
    return {name: Client.get_by_id(client.id) for name, client in made.items()}
