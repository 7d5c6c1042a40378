"""Invoice and credit-note PDFs, read back from real files with pypdf (a row at a time: the
cells of a table row, or a label and its amount, read as one line)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from microbiz.foundations.money import format_money
from microbiz.foundations.money import parse_money
from microbiz.foundations.pdf_layout import MARGIN
from microbiz.foundations.pdf_layout import PAGE_WIDTH
from microbiz.invoicing.invoice_pdf import DocumentLine
from microbiz.invoicing.invoice_pdf import InvoiceDocument
from microbiz.invoicing.invoice_pdf import Party
from microbiz.invoicing.invoice_pdf import write_invoice_pdf

HEADER = ["Description", "Quantity", "Unit price", "Amount"]
BANK = [
    ("Account name", "Jane Smith Care"),
    ("Sort code", "60-16-13"),
    ("Account number", "31926819"),
    ("Reference", "INV-0001"),
]
LINES = [
    DocumentLine("Mon 02/11/2026 09:00–11:00 Support", "2.00 h", "£18.00 / h", 3600),
    DocumentLine("Sat 07/11/2026 10:00–12:00 Support (weekend)", "2.00 h", "£21.50 / h", 4300),
    DocumentLine("Mileage, November 2026", "12.5 miles", "£0.45 / mile", 563),
    DocumentLine("Night sits, November 2026", "10", "£105.00", 105000),
    DocumentLine("Replacement key cut", "1", "£99.87", 9987),
]
LATE_PAYMENT = "Late payment interest may be charged under the Late Payment Act 1998."
_VISIT = re.compile(r"Visit \d{3}")
_VISIT_ROW = re.compile(r"(Visit \d{3} Support) 2\.00 h £18\.00 / h (£[\d,.]+)")


def _invoice(**changes: object) -> InvoiceDocument:
    document = InvoiceDocument(
        kind="Invoice",
        number="INV-0001",
        issue_date=date(2026, 11, 30),
        seller=Party(
            "Jane Smith Care",
            "14 Orchard Close\nBramley",
            "LS13 2AB",
            "jane@smithcare.co.uk",
            "07700 900123",
        ),
        payer=Party(
            "Leeds City Council",
            "PO Box 1234\nMerrion House",
            "LS2 8BB",
            "payments@leeds.gov.uk",
        ),
        lines=LINES,
        total_pence=123450,
        due_date=date(2026, 12, 14),
        period=(date(2026, 11, 1), date(2026, 11, 30)),
        client_label="Support for: Margaret Brown",
        payer_reference="PO 4500123",
        payment_terms="Please pay within 14 days, by 14/12/2026.",
        bank_details=BANK,
    )
    return replace(document, **changes)


def _credit_note(**changes: object) -> InvoiceDocument:
    credit = _invoice(
        kind="Credit note",
        number="CN-0001",
        issue_date=date(2026, 12, 3),
        lines=LINES[:2],
        total_pence=7900,
        credits="This credit note is against invoice INV-0003 of 30/11/2026.",
        reason="Two visits were charged twice.",
    )
    return replace(credit, **changes)


def _pages(document: InvoiceDocument, tmp_path: Path) -> list[str]:
    path = write_invoice_pdf(document, tmp_path / "document.pdf")
    return [page.extract_text() for page in PdfReader(path).pages]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


def _after(lines: list[str], label: str) -> str:
    """What is printed after `label` on the first row that starts with it."""
    return next(line.removeprefix(f"{label} ") for line in lines if line.startswith(f"{label} "))


def _has_amount(lines: list[str], label: str) -> bool:
    """Whether a row gives `label` an amount or a date."""
    return any(re.fullmatch(rf"{re.escape(label)} [£\d].*", line) for line in lines)


def _row_of(lines: list[str], label: str) -> int:
    return next(index for index, line in enumerate(lines) if line.startswith(f"{label} £"))


def _has_header(text: str) -> bool:
    return " ".join(HEADER) in _lines(text)


def _visits(count: int) -> list[DocumentLine]:
    """`count` two-hour visits whose amounts all differ."""
    return [
        DocumentLine(f"Visit {number:03d} Support", "2.00 h", "£18.00 / h", 3600 + number)
        for number in range(1, count + 1)
    ]


def _long_invoice(count: int) -> InvoiceDocument:
    lines = _visits(count)
    return _invoice(lines=lines, total_pence=sum(line.amount_pence for line in lines))


def test_invoice_shows_number_dates_people_lines_and_exact_total(tmp_path):
    pages = _pages(_invoice(), tmp_path)

    assert len(pages) == 1
    text = pages[0]
    lines = _lines(text)
    for expected in [
        "Invoice",
        "INV-0001",
        "Jane Smith Care",
        "14 Orchard Close, Bramley, LS13 2AB",
        "07700 900123 · jane@smithcare.co.uk",
        "Bill to",
        "Leeds City Council",
        "PO Box 1234",
        "Merrion House",
        "LS2 8BB",
        "payments@leeds.gov.uk",
        "Your reference: PO 4500123",
        "Support for: Margaret Brown",
        "Please pay within 14 days, by 14/12/2026.",
        "How to pay",
        "Page 1 of 1",
    ]:
        assert expected in lines
    assert _after(lines, "Date") == "30/11/2026"
    assert _after(lines, "Due date") == "14/12/2026"
    assert _after(lines, "Period") == "01/11/2026 to 30/11/2026"
    for key, value in BANK:
        assert _after(lines, key) == value
    for line in LINES:
        cells = [line.description, line.quantity, line.unit_price, format_money(line.amount_pence)]
        assert " ".join(cells) in lines
    assert _after(lines, "Total") == "£1,234.50"
    assert not _has_amount(lines, "Paid") and not _has_amount(lines, "Balance due")
    assert "Invoice INV-0001 · Jane Smith Care" in lines


def test_payments_show_paid_and_balance_due(tmp_path):
    lines = _lines(_pages(_invoice(paid_pence=50000), tmp_path)[0])

    assert _after(lines, "Total") == "£1,234.50"
    assert _after(lines, "Paid") == "£500.00"
    assert _after(lines, "Balance due") == "£734.50"
    assert _row_of(lines, "Total") < _row_of(lines, "Paid") < _row_of(lines, "Balance due")


def test_a_given_balance_is_printed_as_it_is(tmp_path):
    lines = _lines(_pages(_invoice(paid_pence=50000, balance_pence=64500), tmp_path)[0])

    assert _after(lines, "Balance due") == "£645.00"


def test_optional_parts_are_left_out_when_empty(tmp_path):
    document = _invoice(
        due_date=None,
        period=None,
        client_label="",
        payer_reference="",
        payment_terms="",
        bank_details=[],
    )

    text = _pages(document, tmp_path)[0]

    for absent in [
        "Due date",
        "Period",
        "Support for",
        "Your reference",
        "How to pay",
        "Sort code",
    ]:
        assert absent not in text
    assert _has_amount(_lines(text), "Total")


def test_note_and_late_payment_statement_are_printed_when_given(tmp_path):
    note = "Direct Payment reference DP-4471: please quote it with your payment."

    with_them = _pages(_invoice(note=note, late_payment=LATE_PAYMENT), tmp_path)[0]
    without = _pages(_invoice(), tmp_path)[0]

    assert note in with_them and LATE_PAYMENT in with_them
    assert "DP-4471" not in without and "Late Payment" not in without


def test_two_hundred_lines_repeat_the_header_and_add_up(tmp_path):
    document = _long_invoice(200)

    pages = _pages(document, tmp_path)

    total = len(pages)
    assert total >= 4
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text
        assert "Invoice INV-0001 · Jane Smith Care" in text
        if _VISIT.search(text):
            assert _has_header(text), f"no column header on page {number}"
    every_line = [line for text in pages for line in _lines(text)]
    visits = [row for row in map(_VISIT_ROW.fullmatch, every_line) if row]
    assert [row[1] for row in visits] == [line.description for line in document.lines]
    amounts = [parse_money(row[2]) for row in visits]
    assert amounts == [line.amount_pence for line in document.lines]
    assert sum(amounts) == document.total_pence == 740100
    totals = [sum(line.startswith("Total £") for line in _lines(text)) for text in pages]
    assert totals == [0] * (total - 1) + [1]
    assert _after(_lines(pages[-1]), "Total") == "£7,401.00"


def test_totals_and_how_to_pay_are_never_split_across_pages(tmp_path):
    closing = ["Total £", "Balance due £", "How to pay", "Sort code 60-16-13", "Account number 3"]

    def has(page: str, start: str) -> bool:
        return any(line.startswith(start) for line in _lines(page))

    for count in range(12, 48):
        pages = _pages(replace(_long_invoice(count), paid_pence=1000), tmp_path)
        assert all(has(pages[-1], start) for start in closing), f"split with {count} lines"
        assert not any(has(page, start) for page in pages[:-1] for start in closing)


def test_long_names_and_descriptions_wrap_inside_the_page(tmp_path):
    payer = " ".join(["Wilhelmina-Alexandra Featherstonehaugh-Cholmondeley"] * 4)[:200]
    description = (
        "Personal care, medication prompt, an accompanied outing to the day centre, "
        "shopping for the week and a long conversation about the garden, "
        "Supercalifragilisticexpialidociousnessandthensomemoreletterswithoutanybreak "
    ) * 2
    lines = [DocumentLine(description, "3.50 h", "£18.00 / h", 6300)]
    document = _invoice(payer=Party(payer, "1 High Street"), lines=lines, total_pence=6300)
    path = write_invoice_pdf(document, tmp_path / "long.pdf")

    reader = PdfReader(path)
    squashed = re.sub(r"\s", "", "".join(page.extract_text() for page in reader.pages))
    assert len(payer) == 200
    for text in [payer, description]:
        assert re.sub(r"\s", "", text) in squashed
    assert all(_right_edge(page) <= PAGE_WIDTH - MARGIN + 0.5 for page in reader.pages)


def test_markup_characters_print_as_typed(tmp_path):
    lines = [DocumentLine("Shopping & <errands>", "1", "£12.00", 1200)]
    document = _invoice(payer=Party("Ann O'Neil & Bob"), lines=lines, total_pence=1200)

    text = _pages(document, tmp_path)[0]

    assert "Ann O'Neil & Bob" in text
    assert "Shopping & <errands>" in text


def test_lines_that_do_not_add_up_to_the_total_are_refused(tmp_path):
    path = tmp_path / "wrong.pdf"

    with pytest.raises(ValueError, match="£1,234.50"):
        write_invoice_pdf(_invoice(total_pence=123451), path)
    assert not path.exists()


def test_credit_note_shows_what_it_credits_and_no_bank_details(tmp_path):
    pages = _pages(_credit_note(due_date=date(2026, 12, 17), paid_pence=1000), tmp_path)

    assert len(pages) == 1
    lines = _lines(pages[0])
    for expected in [
        "Credit note",
        "CN-0001",
        "This credit note is against invoice INV-0003 of 30/11/2026.",
        "Reason: Two visits were charged twice.",
        "Leeds City Council",
        "Credit note CN-0001 · Jane Smith Care",
    ]:
        assert expected in lines
    assert _after(lines, "Date") == "03/12/2026"
    assert _after(lines, "Total credited") == "£79.00"
    assert lines[lines.index(" ".join(HEADER)) + 1].startswith(LINES[0].description)
    for absent in ["Invoice", "Bill to", "How to pay"]:
        assert absent not in lines
    for absent in ["Total", "Paid", "Balance due", "Due date", *(key for key, _ in BANK)]:
        assert not any(line.startswith(f"{absent} ") for line in lines if "credited" not in line)
    assert "60-16-13" not in pages[0] and "31926819" not in pages[0]
    assert "Please pay" not in pages[0]
    assert "-£" not in pages[0]


def test_credit_note_refuses_negative_amounts(tmp_path):
    lines = [DocumentLine("Visit refunded", "2.00 h", "£18.00 / h", -3600)]

    with pytest.raises(ValueError, match="positive"):
        write_invoice_pdf(_credit_note(lines=lines, total_pence=-3600), tmp_path / "cn.pdf")


def test_unknown_kind_is_refused(tmp_path):
    with pytest.raises(ValueError, match="kind"):
        write_invoice_pdf(_invoice(kind="Receipt"), tmp_path / "receipt.pdf")


def _right_edge(page) -> float:
    """The furthest right any text reaches on the page, in points."""
    edges = []

    def visit(text, cm, tm, font, size):
        if text.strip() and font:
            name = font["/BaseFont"].lstrip("/")
            edges.append(cm[4] + tm[4] + stringWidth(text.strip(), name, size))

    page.extract_text(visitor_text=visit)
    return max(edges)


def test_the_last_lines_stay_with_the_totals_under_a_header(tmp_path):
    for count in range(12, 48):
        pages = _pages(_long_invoice(count), tmp_path)
        last = _lines(pages[-1])
        assert len([line for line in last if _VISIT.match(line)]) >= 2, f"{count} lines"
        assert _has_header(pages[-1]), f"no header above the last lines with {count} lines"


def test_sections_print_their_label_lines_and_subtotal(tmp_path):
    lines = [
        replace(LINES[0], section="Support for: A. P."),
        replace(LINES[1], section="Support for: Margaret Brown"),
        replace(LINES[2], section="Support for: Margaret Brown"),
    ]
    document = _invoice(lines=lines, total_pence=3600 + 4300 + 563, client_label="")
    text = _lines("\n".join(_pages(document, tmp_path)))
    assert text.index("Support for: A. P.") < text.index("Support for: Margaret Brown")
    assert [
        _after(text[i:], "Subtotal") for i in (0, text.index("Support for: Margaret Brown"))
    ] == [
        "£36.00",
        "£48.63",
    ]
    assert _after(text, "Total") == "£84.63"


def test_the_owner_is_named_beside_the_trading_name(tmp_path):
    seller = Party("Kind Hands Care", "14 Moorland Avenue", "LS6 1AL", owner="Jo Whitaker")
    text = _pages(_invoice(seller=seller), tmp_path)[0]
    assert "Jo Whitaker trading as Kind Hands Care" in text
    same = Party("Jo Whitaker", "14 Moorland Avenue", "LS6 1AL", owner="Jo Whitaker")
    assert "trading as" not in _pages(_invoice(seller=same), tmp_path)[0]


def test_a_note_longer_than_a_page_runs_on_above_the_footer_of_each_page(tmp_path):
    note = "\n".join(f"Note line {number:03d}" for number in range(1, 121))
    path = write_invoice_pdf(_invoice(note=note), tmp_path / "note.pdf")

    reader = PdfReader(path)
    every_line = [line for page in reader.pages for line in _lines(page.extract_text())]
    assert [line for line in every_line if line.startswith("Note line")] == note.splitlines()
    assert len(reader.pages) >= 3
    assert all(_lowest_baseline(page) >= MARGIN for page in reader.pages)


def _lowest_baseline(page) -> float:
    """The lowest baseline of any text on the page but the footer's, in points."""
    baselines = []

    def visit(text, cm, tm, font, size):
        if text.strip() and not re.match(r"(Page \d+ of \d+|Invoice INV-0001 ·)", text.strip()):
            baselines.append(cm[5] + tm[5])

    page.extract_text(visitor_text=visit)
    return min(baselines)


def test_a_description_longer_than_a_page_goes_on_in_rows_on_the_next(tmp_path):
    words = [f"word{number:04d}" for number in range(1, 1201)]
    lines = [DocumentLine(" ".join(words), "1", "£12.00", 1200)]
    path = write_invoice_pdf(_invoice(lines=lines, total_pence=1200), tmp_path / "long.pdf")

    reader = PdfReader(path)
    text = " ".join(page.extract_text() for page in reader.pages)
    assert re.findall(r"word\d{4}", text) == words
    assert len(reader.pages) >= 2
    assert all(_lowest_baseline(page) >= MARGIN for page in reader.pages)
    pages = [page.extract_text() for page in reader.pages]
    assert all(_has_header(page) for page in pages if "word" in page)


def test_an_address_or_instructions_of_many_lines_run_on_above_the_footer(tmp_path):
    address = "\n".join(f"Address line {number:02d}" for number in range(1, 61))
    instructions = "\n".join(f"Instruction {number:02d}" for number in range(1, 71))
    bank = [*BANK[:3], ("Instructions", instructions), BANK[3]]
    document = _invoice(payer=Party("Leeds City Council", address), bank_details=bank)
    path = write_invoice_pdf(document, tmp_path / "many.pdf")

    reader = PdfReader(path)
    every_line = [line for page in reader.pages for line in _lines(page.extract_text())]
    assert [line for line in every_line if line.startswith("Address line")] == address.split("\n")
    found = [line.removeprefix("Instructions ") for line in every_line if "Instruction " in line]
    assert found == instructions.split("\n")
    assert all(_lowest_baseline(page) >= MARGIN for page in reader.pages)


def _fonts(path: Path) -> set[str]:
    """The names of the fonts the PDF's pages use."""
    return {
        str(font["/BaseFont"]).split("+")[-1].lstrip("/")
        for page in PdfReader(path).pages
        for font in page["/Resources"]["/Font"].values()
    }


def test_names_with_letters_helvetica_has_not_got_print_as_typed(tmp_path):
    seller = Party("Łucja Wiśniewska Care", "12 Ulica Długa", "LS1 1AA")
    lines = [DocumentLine("Wizyta: Łódź, Ștefan, Ελένη, Ольга", "1", "£12.00", 1200)]
    document = _invoice(seller=seller, payer=Party("Łukasz Żółć"), lines=lines, total_pence=1200)

    path = write_invoice_pdf(document, tmp_path / "names.pdf")

    text = PdfReader(path).pages[0].extract_text()
    for words in ("Łucja Wiśniewska Care", "Łukasz Żółć", "Łódź, Ștefan, Ελένη, Ольга"):
        assert words in text
    assert "Invoice INV-0001 · Łucja Wiśniewska Care" in text
    assert {"DejaVuSans", "DejaVuSans-Bold", "Helvetica"} <= _fonts(path)


def test_an_invoice_helvetica_can_print_embeds_no_other_font(tmp_path):
    path = write_invoice_pdf(_invoice(), tmp_path / "plain.pdf")

    assert _fonts(path) == {"Helvetica", "Helvetica-Bold"}
