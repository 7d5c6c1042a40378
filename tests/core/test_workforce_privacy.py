"""Nothing identifying leaves the machine: plant names, contacts, notes, amounts and dates in
every record, build the return, and find none of them in the bytes that would be sent."""

from __future__ import annotations

import re
import string
from dataclasses import fields
from datetime import date
from datetime import datetime
from datetime import timedelta

from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.collector.schema import check_return
from microbiz.collector.schema import load_schema
from microbiz.compliance.policies import PolicyForm
from microbiz.compliance.policies import save_policy
from microbiz.foundations import db as database
from microbiz.foundations.business import BusinessForm
from microbiz.foundations.business import save_business
from microbiz.foundations.models import FUNDING_ROUTES
from microbiz.foundations.models import Invoice
from microbiz.foundations.models import Payment
from microbiz.foundations.models import Visit
from microbiz.foundations.models import VisitType
from microbiz.foundations.money import format_money_plain
from microbiz.foundations.paths import database_path
from microbiz.hours.visits import VisitFilter
from microbiz.hours.visits import visit_ids
from microbiz.hours.visits import visit_rows
from microbiz.invoicing.invoices import create_draft
from microbiz.invoicing.invoices import issue_invoice
from microbiz.invoicing.payments import record_payment
from microbiz.workforce.membership import parse_period
from microbiz.workforce.membership import submission_for
from microbiz.workforce.returns import build_return
from microbiz.workforce.returns import return_bytes

PERIOD = "2026-Q2"
QUARTER = parse_period(PERIOD)
TODAY = date(2026, 8, 1)
UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
SHORTEST_WORD_CHECKED = 4
# exact amounts of four or more digits cannot be any answer's digits (the longest is "100")
SMALLEST_NUMBER_CHECKED = 1000

word = st.text(alphabet=string.ascii_lowercase, min_size=SHORTEST_WORD_CHECKED, max_size=10)
name = st.builds(lambda a, b: f"{a.capitalize()} {b.capitalize()}", word, word)
email = st.builds(lambda a, b, c: f"{a}.{b}@{c}.co.uk", word, word, word)
phone = st.text(alphabet=string.digits, min_size=9, max_size=9).map(lambda d: f"07{d}")
postcode = st.builds(
    lambda area, district, sector, unit: f"{area}{district} {sector}{unit}",
    st.text(alphabet=string.ascii_uppercase, min_size=1, max_size=2),
    st.integers(1, 99),
    st.integers(0, 9),
    st.text(alphabet="ABDEFGHJLNPQRSTUWXYZ", min_size=2, max_size=2),
)
address = st.builds(
    lambda number, street, town: f"{number} {street.capitalize()} Road, {town.capitalize()}",
    st.integers(1, 999),
    word,
    word,
)
notes = st.lists(word, min_size=2, max_size=6).map(lambda words: " ".join(words).capitalize())
rate_pence = st.integers(1000, 4999)
day_of_quarter = st.integers(0, QUARTER.days - 1).map(lambda n: QUARTER.first + timedelta(days=n))


@st.composite
def visit_plans(draw):
    return {
        "day": draw(day_of_quarter),
        "start_minute": draw(st.integers(6 * 60, 20 * 60)),
        "minutes": draw(st.integers(30, 10 * 60)),
        "status": draw(st.sampled_from(["delivered", "delivered", "planned", "cancelled"])),
        "notes": draw(notes),
    }


@st.composite
def client_plans(draw):
    return {
        "form": ClientForm(
            name=draw(name),
            address=draw(address),
            postcode=draw(postcode),
            phone=draw(phone),
            email=draw(email),
            funding_route=draw(st.sampled_from(list(FUNDING_ROUTES))),
            payer_kind="representative",
            payer_name=draw(name),
            payer_address=draw(address),
            payer_postcode=draw(postcode),
            payer_email=draw(email),
            payer_reference=draw(word).upper() + str(draw(st.integers(1000, 99999))),
            weekday_rate=format_money_plain(draw(rate_pence)),
            weekend_rate=format_money_plain(draw(rate_pence)),
            bank_holiday_rate=format_money_plain(draw(rate_pence)),
            notes=draw(notes),
        ),
        "visits": draw(st.lists(visit_plans(), max_size=5)),
        "paid_share": draw(st.floats(0, 1)),
        "paid_on": draw(day_of_quarter),
    }


@st.composite
def business_plans(draw):
    return BusinessForm(
        trading_name=f"{draw(word).capitalize()} Care",
        owner_name=draw(name),
        address=draw(address),
        postcode=draw(postcode),
        phone=draw(phone),
        email=draw(email),
        bank_account_name=draw(name),
        bank_sort_code=draw(st.text(alphabet=string.digits, min_size=6, max_size=6)),
        bank_account_number=draw(st.text(alphabet=string.digits, min_size=8, max_size=8)),
        utr=draw(st.text(alphabet=string.digits, min_size=10, max_size=10)),
    )


@st.composite
def policy_plans(draw):
    starts = draw(day_of_quarter) - timedelta(days=200)
    return PolicyForm(
        kind=draw(st.sampled_from(["public_liability", "dbs_certificate", "dbs_update_service"])),
        provider=draw(name),
        reference=draw(word).upper() + str(draw(st.integers(1000, 99999))),
        cover=format_money_plain(draw(st.integers(100_000, 1_000_000_000))),
        starts_on=starts.isoformat(),
        expires_on=(starts + timedelta(days=draw(st.integers(30, 500)))).isoformat(),
        notes=draw(notes),
    )


def plant(business: BusinessForm, clients: list[dict], policies: list[PolicyForm]) -> None:
    save_business(business)
    for plan in clients:
        client = save_client(plan["form"])
        for visit in plan["visits"]:
            start = datetime.combine(visit["day"], datetime.min.time()) + timedelta(
                minutes=visit["start_minute"]
            )
            Visit.create(
                client=client,
                visit_type=support_visit_type(client),
                start=start,
                end=start + timedelta(minutes=visit["minutes"]),
                status=visit["status"],
                notes=visit["notes"],
            )
        if not any(v["status"] == "delivered" for v in plan["visits"]):
            continue
        invoice = issue_invoice(
            create_draft(client.id, QUARTER.first, QUARTER.last).id, QUARTER.last
        )
        pence = int(invoice.total_pence * plan["paid_share"])
        if pence > 0:
            record_payment(invoice.id, format_money_plain(pence), plan["paid_on"], "cash")
    for policy in policies:
        save_policy(policy)


def planted_text(business: BusinessForm, clients: list[dict], policies: list[PolicyForm]):
    """Every string typed in, as stored: the whole of each, and each of its words."""
    not_planted = ("payment_terms_days", "invoice_prefix")  # the defaults, 14 and INV-
    typed = [getattr(business, f.name) for f in fields(business) if f.name not in not_planted]
    for plan in clients:
        form = plan["form"]
        typed += [form.name, form.address, form.postcode, form.phone, form.email, form.notes]
        typed += [form.payer_name, form.payer_address, form.payer_postcode, form.payer_email]
        typed += [form.payer_reference]
        typed += [visit["notes"] for visit in plan["visits"]]
    for policy in policies:
        typed += [policy.provider, policy.reference, policy.notes]
    words = {w for text in typed for w in re.split(r"[^A-Za-z0-9]+", text)}
    return [t for t in typed if t], sorted(words)


def exact_numbers() -> tuple[set[int], set[str]]:
    """Every amount and count in the records: pence as numbers, pounds as "18.50"."""
    pence = {vt.weekday_rate_pence for vt in VisitType.select()}
    pence |= {vt.weekend_rate_pence for vt in VisitType.select()}
    pence |= {vt.bank_holiday_rate_pence for vt in VisitType.select()}
    pence |= {i.total_pence for i in Invoice.select()}
    pence |= {p.amount_pence for p in Payment.select()}
    delivered = visit_rows(visit_ids(VisitFilter(status="delivered")))
    pence |= {row.amount_pence for row in delivered}
    minutes = {row.minutes for row in delivered} | {sum(row.minutes for row in delivered)}
    whole = {n for n in pence | minutes | {p // 100 for p in pence} if n >= SMALLEST_NUMBER_CHECKED}
    return whole, {format_money_plain(p) for p in pence if p}


def dates_in_records() -> set[date]:
    days = {v.start.date() for v in Visit.select()} | {v.end.date() for v in Visit.select()}
    days |= {p.paid_on for p in Payment.select()}
    days |= {i.issue_date for i in Invoice.select() if i.issue_date}
    days |= {i.due_date for i in Invoice.select() if i.due_date}
    return days | {QUARTER.first, QUARTER.last, TODAY}


def vocabulary() -> str:
    """Every word a return may hold whatever the records: its field names and answers."""
    properties = load_schema()["properties"]
    words = list(properties) + [a for spec in properties.values() for a in spec.get("enum", [])]
    return " ".join(words).lower()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    business=business_plans(),
    clients=st.lists(client_plans(), min_size=1, max_size=4),
    policies=st.lists(policy_plans(), max_size=3),
)
def test_nothing_planted_in_the_records_is_in_the_return(
    tmp_path_factory, business, clients, policies
):
    folder = tmp_path_factory.mktemp("privacy")
    database.open_database(database_path(folder))
    try:
        plant(business, clients, policies)
        data = build_return(PERIOD, today=TODAY)
        sent = return_bytes(data).decode("ascii")
        assert check_return(data) == []
        # the two fields that are not categories: the quarter, and a random id made for it
        assert data["period"] == PERIOD
        assert UUID4.match(data["submission_id"])
        assert data["submission_id"] == submission_for(PERIOD).submission_id
        rest = sent.replace(data["submission_id"], "<id>").replace(PERIOD, "<period>").lower()

        typed, words = planted_text(business, clients, policies)
        for text in typed:
            assert text.lower() not in rest, text
        common = vocabulary()
        for found in words:
            # a word that is also a field name or an answer ("care", "other") proves nothing
            if len(found) >= SHORTEST_WORD_CHECKED and found.lower() not in common:
                assert found.lower() not in rest, found
        whole, pounds = exact_numbers()
        for number in whole:
            assert not re.search(rf"(?<!\d){number}(?!\d)", rest), number
        for amount in pounds:
            assert amount not in rest, amount
        for day in dates_in_records():
            for shown in (day.isoformat(), f"{day:%d/%m/%Y}", f"{day:%Y%m%d}", f"{day:%d %B}"):
                assert shown.lower() not in rest, shown
    finally:
        database.close_database()
