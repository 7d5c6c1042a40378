"""VisitsTableModel (ids, rows read a page at a time) and WeekTotalsModel, on real data."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from datetime import timedelta

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import Qt

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.foundations.dates import format_date
from microbiz.foundations.models import Client
from microbiz.foundations.models import Visit
from microbiz.foundations.models import database
from microbiz.hours import visits
from microbiz.hours.visits import VisitFilter
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import save_visit
from ui.hours import visits_model
from ui.hours.hours_page import HoursPage
from ui.hours.visits_model import CHARGE
from ui.hours.visits_model import CLIENT
from ui.hours.visits_model import DATE
from ui.hours.visits_model import END
from ui.hours.visits_model import HEADERS
from ui.hours.visits_model import PAGE_SIZE
from ui.hours.visits_model import VisitsTableModel
from ui.hours.week_totals_model import AMOUNT
from ui.hours.week_totals_model import CONTRACTED
from ui.hours.week_totals_model import DELIVERED
from ui.hours.week_totals_model import DIFFERENCE
from ui.hours.week_totals_model import WeekTotalsModel
from ui.hours.week_totals_model import short_hours
from ui.hours.week_totals_model import signed_hours

MONDAY = date(2026, 11, 23)


def add_visit(client: Client, day: str, start="09:00", end="11:00", **more) -> Visit:
    form = VisitForm(
        client_id=client.id,
        visit_type_id=support_visit_type(client).id,
        day=day,
        start=start,
        end=end,
        **more,
    )
    return save_visit(form, allow_overlap=True)


@pytest.fixture
def margaret(business) -> Client:
    return save_client(
        ClientForm(name="Margaret Brown", weekday_rate="18", contracted_hours="12.5")
    )


@pytest.fixture
def arthur(business) -> Client:
    return save_client(ClientForm(name="Arthur Patel", weekday_rate="20", contracted_hours="2"))


def shown(model, row: int) -> list[str]:
    return [model.index(row, column).data() for column in range(len(HEADERS))]


def test_rows_show_each_visit_the_uk_way(margaret):
    add_visit(margaret, "23/11/2026", mileage="5.2", notes="Shopping\nand lunch")
    model = VisitsTableModel()
    model.refresh()
    assert shown(model, 0) == [
        "23/11/2026",
        "Mon",
        "09:00",
        "11:00",
        "Margaret Brown",
        "Support",
        "2.00",
        "Delivered",
        "£36.00",
        "5.2",
        "Shopping and lunch",
    ]
    notes = model.index(0, len(HEADERS) - 1)
    assert notes.data(Qt.ItemDataRole.ToolTipRole) == "Shopping\nand lunch"
    alignment = model.index(0, CHARGE).data(Qt.ItemDataRole.TextAlignmentRole)
    assert alignment & Qt.AlignmentFlag.AlignRight


def test_a_night_ends_the_next_day(margaret):
    add_visit(margaret, "23/11/2026", "22:00", "07:00")
    model = VisitsTableModel()
    model.refresh()
    assert model.index(0, END).data() == "07:00 next day"


def test_newest_first_and_filtered_by_the_core(margaret, arthur):
    add_visit(margaret, "02/11/2026")
    add_visit(arthur, "10/11/2026", status="planned")
    add_visit(margaret, "20/11/2026", notes="hospital appointment")
    model = VisitsTableModel()
    model.refresh()
    assert [model.index(r, DATE).data() for r in range(3)] == [
        "20/11/2026",
        "10/11/2026",
        "02/11/2026",
    ]
    model.refresh(VisitFilter(client_id=arthur.id))
    assert model.rowCount() == 1
    assert model.index(0, CLIENT).data() == "Arthur Patel"
    model.refresh(VisitFilter(text="hospital"))
    assert model.total() == 1
    assert model.index(0, DATE).data() == "20/11/2026"


def test_model_passes_the_model_tester(qtmodeltester, margaret):
    for day in range(5):
        add_visit(margaret, format_date(MONDAY + timedelta(days=day)))
    model = VisitsTableModel()
    model.refresh()
    qtmodeltester.check(model)


def make_many(client: Client, count: int) -> None:
    first = date(2022, 1, 3)
    with database.atomic():
        for n in range(count):
            add_visit(client, format_date(first + timedelta(days=n)))


def test_a_thousand_visits_open_one_page_at_a_time(margaret, monkeypatch):
    make_many(margaret, 1000)
    model = VisitsTableModel()
    model.refresh()
    assert model.total() == 1000
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore(QModelIndex())
    assert model.reads == 0

    assert model.index(0, DATE).data() == format_date(date(2022, 1, 3) + timedelta(days=999))
    model.index(PAGE_SIZE - 1, DATE).data()
    assert model.reads == 1

    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * PAGE_SIZE
    model.index(PAGE_SIZE, DATE).data()
    assert model.reads == 2

    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 1000
    assert model.index(999, DATE).data() == "03/01/2022"


def test_only_a_few_pages_stay_cached(margaret, monkeypatch):
    make_many(margaret, 1000)
    monkeypatch.setattr(visits_model, "CACHED_PAGES", 2)
    model = VisitsTableModel()
    model.refresh()
    model.row_of(model.visit_id(999))
    for row in (0, 300, 600, 0):
        model.index(row, DATE).data()
    assert model.reads == 4


def test_model_tester_with_fetch_more(qtmodeltester, margaret):
    make_many(margaret, PAGE_SIZE + 20)
    model = VisitsTableModel()
    model.refresh()
    qtmodeltester.check(model)


def test_row_of_loads_pages_up_to_the_visit(margaret):
    make_many(margaret, 500)
    oldest = Visit.select().order_by(Visit.start).first()
    model = VisitsTableModel()
    model.refresh()
    assert model.row_of(oldest.id) == 499
    assert model.rowCount() == 500
    assert model.row_of(-1) is None


def test_a_visit_deleted_since_shows_blank(margaret):
    visit = add_visit(margaret, "23/11/2026")
    model = VisitsTableModel()
    model.refresh()
    visit.delete_instance()
    assert model.index(0, CLIENT).data() == ""
    assert model.visit_row(0) is None


def test_hours_are_written_short_with_a_sign_for_differences():
    assert short_hours(750) == "12.5"
    assert short_hours(600) == "10"
    assert short_hours(440) == "7.33"
    assert signed_hours(120) == "+2"
    assert signed_hours(-90) == "−1.5"
    assert signed_hours(0) == "0"


def test_week_totals_show_delivered_against_contracted(margaret, arthur):
    add_visit(margaret, "23/11/2026")
    add_visit(margaret, "24/11/2026", status="planned")
    add_visit(arthur, "25/11/2026", "09:00", "13:00")
    model = WeekTotalsModel()
    model.refresh(MONDAY)
    rows = {
        model.index(r, 0).data(): [model.index(r, c).data() for c in range(1, 5)]
        for r in range(model.rowCount())
    }
    assert rows == {
        "Arthur Patel": ["4", "2", "+2", "£80.00"],
        "Margaret Brown": ["2", "12.5", "−10.5", "£36.00"],
    }
    difference = model.index(1, DIFFERENCE)
    assert difference.data(Qt.ItemDataRole.AccessibleTextRole) == (
        "10.5 hours less than contracted"
    )
    assert model.delivered_minutes() == 360
    assert model.amount_pence() == 11600
    for column in (DELIVERED, CONTRACTED, DIFFERENCE, AMOUNT):
        alignment = model.index(0, column).data(Qt.ItemDataRole.TextAlignmentRole)
        assert alignment & Qt.AlignmentFlag.AlignRight


def test_a_client_without_contracted_hours_has_no_difference(business):
    jean = save_client(ClientForm(name="Jean O'Neill", weekday_rate="18"))
    add_visit(jean, "23/11/2026")
    model = WeekTotalsModel()
    model.refresh(MONDAY)
    assert [model.index(0, c).data() for c in range(5)] == [
        "Jean O'Neill",
        "2",
        "Not set",
        "",
        "£36.00",
    ]


def test_week_totals_model_passes_the_model_tester(qtmodeltester, margaret, arthur):
    add_visit(margaret, "23/11/2026")
    model = WeekTotalsModel()
    model.refresh(MONDAY)
    qtmodeltester.check(model)


def add_plain_visits(client: Client, count: int, notes: str = "") -> None:
    """Many visits in one insert, through the triggers that keep the search index."""
    support = support_visit_type(client)
    first = date(2020, 1, 6)
    rows = [
        {
            "client": client.id,
            "visit_type": support.id,
            "start": f"{first + timedelta(days=n // 4)} {8 + n % 4 * 3:02d}:00:00",
            "end": f"{first + timedelta(days=n // 4)} {9 + n % 4 * 3:02d}:00:00",
            "status": "delivered",
            "notes": notes,
        }
        for n in range(count)
    ]
    with database.atomic():
        for start in range(0, count, 500):
            Visit.insert_many(rows[start : start + 500]).execute()


def statements_for(job) -> list[str]:
    """The statements `job` runs on the connection, not those the search index runs inside."""
    seen: list[str] = []
    connection = database.connection()
    connection.set_trace_callback(lambda sql: sql.startswith("--") or seen.append(sql))
    try:
        job()
    finally:
        connection.set_trace_callback(None)
    return seen


def first_pages(chosen: VisitFilter) -> int:
    """How many statements a refresh, two more pages and reading their rows take."""
    model = VisitsTableModel()

    def job() -> None:
        model.refresh(chosen)
        model.fetchMore(QModelIndex())
        model.fetchMore(QModelIndex())
        for row in (0, PAGE_SIZE, 2 * PAGE_SIZE):
            model.index(row, CLIENT).data()

    count = len(statements_for(job))
    assert model.rowCount() == 3 * PAGE_SIZE
    return count


@pytest.mark.parametrize(
    "chosen",
    [
        VisitFilter(),
        VisitFilter(text="brown walk"),
        VisitFilter(text="m"),
        VisitFilter(text="swim"),
        VisitFilter(client_id=-1, text="walk"),
    ],
)
def test_queries_per_page_do_not_grow_with_the_data(margaret, chosen, monkeypatch):
    """Each plan (see plan_search): few visits walked; common words walked; rare words looked up."""
    monkeypatch.setattr(visits, "WALKED", 1000)
    if chosen.client_id:
        chosen = replace(chosen, client_id=margaret.id)
    add_plain_visits(margaret, 700, notes="Walk")
    add_plain_visits(margaret, 3 * PAGE_SIZE, notes="Swimming")
    few = first_pages(chosen)
    add_plain_visits(margaret, 7000, notes="Walk")
    assert first_pages(chosen) == few
    assert few <= 16  # names once a query, a count a place the word is found, a page


def test_a_big_match_is_counted_only_so_far(margaret, monkeypatch):
    monkeypatch.setattr(VisitsTableModel, "most_counted", 500)
    add_plain_visits(margaret, 700, notes="Walk")
    model = VisitsTableModel()
    model.refresh(VisitFilter(text="walk"))
    assert (model.total(), model.counted_all()) == (500, False)
    model.refresh(VisitFilter(text="walk", first=date(2020, 1, 6), last=date(2020, 1, 31)))
    assert (model.total(), model.counted_all()) == (104, True)


def test_the_text_filter_pages_through_every_match(margaret, arthur):
    add_plain_visits(margaret, 450, notes="Walk")
    add_plain_visits(arthur, 450, notes="Walk")
    model = VisitsTableModel()
    model.refresh(VisitFilter(text="marg wal"))
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 450
    assert {model.visit_row(r).client_name for r in range(450)} == {"Margaret Brown"}
    starts = [model.visit_row(r).start for r in range(450)]
    assert starts == sorted(starts, reverse=True)


def test_row_of_finds_a_visit_far_down_a_filtered_list(margaret, arthur):
    add_plain_visits(margaret, 900)
    add_plain_visits(arthur, 10)
    oldest = Visit.select().where(Visit.client == margaret).order_by(Visit.start, Visit.id).first()
    model = VisitsTableModel()
    model.refresh(VisitFilter(client_id=margaret.id))
    assert model.row_of(oldest.id) == 899
    assert model.visit_id(899) == oldest.id
    model.refresh(VisitFilter(text="arthur"))
    assert model.row_of(oldest.id) is None


def test_the_hours_page_says_when_it_stopped_counting(qtbot, margaret, monkeypatch):
    monkeypatch.setattr(VisitsTableModel, "most_counted", 500)
    add_plain_visits(margaret, 700)
    page = HoursPage(today=lambda: MONDAY)
    qtbot.addWidget(page)
    page.refresh()
    assert page.count.text() == "More than 500 visits shown, newest first"
