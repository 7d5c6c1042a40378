"""Invoice and credit-note PDFs: plain data in, an A4 PDF out, drawn straight on the canvas."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from functools import cache
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from microbiz.foundations.dates import format_date
from microbiz.foundations.money import format_money
from microbiz.foundations.pdf_layout import BOLD_FONT
from microbiz.foundations.pdf_layout import CONTENT_WIDTH
from microbiz.foundations.pdf_layout import FONT
from microbiz.foundations.pdf_layout import HEADER_BACKGROUND
from microbiz.foundations.pdf_layout import MARGIN
from microbiz.foundations.pdf_layout import MUTED_COLOUR
from microbiz.foundations.pdf_layout import RULE_COLOUR
from microbiz.foundations.pdf_layout import TEXT_COLOUR
from microbiz.foundations.pdf_layout import styles
from microbiz.foundations.pdf_pages import PAGE_ROOM
from microbiz.foundations.pdf_pages import Block
from microbiz.foundations.pdf_pages import Pages
from microbiz.foundations.pdf_pages import Painter
from microbiz.foundations.pdf_pages import lines_of
from microbiz.foundations.pdf_pages import space
from microbiz.foundations.pdf_pages import stack
from microbiz.foundations.pdf_pages import text_block
from microbiz.foundations.pdf_pages import width_of
from microbiz.foundations.pdf_pages import wrap

INVOICE = "Invoice"
CREDIT_NOTE = "Credit note"
KINDS = (INVOICE, CREDIT_NOTE)

_HEADER = ("Description", "Quantity", "Unit price", "Amount")
_NUMERIC_COLUMNS = (1, 2, 3)
_FIXED_WIDTHS = (24 * mm, 32 * mm, 28 * mm)
_RIGHT_COLUMN = 74 * mm
_GUTTER = 6 * mm
_LEFT_COLUMN = CONTENT_WIDTH - _RIGHT_COLUMN
_RIGHT_EDGE = MARGIN + CONTENT_WIDTH
_TOTALS_LABEL = 50 * mm
_TOTALS_AMOUNT = 40 * mm
_BANK_LABEL = 40 * mm
# The lines table's cells: padding left and right, above and below the text.
_CELL_SIDE, _CELL_TOP, _CELL_BOTTOM = 5, 4, 5
# The last lines printed stay on the page with the totals and how to pay.
KEPT_WITH_TOTALS = 2


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
    pages = Pages()
    for block in _masthead(document):
        pages.add(block)
    if document.client_label.strip():
        pages.gap(5 * mm)
        pages.add(text_block(document.client_label, styles().strong, CONTENT_WIDTH))
    pages.gap(5 * mm)
    _place_lines_and_closing(pages, document)
    if document.late_payment.strip():  # small print, free to run onto a new page
        pages.gap(4 * mm)
        for line in lines_of(document.late_payment, styles().small, CONTENT_WIDTH):
            pages.add(line)
    title = f"{document.kind} {document.number}"
    return pages.write(path, title, footer_text=f"{title} · {document.seller.name}")


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


def _masthead(document: InvoiceDocument) -> list[Block]:
    """Business | title and number, then Bill to | dates: what a reader looks for first (in
    blocks of a line or so, so that an address of many lines can run on to the next page)."""
    sheet, seller, room = styles(), document.seller, _LEFT_COLUMN - _GUTTER
    business = [
        text_block(seller.name, _business_style(), room),
        space(4),
        *(line for words in _trading_as(seller) for line in lines_of(words, sheet.body, room)),
        *(line for words in _contact(seller) for line in lines_of(words, sheet.label, room)),
    ]
    right = MARGIN + _LEFT_COLUMN
    title = stack(
        [
            text_block(document.kind, _kind_style(), _RIGHT_COLUMN, right, right=True),
            text_block(document.number, _number_style(), _RIGHT_COLUMN, right, right=True),
        ]
    )
    dates = _meta_block(_meta(document))
    return [*_beside(business, title), space(7 * mm), *_beside(_bill_to(document, room), dates)]


def _beside(left: list[Block], right: Block) -> list[Block]:
    """A column of blocks with `right` beside its top, as one block (read column by column)
    while the column is shorter than half a page; a longer one is split after the blocks
    level with `right`, and the rest follow one by one."""
    level, used = len(left), _height(left)
    if used > PAGE_ROOM / 2:
        level = used = 0
        while level < len(left) and used < right.height:
            used += left[level].height
            level += 1
    top = stack(left[:level])

    def draw(painter: Painter, at: float) -> None:
        top.draw(painter, at)
        right.draw(painter, at)

    return [Block(max(top.height, right.height), draw), *left[level:]]


@cache
def _business_style() -> ParagraphStyle:
    return ParagraphStyle("business", parent=styles().title, fontSize=19, leading=23)


@cache
def _kind_style() -> ParagraphStyle:
    return ParagraphStyle("kind", parent=styles().title, fontSize=24, leading=29)


@cache
def _number_style() -> ParagraphStyle:
    return ParagraphStyle("number", parent=styles().heading, fontSize=15, leading=20)


def _trading_as(seller: Party) -> list[str]:
    """ "Jo Whitaker trading as Kind Hands Care": who the business is, in law."""
    owner = seller.owner.strip()
    if not owner or owner.casefold() == seller.name.strip().casefold():
        return []
    return [f"{owner} trading as {seller.name}"]


def _contact(party: Party) -> list[str]:
    """A letterhead: the address on one line, then phone and email."""
    address = _joined(", ", [*party.address.splitlines(), party.postcode])
    reach = _joined(" · ", [party.phone, party.email])
    return [text for text in (address, reach) if text]


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


@cache
def _meta_styles() -> tuple[ParagraphStyle, ParagraphStyle]:
    """The dates' labels and values: 11pt, muted and bold."""
    label = ParagraphStyle("meta_label", fontName=FONT, fontSize=11, textColor=MUTED_COLOUR)
    return label, ParagraphStyle(
        "meta_value", parent=label, fontName=BOLD_FONT, textColor=TEXT_COLOUR
    )


def _meta_block(pairs: list[tuple[str, str]]) -> Block:
    """Dates as a small key/value block, sized to its text and set against the right edge."""
    label_style, value_style = _meta_styles()
    row_height = label_style.fontSize * 1.2 + 4
    labels = max(width_of(label, label_style) for label, _ in pairs)
    values = max(width_of(value, value_style) for _, value in pairs)
    left = _RIGHT_EDGE - values - 14 - labels

    def draw(painter: Painter, top: float) -> None:
        baseline = top - label_style.fontSize
        for label, value in pairs:
            painter.text(left, baseline, label, label_style)
            painter.text_right(_RIGHT_EDGE, baseline, value, value_style)
            baseline -= row_height

    return Block(row_height * len(pairs), draw)


def _bill_to(document: InvoiceDocument, room: float) -> list[Block]:
    """The payer's name, address and email, and their reference for this bill, a block a
    line."""
    sheet, payer = styles(), document.payer
    texts = [
        ("To" if _is_credit(document) else "Bill to", sheet.label),
        (payer.name, sheet.strong),
        *((words, sheet.body) for words in _payer_lines(payer)),
    ]
    if document.payer_reference.strip():
        texts.append((f"Your reference: {document.payer_reference}", sheet.body))
    return [line for words, style in texts for line in lines_of(words, style, room)]


def _payer_lines(payer: Party) -> list[str]:
    return [text for text in (payer.address, payer.postcode, payer.email) if text.strip()]


def _place_lines_and_closing(pages: Pages, document: InvoiceDocument) -> None:
    """The lines (a section per client, with subtotals, when they have sections), then the
    totals and payment details, never alone on a last page: the last lines go with them."""
    sections = _sections(document.lines)
    for number, (label, lines) in enumerate(sections, start=1):
        heading: list[Block] = []
        tail: list[Block] = []
        if label or len(sections) > 1:
            pages.gap(8)
            heading = [
                text_block(label or "Other charges", styles().heading, CONTENT_WIDTH),
                space(4),
            ]
            subtotal = format_money(sum(line.amount_pence for line in lines))
            tail = [_table_row(("Subtotal", "", "", subtotal), styles().cell_bold, above=1.2)]
        # a line's rows fit under the heading and header with two one-line rows to spare
        room = PAGE_ROOM - _height(heading) - 3 * _header_row().height
        rows = [row for line in lines for row in _line_rows(_row(line), styles().cell, room)]
        if number < len(sections):
            _place_table(pages, heading, rows, tail, kept=1)
        else:
            _place_table(pages, heading, rows, [*tail, *_closing(document)], KEPT_WITH_TOTALS)
    if not sections:
        for block in _closing(document):
            pages.add(block)


def _place_table(
    pages: Pages, heading: list[Block], rows: list[Block], tail: list[Block], kept: int
) -> None:
    """`heading`, the rows under a header repeated on every page, then `tail` (a subtotal,
    the closing) on the page of the last `kept` rows."""
    lead = [*heading, _header_row()]
    while True:
        if pages.fits(_height([*lead, *rows, *tail])):
            for block in [*lead, *rows, *tail]:
                pages.add(block)
            return
        fits = _rows_that_fit(rows[: max(len(rows) - kept, 0)], pages.room - _height(lead))
        if fits:
            for block in [*lead, *rows[:fits]]:
                pages.add(block)
            rows, lead = rows[fits:], [_header_row()]
        elif pages.fresh:  # only the kept rows are left, and with the tail they fill a page
            _place_rows(pages, lead, rows)
            for block in tail:
                pages.add(block)
            return
        pages.new_page()


def _rows_that_fit(rows: list[Block], room: float) -> int:
    used = fits = 0
    for row in rows:
        used += row.height
        if used > room:
            break
        fits += 1
    return fits


def _place_rows(pages: Pages, lead: list[Block], rows: list[Block]) -> None:
    """`lead` and the rows one after another, with the header again on each new page."""
    for block in lead:
        pages.add(block)
    for row in rows:
        if not pages.fits(row.height):
            pages.new_page()
            pages.add(_header_row())
        pages.add(row)


def _height(blocks: Sequence[Block]) -> float:
    return sum(block.height for block in blocks)


def _sections(lines: list[DocumentLine]) -> list[tuple[str, list[DocumentLine]]]:
    """Lines grouped by their section, in the order the sections first appear."""
    grouped: dict[str, list[DocumentLine]] = {}
    for line in lines:
        grouped.setdefault(line.section, []).append(line)
    return list(grouped.items())


def _row(line: DocumentLine) -> tuple[str, str, str, str]:
    return (line.description, line.quantity, line.unit_price, format_money(line.amount_pence))


def _column_edges() -> list[float]:
    """The lines table's column edges, left to right, the description taking what is left."""
    widths = [CONTENT_WIDTH - sum(_FIXED_WIDTHS), *_FIXED_WIDTHS]
    edges = [MARGIN]
    for width in widths:
        edges.append(edges[-1] + width)
    return edges


_EDGES = _column_edges()


@cache
def _header_row() -> Block:
    return _table_row(_HEADER, styles().cell_bold, shaded=True)


def _line_rows(cells: Sequence[str], style: ParagraphStyle, room: float) -> list[Block]:
    """A line of the table as one row, or (text taller than `room`) as many rows as it
    takes, its figures on the first."""
    wrapped = _wrapped(cells, style)
    most = max(int((room - _CELL_TOP - _CELL_BOTTOM) // style.leading), 1)
    pieces = range(0, max(map(len, wrapped)), most)
    return [
        _row_block([lines[start : start + most] for lines in wrapped], style) for start in pieces
    ]


def _table_row(
    cells: Sequence[str], style: ParagraphStyle, shaded: bool = False, above: float = 0
) -> Block:
    """A row of the lines table: see `_row_block`."""
    return _row_block(_wrapped(cells, style), style, shaded, above)


def _wrapped(cells: Sequence[str], style: ParagraphStyle) -> list[list[str]]:
    """Each cell's text in the lines that fit its column."""
    return [
        wrap(cell, style, right - left - 2 * _CELL_SIDE)
        for cell, left, right in zip(cells, _EDGES[:-1], _EDGES[1:], strict=True)
    ]


def _row_block(
    wrapped: list[list[str]], style: ParagraphStyle, shaded: bool = False, above: float = 0
) -> Block:
    """A row of the lines table, numbers set right, with the grid around it; a shaded row
    (the header) has a rule above it, and `above` a heavier one."""
    height = max(map(len, wrapped)) * style.leading + _CELL_TOP + _CELL_BOTTOM

    def draw(painter: Painter, top: float) -> None:
        bottom = top - height
        if shaded:
            _shade(painter, MARGIN, bottom, CONTENT_WIDTH, height)
        rules = [(x, top, x, bottom) for x in _EDGES] + [(MARGIN, bottom, _RIGHT_EDGE, bottom)]
        _rules(painter, [*rules, (MARGIN, top, _RIGHT_EDGE, top)] if shaded else rules)
        if above:
            _rules(painter, [(MARGIN, top, _RIGHT_EDGE, top)], above, TEXT_COLOUR)
        for column, lines in enumerate(wrapped):
            baseline = top - _CELL_TOP - style.fontSize
            for line in lines:
                if column in _NUMERIC_COLUMNS:
                    painter.text_right(_EDGES[column + 1] - _CELL_SIDE, baseline, line, style)
                else:
                    painter.text(_EDGES[column] + _CELL_SIDE, baseline, line, style)
                baseline -= style.leading

    return Block(height, draw)


def _rules(
    painter: Painter, lines: list[tuple[float, float, float, float]], width=0.5, colour=RULE_COLOUR
) -> None:
    painter.rules(lines, width, colour)


def _shade(painter: Painter, x: float, y: float, width: float, height: float) -> None:
    painter.canvas.setFillColor(HEADER_BACKGROUND)
    painter.canvas.rect(x, y, width, height, stroke=0, fill=1)


def _closing(document: InvoiceDocument) -> list[Block]:
    """Totals, what happens next and the note (kept on a page with the last lines)."""
    parts = [space(5 * mm), _totals_block(_totals(document))]
    parts.extend(_credit_details(document) if _is_credit(document) else _how_to_pay(document))
    if document.note.strip():
        parts.extend([space(4 * mm), *lines_of(document.note, styles().body, CONTENT_WIDTH)])
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


@cache
def _big_style() -> ParagraphStyle:
    return ParagraphStyle("total", parent=styles().heading, fontSize=14, leading=18)


def _totals_block(pairs: list[tuple[str, str]]) -> Block:
    """Right-aligned totals; the last row, the one to act on, is large and shaded."""
    rows = [_totals_row(label, amount, styles().body, 3, 4) for label, amount in pairs[:-1]]
    label, amount = pairs[-1]
    return stack([*rows, _totals_row(label, amount, _big_style(), 6, 7, last=True)])


def _totals_row(
    label: str, amount: str, style: ParagraphStyle, above: float, below: float, last=False
) -> Block:
    """One row of the totals: a rule under it, or for the last, shaded under a heavy rule."""
    left, height = _RIGHT_EDGE - _TOTALS_LABEL - _TOTALS_AMOUNT, above + style.leading + below

    def draw(painter: Painter, top: float) -> None:
        bottom = top - height
        if last:
            _shade(painter, left, bottom, _RIGHT_EDGE - left, height)
            _rules(painter, [(left, top, _RIGHT_EDGE, top)], 1.2, TEXT_COLOUR)
        else:
            _rules(painter, [(left, bottom, _RIGHT_EDGE, bottom)])
        baseline = top - above - style.fontSize
        painter.text(left + 6, baseline, label, style)
        painter.text_right(_RIGHT_EDGE - 6, baseline, amount, style)

    return Block(height, draw)


def _credit_details(document: InvoiceDocument) -> list[Block]:
    parts = [space(6 * mm)]
    if document.credits.strip():
        parts.extend(lines_of(document.credits, styles().body, CONTENT_WIDTH))
    if document.reason.strip():
        parts.extend(lines_of(f"Reason: {document.reason}", styles().body, CONTENT_WIDTH))
    return parts


def _how_to_pay(document: InvoiceDocument) -> list[Block]:
    """Payment terms and the bank details, under a "How to pay" heading."""
    parts = [space(6 * mm)]
    if document.payment_terms.strip():
        parts.extend(lines_of(document.payment_terms, styles().strong, CONTENT_WIDTH))
    if document.bank_details:
        parts.extend(
            [space(10), text_block("How to pay", styles().heading, CONTENT_WIDTH), space(4)]
        )
        parts.extend(row for pair in document.bank_details for row in _pair_rows(*pair))
    return parts


def _pair_rows(label: str, value: str) -> list[Block]:
    """ "Sort code  60-16-13": a label and its value in two aligned columns, no lines; a
    block a line, so that long instructions can run on to the next page."""
    sheet = styles()
    labels = wrap(label, sheet.label, _BANK_LABEL - 4)
    values = wrap(value, sheet.body, CONTENT_WIDTH - _BANK_LABEL - 4)
    count = max(len(labels), len(values))
    return [
        _pair_line(labels[number : number + 1], values[number : number + 1], number, count)
        for number in range(count)
    ]


def _pair_line(label: list[str], value: list[str], number: int, count: int) -> Block:
    """Line `number` of `count` of a label and value: padded 1 point above the first line
    and 3 below the last."""
    sheet = styles()
    above = 1 if number == 0 else 0
    height = above + sheet.body.leading + (3 if number == count - 1 else 0)

    def draw(painter: Painter, top: float) -> None:
        for x, style, words in (
            (MARGIN, sheet.label, label),
            (MARGIN + _BANK_LABEL, sheet.body, value),
        ):
            if words:
                painter.text(x, top - above - style.fontSize, words[0], style)

    return Block(height, draw)
