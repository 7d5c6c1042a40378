"""Shared reportlab building blocks for the app's A4 PDFs."""

from __future__ import annotations

from collections.abc import Collection
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

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


def styles() -> Styles:
    """Fresh Helvetica styles: 11pt body, 10pt table cells."""
    body = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=15, textColor=TEXT_COLOUR)
    return Styles(
        title=ParagraphStyle("title", parent=body, fontName=BOLD_FONT, fontSize=20, leading=24),
        heading=ParagraphStyle(
            "heading", parent=body, fontName=BOLD_FONT, fontSize=12.5, leading=16
        ),
        body=body,
        strong=ParagraphStyle("strong", parent=body, fontName=BOLD_FONT),
        label=ParagraphStyle("label", parent=body, textColor=MUTED_COLOUR),
        small=ParagraphStyle("small", parent=body, fontSize=9, leading=12, textColor=MUTED_COLOUR),
        cell=ParagraphStyle("cell", parent=body, fontSize=10, leading=13),
        cell_bold=ParagraphStyle(
            "cell_bold", parent=body, fontName=BOLD_FONT, fontSize=10, leading=13
        ),
    )


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of plain text: markup characters are escaped and line breaks kept."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    col_widths: Sequence[float],
    numeric_columns: Collection[int] = (),
    total_row: Sequence[str] | None = None,
) -> Table:
    """A gridded table whose grey header repeats on every page; cells wrap, numbers align right."""
    sheet = styles()
    body = [_cells(row, sheet.cell, numeric_columns) for row in rows]
    data = [_cells(header, sheet.cell_bold, numeric_columns), *body]
    if total_row is not None:
        data.append(_cells(total_row, sheet.cell_bold, numeric_columns))
    table = Table(data, colWidths=list(col_widths), repeatRows=1, hAlign="LEFT")
    table.setStyle(_data_table_style(total_row is not None))
    return table


def key_value_table(pairs: Sequence[tuple[str, str]], label_width: float = 50 * mm) -> Table:
    """Labelled details (such as "Worker: Jane Smith") in two aligned columns, no lines."""
    sheet = styles()
    data = [[paragraph(key, sheet.label), paragraph(value, sheet.body)] for key, value in pairs]
    table = Table(data, colWidths=[label_width, CONTENT_WIDTH - label_width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
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
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        page_label = f"Page {self.getPageNumber()} of {total}"
        room = CONTENT_WIDTH - stringWidth(page_label, FONT, _FOOTER_SIZE) - 8 * mm
        self.saveState()
        self.setStrokeColor(RULE_COLOUR)
        self.setLineWidth(0.5)
        self.line(MARGIN, _FOOTER_RULE, PAGE_WIDTH - MARGIN, _FOOTER_RULE)
        self.setFont(FONT, _FOOTER_SIZE)
        self.setFillColor(TEXT_COLOUR)
        self.drawRightString(PAGE_WIDTH - MARGIN, _FOOTER_BASELINE, page_label)
        self.setFillColor(MUTED_COLOUR)
        self.drawString(MARGIN, _FOOTER_BASELINE, _fit(self._footer_text, room))
        self.restoreState()


def _fit(text: str, width: float) -> str:
    """`text` shortened with an ellipsis until it fits `width` in the footer font."""
    if stringWidth(text, FONT, _FOOTER_SIZE) <= width:
        return text
    while text and stringWidth(text + "…", FONT, _FOOTER_SIZE) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _cells(values: Sequence[str], style: ParagraphStyle, right: Collection[int]) -> list[Paragraph]:
    right_style = ParagraphStyle(f"{style.name}_right", parent=style, alignment=TA_RIGHT)
    return [
        paragraph(value, right_style if column in right else style)
        for column, value in enumerate(values)
    ]


def _data_table_style(has_total: bool) -> TableStyle:
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE_COLOUR),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BACKGROUND),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    if has_total:
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 1.2, TEXT_COLOUR))
    return TableStyle(commands)
