"""The timesheet PDF, read back from real files with pypdf."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from datetime import time
from pathlib import Path

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from microbiz.documents.layout import MARGIN
from microbiz.documents.layout import PAGE_WIDTH
from microbiz.documents.timesheet_pdf import Timesheet
from microbiz.documents.timesheet_pdf import TimesheetRow
from microbiz.documents.timesheet_pdf import write_timesheet

HEADER = ["Date", "Start", "End", "Break", "Hours", "Type", "Status"]
_VISIT_DATE = re.compile(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d/11/2026")
SIGNATURE_TEXT = ["Signature", "Name (printed)", "I confirm that the support listed above"]


def _row(day: int, start: time, end: time, minutes: int, **changes: object) -> TimesheetRow:
    row = TimesheetRow(
        day=date(2026, 11, day),
        start=start,
        end=end,
        break_minutes=0,
        minutes=minutes,
        visit_type="Personal care",
        status="Delivered",
    )
    return replace(row, **changes)


def _sheet(rows: list[TimesheetRow], **changes: object) -> Timesheet:
    sheet = Timesheet(
        business_name="Bright Care Ltd",
        worker_name="Jane Smith",
        client_name="Margaret Jones",
        first_day=date(2026, 11, 1),
        last_day=date(2026, 11, 30),
        rows=rows,
        reference="DP-004512",
    )
    return replace(sheet, **changes)


def _pages(sheet: Timesheet, tmp_path: Path) -> list[str]:
    path = write_timesheet(sheet, tmp_path / "timesheet.pdf")
    return [page.extract_text() for page in PdfReader(path).pages]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


def _has_header(text: str) -> bool:
    lines = _lines(text)
    return any(lines[i : i + len(HEADER)] == HEADER for i in range(len(lines)))


def _month_of_visits() -> list[TimesheetRow]:
    """120 visits: four a day for the whole of November."""
    starts = [time(7), time(12), time(17), time(21)]
    return [_row(day, start, time(start.hour + 2), 120) for day in range(1, 31) for start in starts]


def test_one_page_shows_people_period_rows_and_exact_total(tmp_path):
    rows = [
        _row(2, time(9), time(12), 180),
        _row(3, time(14), time(15, 30), 90),
        _row(5, time(8), time(17, 30), 540, break_minutes=30),
    ]

    pages = _pages(_sheet(rows), tmp_path)

    assert len(pages) == 1
    text = pages[0]
    for expected in ["Timesheet", "Bright Care Ltd", "Jane Smith", "Margaret Jones", "DP-004512"]:
        assert expected in text
    assert "01/11/2026 to 30/11/2026" in text
    lines = _lines(text)
    for day, hours in [
        ("Mon 02/11/2026", "3.00"),
        ("Tue 03/11/2026", "1.50"),
        ("Thu 05/11/2026", "9.00"),
    ]:
        assert day in lines
        assert lines[lines.index(day) + 4] == hours
    assert lines[lines.index("Total hours") + 1] == "13.50"
    assert "Total hours for 01/11/2026 to 30/11/2026: 13.50" in lines
    assert "Page 1 of 1" in text


def test_total_adds_minutes_before_rounding(tmp_path):
    rows = [_row(day, time(9), time(9, 20), 20) for day in (2, 3, 4)]

    lines = _lines(_pages(_sheet(rows), tmp_path)[0])

    assert lines.count("0.33") == 3
    assert lines[lines.index("Total hours") + 1] == "1.00"


def test_rows_show_times_breaks_type_and_status(tmp_path):
    rows = [
        _row(2, time(9, 15), time(12, 45), 180, break_minutes=30),
        _row(3, time(22), time(7), 540, visit_type="Night sit", status="Cancelled (charged)"),
        _row(4, time(8), time(8), 1440, visit_type="Live-in day"),
    ]

    text = _pages(_sheet(rows), tmp_path)[0]

    assert "09:15" in text and "12:45" in text and "30 min" in text
    assert "22:00" in text and "07:00\n(+1 day)" in text
    assert "08:00\n(+1 day)" in text
    assert text.count("+1 day") == 2
    assert "Night sit" in text
    assert "Cancelled\n(charged)" in text or "Cancelled (charged)" in text
    assert "–" in _lines(text)


def test_reference_line_is_left_out_when_there_is_none(tmp_path):
    text = _pages(_sheet([_row(2, time(9), time(10), 60)], reference=""), tmp_path)[0]

    assert "Reference" not in text


def test_long_timesheet_numbers_pages_and_repeats_the_header(tmp_path):
    pages = _pages(_sheet(_month_of_visits()), tmp_path)

    total = len(pages)
    assert total >= 3
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text
        assert "Timesheet · 01/11/2026 to 30/11/2026 · Margaret Jones · Bright Care Ltd" in text
        if _VISIT_DATE.search(text):
            assert _has_header(text), f"no column header on page {number}"
            assert "Date" in text and "Hours" in text
    every_line = [line for text in pages for line in _lines(text)]
    assert len([line for line in every_line if _VISIT_DATE.fullmatch(line)]) == 120
    assert every_line.count("2.00") == 120
    assert every_line[every_line.index("Total hours") + 1] == "240.00"


def test_signatures_appear_once_on_the_last_page(tmp_path):
    pages = _pages(_sheet(_month_of_visits()), tmp_path)

    for text in pages[:-1]:
        assert not any(phrase in text for phrase in SIGNATURE_TEXT)
    last = _lines(pages[-1])
    assert last.count("Signature") == 2
    assert last.count("Name (printed)") == 2
    assert "Worker" in last
    assert "Person supported or their representative" in " ".join(last)


def test_signature_block_is_never_split_across_pages(tmp_path):
    starts = [time(hour) for hour in range(6, 22, 4)]
    visits = [
        _row(day, start, time(start.hour + 1), 60) for day in range(1, 31) for start in starts
    ]
    for count in range(20, 60):
        pages = _pages(_sheet(visits[:count]), tmp_path)
        last = pages[-1]
        assert all(phrase in last for phrase in SIGNATURE_TEXT), f"split with {count} rows"
        assert _lines(last).count("Date") >= 2


def test_empty_period_says_so_instead_of_an_empty_table(tmp_path):
    pages = _pages(_sheet([]), tmp_path)

    assert len(pages) == 1
    assert "No visits in this period." in pages[0]
    assert not _has_header(pages[0])
    assert "Total hours for 01/11/2026 to 30/11/2026: 0.00" in pages[0]
    assert "Signature" in pages[0]
    assert "Page 1 of 1" in pages[0]


def test_long_names_wrap_inside_the_page(tmp_path):
    client = " ".join(["Wilhelmina-Alexandra Featherstonehaugh-Cholmondeley"] * 4)[:200]
    visit_type = "Personal care, medication prompt and an accompanied outing to the day centre"
    status = "Cancelled (charged) because the Supercalifragilisticexpialidocious bus was late"
    rows = [_row(2, time(9), time(12), 180, visit_type=visit_type, status=status)]
    path = write_timesheet(_sheet(rows, client_name=client), tmp_path / "long.pdf")

    page = PdfReader(path).pages[0]
    squashed = re.sub(r"\s", "", page.extract_text())
    assert len(client) == 200
    for text in [client, visit_type, status]:
        assert re.sub(r"\s", "", text) in squashed
    assert _right_edge(page) <= PAGE_WIDTH - MARGIN + 0.5


def test_markup_characters_print_as_typed(tmp_path):
    rows = [_row(2, time(9), time(10), 60, visit_type="Shopping & <errands>")]

    text = _pages(_sheet(rows, client_name="Ann O'Neil & Bob"), tmp_path)[0]

    assert "Ann O'Neil & Bob" in text
    assert "Shopping & <errands>" in text


def _right_edge(page) -> float:
    """The furthest right any text reaches on the page, in points."""
    edges = []

    def visit(text, cm, tm, font, size):
        if text.strip() and font:
            name = font["/BaseFont"].lstrip("/")
            edges.append(cm[4] + tm[4] + stringWidth(text.strip(), name, size))

    page.extract_text(visitor_text=visit)
    return max(edges)
