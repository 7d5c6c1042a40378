"""Shared reportlab building blocks for the app's A4 PDFs."""

from __future__ import annotations

from collections.abc import Collection
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from functools import partial
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate
from reportlab.platypus import Flowable
from reportlab.platypus import Frame
from reportlab.platypus import PageTemplate
from reportlab.platypus import Paragraph
from reportlab.platypus import Table
from reportlab.platypus import TableStyle

from microbiz.foundations.pdf_fonts import font_for
from microbiz.foundations.pdf_fonts import has_all
from microbiz.foundations.pdf_fonts import marked

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
FONT = "Helvetica"
BOLD_FONT = "Helvetica-Bold"
TEXT_COLOUR = colors.black
MUTED_COLOUR = colors.HexColor("#444444")
RULE_COLOUR = colors.HexColor("#9A9A9A")
HEADER_BACKGROUND = colors.HexColor("#E4E4E4")

_FOOTER_BASELINE = 10 * mm
_FOOTER_RULE = 14 * mm
_FOOTER_SIZE = 9
_CELL_PADDING = 5
_PAIR_PADDING = 4


@dataclass(frozen=True)
class Styles:
    """The paragraph styles every document uses."""

    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    strong: ParagraphStyle
    label: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    cell_bold_right: ParagraphStyle


@cache
def styles() -> Styles:
    """The Helvetica styles, 11pt body and 10pt table cells: made once, shared, never changed."""
    body = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=15, textColor=TEXT_COLOUR)
    cell = ParagraphStyle("cell", parent=body, fontSize=10, leading=13)
    cell_bold = ParagraphStyle("cell_bold", parent=cell, fontName=BOLD_FONT)
    return Styles(
        title=ParagraphStyle("title", parent=body, fontName=BOLD_FONT, fontSize=20, leading=24),
        heading=ParagraphStyle(
            "heading", parent=body, fontName=BOLD_FONT, fontSize=12.5, leading=16
        ),
        body=body,
        strong=ParagraphStyle("strong", parent=body, fontName=BOLD_FONT),
        label=ParagraphStyle("label", parent=body, textColor=MUTED_COLOUR),
        small=ParagraphStyle("small", parent=body, fontSize=9, leading=12, textColor=MUTED_COLOUR),
        cell=cell,
        cell_bold=cell_bold,
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_bold_right=ParagraphStyle("cell_bold_right", parent=cell_bold, alignment=TA_RIGHT),
    )


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of plain text: markup characters are escaped, line breaks kept, and
    letters Helvetica has not got set in DejaVu Sans."""
    return Paragraph(marked(text, style.fontName).replace("\n", "<br/>"), style)


def _fitted(text: str, style: ParagraphStyle, room: float) -> str | Paragraph:
    """`text` as a plain table cell when it fits on one line in `room`, else a Paragraph.

    A plain cell needs the table to draw it in `style` (`_string_style`); Paragraphs cost
    far more to make and wrap, so they are kept for text that may need more than one line.
    """
    if _fits(text, style, room):
        return text
    return paragraph(text, style)


def _fits(text: str, style: ParagraphStyle, room: float) -> bool:
    """Whether `text` prints on one line in `room` exactly as typed (no breaks, no runs of
    spaces, which a Paragraph would fold) in the style's own font."""
    plain = bool(text) and text == " ".join(text.split()) and has_all(text)
    return plain and _width(text, style) <= room


def _width(text: str, style: ParagraphStyle) -> float:
    return stringWidth(text, style.fontName, style.fontSize)


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    col_widths: Sequence[float],
    numeric_columns: Collection[int] = (),
    total_row: Sequence[str] | None = None,
) -> Table:
    """A gridded table whose grey header repeats on every page; cells wrap, numbers align right.

    A cell that fits on one line is a plain string, drawn just as its Paragraph would be
    (same font, baseline and edge) at a fraction of the cost; only longer text wraps.
    """
    sheet = styles()
    rooms = [width - 2 * _CELL_PADDING for width in col_widths]
    plain, bold = (sheet.cell, sheet.cell_right), (sheet.cell_bold, sheet.cell_bold_right)
    data = [_cells(header, bold, rooms, numeric_columns)]
    data.extend(_cells(row, plain, rooms, numeric_columns) for row in rows)
    if total_row is not None:
        data.append(_cells(total_row, bold, rooms, numeric_columns))
    table = Table(data, colWidths=list(col_widths), repeatRows=1, hAlign="LEFT")
    table.setStyle(_data_table_style(total_row is not None, numeric_columns))
    return table


def key_value_table(pairs: Sequence[tuple[str, str]], label_width: float = 50 * mm) -> Table:
    """Labelled details (such as "Worker: Jane Smith") in two aligned columns, no lines."""
    sheet = styles()
    widths = [label_width, CONTENT_WIDTH - label_width]
    rooms = [width - _PAIR_PADDING for width in widths]
    data = [
        [_fitted(key, sheet.label, rooms[0]), _fitted(value, sheet.body, rooms[1])]
        for key, value in pairs
    ]
    table = Table(data, colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                *_string_style((0, 0), (0, -1), sheet.label),
                *_string_style((1, 0), (1, -1), sheet.body),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), _PAIR_PADDING),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def write_document(path: Path, title: str, footer_text: str, story: Sequence[Flowable]) -> Path:
    """Lay `story` out as an A4 PDF at `path`, with the footer and "Page x of y" on every page."""
    document = BaseDocTemplate(str(path), pagesize=A4, title=title)
    # no padding inside the frame, so content is exactly CONTENT_WIDTH wide
    frame = Frame(MARGIN, MARGIN, CONTENT_WIDTH, PAGE_HEIGHT - 2 * MARGIN, 0, 0, 0, 0)
    document.addPageTemplates([PageTemplate(frames=[frame])])
    document.build(list(story), canvasmaker=partial(NumberedCanvas, footer_text=footer_text))
    return path


class NumberedCanvas(Canvas):
    """A canvas that holds its pages back until the end, so each footer can say "Page N of M"."""

    def __init__(self, *args: Any, footer_text: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer_text = footer_text
        self._page_states: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._page_states)
        for state in self._page_states:
            self.__dict__.update(state)
            draw_footer(self, self._footer_text, self.getPageNumber(), total)
            super().showPage()
        super().save()


def draw_footer(canvas: Canvas, footer_text: str, page: int, total: int) -> None:
    """A rule above the bottom margin, `footer_text` at the left and "Page x of y" at the right."""
    page_label = f"Page {page} of {total}"
    room = CONTENT_WIDTH - stringWidth(page_label, FONT, _FOOTER_SIZE) - 8 * mm
    font = font_for(footer_text, FONT)
    canvas.saveState()
    canvas.setStrokeColor(RULE_COLOUR)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, _FOOTER_RULE, PAGE_WIDTH - MARGIN, _FOOTER_RULE)
    canvas.setFont(FONT, _FOOTER_SIZE)
    canvas.setFillColor(TEXT_COLOUR)
    canvas.drawRightString(PAGE_WIDTH - MARGIN, _FOOTER_BASELINE, page_label)
    canvas.setFillColor(MUTED_COLOUR)
    canvas.setFont(font, _FOOTER_SIZE)
    canvas.drawString(MARGIN, _FOOTER_BASELINE, _fit(footer_text, room, font))
    canvas.restoreState()


def _fit(text: str, width: float, font: str) -> str:
    """`text` shortened with an ellipsis until it fits `width` in the footer's size."""
    if stringWidth(text, font, _FOOTER_SIZE) <= width:
        return text
    while text and stringWidth(text + "…", font, _FOOTER_SIZE) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _cells(
    values: Sequence[str],
    looks: tuple[ParagraphStyle, ParagraphStyle],
    rooms: Sequence[float],
    right: Collection[int],
) -> list[str | Paragraph]:
    """A row's cells: `looks` is the left- and right-aligned style, `rooms` each column's room."""
    left, right_aligned = looks
    return [
        _fitted(value, right_aligned if column in right else left, rooms[column])
        for column, value in enumerate(values)
    ]


def _string_style(first: tuple[int, int], last: tuple[int, int], style: ParagraphStyle) -> list:
    """Table commands that draw the plain cells from `first` to `last` as `style` would."""
    return [
        ("FONT", first, last, style.fontName, style.fontSize, style.leading),
        ("TEXTCOLOR", first, last, style.textColor),
    ]


def _data_table_style(has_total: bool, right: Collection[int]) -> TableStyle:
    sheet = styles()
    commands: list[tuple[Any, ...]] = [
        *_string_style((0, 0), (-1, -1), sheet.cell),
        *_string_style((0, 0), (-1, 0), sheet.cell_bold),
        *(("ALIGN", (column, 0), (column, -1), "RIGHT") for column in right),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE_COLOUR),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BACKGROUND),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    if has_total:
        commands.extend(_string_style((0, -1), (-1, -1), sheet.cell_bold))
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 1.2, TEXT_COLOUR))
    return TableStyle(commands)
