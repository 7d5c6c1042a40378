from datetime import date

from pypdf import PdfReader

from microbiz.clients import ClientForm
from microbiz.clients import save_client
from microbiz.clients import support_visit_type
from microbiz.hours import VisitForm
from microbiz.hours import save_visit
from microbiz.timesheets import build_timesheet
from microbiz.timesheets import print_timesheet


def test_timesheet_lists_delivered_and_charged_visits_in_the_period(business, tmp_path):
    brown = save_client(
        ClientForm(name="Margaret Brown", weekday_rate="18", payer_reference="DP-4471")
    )
    support = support_visit_type(brown).id

    def add(day, start, end, status="delivered", pause="0"):
        form = VisitForm(brown.id, support, day, start, end, pause, status)
        save_visit(form, allow_overlap=True)

    add("31/10/2026", "09:00", "10:00")  # before the period
    add("02/11/2026", "09:00", "12:00")
    add("03/11/2026", "22:00", "07:00", pause="30")
    add("04/11/2026", "09:00", "10:30", status="cancelled_chargeable")
    add("05/11/2026", "09:00", "10:30", status="cancelled")
    add("06/11/2026", "09:00", "10:30", status="planned")

    sheet = build_timesheet(brown.id, date(2026, 11, 1), date(2026, 11, 30))
    assert sheet.reference == "DP-4471"
    assert sheet.worker_name == "Sam Carter"
    assert [(r.day.day, r.minutes, r.status) for r in sheet.rows] == [
        (2, 180, "Delivered"),
        (3, 510, "Delivered"),
        (4, 90, "Cancelled (charged)"),
    ]

    pdf = print_timesheet(brown.id, date(2026, 11, 1), date(2026, 11, 30), tmp_path / "t.pdf")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Margaret Brown" in text and "Kind Hands Care" in text
    assert "01/11/2026 to 30/11/2026" in text
    assert "13.00" in text  # 180 + 510 + 90 minutes
    assert "31/10/2026" not in text
