"""Home's refresh and search read a bounded number of queries, however much there is to read.

The count is taken with SQLite's own trace callback on the connection, so every statement
peewee sends is counted, and compared between a small business and one with several times
the clients, visits, invoices, payments, register items and checklist items.
"""

from __future__ import annotations

from datetime import date
from datetime import timedelta

from home_support import add_visit
from home_support import make_week

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.compliance.checklists import ItemForm
from microbiz.compliance.checklists import items_of
from microbiz.compliance.checklists import start_checklist
from microbiz.compliance.checklists import update_item
from microbiz.compliance.policies import PolicyForm
from microbiz.compliance.policies import save_policy
from microbiz.foundations.models import Visit
from microbiz.invoicing.invoices import generate_drafts
from microbiz.invoicing.invoices import issue_invoice
from microbiz.invoicing.payments import record_payment
from ui.home.home_page import HomePage

MORE_CLIENTS = 8
WEEKS_BACK = 6
SEPTEMBER = (date(2026, 9, 1), date(2026, 9, 30))


def statements_of(db, act) -> list[str]:
    """The SQL statements `act` sends."""
    sent: list[str] = []
    db.connection().set_trace_callback(sent.append)
    try:
        act()
    finally:
        db.connection().set_trace_callback(None)
    return sent


def grow(data_dir) -> None:
    """More clients, visits, invoices (per client and per payer), payments and things due."""
    for number in range(MORE_CLIENTS):
        council = number % 2 == 0
        client = save_client(
            ClientForm(
                name=f"Client {number}",
                address=f"{number} High Street",
                funding_route="council" if council else "self_funded",
                payer_kind="council" if council else "person",
                payer_name="Leeds City Council" if council else "",
                payer_address="Merrion House" if council else "",
                contracted_hours="6",
                weekday_rate="19",
            )
        )
        for week in range(WEEKS_BACK + 1):
            day = date(2026, 11, 23) - timedelta(weeks=week) + timedelta(days=number % 5)
            add_visit(client, f"{day:%d/%m/%Y}", "08:00", "09:00", notes=f"Visit {week}")
    for per in ("client", "payer"):
        first, last = SEPTEMBER if per == "client" else (date(2026, 10, 1), date(2026, 10, 31))
        for invoice in generate_drafts(first, last, per=per).invoices:
            issued = issue_invoice(invoice.id, last + timedelta(days=1), date_confirmed=True)
            record_payment(issued.id, "1", last + timedelta(days=5))
    for kind in ("dbs_certificate", "training_course", "employers_liability"):
        save_policy(PolicyForm(kind=kind, provider="Someone", expires_on="15/12/2026"))
    for item in items_of(start_checklist("england-start-up", data_dir, date(2026, 11, 25)))[:5]:
        update_item(item.id, ItemForm(due_on="01/12/2026"))


def home_page(qtbot, data_dir) -> HomePage:
    page = HomePage(data_dir)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_refresh_reads_as_many_queries_for_a_big_business_as_a_small_one(
    qtbot, db, business, data_dir
):
    make_week()
    page = home_page(qtbot, data_dir)
    small = statements_of(db, page.refresh)
    visits_before = Visit.select().count()
    grow(data_dir)
    assert Visit.select().count() > 5 * visits_before
    big = statements_of(db, page.refresh)
    assert page.visits_model.rowCount() > 4
    assert sum(button.isVisible() for button in page.owed.buttons) > 2
    assert len(big) == len(small)
    assert len(small) < 60


def test_search_reads_one_query_a_group(qtbot, db, business, data_dir):
    make_week()
    grow(data_dir)
    page = home_page(qtbot, data_dir)
    page.search.setText("visit")
    sent = statements_of(db, page.run_search)
    assert page.results.found_titles()
    assert len(sent) == 4
