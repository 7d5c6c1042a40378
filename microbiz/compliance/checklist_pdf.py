"""The start-up checklist as an A4 PDF: progress first, then every item with its status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape
from xml.sax.saxutils import quoteattr

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from reportlab.platypus import HRFlowable
from reportlab.platypus import KeepTogether
from reportlab.platypus import Paragraph
from reportlab.platypus import Spacer
from reportlab.platypus import Table
from reportlab.platypus import TableStyle

from microbiz.foundations.dates import format_date
from microbiz.foundations.pdf_layout import CONTENT_WIDTH
from microbiz.foundations.pdf_layout import MARGIN
from microbiz.foundations.pdf_layout import MUTED_COLOUR
from microbiz.foundations.pdf_layout import PAGE_HEIGHT
from microbiz.foundations.pdf_layout import RULE_COLOUR
from microbiz.foundations.pdf_layout import TEXT_COLOUR
from microbiz.foundations.pdf_layout import paragraph
from microbiz.foundations.pdf_layout import styles
from microbiz.foundations.pdf_layout import write_document

TO_DO = "To do"
DOING = "Doing"
DONE = "Done"
NOT_APPLICABLE = "Not applicable"
STATUSES = (TO_DO, DOING, DONE, NOT_APPLICABLE)  # the words the sheet draws a box for
NO_ITEMS = "This checklist has no items."

_TITLE_SIZE = 12
_TITLE_LEADING = 15.5
_BOX_SIZE = 3.8 * mm
_BOX_COLUMN = 8 * mm
_STATUS_COLUMN = 44 * mm
_LINK_COLOUR = "#1A4F8B"
_DOING_FILL = colors.HexColor("#BDBDBD")
_ONE_PAGE = (PAGE_HEIGHT - 2 * MARGIN) * 0.9  # items shorter than this are never split


@dataclass(frozen=True)
class ChecklistEntry:
    """One item as the business has it: the template's words plus its status and notes."""

    title: str
    why: str
    guidance: str
    status: str
    due_on: date | None = None
    done_on: date | None = None
    notes: str = ""
    link: str = ""
    link_text: str = ""
    register: str = ""  # the register's words for an item about a record: "Expired on ..."


@dataclass(frozen=True)
class ChecklistSheet:
    """A business's checklist on one day; `version` and `author` describe the template."""

    title: str
    business_name: str
    made_on: date
    entries: list[ChecklistEntry]
    version: str = ""
    author: str = ""


def write_checklist_pdf(sheet: ChecklistSheet, path: Path) -> Path:
    """Write the checklist as an A4 PDF at `path`."""
    story = [*_heading(sheet), *_entries(sheet)]
    footer = f"{sheet.title} · {sheet.business_name} · made on {format_date(sheet.made_on)}"
    return write_document(path, f"{sheet.title}: {sheet.business_name}", footer, story)


def progress(entries: list[ChecklistEntry]) -> str:
    """Progress in words: "12 of 24 done", and "· 2 not applicable" when there are any."""
    done = sum(entry.status == DONE for entry in entries)
    skipped = sum(entry.status == NOT_APPLICABLE for entry in entries)
    text = f"{done} of {len(entries)} done"
    return f"{text} · {skipped} not applicable" if skipped else text


def _heading(sheet: ChecklistSheet) -> list[Flowable]:
    look = styles()
    parts: list[Flowable] = [
        paragraph(sheet.title, look.title),
        Spacer(0, 2 * mm),
        paragraph(sheet.business_name, look.heading),
        Spacer(0, 3 * mm),
        paragraph(progress(sheet.entries), _progress_style()),
        paragraph(f"Made on {format_date(sheet.made_on)}", look.label),
    ]
    template = _template_line(sheet)
    if template:
        parts.append(paragraph(template, look.small))
    parts.append(Spacer(0, 5 * mm))
    return parts


def _progress_style() -> ParagraphStyle:
    return ParagraphStyle("progress", parent=styles().strong, fontSize=14, leading=19)


def _template_line(sheet: ChecklistSheet) -> str:
    """The small print naming the template: "Checklist version 1.0 by Microbiz"."""
    words = ["Checklist"]
    if sheet.version:
        words.append(f"version {sheet.version}")
    if sheet.author:
        words.append(f"by {sheet.author}")
    return " ".join(words) if len(words) > 1 else ""


def _entries(sheet: ChecklistSheet) -> list[Flowable]:
    if not sheet.entries:
        return [paragraph(NO_ITEMS, styles().body)]
    return [part for entry in sheet.entries for part in _entry(entry, sheet.made_on)]


def _entry(entry: ChecklistEntry, made_on: date) -> list[Flowable]:
    """One item, kept on one page when it fits.

    An item too long for a page starts where it is and runs on; its title still stays
    with the why and the guidance, so it is never left alone at the foot of a page.
    """
    rule = HRFlowable(width="100%", thickness=0.5, color=RULE_COLOUR, spaceBefore=2, spaceAfter=5)
    head = [rule, _entry_header(entry, made_on), *_entry_text(entry)]
    tail = _entry_extras(entry)
    if _height([*head, *tail]) < _ONE_PAGE:
        return [KeepTogether([*head, *tail])]
    return [KeepTogether(head), *tail]


def _height(flowables: list[Flowable]) -> float:
    return sum(
        part.wrap(CONTENT_WIDTH, _ONE_PAGE)[1] + part.getSpaceBefore() + part.getSpaceAfter()
        for part in flowables
    )


def _entry_header(entry: ChecklistEntry, made_on: date) -> Table:
    """Box | bold title | status in words, with its dates under it."""
    look = styles()
    title = ParagraphStyle(
        "item_title", parent=look.strong, fontSize=_TITLE_SIZE, leading=_TITLE_LEADING
    )
    status = [
        paragraph(
            entry.register or entry.status,
            ParagraphStyle("status", parent=title, alignment=TA_RIGHT),
        ),
        *(
            paragraph(line, ParagraphStyle("dates", parent=look.small, alignment=TA_RIGHT))
            for line in _date_lines(entry, made_on)
        ),
    ]
    table = Table(
        [[_StatusBox(entry.status), paragraph(entry.title, title), status]],
        colWidths=[_BOX_COLUMN, CONTENT_WIDTH - _BOX_COLUMN - _STATUS_COLUMN, _STATUS_COLUMN],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (1, 0), (1, 0), 4 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _date_lines(entry: ChecklistEntry, made_on: date) -> list[str]:
    """The date under the status: when it was done, or when it is (or was) due."""
    if entry.register:
        return []  # the register's words carry their own date
    if entry.status == DONE:
        return [f"on {format_date(entry.done_on)}"] if entry.done_on else []
    if entry.status == NOT_APPLICABLE or entry.due_on is None:
        return []
    due = "Was due by" if entry.due_on < made_on else "Due by"
    return [f"{due} {format_date(entry.due_on)}"]


def _entry_text(entry: ChecklistEntry) -> list[Flowable]:
    """Why it matters (muted) and what to do, indented under the title."""
    look = styles()
    parts: list[Flowable] = []
    if entry.why:
        parts.append(paragraph(entry.why, _indented(look.label, spaceAfter=3)))
    if entry.guidance:
        parts.append(paragraph(entry.guidance, _indented(look.body, spaceAfter=3)))
    return parts


def _entry_extras(entry: ChecklistEntry) -> list[Flowable]:
    """The guidance link and the business's own notes, then the gap before the next item."""
    look = styles()
    parts: list[Flowable] = []
    if entry.link:
        parts.append(Paragraph(_link_markup(entry), _indented(look.body, spaceAfter=3)))
    if entry.notes:
        parts.append(Paragraph(f"<b>Notes:</b> {_plain(entry.notes)}", _indented(look.body)))
    parts.append(Spacer(0, 4 * mm))
    return parts


def _indented(style: ParagraphStyle, **changes: float) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}_indented", parent=style, leftIndent=_BOX_COLUMN, **changes)


def _link_markup(entry: ChecklistEntry) -> str:
    """The link text and the address under it, both clickable; printed copies show the URL."""
    target = quoteattr(entry.link)
    address = f'<a href={target} color="{_LINK_COLOUR}">{escape(entry.link)}</a>'
    address = f'<font size="9">{address}</font>'
    if not entry.link_text:
        return address
    label = f'<a href={target} color="{_LINK_COLOUR}"><u>{escape(entry.link_text)}</u></a>'
    return f"{label}<br/>{address}"


def _plain(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


class _StatusBox(Flowable):
    """A drawn tick box: ticked when done, a dash when not applicable, half-filled when doing."""

    def __init__(self, status: str) -> None:
        super().__init__()
        self.status = status

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return _BOX_SIZE, _TITLE_LEADING

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        # level with the title's first line: its baseline is one font size below the top
        canvas.translate(0, _TITLE_LEADING - _TITLE_SIZE - 1.2)
        canvas.setLineWidth(0.9)
        canvas.setStrokeColor(TEXT_COLOUR)
        if self.status == DOING:
            canvas.setFillColor(_DOING_FILL)
            canvas.rect(0, 0, _BOX_SIZE / 2, _BOX_SIZE, stroke=0, fill=1)
        canvas.rect(0, 0, _BOX_SIZE, _BOX_SIZE, stroke=1, fill=0)
        canvas.setLineWidth(1.4)
        if self.status == DONE:
            canvas.lines(_TICK)
        elif self.status == NOT_APPLICABLE:
            canvas.setStrokeColor(MUTED_COLOUR)
            canvas.line(_BOX_SIZE * 0.22, _BOX_SIZE / 2, _BOX_SIZE * 0.78, _BOX_SIZE / 2)
        canvas.restoreState()


_TICK = [
    (_BOX_SIZE * 0.18, _BOX_SIZE * 0.50, _BOX_SIZE * 0.42, _BOX_SIZE * 0.20),
    (_BOX_SIZE * 0.42, _BOX_SIZE * 0.20, _BOX_SIZE * 0.84, _BOX_SIZE * 0.84),
]
