from datetime import date

import pytest

from microbiz.clients.details import ClientForm
from microbiz.clients.details import delete_client
from microbiz.clients.details import find_client
from microbiz.clients.details import save_client
from microbiz.clients.details import search_clients
from microbiz.clients.details import set_client_status
from microbiz.clients.details import support_visit_type
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import Client
from microbiz.foundations.models import VisitType


def brown(**changes) -> ClientForm:
    values = dict(
        name="Margaret Brown",
        address="4 Mill Lane\nOtley",
        postcode="ls21 1ab",
        email="m.brown@example.com",
        start_date="01/09/2026",
        funding_route="Direct Payment",
        contracted_hours="12.5",
        weekday_rate="£18.50",
    )
    values.update(changes)
    return ClientForm(**values)


def test_save_client_stores_clean_values(db):
    client = save_client(brown())
    stored = Client.get_by_id(client.id)
    assert stored.postcode == "LS21 1AB"
    assert stored.funding_route == "direct_payment"
    assert stored.contracted_minutes == 750
    assert stored.start_date == date(2026, 9, 1)
    support = support_visit_type(stored)
    # blank weekend and bank holiday rates follow the weekday rate
    assert (
        support.weekday_rate_pence,
        support.weekend_rate_pence,
        support.bank_holiday_rate_pence,
    ) == (
        1850,
        1850,
        1850,
    )


def test_every_bad_field_is_named_and_nothing_is_saved(db):
    form = brown(
        name="  ",
        email="m.brown@",
        postcode="LS99",
        contracted_hours="-3",
        weekday_rate="-1",
        weekend_rate="lots",
        payer_kind="council",
    )
    with pytest.raises(ValidationError) as raised:
        save_client(form)
    problems = raised.value.by_field()
    assert problems == {
        "name": "Name is required.",
        "email": "Email 'm.brown@' is not a valid email address (like name@example.com).",
        "postcode": "Postcode 'LS99' is not a UK postcode (like SW1A 1AA).",
        "contracted_hours": "Contracted hours a week: -3 hours cannot be negative.",
        "payer_name": "Payer name is required when someone else pays.",
        "weekday_rate": "Weekday rate cannot be negative.",
        "weekend_rate": "Weekend rate: 'lots' is not an amount of money (try 18.50 or £1,234.50).",
    }
    assert Client.select().count() == 0
    assert VisitType.select().count() == 0


def test_editing_updates_the_client_and_rates(db):
    client = save_client(brown())
    form = ClientForm.of(client)
    assert form.contracted_hours == "12.5"
    assert form.start_date == "01/09/2026"
    form.weekend_rate = "20.35"
    form.name = "Margaret Browne"
    save_client(form, client.id)
    stored = Client.get_by_id(client.id)
    assert stored.name == "Margaret Browne"
    assert support_visit_type(stored).weekend_rate_pence == 2035
    assert VisitType.select().count() == 1


def test_failed_edit_changes_nothing(db):
    client = save_client(brown())
    form = ClientForm.of(client)
    form.name = "New name"
    form.email = "broken"
    with pytest.raises(ValidationError):
        save_client(form, client.id)
    assert Client.get_by_id(client.id).name == "Margaret Brown"


def test_pause_end_and_reactivate(db):
    client = save_client(brown())
    assert set_client_status(client.id, "paused").status == "paused"
    assert set_client_status(client.id, "ended").status == "ended"
    assert set_client_status(client.id, "active").status == "active"
    with pytest.raises(UserError):
        set_client_status(client.id, "gone")


def test_search_filters_by_text_status_and_funding(db):
    save_client(brown())
    patel = save_client(brown(name="Arjun Patel", postcode="LS6 2AB", funding_route="self-funded"))
    save_client(
        brown(
            name="Siobhan O'Neill",
            notes="likes gardening",
            funding_route="council",
            payer_kind="council",
            payer_name="Leeds City Council",
        )
    )
    set_client_status(patel.id, "paused")
    assert [c.name for c in search_clients("brown")] == ["Margaret Brown"]
    assert [c.name for c in search_clients("GARDEN")] == ["Siobhan O'Neill"]
    assert [c.name for c in search_clients("leeds council")] == ["Siobhan O'Neill"]
    assert [c.name for c in search_clients(status="paused")] == ["Arjun Patel"]
    assert [c.name for c in search_clients(funding_route="direct_payment")] == ["Margaret Brown"]
    assert len(search_clients()) == 3
    assert search_clients("%") == [] and search_clients("_") == []  # no wildcards


def test_delete_is_refused_once_records_refer_to_the_client(db):
    plain = save_client(brown(name="Added by mistake"))
    delete_client(plain.id)
    assert Client.get_or_none(Client.id == plain.id) is None
    kept = save_client(brown())
    # a table with a RESTRICT foreign key, as invoices and visits have
    db.execute_sql(
        "CREATE TABLE invoice_like (client_id INTEGER REFERENCES client (id) ON DELETE RESTRICT)"
    )
    db.execute_sql("INSERT INTO invoice_like VALUES (?)", (kept.id,))
    with pytest.raises(UserError, match="End them instead"):
        delete_client(kept.id)
    assert Client.get_by_id(kept.id).name == "Margaret Brown"
    assert support_visit_type(kept) is not None


def test_find_client_by_name(db):
    save_client(brown())
    assert find_client("margaret brown").name == "Margaret Brown"
    with pytest.raises(UserError, match="no client called"):
        find_client("Nobody")
