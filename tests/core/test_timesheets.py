"""Timesheets built from the database: which visits, their priced segments, the PDF."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from pypdf import PdfReader

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.clients.ratecards import VisitTypeForm
from microbiz.clients.ratecards import save_visit_type
from microbiz.foundations.money import parse_money
from microbiz.foundations.money import round_half_up
from microbiz.hours.timesheet_pdf import TimesheetCharge
from microbiz.hours.timesheet_pdf import table_lines
from microbiz.hours.timesheet_pdf import totals_of
from microbiz.hours.timesheets import build_timesheet
from microbiz.hours.timesheets import print_timesheet
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import save_visit


def _adder(client_id: int, visit_type_id: int):
    def add(day, start, end, status="delivered", pause="0"):
        form = VisitForm(client_id, visit_type_id, day, start, end, pause, status)
        save_visit(form, allow_overlap=True)

    return add


def _text(path) -> str:
    return "\n".join(
        line.replace("\xa0", " ").strip()
        for page in PdfReader(path).pages
        for line in page.extract_text().splitlines()
    )


def test_timesheet_lists_delivered_and_charged_visits_in_the_period(business, tmp_path):
    brown = save_client(
        ClientForm(name="Margaret Brown", weekday_rate="18", payer_reference="DP-4471")
    )
    add = _adder(brown.id, support_visit_type(brown).id)
    add("31/10/2026", "09:00", "10:00")  # before the period
    add("02/11/2026", "09:00", "12:00")
    add("03/11/2026", "22:00", "07:00", pause="30")
    add("04/11/2026", "09:00", "10:30", status="cancelled_chargeable")
    add("05/11/2026", "09:00", "10:30", status="cancelled")
    add("06/11/2026", "09:00", "10:30", status="planned")

    sheet = build_timesheet(brown.id, date(2026, 11, 1), date(2026, 11, 30))
    assert sheet.reference == "DP-4471"
    assert sheet.worker_name == "Sam Carter"
    assert [(r.day.day, r.minutes, r.cancelled) for r in sheet.rows] == [
        (2, 180, False),
        (3, 510, False),
        (4, 90, True),
    ]
    assert sheet.rows[1].charges == (
        TimesheetCharge(date(2026, 11, 3), "weekday", 90, 1800, 2700),
        TimesheetCharge(date(2026, 11, 4), "weekday", 420, 1800, 12600),
    )

    pdf = print_timesheet(brown.id, date(2026, 11, 1), date(2026, 11, 30), tmp_path / "t.pdf")
    text = _text(pdf)
    assert "Margaret Brown" in text and "Kind Hands Care" in text
    assert "01/11/2026 to 30/11/2026" in text
    assert "Delivered, 01/11/2026 to 30/11/2026: 11 h 30 min" in text  # 180 + 510 minutes
    assert "Cancelled at short notice, charged: 1 h 30 min" in text
    assert "07:00 (+1 day)" in text.splitlines()
    assert "31/10/2026" not in text


def test_weekend_and_bank_holiday_segments_are_priced_and_named(business, tmp_path):
    client = save_client(
        ClientForm(
            name="Arthur Patel",
            weekday_rate="10.01",
            weekend_rate="13.33",
            bank_holiday_rate="29.99",
        )
    )
    add = _adder(client.id, support_visit_type(client).id)
    add("24/12/2026", "21:53", "07:07", pause="17")  # Thursday into Christmas Day
    add("26/12/2026", "23:11", "00:49")  # Boxing Day (Saturday) into Sunday
    add("28/12/2026", "09:00", "10:07", status="cancelled_chargeable")  # substitute holiday
    add("30/12/2026", "09:00", "09:20")

    sheet = build_timesheet(client.id, date(2026, 12, 1), date(2026, 12, 31))

    bands = [(c.day.day, c.band, c.minutes) for row in sheet.rows for c in row.charges]
    assert bands == [
        (24, "weekday", 110),
        (25, "bank_holiday", 427),
        (26, "bank_holiday", 49),
        (27, "weekend", 49),
        (28, "bank_holiday", 67),
        (30, "weekday", 20),
    ]
    for row in sheet.rows:
        assert sum(c.minutes for c in row.charges) == row.minutes
        for charge in row.charges:
            exact = Fraction(charge.minutes * charge.rate_pence, 60)
            assert charge.amount_pence == round_half_up(exact)
    totals = totals_of(sheet.rows)
    assert (totals.delivered_minutes, totals.cancelled_minutes) == (655, 67)

    pdf = print_timesheet(client.id, date(2026, 12, 1), date(2026, 12, 31), tmp_path / "t.pdf")
    text = _text(pdf)
    lines = text.splitlines()
    assert lines.count("bank holiday rate") == 3
    assert lines.count("weekend rate") == 1
    assert "1 h 07 min" in lines and "0 h 20 min" in lines
    assert "Delivered, 01/12/2026 to 31/12/2026: 10 h 55 min" in text
    assert "Cancelled at short notice, charged: 1 h 07 min" in text
    for cells in table_lines(sheet.rows):
        hours, minutes = cells[4].replace("\xa0", " ").split(" h ")
        rate = parse_money(cells[6].replace("\xa0", " ").removesuffix(" / h"))
        expected = round_half_up(Fraction((int(hours) * 60 + int(minutes[:2])) * rate, 60))
        assert parse_money(cells[7]) == expected, cells


def test_a_flat_fee_visit_type_is_one_price_per_visit(business, tmp_path):
    client = save_client(ClientForm(name="Joan Reed", weekday_rate="18"))
    outing = save_visit_type(client.id, VisitTypeForm(name="Day out", flat_fee="80"))
    _adder(client.id, outing.id)("07/11/2026", "10:00", "13:20")

    sheet = build_timesheet(client.id, date(2026, 11, 1), date(2026, 11, 30))

    assert sheet.rows[0].charges == (TimesheetCharge(date(2026, 11, 7), "flat", 200, 8000, 8000),)
    text = _text(
        print_timesheet(client.id, date(2026, 11, 1), date(2026, 11, 30), tmp_path / "t.pdf")
    )
    assert "£80.00\nper visit\n£80.00" in text
    assert "weekend rate" not in text
