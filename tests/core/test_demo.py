"""The sample business: realistic, valid, the same for a seed, and never over real data."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from fractions import Fraction

import pytest

from microbiz.cli import main
from microbiz.clients.details import ClientForm
from microbiz.clients.details import support_visit_type
from microbiz.clients.details import validate_client
from microbiz.compliance.checklists import find_checklist
from microbiz.compliance.checklists import progress_of
from microbiz.compliance.policies import reminders
from microbiz.demo.sample_business import create_demo
from microbiz.foundations import db as database
from microbiz.foundations.business import BusinessForm
from microbiz.foundations.business import get_business
from microbiz.foundations.business import validate_business
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Business
from microbiz.foundations.models import Client
from microbiz.foundations.models import Invoice
from microbiz.foundations.models import Visit
from microbiz.foundations.money import round_half_up
from microbiz.foundations.paths import database_path
from microbiz.hours.visits import charge_of
from microbiz.invoicing.payments import list_invoices

TODAY = date(2026, 6, 1)


def demo_in(folder, **options):
    """Every client's details, from a fresh database in `folder` filled by the demo."""
    database.open_database(database_path(folder))
    try:
        create_demo(today=TODAY, years=0, **options)
        return [ClientForm.of(client) for client in Client.select().order_by(Client.id)]
    finally:
        database.close_database()


def test_demo_makes_the_business_and_clients(db):
    create_demo(clients=12, seed=1, today=TODAY)
    business = get_business()
    assert business.trading_name == "Kind Hands Care"
    assert business.payment_terms_days == 14
    assert business.invoice_prefix == "INV-"
    validate_business(BusinessForm.of(business))
    assert Business.select().count() == 1
    assert Client.select().count() == 12


def test_every_demo_client_is_valid_and_plausible(db):
    create_demo(clients=40, seed=3, today=TODAY, years=0)
    clients = list(Client.select())
    for client in clients:
        validate_client(ClientForm.of(client))
        assert client.name and client.address and client.postcode
        assert 3 * 60 <= client.contracted_minutes <= 40 * 60
        assert client.start_date < TODAY
        rates = support_visit_type(client)
        assert 1700 <= rates.weekday_rate_pence <= 2400
        uplift = Fraction(rates.weekend_rate_pence, rates.weekday_rate_pence)
        assert Fraction(109, 100) <= uplift <= Fraction(121, 100)
        expected = round_half_up(Fraction(rates.weekday_rate_pence * 3, 2))
        assert rates.bank_holiday_rate_pence == expected
    assert len({client.name for client in clients}) == 40
    assert len({client.funding_route for client in clients}) >= 4
    assert {"active", "paused", "ended"} == {client.status for client in clients}


def test_payers_match_the_funding_route(db):
    create_demo(clients=40, seed=5, today=TODAY, years=0)
    for client in Client.select():
        if client.funding_route == "council":
            assert client.payer_name == "Leeds City Council Adult Social Care"
            assert client.payer_reference.startswith("PO ")
        if client.funding_route == "direct_payment":
            assert client.payer_kind in {"person", "representative", "managed_account"}
        if client.payer_kind != "person":
            assert client.payer_name


def test_demo_is_the_same_for_a_seed(tmp_path):
    first = demo_in(tmp_path / "one", seed=7)
    again = demo_in(tmp_path / "two", seed=7)
    other = demo_in(tmp_path / "three", seed=8)
    assert [form.name for form in first] == [form.name for form in again]
    assert first == again
    assert [form.name for form in first] != [form.name for form in other]


def test_a_hundred_clients_for_benchmarks(tmp_path):
    assert len(demo_in(tmp_path, clients=100)) == 100


def test_a_hundred_clients_and_a_year_from_the_command(tmp_path, capsys):
    """What `make bench` and tests at scale ask for (the benchmark itself has five years)."""
    assert main(["--data-dir", str(tmp_path), "demo", "--clients", "100", "--years", "1"]) == 0
    assert f"with 100 clients in {tmp_path}" in capsys.readouterr().out
    database.open_database(database_path(tmp_path))
    try:
        assert Client.select().count() == 100
        assert Visit.select().where(Visit.status == "delivered").count() > 100 * 40
        assert {"active", "paused", "ended"} == {client.status for client in Client.select()}
    finally:
        database.close_database()


def year_before(today):
    """Delivered hours a week, and pence charged at the demo's rates, in the 12 months to today."""
    start = datetime.combine(today - timedelta(days=365), time())
    charged = Visit.select().where(
        Visit.start >= start,
        Visit.start < datetime.combine(today, time()),
        Visit.status.in_(("delivered", "cancelled_chargeable")),
    )
    minutes = sum(charge_of(visit).minutes for visit in charged if visit.status == "delivered")
    return Fraction(minutes * 7, 60 * 365), sum(charge_of(visit).amount_pence for visit in charged)


@pytest.mark.parametrize(
    ("seed", "today"), [(1, TODAY), (9, date(2027, 1, 4)), (4, date(2026, 11, 25))]
)
def test_the_default_demo_is_a_sole_traders_round(db, seed, today):
    create_demo(seed=seed, today=today)
    clients = list(Client.select())
    assert 5 <= len(clients) <= 8
    assert {"direct_payment", "self_funded", "shared_lives"} <= {c.funding_route for c in clients}
    assert {"active", "paused", "ended"} == {client.status for client in clients}
    hours_a_week, income_pence = year_before(today)
    assert 25 <= hours_a_week <= 40
    assert 20_000_00 <= income_pence <= 40_000_00
    for client in clients:
        validate_client(ClientForm.of(client))
        rates = support_visit_type(client)
        assert 1700 <= rates.weekday_rate_pence <= 2500
        assert rates.weekday_rate_pence < rates.weekend_rate_pence < rates.bank_holiday_rate_pence


def test_the_default_round_has_a_direct_payment_client_paying_for_themselves(db):
    create_demo(today=TODAY)
    paying = Client.select().where(
        Client.funding_route == "direct_payment", Client.payer_kind == "person"
    )
    assert paying.exists()


def test_demo_refuses_a_folder_with_a_business(business):
    with pytest.raises(UserError, match="already belongs to Kind Hands Care"):
        create_demo(today=TODAY)
    assert Client.select().count() == 0


def test_demo_refuses_a_folder_with_clients(db):
    Client.create(name="Margaret Brown")
    with pytest.raises(UserError, match="already has clients"):
        create_demo(today=TODAY)
    assert get_business() is None


@pytest.mark.parametrize("count", [0, 201])
def test_demo_client_count_has_limits(db, count):
    with pytest.raises(UserError, match="1 to 200 clients"):
        create_demo(clients=count)


def test_a_year_of_hours_and_money(db):
    create_demo(clients=6, seed=2, today=TODAY, years=1)
    statuses = {s.status for s in list_invoices(today=date(2026, 7, 1))}
    assert {"paid", "overdue"} <= statuses
    assert Visit.select().where(Visit.status == "delivered").count() > 6 * 40
    assert Visit.select().where(Visit.status == "planned").count() > 0
    for invoice in Invoice.select():
        assert invoice.total_pence == sum(line.amount_pence for line in invoice.lines)


def test_the_demo_register_has_something_due_and_something_overdue(db):
    create_demo(clients=3, seed=2, today=TODAY, years=0)
    found = {r.state for r in reminders(TODAY)}
    assert found == {"due", "overdue"}
    checklist = find_checklist("england-start-up")
    progress = progress_of(checklist)
    assert 0 < progress.done < progress.total
