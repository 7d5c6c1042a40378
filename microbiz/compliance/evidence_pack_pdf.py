"""The evidence pack: one PDF proving insurance and checks, with the scans attached.

Councils, clients and Shared Lives schemes ask for it. The summary and the scanned
images are laid out with reportlab; PDF documents are then appended page for page
with pypdf. A document that cannot be read is named in the summary, not fatal.
Nothing is left out silently: what has expired and what is missing are listed too.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from io import BytesIO
from pathlib import Path

from PIL import Image as PillowImage
from PIL import ImageOps
from pypdf import PdfReader
from pypdf import PdfWriter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from reportlab.platypus import Image
from reportlab.platypus import KeepTogether
from reportlab.platypus import PageBreak
from reportlab.platypus import Spacer

from microbiz.foundations.dates import format_date
from microbiz.foundations.money import format_money
from microbiz.foundations.pdf_layout import CONTENT_WIDTH
from microbiz.foundations.pdf_layout import MARGIN
from microbiz.foundations.pdf_layout import PAGE_HEIGHT
from microbiz.foundations.pdf_layout import data_table
from microbiz.foundations.pdf_layout import key_value_table
from microbiz.foundations.pdf_layout import paragraph
from microbiz.foundations.pdf_layout import styles
from microbiz.foundations.pdf_layout import write_document

TITLE = "Evidence of insurance and checks"
NOTHING_RECORDED = "No insurance or checks are recorded yet."
NO_DOCUMENT = "No document attached"
CURRENT_HEADING = "Current"
NOTHING_CURRENT = "Nothing current is recorded."
EXPIRED_HEADING = "Expired"
EXPIRED_NOTE = (
    "These have run out and no renewal is recorded. "
    "Their documents are not attached, as they no longer prove cover."
)
MISSING_HEADING = "Not on record"
MISSING_NOTE = "Expected of a self-employed care worker, but with no current record:"
NO_EXPIRY = "No expiry"
NOT_GIVEN = "—"
IMAGE_TYPES = (".png", ".jpg", ".jpeg")
PDF_TYPES = (".pdf",)

_HEADER = ("Kind", "Insurer, issuer or course", "Reference", "Cover", "Valid from", "Valid to")
_WIDTHS = (35 * mm, 31 * mm, 30 * mm, 30 * mm, 24 * mm, 24 * mm)
_COVER_COLUMN = 3
_EXPIRED_HEADER = ("Kind", "Insurer, issuer or course", "Reference", "Valid from", "Expired on")
_EXPIRED_WIDTHS = (45 * mm, 45 * mm, 34 * mm, 25 * mm, 25 * mm)
_FRAME_HEIGHT = PAGE_HEIGHT - 2 * MARGIN
_MAX_PIXELS = 2000  # enough for a full A4 page at about 200 dpi
_JPEG_QUALITY = 85
_ORDER_NOTE = (
    "Scanned images follow this summary, one to a page. "
    "PDF documents are added after the numbered pages, in the order listed here."
)


@dataclass(frozen=True)
class EvidenceDocument:
    """A stored scan: where it is kept and the file name it was attached with."""

    path: Path
    name: str


@dataclass(frozen=True)
class EvidenceItem:
    """One policy, certificate or check, with the scans that prove it."""

    kind: str
    provider: str
    reference: str = ""
    cover_pence: int | None = None
    starts_on: date | None = None
    expires_on: date | None = None
    documents: list[EvidenceDocument] = field(default_factory=list)


@dataclass(frozen=True)
class EvidencePack:
    """Who the evidence is for, the current register, what has expired and what is missing."""

    business_name: str
    owner_name: str
    address: str
    postcode: str
    phone: str
    email: str
    made_on: date
    items: list[EvidenceItem]
    expired: list[EvidenceItem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Attachment:
    """One document, read in advance: an image or PDF ready to add, or why it cannot be."""

    item: EvidenceItem
    document: EvidenceDocument
    image: bytes = b""
    pdf: bytes = b""
    pages: int = 0


def write_evidence_pack(pack: EvidencePack, path: Path) -> Path:
    """Write the pack as one PDF at `path`, replacing any earlier file only when complete."""
    attachments = [_read(item, document) for item in pack.items for document in item.documents]
    writer = PdfWriter()
    with tempfile.TemporaryDirectory() as folder:
        summary = write_document(
            Path(folder) / "summary.pdf", TITLE, _footer(pack), _story(pack, attachments)
        )
        writer.append(PdfReader(BytesIO(summary.read_bytes())))
    for attachment in attachments:
        if attachment.pdf:
            writer.append(PdfReader(BytesIO(attachment.pdf)))
    writer.add_metadata({"/Title": f"{TITLE}: {pack.business_name}"})
    _save(writer, path)
    return path


def _footer(pack: EvidencePack) -> str:
    return f"{TITLE} · {pack.business_name} · prepared on {format_date(pack.made_on)}"


def _save(writer: PdfWriter, path: Path) -> None:
    """Write next to `path`, then rename over it, so a failure never leaves half a file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".pdf")
    try:
        with os.fdopen(handle, "wb") as stream:
            writer.write(stream)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _read(item: EvidenceItem, document: EvidenceDocument) -> _Attachment:
    """The document loaded and checked now, so a bad one is reported, not fatal."""
    suffix = document.path.suffix.lower()
    if suffix in IMAGE_TYPES:
        return _Attachment(item, document, image=_image_bytes(document.path))
    if suffix in PDF_TYPES:
        pdf, pages = _pdf_bytes(document.path)
        return _Attachment(item, document, pdf=pdf, pages=pages)
    return _Attachment(item, document)


def _image_bytes(path: Path) -> bytes:
    """The image upright, on white, at most 2000 pixels a side, as JPEG; empty if unreadable."""
    try:
        with PillowImage.open(path) as opened:
            upright = ImageOps.exif_transpose(opened)
            upright.thumbnail((_MAX_PIXELS, _MAX_PIXELS))
            flat = _on_white(upright)
    except (OSError, SyntaxError, ValueError, PillowImage.DecompressionBombError):
        return b""
    buffer = BytesIO()
    flat.save(buffer, "JPEG", quality=_JPEG_QUALITY)
    return buffer.getvalue()


def _on_white(image: PillowImage.Image) -> PillowImage.Image:
    """An RGB copy with any transparent parts shown as white paper."""
    rgba = image.convert("RGBA")
    paper = PillowImage.new("RGB", rgba.size, "white")
    paper.paste(rgba, mask=rgba.getchannel("A"))
    return paper


def _pdf_bytes(path: Path) -> tuple[bytes, int]:
    """A clean copy of the PDF and its page count, or (b"", 0) if it cannot be read in full."""
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            reader.decrypt("")
        copy = PdfWriter()
        copy.append(reader)
        buffer = BytesIO()
        copy.write(buffer)
    except Exception:  # pypdf raises many kinds of error for damaged files
        return b"", 0
    if not copy.pages:
        return b"", 0
    return buffer.getvalue(), len(copy.pages)


def _story(pack: EvidencePack, attachments: list[_Attachment]) -> list[Flowable]:
    look = styles()
    story: list[Flowable] = [
        paragraph(TITLE, look.title),
        Spacer(0, 5 * mm),
        key_value_table(_details(pack), label_width=32 * mm),
        Spacer(0, 6 * mm),
    ]
    if not (pack.items or pack.expired or pack.missing):
        return [*story, paragraph(NOTHING_RECORDED, look.body)]
    story += [paragraph(CURRENT_HEADING, look.heading), Spacer(0, 2 * mm)]
    story += [_register(pack) if pack.items else paragraph(NOTHING_CURRENT, look.body)]
    story += [*_expired(pack.expired), *_missing(pack.missing)]
    if pack.items:
        story += [Spacer(0, 8 * mm), *_document_list(pack.items, attachments)]
    for attachment in attachments:
        if attachment.image:
            story += _image_page(attachment)
    return story


def _details(pack: EvidencePack) -> list[tuple[str, str]]:
    pairs = [
        ("Business", pack.business_name),
        ("Owner", pack.owner_name),
        ("Address", _lines(pack.address, pack.postcode)),
        ("Contact", _lines(pack.phone, pack.email)),
        ("Prepared on", format_date(pack.made_on)),
    ]
    return [(label, value) for label, value in pairs if value]


def _lines(*parts: str) -> str:
    return "\n".join(part.strip() for part in parts if part.strip())


def _register(pack: EvidencePack) -> Flowable:
    rows = [_row(item, pack.made_on) for item in pack.items]
    return data_table(_HEADER, rows, _WIDTHS, numeric_columns=(_COVER_COLUMN,))


def _row(item: EvidenceItem, made_on: date) -> list[str]:
    return [
        item.kind,
        item.provider,
        item.reference or NOT_GIVEN,
        NOT_GIVEN if item.cover_pence is None else format_money(item.cover_pence),
        format_date(item.starts_on) or NOT_GIVEN,
        _valid_to(item.expires_on, made_on),
    ]


def _valid_to(expires_on: date | None, made_on: date) -> str:
    if expires_on is None:
        return NO_EXPIRY
    expired = "\n(expired)" if expires_on < made_on else ""
    return f"{format_date(expires_on)}{expired}"


def _expired(items: list[EvidenceItem]) -> list[Flowable]:
    """The items that have run out, with the date each expired; nothing when there are none."""
    if not items:
        return []
    look = styles()
    rows = [
        [
            item.kind,
            item.provider,
            item.reference or NOT_GIVEN,
            format_date(item.starts_on) or NOT_GIVEN,
            format_date(item.expires_on) or NOT_GIVEN,
        ]
        for item in items
    ]
    heading = [paragraph(EXPIRED_HEADING, look.heading), paragraph(EXPIRED_NOTE, look.label)]
    table = data_table(_EXPIRED_HEADER, rows, _EXPIRED_WIDTHS)
    return [Spacer(0, 8 * mm), KeepTogether([*heading, Spacer(0, 2 * mm), table])]


def _missing(kinds: list[str]) -> list[Flowable]:
    """The kinds expected but with no current record; nothing when none are missing."""
    if not kinds:
        return []
    look = styles()
    bullets = [paragraph(f"• {kind}", _bullet_style()) for kind in kinds]
    heading = [paragraph(MISSING_HEADING, look.heading), paragraph(MISSING_NOTE, look.body)]
    return [Spacer(0, 8 * mm), KeepTogether([*heading, *bullets])]


def _document_list(items: list[EvidenceItem], attachments: list[_Attachment]) -> list[Flowable]:
    """The "Documents attached" list: every item with its documents, or that it has none."""
    look = styles()
    heading: list[Flowable] = [paragraph("Documents attached", look.heading), Spacer(0, 2 * mm)]
    if attachments:
        heading += [paragraph(_ORDER_NOTE, look.label), Spacer(0, 3 * mm)]
    blocks = [_documents_of(item, attachments) for item in items]
    first, *rest = blocks
    return [KeepTogether([*heading, *first]), *(KeepTogether(block) for block in rest)]


def _documents_of(item: EvidenceItem, attachments: list[_Attachment]) -> list[Flowable]:
    """The item's caption and a line for each of its documents, or "No document attached"."""
    lines = [_where(a) for a in attachments if a.item is item] or [NO_DOCUMENT]
    caption = paragraph(_caption(item), styles().strong)
    bullets = [paragraph(f"• {line}", _bullet_style()) for line in lines]
    return [caption, *bullets, Spacer(0, 2 * mm)]


def _bullet_style() -> ParagraphStyle:
    return ParagraphStyle("bullet", parent=styles().body, leftIndent=4 * mm)


def _where(attachment: _Attachment) -> str:
    """The document by its original name, and how it is included (or why not)."""
    name = attachment.document.name
    if attachment.image:
        return f"{name}: scanned image, on a page of its own"
    if attachment.pdf:
        pages = "1 page" if attachment.pages == 1 else f"{attachment.pages} pages"
        return f"{name}: PDF, {pages}"
    if attachment.document.path.suffix.lower() in IMAGE_TYPES + PDF_TYPES:
        return f"could not be attached: {name}"
    return f"{name}: listed only; this type of file cannot be added to the pack"


def _caption(item: EvidenceItem) -> str:
    return f"{item.kind} — {item.provider}" if item.provider else item.kind


def _image_page(attachment: _Attachment) -> list[Flowable]:
    """A new page: the caption, then the image as large as fits, keeping its shape."""
    look = styles()
    heading = paragraph(_caption(attachment.item), look.heading)
    name = paragraph(f"Document: {attachment.document.name}", look.label)
    gap = 4 * mm
    room = _FRAME_HEIGHT - gap - _height(heading) - _height(name) - 1
    return [PageBreak(), heading, name, Spacer(0, gap), _fitted(attachment.image, room)]


def _height(flowable: Flowable) -> float:
    return flowable.wrap(CONTENT_WIDTH, _FRAME_HEIGHT)[1]


def _fitted(jpeg: bytes, room: float) -> Image:
    """The image scaled to fit the content width and `room` high, keeping its aspect ratio."""
    with PillowImage.open(BytesIO(jpeg)) as image:
        width, height = image.size
    scale = min(CONTENT_WIDTH / width, room / height)
    return Image(BytesIO(jpeg), width=width * scale, height=height * scale)
