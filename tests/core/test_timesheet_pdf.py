"""The timesheet PDF, read back from real files with pypdf."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from fractions import Fraction
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from microbiz.foundations.money import parse_money
from microbiz.foundations.money import round_half_up
from microbiz.foundations.pdf_layout import MARGIN
from microbiz.foundations.pdf_layout import PAGE_WIDTH
from microbiz.hours.pricing import Rates
from microbiz.hours.pricing import price_visit
from microbiz.hours.timesheet_pdf import Timesheet
from microbiz.hours.timesheet_pdf import TimesheetCharge
from microbiz.hours.timesheet_pdf import TimesheetRow
from microbiz.hours.timesheet_pdf import table_lines
from microbiz.hours.timesheet_pdf import write_timesheet

HEADER = ["Date", "Start", "End", "Break", "Hours", "Visit", "Rate", "Amount"]
_VISIT_DATE = re.compile(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d/11/2026")
SIGNATURE_TEXT = ["Signature", "Name (printed)", "I confirm that the support listed above"]
RATES = Rates(weekday_pence=1850, weekend_pence=2000, bank_holiday_pence=2775)
_DURATION = re.compile(r"^(\d+) h (\d\d) min$")
_RATE = re.compile(r"^(£[\d,]+\.\d\d) / h$")


def _row(day: int, start: time, end: time, minutes: int, **changes: object) -> TimesheetRow:
    """A weekday visit in November 2026 at £18.50 an hour, its billable `minutes` as given."""
    charge = TimesheetCharge(
        date(2026, 11, day), "weekday", minutes, 1850, round_half_up(Fraction(1850 * minutes, 60))
    )
    row = TimesheetRow(
        day=date(2026, 11, day),
        start=start,
        end=end,
        break_minutes=0,
        minutes=minutes,
        visit_type="Personal care",
        charges=(charge,),
    )
    return replace(row, **changes)


def _visit(
    start: datetime, minutes: int, pause: int = 0, rates: Rates = RATES, **changes: object
) -> TimesheetRow:
    """A visit priced as Microbiz prices it: split at midnight, each day in its band."""
    end = start + timedelta(minutes=minutes)
    price = price_visit(start, end, pause, rates)
    row = TimesheetRow(
        day=start.date(),
        start=start.time(),
        end=end.time(),
        break_minutes=pause,
        minutes=price.minutes,
        visit_type="Personal care",
        charges=tuple(
            TimesheetCharge(s.day, s.band, s.minutes, s.rate_pence, s.amount_pence)
            for s in price.segments
        ),
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
    return [line.replace("\xa0", " ").strip() for line in text.splitlines()]


def _after(lines: list[str], label: str, count: int = 1) -> list[str]:
    """The `count` lines that follow `label`."""
    at = lines.index(label)
    return lines[at + 1 : at + 1 + count]


def _has_header(text: str) -> bool:
    lines = _lines(text)
    return any(lines[i : i + len(HEADER)] == HEADER for i in range(len(lines)))


def _month_of_visits() -> list[TimesheetRow]:
    """120 visits: four a day for the whole of November."""
    starts = [time(7), time(12), time(17), time(21)]
    return [_row(day, start, time(start.hour + 2), 120) for day in range(1, 31) for start in starts]


def _minutes(text: str) -> int:
    hours, minutes = _DURATION.match(_plain(text)).groups()
    return int(hours) * 60 + int(minutes)


def test_one_page_shows_people_period_rows_and_exact_totals(tmp_path):
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
    for day, hours, amount in [
        ("Mon 02/11/2026", "3 h 00 min", "£55.50"),
        ("Tue 03/11/2026", "1 h 30 min", "£27.75"),
        ("Thu 05/11/2026", "9 h 00 min", "£166.50"),
    ]:
        assert day in lines
        assert _after(lines, day, 7)[3:] == [hours, "Personal care", "£18.50 / h", amount]
    assert _after(lines, "Delivered", 2) == ["13 h 30 min", "£249.75"]
    assert _after(lines, "Cancelled at short notice, charged", 2) == ["0 h 00 min", "£0.00"]
    assert _after(lines, "Total charged") == ["£249.75"]
    assert "Delivered, 01/11/2026 to 30/11/2026: 13 h 30 min" in lines
    assert "Total charged: £249.75" in lines
    assert "Page 1 of 1" in text


def test_times_are_exact_hours_and_minutes_never_decimals(tmp_path):
    rows = [_row(2, time(9), time(10, 7), 67), _row(3, time(9), time(9, 20), 20)]

    lines = _lines(_pages(_sheet(rows), tmp_path)[0])

    assert "1 h 07 min" in lines and "0 h 20 min" in lines
    assert _after(lines, "Delivered") == ["1 h 27 min"]
    assert not [line for line in lines if re.fullmatch(r"\d+\.\d\d", line)]


def test_total_adds_minutes_so_it_is_exact(tmp_path):
    rows = [_row(day, time(9), time(9, 20), 20) for day in (2, 3, 4)]

    lines = _lines(_pages(_sheet(rows), tmp_path)[0])

    assert lines.count("0 h 20 min") == 3
    assert _after(lines, "Delivered") == ["1 h 00 min"]
    # each line is rounded to the penny on its own, and the total is their sum
    assert lines.count("£6.17") == 3
    assert _after(lines, "Total charged") == ["£18.51"]


def test_delivered_and_cancelled_but_charged_time_are_totalled_apart(tmp_path):
    rows = [
        _row(2, time(9), time(12), 180),
        _row(3, time(9), time(11, 30), 150),
        _row(4, time(9), time(11), 120, cancelled=True),
    ]

    pages = _pages(_sheet(rows), tmp_path)

    lines = _lines(pages[0])
    assert _after(lines, "Delivered", 2) == ["5 h 30 min", "£101.75"]
    assert _after(lines, "Cancelled at short notice, charged", 2) == ["2 h 00 min", "£37.00"]
    assert _after(lines, "Total charged") == ["£138.75"]
    assert "Delivered, 01/11/2026 to 30/11/2026: 5 h 30 min" in lines
    assert "Cancelled at short notice, charged: 2 h 00 min" in lines
    assert "7 h 30 min" not in lines  # never lumped together
    visit = _after(lines, "Wed 04/11/2026", 7)[4:]
    assert visit[:2] == ["Personal care", "Cancelled at"]  # the status is on its line


def test_rows_show_times_breaks_type_and_status(tmp_path):
    rows = [
        _row(2, time(9, 15), time(12, 45), 180, break_minutes=30),
        _visit(datetime(2026, 11, 3, 22), 540, visit_type="Night sit", cancelled=True),
        _visit(datetime(2026, 11, 4, 8), 1440, pause=120, visit_type="Live-in day"),
    ]

    text = _pages(_sheet(rows), tmp_path)[0]

    lines = _lines(text)
    assert "09:15" in lines and "12:45" in lines and "30 min" in lines
    assert "22:00" in lines and "07:00 (+1 day)" in lines  # on one line, never wrapped
    assert "08:00 (+1 day)" in lines and "120 min" in lines
    assert text.count("+1 day") == 2
    assert "Night sit" in lines
    assert "Cancelled at short notice, charged" in " ".join(lines)
    assert "–" in lines


def test_a_visit_past_midnight_has_a_line_for_each_day_and_its_band(tmp_path):
    # Thursday 24 December 22:00 to Friday 25 December (a bank holiday) 07:00, 30 minutes' break
    rows = [_visit(datetime(2026, 12, 24, 22), 540, pause=30, visit_type="Waking night")]
    sheet = _sheet(rows, first_day=date(2026, 12, 1), last_day=date(2026, 12, 31))

    lines = _lines(_pages(sheet, tmp_path)[0])

    first = _after(lines, "Thu 24/12/2026", 9)
    assert first == [
        "22:00",
        "07:00 (+1 day)",
        "30 min",
        "1 h 30 min",
        "Waking night",
        "until midnight",
        "£18.50 / h",
        "£27.75",
        "Fri 25/12/2026",
    ]
    second = _after(lines, "Fri 25/12/2026", 5)
    assert second == ["7 h 00 min", "after midnight", "bank holiday rate", "£27.75 / h", "£194.25"]
    assert _after(lines, "Delivered", 2) == ["8 h 30 min", "£222.00"]


def test_the_band_is_named_on_weekend_and_bank_holiday_lines_only(tmp_path):
    rows = [
        _visit(datetime(2026, 12, 23, 9), 60),  # Wednesday
        _visit(datetime(2026, 12, 26, 9), 60),  # Saturday, Boxing Day
        _visit(datetime(2026, 12, 27, 9), 60),  # Sunday
        _visit(datetime(2026, 12, 28, 9), 60),  # Monday, the substitute bank holiday
    ]
    sheet = _sheet(rows, first_day=date(2026, 12, 1), last_day=date(2026, 12, 31))

    lines = _lines(_pages(sheet, tmp_path)[0])

    assert _after(lines, "Wed 23/12/2026", 7)[5:] == ["£18.50 / h", "£18.50"]
    assert _after(lines, "Sat 26/12/2026", 8)[5:] == ["bank holiday rate", "£27.75 / h", "£27.75"]
    assert _after(lines, "Sun 27/12/2026", 8)[5:] == ["weekend rate", "£20.00 / h", "£20.00"]
    assert _after(lines, "Mon 28/12/2026", 8)[5:] == ["bank holiday rate", "£27.75 / h", "£27.75"]
    assert lines.count("weekend rate") == 1 and lines.count("bank holiday rate") == 2


def test_a_flat_fee_is_a_price_per_visit(tmp_path):
    rows = [_visit(datetime(2026, 11, 7, 10), 200, rates=Rates(0, 0, 0, 8000))]

    lines = _lines(_pages(_sheet(rows), tmp_path)[0])

    assert _after(lines, "Sat 07/11/2026", 8)[3:] == [
        "3 h 20 min",
        "Personal care",
        "£80.00",
        "per visit",
        "£80.00",
    ]


def _awkward_visits() -> list[TimesheetRow]:
    """Visits whose charges round: odd rates, odd minutes, midnight, weekends, bank holidays."""
    rates = [Rates(1001, 1333, 2999), Rates(1850, 2077, 2775), Rates(999, 1, 3)]
    rows = []
    for number in range(60):
        start = datetime(2026, 12, 20, 7) + timedelta(hours=number * 7, minutes=number * 13)
        minutes = 1 + (number * 97) % 1440
        pause = min(number % 4 * 15, minutes - 1)
        rows.append(_visit(start, minutes, pause, rates[number % 3], cancelled=number % 5 == 0))
    return rows


def test_every_printed_line_with_a_rate_multiplies_out_to_the_penny(tmp_path):
    rows = _awkward_visits()
    sheet = _sheet(rows, first_day=date(2026, 12, 1), last_day=date(2027, 1, 31))

    lines = table_lines(rows)
    printed = [line for page in _pages(sheet, tmp_path) for line in _lines(page)]

    priced = [line for line in lines if _RATE.match(_plain(line[6]))]
    assert len(priced) > len(rows)  # some visits cross midnight: a line for each day
    for line in priced:
        rate = parse_money(_RATE.match(_plain(line[6])).group(1))
        assert round_half_up(Fraction(_minutes(line[4]) * rate, 60)) == parse_money(line[7])
    # the PDF prints exactly these lines: hours, then the rate and the amount it comes to
    durations = [line for line in printed if _DURATION.match(line)]
    assert durations[: len(lines)] == [_plain(line[4]) for line in lines]
    at_rates = [i for i, line in enumerate(printed) if _RATE.match(line)]
    assert [printed[i] for i in at_rates] == [_plain(line[6]) for line in priced]
    for i in at_rates:
        hours = next(line for line in reversed(printed[:i]) if _DURATION.match(line))
        rate = parse_money(_RATE.match(printed[i]).group(1))
        assert round_half_up(Fraction(_minutes(hours) * rate, 60)) == parse_money(printed[i + 1])
    charged = sum(parse_money(line[7]) for line in lines)
    assert charged == sum(c.amount_pence for row in rows for c in row.charges)
    assert f"Total charged: {_money(charged)}" in printed
    assert sum(_minutes(line[4]) for line in lines) == sum(row.minutes for row in rows)


def _plain(cell: str) -> str:
    return cell.replace("\xa0", " ")


def _money(pence: int) -> str:
    return f"£{pence // 100:,}.{pence % 100:02d}"


@pytest.mark.parametrize("rate", [Rates(1850, 2000, 2775), Rates(99999, 99999, 99999)])
def test_the_widest_values_fit_their_columns(tmp_path, rate):
    rows = [
        _visit(datetime(2026, 11, 28, 8), 1440, pause=120, rates=rate),
        _visit(datetime(2026, 11, 30), 1440, rates=rate, cancelled=True),
    ]
    path = write_timesheet(_sheet(rows), tmp_path / "wide.pdf")

    page = PdfReader(path).pages[0]
    lines = _lines(page.extract_text())
    assert "08:00 (+1 day)" in lines and "00:00 (+1 day)" in lines
    assert _after(lines, "00:00 (+1 day)", 2) == ["–", "24 h 00 min"]
    assert "120 min" in lines
    assert _right_edge(page) <= PAGE_WIDTH - MARGIN + 0.5


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
            assert "Date" in text and "Hours" in text and "Rate" in text
    every_line = [line for text in pages for line in _lines(text)]
    assert len([line for line in every_line if _VISIT_DATE.fullmatch(line)]) == 120
    assert every_line.count("2 h 00 min") == 120
    assert _after(every_line, "Delivered", 2) == ["240 h 00 min", "£4,440.00"]


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
    lines = _lines(pages[0])
    assert "Delivered, 01/11/2026 to 30/11/2026: 0 h 00 min" in lines
    assert "Cancelled at short notice, charged: 0 h 00 min" in lines
    assert "Signature" in pages[0]
    assert "Page 1 of 1" in pages[0]


def test_long_names_wrap_inside_the_page(tmp_path):
    client = " ".join(["Wilhelmina-Alexandra Featherstonehaugh-Cholmondeley"] * 4)[:200]
    visit_type = "Personal care, medication prompt and an accompanied outing to the day centre"
    rows = [_row(2, time(9), time(12), 180, visit_type=visit_type, cancelled=True)]
    path = write_timesheet(_sheet(rows, client_name=client), tmp_path / "long.pdf")

    page = PdfReader(path).pages[0]
    squashed = re.sub(r"\s", "", page.extract_text())
    assert len(client) == 200
    for text in [client, visit_type, "Cancelled at short notice, charged"]:
        assert re.sub(r"\s", "", text) in squashed
    assert _right_edge(page) <= PAGE_WIDTH - MARGIN + 0.5


def test_markup_characters_print_as_typed(tmp_path):
    rows = [_row(2, time(9), time(10), 60, visit_type="Shopping & <errands>")]

    text = _pages(_sheet(rows, client_name="Ann O'Neil & Bob"), tmp_path)[0]

    assert "Ann O'Neil & Bob" in text
    assert "Shopping & <errands>" in " ".join(_lines(text))


def _right_edge(page) -> float:
    """The furthest right any text reaches on the page, in points."""
    edges = []

    def visit(text, cm, tm, font, size):
        if text.strip() and font:
            name = font["/BaseFont"].lstrip("/")
            edges.append(cm[4] + tm[4] + stringWidth(text.strip(), name, size))

    page.extract_text(visitor_text=visit)
    return max(edges)


def test_names_with_letters_helvetica_has_not_got_print_as_typed(tmp_path):
    sheet = _sheet(
        _month_of_visits(),
        worker_name="Łucja Wiśniewska",
        client_name="Ștefan Popescu",
        business_name="Żółć & Ελένη Care",
    )

    path = write_timesheet(sheet, tmp_path / "timesheet.pdf")

    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    for name in ("Łucja Wiśniewska", "Ștefan Popescu", "Żółć & Ελένη Care"):
        assert name in text
    assert "■" not in text
