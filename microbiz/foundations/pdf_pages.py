"""A4 pages drawn straight on a reportlab canvas, for documents written by the hundred.

A document is a run of blocks, each of a height known before it is drawn, which draws
itself with its top edge at a given height on the page. `Pages` places blocks down the
page and starts a new one when the next does not fit; the caller decides what is kept
together. Platypus can lay out anything, but for an invoice it cost five times the
drawing; these blocks are measured once and drawn once.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from microbiz.foundations.pdf_fonts import font_for
from microbiz.foundations.pdf_layout import MARGIN
from microbiz.foundations.pdf_layout import PAGE_HEIGHT
from microbiz.foundations.pdf_layout import draw_footer

TOP = PAGE_HEIGHT - MARGIN
# The height between the margins: no block can be taller and still fit on a page.
PAGE_ROOM = TOP - MARGIN
# What a block may overrun the bottom margin by, for sums of heights that round.
_SLACK = 0.01


class Painter:
    """One page being drawn: shading straight on the canvas as it comes, then the page's
    rules, then all its text in one text object, so that text copied or read aloud from the
    PDF comes a row at a time, as it reads on the page ("Total £84.63", not "Total" then
    "£84.63"). Rules that carry on from one another, like a table's columns from row to row,
    are drawn as one line."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self._text = canvas.beginText()
        self._set: tuple[str, ParagraphStyle] | None = None
        self._rules: list[tuple[float, Color, list[Segment]]] = []

    def text(self, x: float, baseline: float, words: str, style: ParagraphStyle) -> None:
        """`words` in `style` from `x` on `baseline` (in DejaVu Sans if Helvetica has not got
        all their letters)."""
        font = font_for(words, style.fontName)
        if (font, style) != self._set:
            self._text.setFont(font, style.fontSize, style.leading)
            self._text.setFillColor(style.textColor)
            self._set = (font, style)
        self._text.setTextOrigin(x, baseline)
        self._text.textOut(words)

    def text_right(self, right: float, baseline: float, words: str, style: ParagraphStyle) -> None:
        """`words` in `style` ending at `right` on `baseline`."""
        self.text(right - width_of(words, style), baseline, words, style)

    def rules(self, segments: list[Segment], width: float, colour: Color) -> None:
        """Straight lines (x1, y1, x2, y2), `width` points wide."""
        for drawn_width, drawn_colour, drawn in self._rules:
            if (drawn_width, drawn_colour) == (width, colour):
                drawn.extend(segments)
                return
        self._rules.append((width, colour, list(segments)))

    def finish(self) -> None:
        for width, colour, segments in self._rules:
            self.canvas.setStrokeColor(colour)
            self.canvas.setLineWidth(width)
            self.canvas.lines(_joined(segments))
        self.canvas.drawText(self._text)


Segment = tuple[float, float, float, float]


def _joined(segments: list[Segment]) -> list[Segment]:
    """The segments, upright ones that carry on from one another (same x, one ending where
    the next begins) made one; the others as they are."""
    upright = sorted((x1, min(y1, y2), max(y1, y2)) for x1, y1, x2, y2 in segments if x1 == x2)
    joined: list[Segment] = [segment for segment in segments if segment[0] != segment[2]]
    for x, low, high in upright:
        last = joined[-1] if joined else None
        if last and last[0] == last[2] == x and abs(last[3] - low) < _SLACK:
            joined[-1] = (x, last[1], x, high)
        else:
            joined.append((x, low, x, high))
    return joined


Draw = Callable[[Painter, float], None]


@dataclass(frozen=True)
class Block:
    """Something `height` points tall that `draw(painter, top)` draws with its top at `top`."""

    height: float
    draw: Draw


def _nothing(painter: Painter, top: float) -> None:
    """An empty block's drawing."""


def space(height: float) -> Block:
    return Block(height, _nothing)


def stack(blocks: Sequence[Block]) -> Block:
    """`blocks` one under another, as one block that is never split between pages."""

    def draw(painter: Painter, top: float) -> None:
        for block in blocks:
            block.draw(painter, top)
            top -= block.height

    return Block(sum(block.height for block in blocks), draw)


def lines_of(
    text: str, style: ParagraphStyle, width: float, x: float = MARGIN, right: bool = False
) -> list[Block]:
    """`text` in `style`, wrapped to `width` from `x` (or set against its right edge), a
    block a line: the first baseline is the font size below the top, as a Paragraph's is."""
    return [
        _line(line, style, x + width if right else x, right) for line in wrap(text, style, width)
    ]


def text_block(
    text: str, style: ParagraphStyle, width: float, x: float = MARGIN, right: bool = False
) -> Block:
    """`lines_of` as one block."""
    return stack(lines_of(text, style, width, x, right))


def _line(line: str, style: ParagraphStyle, x: float, right: bool) -> Block:
    def draw(painter: Painter, top: float) -> None:
        if right:
            painter.text_right(x, top - style.fontSize, line, style)
        else:
            painter.text(x, top - style.fontSize, line, style)

    return Block(style.leading, draw)


def wrap(text: str, style: ParagraphStyle, width: float) -> list[str]:
    """`text` in lines that fit `width` in `style`'s font: broken at its line breaks, between
    words, and inside a word too long for a line of its own; runs of spaces are one."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split()
        whole = " ".join(words)
        if width_of(whole, style) <= width:
            lines.append(whole)
            continue
        line = ""
        for word in words:
            longer = f"{line} {word}" if line else word
            if width_of(longer, style) <= width:
                line = longer
                continue
            if line:
                lines.append(line)
            line = word
            while width_of(line, style) > width and len(line) > 1:
                cut = _longest_start(line, style, width)
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line)
    return lines


def _longest_start(word: str, style: ParagraphStyle, width: float) -> int:
    """How many of `word`'s first letters fit `width` (at least one)."""
    fits = 1
    while fits < len(word) and width_of(word[: fits + 1], style) <= width:
        fits += 1
    return fits


def width_of(text: str, style: ParagraphStyle) -> float:
    """`text`'s width in `style`, in the font `Painter.text` draws it in."""
    return _width(text, font_for(text, style.fontName), style.fontSize)


@lru_cache(maxsize=4096)
def _width(text: str, font: str, size: float) -> float:
    """`stringWidth`, remembered: amounts, prices and labels recur from invoice to invoice."""
    return stringWidth(text, font, size)


class Pages:
    """Blocks placed down A4 pages between the margins, then written with a footer."""

    def __init__(self) -> None:
        self._pages: list[list[tuple[float, Block]]] = [[]]
        self._top = TOP

    @property
    def room(self) -> float:
        """The height left on this page."""
        return self._top - MARGIN

    @property
    def fresh(self) -> bool:
        """Whether nothing is on this page yet."""
        return not self._pages[-1]

    def fits(self, height: float) -> bool:
        return height <= self.room + _SLACK

    def add(self, block: Block) -> None:
        """`block` next on this page, or at the top of a new one when it does not fit here."""
        if not self.fits(block.height) and not self.fresh:
            self.new_page()
        self._pages[-1].append((self._top, block))
        self._top -= block.height

    def gap(self, height: float) -> None:
        """Space before what comes next, except at the top of a page."""
        if not self.fresh:
            self._top -= min(height, self.room)

    def new_page(self) -> None:
        self._pages.append([])
        self._top = TOP

    def write(self, path: Path, title: str, footer_text: str) -> Path:
        """The pages as an A4 PDF at `path`, each with the footer and "Page x of y"."""
        canvas = Canvas(str(path), pagesize=A4)
        canvas.setTitle(title)
        for number, page in enumerate(self._pages, start=1):
            painter = Painter(canvas)
            for top, block in page:
                block.draw(painter, top)
            painter.finish()
            draw_footer(canvas, footer_text, number, len(self._pages))
            canvas.showPage()
        canvas.save()
        return path
