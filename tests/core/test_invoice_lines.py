"""Every printed line checks out: quantity × unit price is its amount; per-payer invoices."""

from __future__ import annotations

import re
from datetime import date
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.demo.sample_business import demo_business_form
from microbiz.foundations import db as database
from microbiz.foundations.business import save_business
from microbiz.foundations.money import parse_money
from microbiz.foundations.money import round_half_up
from microbiz.foundations.paths import database_path
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import save_visit
from microbiz.invoicing.documents import document_lines
from microbiz.invoicing.documents import write_credit_note
from microbiz.invoicing.documents import write_invoice
from microbiz.invoicing.invoices import clients_on
from microbiz.invoicing.invoices import create_draft
from microbiz.invoicing.invoices import generate_drafts
from microbiz.invoicing.invoices import issue_invoice
from microbiz.invoicing.payments import credit_invoice
from microbiz.invoicing.payments import list_invoices
from microbiz.invoicing.payments import record_payment
from microbiz.records.workbook import export_workbook

NOV_1, NOV_30 = date(2026, 11, 1), date(2026, 11, 30)
DURATION = re.compile(r"^(\d+) h (\d{2}) min$")


def council_client(name, rate="17.77", shows="name", address="Merrion House, Leeds"):
    return save_client(
        ClientForm(
            name=name,
            funding_route="council",
            payer_kind="council",
            payer_name="Leeds City Council",
            payer_address=address,
            weekday_rate=rate,
            weekend_rate="21.30",
            bank_holiday_rate="30.00",
            invoice_shows=shows,
        )
    )


def visit(client, day, start="09:00", end="09:20", status="delivered"):
    form = VisitForm(client.id, support_visit_type(client).id, day, start, end, status=status)
    return save_visit(form, allow_overlap=True)


def checks_out(line) -> bool:
    """Read the printed quantity and unit price back, and multiply them out to the penny."""
    duration = DURATION.match(line.quantity)
    price = parse_money(line.unit_price.split(" / ")[0])
    if duration:
        minutes = int(duration.group(1)) * 60 + int(duration.group(2))
        return round_half_up(Fraction(minutes * price, 60)) == line.amount_pence
    count = Decimal(line.quantity.split()[0])
    return round_half_up(Fraction(count) * price) == line.amount_pence


def test_twenty_minutes_at_an_odd_rate_prints_exactly(business):
    margaret = council_client("Margaret Brown")
    visit(margaret, "02/11/2026")
    [line] = document_lines(create_draft(margaret.id, NOV_1, NOV_30))
    assert (line.quantity, line.unit_price, line.amount_pence) == ("0 h 20 min", "£17.77 / h", 592)


def test_a_night_into_the_weekend_is_a_line_per_rate_naming_the_band(business):
    margaret = council_client("Margaret Brown")
    visit(margaret, "27/11/2026", "22:00", "07:00")  # Friday into Saturday
    lines = document_lines(create_draft(margaret.id, NOV_1, NOV_30))
    assert [(line.description, line.quantity, line.amount_pence) for line in lines] == [
        ("Fri 27/11/2026 22:00–07:00 Support, the part on Fri 27/11/2026", "2 h 00 min", 3554),
        (
            "Fri 27/11/2026 22:00–07:00 Support, weekend rate, the part on Sat 28/11/2026",
            "7 h 00 min",
            14910,
        ),
    ]


def test_week_lines_keep_each_rate_apart(business):
    margaret = council_client("Margaret Brown")
    for day in ("02/11/2026", "03/11/2026", "07/11/2026"):
        visit(margaret, day)
    invoice = create_draft(margaret.id, NOV_1, NOV_30, grouping="week")
    assert [(line.description, line.quantity) for line in document_lines(invoice)] == [
        ("Week of Mon 02/11/2026: Support, 2 visits", "0 h 40 min"),
        ("Week of Mon 02/11/2026: Support, weekend rate, 1 visit", "0 h 20 min"),
    ]
    assert all(checks_out(line) for line in document_lines(invoice))


VISITS = st.lists(
    st.tuples(
        st.integers(0, 29),  # day of November
        st.integers(0, 23 * 4),  # start, in quarter hours
        st.integers(1, 14 * 60),  # minutes long
        st.sampled_from(["delivered", "cancelled_chargeable"]),
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    visits=VISITS,
    rate=st.integers(1000, 4999),
    grouping=st.sampled_from(["visit", "week"]),
)
def test_every_printed_line_multiplies_out(tmp_path_factory, visits, rate, grouping):
    folder = tmp_path_factory.mktemp("lines")
    database.open_database(database_path(folder))
    try:
        save_business(demo_business_form())
        client = council_client("Edna Jones", rate=f"{rate / 100:.2f}")
        for day, quarter, length, status in visits:
            start = date(2026, 11, 1) + timedelta(days=day)
            begins = f"{quarter // 4:02d}:{quarter % 4 * 15:02d}"
            ends_minutes = (quarter * 15 + length) % (24 * 60)
            ends = f"{ends_minutes // 60:02d}:{ends_minutes % 60:02d}"
            visit(client, start.strftime("%d/%m/%Y"), begins, ends, status)
        invoice = create_draft(client.id, NOV_1, NOV_30, grouping)
        lines = document_lines(invoice)
        assert all(checks_out(line) for line in lines), lines
        assert sum(line.amount_pence for line in lines) == invoice.total_pence
    finally:
        database.close_database()


def test_one_invoice_per_payer_with_a_section_and_subtotal_each(business, tmp_path):
    margaret = council_client("Margaret Brown")
    arthur = council_client("Arthur Patel", shows="initials")
    edna = save_client(ClientForm(name="Edna Jones", weekday_rate="18"))
    visit(margaret, "02/11/2026")
    visit(margaret, "03/11/2026")
    visit(arthur, "04/11/2026", "10:00", "11:07")
    visit(edna, "05/11/2026", "09:00", "11:00")

    batch = generate_drafts(NOV_1, NOV_30, per="payer")

    council, own = sorted(batch.invoices, key=lambda invoice: not invoice.per_payer)
    assert council.per_payer and not own.per_payer
    assert [client.name for client in clients_on(council)] == ["Arthur Patel", "Margaret Brown"]
    lines = document_lines(council)
    assert [line.section for line in lines] == [
        "Support for: A. P.",
        "Support for: Margaret Brown",
        "Support for: Margaret Brown",
    ]
    assert council.total_pence == sum(line.amount_pence for line in lines) == 1984 + 592 + 592
    assert council.payer_name == "Leeds City Council" and council.client_label == ""
    assert generate_drafts(NOV_1, NOV_30, per="payer").invoices == []  # each visit billed once

    issued = issue_invoice(council.id, NOV_30)
    assert [s.client_name for s in list_invoices() if s.number == issued.number] == ["2 clients"]
    assert [s.number for s in list_invoices(client_id=margaret.id)] == [issued.number]

    text = PdfReader(write_invoice(issued.id, tmp_path)).pages[0].extract_text()
    for words in ("Support for: A. P.", "Support for: Margaret Brown", "Subtotal", "£19.84"):
        assert words in text
    assert "£11.84" in text  # Margaret's subtotal
    assert "Jo Whitaker trading as Kind Hands Care" not in text  # the fixture's owner is Sam
    assert "Sam Carter trading as Kind Hands Care" in text


def test_the_workbook_gives_minutes_as_a_number(business, tmp_path):
    margaret = council_client("Margaret Brown")
    visit(margaret, "02/11/2026", "09:00", "10:07")
    create_draft(margaret.id, NOV_1, NOV_30)
    path = export_workbook(tmp_path / "all.xlsx")
    sheet = load_workbook(path)["Invoice lines"]
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert (row["Quantity"], row["Unit"], str(row["Amount"])) == (67, "min", "19.84")


def test_a_paid_invoice_says_thank_you_and_a_credit_note_names_its_invoice(business, tmp_path):
    edna = save_client(ClientForm(name="Edna Jones", weekday_rate="18"))
    visit(edna, "02/11/2026", "09:00", "11:00")
    invoice = issue_invoice(create_draft(edna.id, NOV_1, NOV_30).id, NOV_30)
    record_payment(invoice.id, "36.00", "02/12/2026")
    text = PdfReader(write_invoice(invoice.id, tmp_path)).pages[0].extract_text()
    assert "Paid, thank you (in full on 02/12/2026)." in text
    assert "Please pay within" not in text and "Account number" not in text

    note = credit_invoice(invoice.id, "10.00", "Shorter visit", NOV_30)
    text = PdfReader(write_credit_note(note.id, tmp_path)).pages[0].extract_text()
    assert re.search(r"Credits invoice\s+INV-0001", text)
    assert "This credit note is against invoice INV-0001 of 30/11/2026." in text
