"""The hours filter's plans (plan_search): walking the visits or finding them by index, the
same visits in the same order either way, counted the same, whatever the words."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from datetime import timedelta

import pytest

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.foundations.models import Client
from microbiz.foundations.models import Visit
from microbiz.foundations.models import database
from microbiz.hours import visits
from microbiz.hours.visits import VisitFilter
from microbiz.hours.visits import count_visits
from microbiz.hours.visits import plan_search
from microbiz.hours.visits import visit_ids
from microbiz.hours.visits import visit_page

NOTES = ("Walk to the park", "Dentist, then shopping", "", "Café lunch", "Shopping and walk")
FILTERS = [
    "walk",
    "shop",
    "cafe",
    "margaret",
    "brown walk",
    "jean o'neill",
    "o'neill sup",
    "m",
    "w",
    "zz",
    "support dentist",
]


@pytest.fixture
def people(business) -> list[Client]:
    """Two clients with 300 visits between them, newest last, with a few kinds of notes."""
    found = [
        save_client(ClientForm(name="Margaret Brown", weekday_rate="18")),
        save_client(ClientForm(name="Jean O'Neill", weekday_rate="18")),
    ]
    kinds = [support_visit_type(client).id for client in found]
    rows = [
        {
            "client": found[n % 2].id,
            "visit_type": kinds[n % 2],
            "start": f"{date(2025, 1, 1) + timedelta(days=n // 3)} {9 + n % 3}:00:00",
            "end": f"{date(2025, 1, 1) + timedelta(days=n // 3)} {9 + n % 3}:30:00",
            "status": "delivered",
            "notes": NOTES[n % len(NOTES)],
        }
        for n in range(300)
    ]
    with database.atomic():
        Visit.insert_many(rows).execute()
    return found


def every_page(chosen: VisitFilter, walk: bool, size: int = 7) -> list[int]:
    """Every matching id, a page at a time."""
    ids, after = [], None
    while page := visit_page(chosen, after, size, walk):
        ids += [visit_id for visit_id, _ in page]
        after = (page[-1][1], page[-1][0])
    return ids


@pytest.mark.parametrize("text", FILTERS)
@pytest.mark.parametrize("mine", [False, True])
def test_walking_and_the_index_find_the_same_visits_in_order(people, text, mine):
    chosen = VisitFilter(text=text, client_id=people[0].id if mine else None)
    expected = visit_ids(chosen)
    assert every_page(chosen, walk=True) == expected
    assert every_page(chosen, walk=False) == expected
    assert count_visits(chosen, 1000) == len(expected)
    assert count_visits(chosen, 5) == min(len(expected), 6)


def test_words_begin_words_of_the_notes_names_and_visit_type(people):
    assert len(visit_ids(VisitFilter(text="walk"))) == 120  # "Walk ..." and "... and walk"
    assert len(visit_ids(VisitFilter(text="CAFE"))) == 60  # accents do not matter
    assert visit_ids(VisitFilter(text="alk")) == []  # a word's beginning, not its middle
    assert len(visit_ids(VisitFilter(text="o'neill walk"))) == 60
    assert len(visit_ids(VisitFilter(text="margaret support"))) == 150


def test_a_word_of_one_letter_matches_names_only(people):
    """Typing a first letter looks among names, not every note: the notes wait for a second."""
    assert len(visit_ids(VisitFilter(text="m"))) == 150
    assert visit_ids(VisitFilter(text="d")) == []
    assert len(visit_ids(VisitFilter(text="de"))) == 60


def test_common_words_walk_and_rare_words_use_the_index(people, monkeypatch):
    monkeypatch.setattr(visits, "WALKED", 50)
    assert plan_search(VisitFilter(text="walk"), 1000, page=10) == visits.VisitSearch(120, True)
    assert plan_search(VisitFilter(text="zz"), 1000, page=10) == visits.VisitSearch(0, False)
    assert plan_search(VisitFilter(), 100, page=10) == visits.VisitSearch(101, False)
    few = replace(VisitFilter(text="zz"), first=date(2025, 1, 1), last=date(2025, 1, 5))
    assert plan_search(few, 1000, page=10) == visits.VisitSearch(0, True)
