"""Fonts for PDFs: Helvetica, and DejaVu Sans for the letters Helvetica has not got.

Helvetica is built into every PDF reader, so it costs nothing to embed and little to
measure; but its encoding (WinAnsi, Windows' code page 1252) has the letters of English
and western Europe only: a Polish client's Ł or a Romanian carer's ș printed as a black
box. Text with such letters is drawn in DejaVu Sans (shipped in resources/fonts, with its
licence), and a PDF embeds only the DejaVu letters it uses.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import groupby
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from microbiz.foundations.paths import resource

WIDE = "DejaVuSans"
WIDE_BOLD = "DejaVuSans-Bold"


def has_all(text: str) -> bool:
    """Whether Helvetica's encoding has every character of `text`."""
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def font_for(text: str, font: str) -> str:
    """`font` (Helvetica or Helvetica-Bold) if it has all of `text`, else its DejaVu Sans."""
    if has_all(text):
        return font
    return _registered(WIDE_BOLD if "Bold" in font else WIDE)


def marked(text: str, font: str) -> str:
    """Paragraph markup for plain `text`: escaped, and its words with letters Helvetica has
    not got set in DejaVu Sans (whole words, so that a name is in one font)."""
    runs = groupby(re.split(r"(\s+)", text), key=has_all)
    return "".join(
        escape(run) if plain else f'<font face="{font_for(run, font)}">{escape(run)}</font>'
        for plain, words in runs
        for run in ["".join(words)]
    )


@cache
def _registered(name: str) -> str:
    """The DejaVu font `name`, registered with reportlab the first time it is asked for."""
    pdfmetrics.registerFont(TTFont(name, str(resource("fonts", f"{name}.ttf"))))
    return name
