"""Search across the records: clients, invoices, visits and policies, a few of each."""

from __future__ import annotations

import pytest
from home_support import add_visit
from home_support import make_week

from microbiz.compliance.policies import PolicyForm
from microbiz.compliance.policies import save_policy
from microbiz.home.search import MOST
from microbiz.home.search import search


@pytest.fixture
def week(business):
    return make_week()


def found(text: str) -> dict[str, list[str]]:
    """The titles found in each group."""
    return {group.key: [f.title for f in group.found] for group in search(text)}


def test_blank_text_finds_nothing_in_every_group(week):
    groups = search("  ")
    assert [(g.key, g.label, g.found, g.more) for g in groups] == [
        ("clients", "Clients", [], False),
        ("invoices", "Invoices", [], False),
        ("visits", "Visits", [], False),
        ("policies", "Insurance and checks", [], False),
    ]


def test_clients_by_name_and_by_payer(week):
    assert found("margaret")["clients"] == ["Margaret Brown"]
    assert found("leeds city")["clients"] == ["Jean O'Neill"]
    (client,) = search("jean")[0].found
    assert (client.kind, client.record_id) == ("client", week.jean.id)
    assert client.detail == "Paid for by Leeds City Council"


def test_invoices_by_number_amount_and_payer(week):
    assert found("INV-0002")["invoices"] == ["INV-0002"]
    assert found("36")["invoices"] == ["INV-0001"]  # Margaret's £36.00
    assert found("£36.00")["invoices"] == ["INV-0001"]
    assert found("£60")["invoices"] == ["INV-0002"]
    by_payer = search("leeds")[1].found
    assert [(f.kind, f.record_id) for f in by_payer] == [("invoice", week.not_due.id)]
    assert by_payer[0].detail == "Leeds City Council, £60.00, Part-paid, issued 20/11/2026"


def test_an_overdue_invoice_says_so(week):
    (invoice,) = search("INV-0001")[1].found
    assert invoice.detail == "Margaret Brown, £36.00, Overdue, issued 31/10/2026"


def test_visits_by_notes_and_by_date(week):
    assert found("river walk")["visits"] == ["Mon 23/11/2026 09:00–11:00, Margaret Brown"]
    (visit,) = search("river")[2].found
    assert visit.detail == "Delivered: Shopping and a walk by the river"
    assert found("25/11/2026")["visits"] == ["Wed 25/11/2026 14:00–16:00, Margaret Brown"]
    assert found("2026-11-24")["visits"] == ["Tue 24/11/2026 10:00–12:00, Jean O'Neill"]
    assert search("25/11/2026")[2].found[0].record_id == week.next_visit.id


def test_policies_by_provider_and_kind(week):
    assert found("hiscox")["policies"] == ["Public liability insurance (Hiscox)"]
    assert found("liability")["policies"] == ["Public liability insurance (Hiscox)"]
    assert found("data protection")["policies"] == ["ICO data protection fee (ICO)"]
    (ico,) = search("ico")[3].found
    assert (ico.record_id, ico.detail) == (week.ico.id, "Expired 01/11/2026")
    save_policy(PolicyForm(kind="dbs_certificate", provider="DBS"))
    assert search("dbs")[3].found[0].detail == "No expiry date"


def test_percent_and_underscore_are_only_themselves(week):
    assert all(group.found == [] for group in search("%"))
    assert all(group.found == [] for group in search("_"))


def test_nothing_found(week):
    assert all(not group.found for group in search("zebra"))


def test_each_group_shows_at_most_twenty_and_says_there_are_more(week):
    for day in range(1, 26):
        add_visit(week.margaret, f"{day:02d}/09/2026", notes="Fall check")
    visits = search("fall")[2]
    assert len(visits.found) == MOST == 20
    assert visits.more
    assert visits.found[0].title.startswith("Fri 25/09/2026")  # newest first
    assert not search("fall", most=30)[2].more
