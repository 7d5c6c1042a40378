"""The evidence pack PDF, with real image and PDF attachments, read back with pypdf."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from microbiz.compliance.evidence import evidence_pack
from microbiz.compliance.evidence import print_evidence_pack
from microbiz.compliance.evidence_pack_pdf import EvidenceDocument
from microbiz.compliance.evidence_pack_pdf import EvidenceItem
from microbiz.compliance.evidence_pack_pdf import EvidencePack
from microbiz.compliance.evidence_pack_pdf import write_evidence_pack
from microbiz.compliance.policies import PolicyForm
from microbiz.compliance.policies import save_policy
from microbiz.foundations.attachments import attach_document


def _item(**changes: object) -> EvidenceItem:
    item = EvidenceItem(
        kind="Public liability insurance",
        provider="Caring Cover Ltd",
        reference="CC-99812",
        cover_pence=500_000_000,
        starts_on=date(2026, 11, 4),
        expires_on=date(2027, 11, 3),
    )
    return replace(item, **changes)


def _dbs(**changes: object) -> EvidenceItem:
    item = EvidenceItem(
        kind="Enhanced DBS check",
        provider="Disclosure and Barring Service",
        reference="001234567890",
        starts_on=date(2026, 10, 20),
    )
    return replace(item, **changes)


def _doc(path: Path, name: str = "") -> EvidenceDocument:
    """A stored document; its original name is the file's own unless given."""
    return EvidenceDocument(path, name or path.name)


def _pack(items: list[EvidenceItem], **changes: object) -> EvidencePack:
    pack = EvidencePack(
        business_name="Kind Hands Care",
        owner_name="Sam Carter",
        address="12 Mill Lane\nHebden Bridge",
        postcode="HX7 8AB",
        phone="07700 900123",
        email="sam@kindhands.example",
        made_on=date(2026, 11, 29),
        items=items,
    )
    return replace(pack, **changes)


def _write(items: list[EvidenceItem], tmp_path: Path, **changes: object) -> list[str]:
    path = write_evidence_pack(_pack(items, **changes), tmp_path / "pack.pdf")
    return _read(path)


def _read(path: Path) -> list[str]:
    """Each page's text; pypdf reads Helvetica's bullet as \\x7f, so it is put back."""
    return [page.extract_text().replace("\x7f", "•") for page in PdfReader(path).pages]


def _words(text: str) -> str:
    """The text with line breaks and runs of spaces as single spaces (table cells wrap)."""
    return " ".join(text.split())


def _png(tmp_path: Path, name: str = "certificate.png", size: tuple[int, int] = (600, 850)) -> Path:
    path = tmp_path / name
    Image.new("RGB", size, "#DDE8F0").save(path)
    return path


def _pdf(tmp_path: Path, pages: int, name: str = "schedule.pdf") -> Path:
    path = tmp_path / name
    canvas = Canvas(str(path))
    for number in range(1, pages + 1):
        canvas.drawString(72, 720, f"Policy schedule sheet {number}")
        canvas.showPage()
    canvas.save()
    return path


def test_first_page_names_the_business_and_tabulates_every_item(tmp_path):
    pages = _write([_item(), _dbs()], tmp_path)

    first = " ".join(pages[0].split())  # table cells wrap: compare words, not lines
    assert "Evidence of insurance and checks" in first
    for text in ("Kind Hands Care", "Sam Carter", "12 Mill Lane", "HX7 8AB", "07700 900123"):
        assert text in first
    assert "sam@kindhands.example" in first
    assert "Prepared on 29/11/2026" in first
    for header in ("Kind", "Insurer, issuer", "Reference", "Cover", "Valid from", "Valid to"):
        assert header in first
    for text in ("Public liability insurance", "Caring Cover Ltd", "CC-99812", "£5,000,000.00"):
        assert text in first
    assert "04/11/2026" in first and "03/11/2027" in first
    assert "Disclosure and Barring Service" in first and "001234567890" in first
    assert "No expiry" in first
    assert "—" in first  # the DBS check has no cover amount
    assert "Documents attached" in first
    assert first.count("No document attached") == 2  # said of each item
    assert "Expired" not in first and "Not on record" not in first
    assert len(pages) == 1


def test_a_lapsed_item_is_marked_expired(tmp_path):
    pages = _write([_item(expires_on=date(2026, 8, 31))], tmp_path)

    assert "(expired)" in pages[0]


def test_an_attached_image_gets_its_own_captioned_page(tmp_path):
    pages = _write([_item(documents=[_doc(_png(tmp_path))])], tmp_path)

    assert len(pages) == 2
    assert "Documents attached" in pages[0]
    assert "certificate.png" in pages[0]
    image_page = pages[1]
    assert "Public liability insurance" in image_page
    assert "Caring Cover Ltd" in image_page
    assert "certificate.png" in image_page
    assert "Page 2 of 2" in image_page


@pytest.mark.parametrize("size", [(600, 850), (2400, 900), (40, 3000)])
def test_an_image_is_scaled_into_the_page_keeping_its_shape(tmp_path, size):
    path = write_evidence_pack(
        _pack([_item(documents=[_doc(_png(tmp_path, size=size))])]), tmp_path / "pack.pdf"
    )

    page = PdfReader(path).pages[1]
    (image,) = page.images
    width, height = image.image.size
    assert abs(width / height - size[0] / size[1]) < 0.02
    shown = _image_box(page)
    box = page.mediabox
    assert 0 < shown[0] and shown[2] < float(box.width)
    assert 0 < shown[1] and shown[3] < float(box.height)
    assert abs((shown[2] - shown[0]) / (shown[3] - shown[1]) - size[0] / size[1]) < 0.02


def _image_box(page) -> tuple[float, float, float, float]:
    """Where the page draws its one image, from the matrix in effect at the Do operator."""
    placed = []

    def before(operator, operands, matrix, text_matrix):
        if operator == b"Do":
            a, b, c, d, e, f = matrix
            placed.append((e, f, e + a, f + d))

    page.extract_text(visitor_operand_before=before)
    (box,) = placed
    return box


def test_an_attached_pdf_is_appended_page_for_page(tmp_path):
    pages = _write([_item(documents=[_doc(_pdf(tmp_path, 2))]), _dbs()], tmp_path)

    assert len(pages) == 3
    assert "schedule.pdf" in pages[0]
    assert "2 pages" in pages[0]
    assert "Policy schedule sheet 1" in pages[1]
    assert "Policy schedule sheet 2" in pages[2]


def test_images_come_before_appended_pdfs(tmp_path):
    documents = [_doc(_pdf(tmp_path, 2)), _doc(_png(tmp_path))]

    pages = _write([_item(documents=documents)], tmp_path)

    assert len(pages) == 4
    assert "certificate.png" in pages[1]
    assert "Policy schedule sheet 1" in pages[2]
    assert "Policy schedule sheet 2" in pages[3]


def test_unreadable_documents_are_listed_not_fatal(tmp_path):
    corrupt_pdf = tmp_path / "broken.pdf"
    corrupt_pdf.write_bytes(b"%PDF-1.4 this is not really a PDF")
    corrupt_png = tmp_path / "broken.png"
    corrupt_png.write_bytes(b"\x89PNG\r\n\x1a\n not an image")
    paths = [tmp_path / "missing.pdf", corrupt_pdf, corrupt_png, _pdf(tmp_path, 1)]
    documents = [_doc(path) for path in paths]

    pages = _write([_item(documents=documents)], tmp_path)

    first = pages[0]
    assert "could not be attached: missing.pdf" in first
    assert "could not be attached: broken.pdf" in first
    assert "could not be attached: broken.png" in first
    assert "could not be attached: schedule.pdf" not in first
    assert len(pages) == 2
    assert "Policy schedule sheet 1" in pages[1]


def test_other_file_types_are_listed_by_name_only(tmp_path):
    letter = tmp_path / "letter.docx"
    letter.write_bytes(b"not a scan")

    pages = _write([_item(documents=[_doc(letter)])], tmp_path)

    assert len(pages) == 1
    assert "letter.docx" in pages[0]
    assert "could not be attached: letter.docx" not in pages[0]


def test_an_empty_register_says_so(tmp_path):
    pages = _write([], tmp_path)

    assert len(pages) == 1
    assert "No insurance or checks are recorded yet." in pages[0]
    assert "Kind Hands Care" in pages[0]
    assert "Insurer, issuer or course" not in pages[0]


def test_writing_replaces_the_file_and_leaves_no_temporary_files(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "pack.pdf"
    target.write_bytes(b"old pack")

    write_evidence_pack(_pack([_item()]), target)

    assert [path.name for path in out.iterdir()] == ["pack.pdf"]
    assert len(PdfReader(target).pages) == 1


def test_expired_items_are_listed_with_their_expiry_date(tmp_path):
    lapsed = _item(kind="Business use on car insurance", provider="Motor Mutual", reference="MM-1")
    lapsed = replace(lapsed, starts_on=date(2025, 9, 1), expires_on=date(2026, 8, 31))

    pages = _write([_dbs()], tmp_path, expired=[lapsed])

    first = _words(pages[0])
    assert "Expired" in first
    assert "Their documents are not attached" in first
    for header in ("Kind", "Insurer, issuer", "Reference", "Valid from", "Expired on"):
        assert header in first
    expired = first[first.index("Expired on") :]
    assert "Business use on car insurance Motor Mutual MM-1 01/09/2025 31/08/2026" in expired
    assert len(pages) == 1


def test_missing_kinds_are_listed(tmp_path):
    missing = ["Public liability insurance", "ICO data protection fee"]

    pages = _write([_dbs()], tmp_path, missing=missing)

    lines = [line.strip() for line in pages[0].splitlines()]
    assert "Not on record" in lines
    assert "Expected of a self-employed care worker, but with no current record:" in lines
    assert "• Public liability insurance" in lines
    assert "• ICO data protection fee" in lines


def test_nothing_current_still_lists_what_is_expired_and_missing(tmp_path):
    lapsed = _item(expires_on=date(2026, 8, 31))

    pages = _write([], tmp_path, expired=[lapsed], missing=["DBS certificate"])

    first = _words(pages[0])
    assert "Nothing current is recorded." in first
    assert "No insurance or checks are recorded yet." not in first
    assert "31/08/2026" in first and "• DBS certificate" in first
    assert "Documents attached" not in first


def test_documents_are_named_by_their_original_file_names(tmp_path):
    stored = _pdf(tmp_path, 1, name="3f9c2a.pdf")
    scan = _png(tmp_path, name="77be01.png")
    items = [
        _item(documents=[_doc(stored, "Hiscox schedule 2026.pdf")]),
        _dbs(documents=[_doc(scan, "DBS certificate scan.png")]),
        _item(kind="ICO data protection fee", provider="ICO", cover_pence=None),
    ]

    pages = _write(items, tmp_path)

    first = [line.strip() for line in pages[0].splitlines()]
    assert "• Hiscox schedule 2026.pdf: PDF, 1 page" in first
    assert "• DBS certificate scan.png: scanned image, on a page of its own" in first
    assert first.count("• No document attached") == 1
    assert "ICO data protection fee — ICO" in first
    assert "Document: DBS certificate scan.png" in pages[1]
    assert not any("3f9c2a" in page or "77be01" in page for page in pages)


def _policy(kind: str, provider: str, expires: str = "", starts: str = "") -> int:
    form = PolicyForm(kind=kind, provider=provider, starts_on=starts, expires_on=expires)
    return save_policy(form).id


def test_the_pack_from_the_register_lists_current_expired_and_missing(business, data_dir, tmp_path):
    # today is 25/11/2026 (tests/conftest.py)
    _policy("public_liability", "Hiscox", starts="01/09/2025", expires="31/08/2026")
    dbs = _policy("dbs_certificate", "Disclosure and Barring Service", starts="20/10/2026")
    _policy("training_course", "Moving and handling", expires="01/03/2027")
    _policy("training_course", "First aid", expires="01/03/2026")
    attach_document(_png(tmp_path, name="IMG_2041.png"), data_dir, policy_id=dbs)

    pack = evidence_pack(data_dir)

    assert pack.made_on == date(2026, 11, 25)
    assert [(i.kind, i.provider) for i in pack.items] == [
        ("DBS certificate", "Disclosure and Barring Service"),
        ("Training course", "Moving and handling"),
    ]
    assert [(i.kind, i.provider, i.expires_on) for i in pack.expired] == [
        ("Public liability insurance", "Hiscox", date(2026, 8, 31)),
        ("Training course", "First aid", date(2026, 3, 1)),
    ]
    assert pack.missing == ["ICO data protection fee"]  # public liability is expired, not missing
    (document,) = pack.items[0].documents
    assert document.name == "IMG_2041.png" and document.path.name != "IMG_2041.png"

    pages = _read(print_evidence_pack(data_dir, tmp_path / "p.pdf"))
    first = _words(pages[0])
    assert "Public liability insurance Hiscox — 01/09/2025 31/08/2026" in first
    assert "Training course First aid — — 01/03/2026" in first
    assert "• ICO data protection fee" in first
    assert "• IMG_2041.png: scanned image" in first
    assert "Training course — Moving and handling • No document attached" in first
