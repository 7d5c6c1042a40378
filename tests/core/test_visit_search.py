"""The visit list's text filter through the visit_search FTS4 index, kept in step by triggers."""

from __future__ import annotations

from datetime import datetime

import pytest

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.clients.ratecards import VisitTypeForm
from microbiz.clients.ratecards import save_visit_type
from microbiz.foundations.models import Client
from microbiz.foundations.models import Visit
from microbiz.foundations.models import database
from microbiz.hours.visit_words import phrases
from microbiz.hours.visits import VisitFilter
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import count_visits
from microbiz.hours.visits import delete_visit
from microbiz.hours.visits import save_visit
from microbiz.hours.visits import visit_ids
from microbiz.hours.visits import visit_page
from microbiz.hours.visits import visits_before


def add_visit(client: Client, day: str, notes: str = "", **more) -> Visit:
    form = VisitForm(client.id, support_visit_type(client).id, day, "09:00", "10:00", notes=notes)
    for key, value in more.items():
        setattr(form, key, value)
    return save_visit(form, allow_overlap=True)


def found(text: str) -> list[int]:
    return visit_ids(VisitFilter(text=text))


@pytest.fixture
def brown(business) -> Client:
    return save_client(ClientForm(name="Margaret Brown", weekday_rate="18"))


@pytest.fixture
def oneill(business) -> Client:
    return save_client(ClientForm(name="Jean O'Neill", weekday_rate="18"))


def test_a_word_is_found_by_its_beginning(brown, oneill):
    hers = add_visit(brown, "02/11/2026")
    jeans = add_visit(oneill, "03/11/2026", notes="Dentist appointment")
    assert found("Bro") == [hers.id]
    assert found("brown") == [hers.id]
    assert found("DENT") == [jeans.id]
    assert found("own") == []
    assert found("supp") == [jeans.id, hers.id]


def test_every_word_must_match(brown, oneill):
    shopping = add_visit(brown, "02/11/2026", notes="Shopping and lunch")
    add_visit(brown, "03/11/2026", notes="Lunch only")
    add_visit(oneill, "04/11/2026", notes="Shopping")
    assert found("marg shop") == [shopping.id]
    assert found("lunch brown shopping") == [shopping.id]
    assert found("lunch jean") == []


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '""',
        "'",
        "O'",
        "AND",
        "OR NOT",
        "(",
        ")",
        "*",
        "-",
        "a-b",
        "NEAR(x",
        "^x",
        ":",
        "notes:x",
        '"unclosed',
        "{client}",
        "+",
        "\\",
        "%",
        "_",
    ],
)
def test_punctuation_and_operators_never_raise(oneill, text):
    add_visit(oneill, "02/11/2026", notes='Said "hello" (twice) - and left: AND OR NOT')
    assert isinstance(found(text), list)
    assert isinstance(found(f"jean {text}"), list)


def test_quotes_and_operators_are_taken_as_words(oneill):
    visit = add_visit(oneill, "02/11/2026", notes='Said "hello" OR NOT')
    assert found("o'neill") == [visit.id]
    assert found('"hello"') == [visit.id]
    assert found("NOT") == [visit.id]
    assert found("jean, o'neill.") == [visit.id]
    assert found("AND") == []
    assert phrases('Bro "x - O"Neill') == (("bro",), ("x",), ("o", "neill"))


def test_a_renamed_client_is_found_by_the_new_name(brown):
    visit = add_visit(brown, "02/11/2026")
    save_client(ClientForm(name="Margaret Green", weekday_rate="18"), brown.id)
    assert found("green") == [visit.id]
    assert found("brown") == []
    assert found("margaret") == [visit.id]


def test_a_renamed_visit_type_is_found_by_the_new_name(brown):
    visit = add_visit(brown, "02/11/2026")
    support = support_visit_type(brown)
    save_visit_type(brown.id, VisitTypeForm(name="Personal care", weekday_rate="18"), support.id)
    assert found("personal") == [visit.id]
    assert found("support") == []


def test_a_changed_visit_is_found_by_its_new_notes_and_client(brown, oneill):
    visit = add_visit(brown, "02/11/2026", notes="Garden")
    form = VisitForm(oneill.id, support_visit_type(oneill).id, "02/11/2026", "09:00", "10:00")
    form.notes = "Kitchen"
    save_visit(form, visit.id, allow_overlap=True)
    assert found("kitchen jean") == [visit.id]
    assert found("garden") == []
    assert found("brown") == []


def test_a_deleted_visit_is_gone(brown):
    kept = add_visit(brown, "02/11/2026", notes="Walk")
    gone = add_visit(brown, "03/11/2026", notes="Walk")
    delete_visit(gone.id)
    assert found("walk") == [kept.id]


def test_pages_follow_on_newest_first_with_ties_by_id(brown):
    visits = [add_visit(brown, "02/11/2026") for _ in range(3)]
    visits += [add_visit(brown, day) for day in ("01/11/2026", "03/11/2026")]
    everything = visit_ids(VisitFilter())
    first = visit_page(VisitFilter(), size=2)
    assert [visit_id for visit_id, _ in first] == everything[:2]
    last_id, last_start = first[-1]
    rest = visit_page(VisitFilter(), after=(last_start, last_id), size=10)
    assert [visit_id for visit_id, _ in rest] == everything[2:]
    assert last_start == datetime(2026, 11, 2, 9)


def test_counts_stop_at_the_most_asked(brown):
    for day in ("01/11/2026", "02/11/2026", "03/11/2026"):
        add_visit(brown, day, notes="Walk")
    assert count_visits(VisitFilter(text="walk"), 10) == 3
    assert count_visits(VisitFilter(), 2) == 3
    assert count_visits(VisitFilter(text="swim"), 10) == 0


def test_visits_before_counts_the_rows_above_a_visit(brown, oneill):
    older = add_visit(brown, "01/11/2026")
    add_visit(oneill, "02/11/2026")
    newest = add_visit(brown, "03/11/2026")
    assert visits_before(VisitFilter(), older.id) == 2
    assert visits_before(VisitFilter(), newest.id) == 0
    assert visits_before(VisitFilter(text="brown"), older.id) == 1
    assert visits_before(VisitFilter(text="jean"), older.id) is None


def test_a_word_in_notes_is_counted_and_paged_without_listing_every_match(brown, oneill):
    """SQLite lists every match of `id IN (SELECT docid …)` before the first row: a third of
    a million for a common word at a million visits. Read as a join, it stops early."""
    statements = []
    connection = database.connection()
    connection.set_trace_callback(statements.append)
    try:
        count_visits(VisitFilter(text="garden"), 10)
        visit_page(VisitFilter(text="garden"), size=5)
    finally:
        connection.set_trace_callback(None)
    searched = [sql for sql in statements if '"visit_search" AS' in sql]  # ours, not FTS's own
    assert len(searched) == 2
    for sql in searched:
        steps = [row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}")]
        assert not any("LIST SUBQUERY" in step for step in steps), steps
