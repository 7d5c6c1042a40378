"""Invoice and credit-note PDFs: plain data in, an A4 PDF out."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import date
from functools import cache
from pathlib import Path

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from reportlab.platypus import Spacer
from reportlab.platypus import Table
from reportlab.platypus import TableStyle
from reportlab.platypus.flowables import _listWrapOn

from microbiz.foundations.dates import format_date
from microbiz.foundations.money import format_money
from microbiz.foundations.pdf_layout import BOLD_FONT
from microbiz.foundations.pdf_layout import CONTENT_WIDTH
from microbiz.foundations.pdf_layout import FONT
from microbiz.foundations.pdf_layout import HEADER_BACKGROUND
from microbiz.foundations.pdf_layout import MUTED_COLOUR
from microbiz.foundations.pdf_layout import RULE_COLOUR
from microbiz.foundations.pdf_layout import TEXT_COLOUR
from microbiz.foundations.pdf_layout import PlainText
from microbiz.foundations.pdf_layout import data_table
from microbiz.foundations.pdf_layout import key_value_table
from microbiz.foundations.pdf_layout import styles
from microbiz.foundations.pdf_layout import write_document

INVOICE = "Invoice"
CREDIT_NOTE = "Credit note"
KINDS = (INVOICE, CREDIT_NOTE)

_HEADER = ("Description", "Quantity", "Unit price", "Amount")
_NUMERIC_COLUMNS = (1, 2, 3)
_FIXED_WIDTHS = {1: 24 * mm, 2: 32 * mm, 3: 28 * mm}
_RIGHT_COLUMN = 74 * mm
_GUTTER = 6 * mm
_TOTALS_LABEL = 50 * mm
_TOTALS_AMOUNT = 40 * mm
_BANK_LABEL = 40 * mm


@dataclass(frozen=True)
class Party:
    """A business or person with their contact details; `address` may span several lines."""

    name: str
    address: str = ""
    postcode: str = ""
    email: str = ""
    phone: str = ""
    owner: str = ""


@dataclass(frozen=True)
class DocumentLine:
    """One row of the lines table; quantity and unit price arrive already formatted."""

    description: str
    quantity: str
    unit_price: str
    amount_pence: int
    section: str = ""


@dataclass(frozen=True)
class InvoiceDocument:
    """Everything printed on one invoice or credit note."""

    kind: str
    number: str
    issue_date: date
    seller: Party
    payer: Party
    lines: list[DocumentLine]
    total_pence: int
    due_date: date | None = None
    period: tuple[date, date] | None = None
    client_label: str = ""
    payer_reference: str = ""
    paid_pence: int = 0
    credited_pence: int = 0
    balance_pence: int | None = None
    payment_terms: str = ""
    bank_details: list[tuple[str, str]] = field(default_factory=list)
    note: str = ""
    credits: str = ""
    reason: str = ""
    late_payment: str = ""
    credits_number: str = ""


def write_invoice_pdf(document: InvoiceDocument, path: Path) -> Path:
    """Write the invoice or credit note as an A4 PDF at `path`."""
    _check(document)
    story = [
        _masthead(document),
        *_client(document),
        Spacer(0, 5 * mm),
        *_lines_with_closing(document),
        *_late_payment(document),
    ]
    title = f"{document.kind} {document.number}"
    footer = f"{document.kind} {document.number} · {document.seller.name}"
    return write_document(path, title, footer, story)


def _check(document: InvoiceDocument) -> None:
    """Refuse a document whose printed amounts would not make sense."""
    if document.kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {document.kind!r}")
    lines_total = sum(line.amount_pence for line in document.lines)
    if lines_total != document.total_pence:
        raise ValueError(
            f"the lines add up to {format_money(lines_total)}, "
            f"not the total of {format_money(document.total_pence)}"
        )
    if _is_credit(document) and any(line.amount_pence < 0 for line in document.lines):
        raise ValueError("a credit note shows positive amounts; its title says it is a credit")


def _is_credit(document: InvoiceDocument) -> bool:
    return document.kind == CREDIT_NOTE


def _masthead(document: InvoiceDocument) -> Table:
    """Business | title and number, then Bill to | dates: what a reader looks for first."""
    business = [
        PlainText(document.seller.name, _business_style()),
        *_trading_as(document.seller),
        *_contact(document.seller),
    ]
    title = [
        PlainText(document.kind, _kind_style()),
        PlainText(document.number, _number_style()),
    ]
    data = [[business, title], [_bill_to(document), _meta_table(_meta(document))]]
    table = Table(data, colWidths=[CONTENT_WIDTH - _RIGHT_COLUMN, _RIGHT_COLUMN])
    table.setStyle(_plain_style())
    table.setStyle(
        [
            ("RIGHTPADDING", (0, 0), (0, -1), _GUTTER),
            ("ALIGN", (1, 0), (1, -1), "RIGHT"),
            ("TOPPADDING", (0, 1), (-1, 1), 7 * mm),
        ]
    )
    return table


@cache
def _business_style() -> ParagraphStyle:
    return ParagraphStyle("business", parent=styles().title, fontSize=19, leading=23, spaceAfter=4)


@cache
def _kind_style() -> ParagraphStyle:
    return _right(styles().title, fontSize=24, leading=29)


@cache
def _number_style() -> ParagraphStyle:
    return _right(styles().heading, fontSize=15, leading=20)


def _right(style: ParagraphStyle, **changes: float) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}_right", parent=style, alignment=TA_RIGHT, **changes)


def _trading_as(seller: Party) -> list[Flowable]:
    """ "Jo Whitaker trading as Kind Hands Care": who the business is, in law."""
    owner = seller.owner.strip()
    if not owner or owner.casefold() == seller.name.strip().casefold():
        return []
    return [PlainText(f"{owner} trading as {seller.name}", styles().body)]


def _contact(party: Party) -> list[Flowable]:
    """A letterhead: the address on one line, then phone and email."""
    address = _joined(", ", [*party.address.splitlines(), party.postcode])
    reach = _joined(" · ", [party.phone, party.email])
    return [PlainText(text, styles().label) for text in (address, reach) if text]


def _joined(separator: str, parts: list[str]) -> str:
    return separator.join(part.strip() for part in parts if part.strip())


def _meta(document: InvoiceDocument) -> list[tuple[str, str]]:
    pairs = [("Date", format_date(document.issue_date))]
    if document.credits_number:
        pairs.append(("Credits invoice", document.credits_number))
    if document.due_date and not _is_credit(document):
        pairs.append(("Due date", format_date(document.due_date)))
    if document.period:
        first, last = document.period
        pairs.append(("Period", f"{format_date(first)} to {format_date(last)}"))
    return pairs


def _meta_table(pairs: list[tuple[str, str]]) -> Table:
    """Dates as a small key/value block, sized to its text and set against the right edge."""
    table = Table([list(pair) for pair in pairs], hAlign="RIGHT")
    table.setStyle(_plain_style(bottom=4))
    table.setStyle(
        [
            ("FONT", (0, 0), (0, -1), FONT, 11),
            ("TEXTCOLOR", (0, 0), (0, -1), MUTED_COLOUR),
            ("FONT", (1, 0), (1, -1), BOLD_FONT, 11),
            ("ALIGN", (1, 0), (1, -1), "RIGHT"),
            ("LEFTPADDING", (1, 0), (1, -1), 14),
        ]
    )
    return table


def _bill_to(document: InvoiceDocument) -> list[Flowable]:
    """The payer's name, address and email, and their reference for this bill."""
    sheet = styles()
    payer = document.payer
    block = [
        PlainText("To" if _is_credit(document) else "Bill to", sheet.label),
        PlainText(payer.name, sheet.strong),
        *(PlainText(text, sheet.body) for text in _payer_lines(payer)),
    ]
    if document.payer_reference:
        block.append(PlainText(f"Your reference: {document.payer_reference}", sheet.body))
    return block


def _client(document: InvoiceDocument) -> list[Flowable]:
    """Who the support was for, when the document says so."""
    if not document.client_label:
        return []
    return [Spacer(0, 5 * mm), PlainText(document.client_label, styles().strong)]


def _payer_lines(payer: Party) -> list[str]:
    return [text for text in (payer.address, payer.postcode, payer.email) if text.strip()]


# The last lines printed stay on the page with the totals and how to pay.
KEPT_WITH_TOTALS = 2


def _lines_with_closing(document: InvoiceDocument) -> list[Flowable]:
    """The lines (a section per client, with subtotals, when they have sections), then the
    totals and payment details, never alone on a last page: the last lines go with them."""
    sections = _sections(document.lines)
    story: list[Flowable] = []
    for number, (label, lines) in enumerate(sections, start=1):
        rows = [_row(line) for line in lines]
        subtotal = None
        if label or len(sections) > 1:
            story.append(PlainText(label or "Other charges", _section_style()))
            subtotal = ("Subtotal", "", "", format_money(sum(line.amount_pence for line in lines)))
        if number < len(sections):
            story.append(_table(rows, subtotal))
        else:
            story.append(LinesThenClosing(rows, subtotal, _closing(document)))
    return story


class LinesThenClosing(Flowable):
    """A lines table and what follows it, split so that the closing part always has the
    table's last lines above it on its page; every page's part of the table has a header."""

    def __init__(self, rows: list, subtotal: tuple | None, closing: list[Flowable]) -> None:
        super().__init__()
        self._rows = rows
        self._subtotal = subtotal
        self._closing = closing

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """Too tall on purpose, so the frame always asks for `split` (as KeepTogether does)."""
        return available_width, 0xFFFFFF

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        table = _table(self._rows, self._subtotal)
        whole = [table, *self._closing]
        if _height(whole, available_width) <= available_height:
            return whole
        fits = self._rows_that_fit(table, available_height)
        if not fits:
            return []  # nothing here: start again on the next page
        rest = LinesThenClosing(self._rows[fits:], self._subtotal, self._closing)
        return [_table(self._rows[:fits]), rest]

    def _rows_that_fit(self, table: Table, height: float) -> int:
        """The most rows that fit in `height` under the header, leaving the last few for the
        next page; `table` (all the rows) has been wrapped, so its row heights are known."""
        # reportlab's row heights from that wrap; each depends only on its own row's cells
        header, *heights = table._rowHeights
        used, fits = header, 0
        for row_height in heights[: max(len(self._rows) - KEPT_WITH_TOTALS, 0)]:
            used += row_height
            if used > height:
                break
            fits += 1
        return fits


def _height(flowables: list[Flowable], width: float) -> float:
    return _listWrapOn(flowables, width, None)[1]


def _sections(lines: list[DocumentLine]) -> list[tuple[str, list[DocumentLine]]]:
    """Lines grouped by their section, in the order the sections first appear."""
    grouped: dict[str, list[DocumentLine]] = {}
    for line in lines:
        grouped.setdefault(line.section, []).append(line)
    return list(grouped.items())


@cache
def _section_style() -> ParagraphStyle:
    return ParagraphStyle("section", parent=styles().heading, spaceBefore=8, spaceAfter=4)


def _row(line: DocumentLine) -> tuple[str, str, str, str]:
    return (line.description, line.quantity, line.unit_price, format_money(line.amount_pence))


def _table(rows: list, subtotal: tuple | None = None) -> Table:
    return data_table(
        _HEADER, rows, _column_widths(), numeric_columns=_NUMERIC_COLUMNS, total_row=subtotal
    )


def _column_widths() -> list[float]:
    description = CONTENT_WIDTH - sum(_FIXED_WIDTHS.values())
    return [_FIXED_WIDTHS.get(column, description) for column in range(len(_HEADER))]


def _closing(document: InvoiceDocument) -> list[Flowable]:
    """Totals, what happens next and the note (kept on a page with the last lines)."""
    parts: list[Flowable] = [Spacer(0, 5 * mm), _totals_table(_totals(document))]
    if _is_credit(document):
        parts.extend(_credit_details(document))
    else:
        parts.extend(_how_to_pay(document))
    parts.extend(_note(document))
    return parts


def _totals(document: InvoiceDocument) -> list[tuple[str, str]]:
    total = format_money(document.total_pence)
    if _is_credit(document):
        return [("Total credited", total)]
    rows = [("Total", total)]
    if document.credited_pence:
        rows.append(("Credited", format_money(document.credited_pence)))
    if document.paid_pence:
        rows.append(("Paid", format_money(document.paid_pence)))
    if document.paid_pence or _balance(document) != document.total_pence:
        rows.append(("Balance due", format_money(_balance(document))))
    return rows


def _balance(document: InvoiceDocument) -> int:
    """The balance due: as given, or the total less what has been credited and paid."""
    if document.balance_pence is None:
        return document.total_pence - document.credited_pence - document.paid_pence
    return document.balance_pence


def _totals_table(pairs: list[tuple[str, str]]) -> Table:
    """Right-aligned totals; the last row, the one to act on, is large and shaded."""
    sheet = styles()
    data = [
        [PlainText(label, sheet.body), PlainText(amount, _body_right())]
        for label, amount in pairs[:-1]
    ]
    label, amount = pairs[-1]
    data.append([PlainText(label, _big_style()), PlainText(amount, _big_right())])
    table = Table(data, colWidths=[_TOTALS_LABEL, _TOTALS_AMOUNT], hAlign="RIGHT")
    table.setStyle(_totals_style())
    return table


@cache
def _big_style() -> ParagraphStyle:
    return ParagraphStyle("total", parent=styles().heading, fontSize=14, leading=18)


@cache
def _big_right() -> ParagraphStyle:
    return _right(_big_style())


@cache
def _body_right() -> ParagraphStyle:
    return _right(styles().body)


def _totals_style() -> TableStyle:
    return TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LINEBELOW", (0, 0), (-1, -2), 0.5, RULE_COLOUR),
            ("BACKGROUND", (0, -1), (-1, -1), HEADER_BACKGROUND),
            ("LINEABOVE", (0, -1), (-1, -1), 1.2, TEXT_COLOUR),
            ("TOPPADDING", (0, -1), (-1, -1), 6),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 7),
        ]
    )


def _credit_details(document: InvoiceDocument) -> list[Flowable]:
    sheet = styles()
    parts: list[Flowable] = [Spacer(0, 6 * mm)]
    if document.credits:
        parts.append(PlainText(document.credits, sheet.body))
    if document.reason:
        parts.append(PlainText(f"Reason: {document.reason}", sheet.body))
    return parts


def _how_to_pay(document: InvoiceDocument) -> list[Flowable]:
    """Payment terms and the bank details, under a "How to pay" heading."""
    sheet = styles()
    parts: list[Flowable] = [Spacer(0, 6 * mm)]
    if document.payment_terms:
        parts.append(PlainText(document.payment_terms, sheet.strong))
    if document.bank_details:
        parts.append(PlainText("How to pay", _how_to_pay_style()))
        parts.append(key_value_table(document.bank_details, label_width=_BANK_LABEL))
    return parts


@cache
def _how_to_pay_style() -> ParagraphStyle:
    return ParagraphStyle("how_to_pay", parent=styles().heading, spaceBefore=10, spaceAfter=4)


def _note(document: InvoiceDocument) -> list[Flowable]:
    if not document.note:
        return []
    return [Spacer(0, 4 * mm), PlainText(document.note, styles().body)]


def _late_payment(document: InvoiceDocument) -> list[Flowable]:
    """The statutory late-payment statement, in small print, free to run onto a new page."""
    if not document.late_payment:
        return []
    return [Spacer(0, 4 * mm), PlainText(document.late_payment, styles().small)]


def _plain_style(bottom: float = 0) -> TableStyle:
    """No lines, no side padding: a table used only to place things."""
    return TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
        ]
    )
