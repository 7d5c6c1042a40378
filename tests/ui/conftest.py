"""GUI test set-up: offscreen Qt, message boxes answered without a modal loop, sample clients."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dataclasses import dataclass  # noqa: E402
from dataclasses import field  # noqa: E402
from datetime import date  # noqa: E402

import pytest  # noqa: E402

from microbiz.clients.details import ClientForm  # noqa: E402
from microbiz.clients.details import save_client  # noqa: E402
from microbiz.clients.details import set_client_status  # noqa: E402
from microbiz.clients.details import support_visit_type  # noqa: E402
from microbiz.foundations.models import Client  # noqa: E402
from microbiz.hours.visits import VisitForm  # noqa: E402
from microbiz.hours.visits import save_visit  # noqa: E402
from microbiz.invoicing.invoices import generate_drafts  # noqa: E402
from microbiz.invoicing.invoices import issue_invoice  # noqa: E402
from ui import app  # noqa: E402
from ui.common import desktop  # noqa: E402
from ui.common import messages  # noqa: E402
from ui.common.runner import Runner  # noqa: E402


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


@pytest.fixture(autouse=True)
def no_crash_box(request, monkeypatch):
    """An unexpected error while a test runs the app fails the test instead of opening a modal
    box that would wait for a click (tests of the box itself mark qt_no_exception_capture)."""
    if request.node.get_closest_marker("qt_no_exception_capture"):
        yield
        return
    told: list = []
    monkeypatch.setattr(app, "_tell_crash", told.append)
    yield
    assert not told, f"the app reported an unexpected error, logged in {told}"


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
                payer_address="Unit 2, Sheaf Street\nLeeds",
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
                payer_address="Merrion House\nLeeds",
                contracted_hours="8",
            )
        ),
        "david": save_client(ClientForm(name="David Okafor", funding_route="nhs")),
    }
    set_client_status(made["david"].id, "paused")
    return {name: Client.get_by_id(client.id) for name, client in made.items()}


@pytest.fixture
def synchronous_runner():
    """Background jobs run at once on the test's thread; the real thread pool afterwards."""
    before = Runner.run_now
    Runner.run_now = True
    yield Runner
    Runner.run_now = before


@pytest.fixture(autouse=True)
def opened(monkeypatch) -> list:
    """No test opens a real PDF viewer or file manager; this lists what would have opened."""
    asked: list = []

    def open_path(path):
        asked.append(path)
        return True

    monkeypatch.setattr(desktop, "open_path", open_path)
    return asked


NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))
MONTH_END = date(2026, 11, 30)


def add_visit(client: Client, day: str, start: str = "09:00", end: str = "11:00"):
    form = VisitForm(client.id, support_visit_type(client).id, day, start, end)
    return save_visit(form, allow_overlap=True)


@pytest.fixture
def november(business) -> dict[str, Client]:
    """Three clients: two with November 2026 visits to invoice, one with none.

    Margaret pays for herself (£18 an hour: £72.00 for two visits); Leeds City Council
    pays for Jean (£20 an hour: £40.00); Arthur has no visits, so month end skips him.
    """
    made = {
        "margaret": save_client(ClientForm(name="Margaret Brown", weekday_rate="18")),
        "jean": save_client(
            ClientForm(
                name="Jean O'Neill",
                funding_route="council",
                payer_kind="council",
                payer_name="Leeds City Council",
                payer_address="Merrion House\nLeeds",
                weekday_rate="20",
            )
        ),
        "arthur": save_client(ClientForm(name="Arthur Patel", weekday_rate="18")),
    }
    add_visit(made["margaret"], "02/11/2026")
    add_visit(made["margaret"], "09/11/2026")
    add_visit(made["jean"], "03/11/2026", "10:00", "12:00")
    return made


@pytest.fixture
def drafts(november) -> dict[str, int]:
    """November's drafts, by client's first name."""
    batch = generate_drafts(*NOVEMBER)
    by_name = {invoice.client.name.split()[0].lower(): invoice.id for invoice in batch.invoices}
    return by_name


@pytest.fixture
def issued(drafts) -> dict[str, int]:
    """Issued on 30/11/2026, due 14/12/2026: INV-0001 for Jean, INV-0002 for Margaret."""
    for invoice_id in (drafts["jean"], drafts["margaret"]):
        issue_invoice(invoice_id, MONTH_END)
    return drafts
