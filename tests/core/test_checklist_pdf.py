"""The start-up checklist PDF, read back with pypdf, and the default checklist template."""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from microbiz.compliance.checklist_pdf import ChecklistEntry
from microbiz.compliance.checklist_pdf import ChecklistSheet
from microbiz.compliance.checklist_pdf import write_checklist_pdf

TEMPLATE = Path(__file__).resolve().parents[2] / "resources/checklists/england-start-up.toml"
COMPLIANCE_KINDS = {
    "public_liability",
    "professional_indemnity",
    "employers_liability",
    "business_car_use",
    "dbs_certificate",
    "dbs_update_service",
    "training_course",
    "ico_fee",
    "cqc_decision",
    "other",
}
_PAGE_LABEL = re.compile(r"Page (\d+) of (\d+)")


def _entry(title: str, status: str = "To do", **changes: object) -> ChecklistEntry:
    entry = ChecklistEntry(
        title=title,
        why=f"Why {title.lower()} matters.",
        guidance=f"How to {title.lower()}.",
        status=status,
    )
    return replace(entry, **changes)


def _sheet(entries: list[ChecklistEntry], **changes: object) -> ChecklistSheet:
    sheet = ChecklistSheet(
        title="Starting a care micro-enterprise in England",
        business_name="Kind Hands Care",
        made_on=date(2026, 11, 29),
        entries=entries,
        version="1.0",
        author="Microbiz",
    )
    return replace(sheet, **changes)


def _pages(sheet: ChecklistSheet, tmp_path: Path) -> list[str]:
    path = write_checklist_pdf(sheet, tmp_path / "checklist.pdf")
    return [page.extract_text() for page in PdfReader(path).pages]


def _links(path: Path) -> list[str]:
    targets = []
    for page in PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                targets.append(str(action["/URI"]))
    return targets


def _four_entries() -> list[ChecklistEntry]:
    return [
        _entry("Check your employment status", "Done", done_on=date(2026, 11, 3)),
        _entry(
            "Get public liability insurance",
            "Doing",
            due_on=date(2026, 12, 8),
            notes="Quote from Caring Cover Ltd.",
            link="https://www.gov.uk/employers-liability-insurance",
            link_text="Employers' liability insurance (GOV.UK)",
        ),
        _entry("Pay the ICO data protection fee", "To do", due_on=date(2026, 12, 15)),
        _entry("Register as an employer", "Done", done_on=date(2026, 11, 20)),
    ]


def test_heading_shows_title_business_progress_and_template(tmp_path):
    pages = _pages(_sheet(_four_entries()), tmp_path)

    first = pages[0]
    assert "Starting a care micro-enterprise in England" in first
    assert "Kind Hands Care" in first
    assert "2 of 4 done" in first
    assert "not applicable" not in first
    assert "Made on 29/11/2026" in first
    assert "version 1.0 by Microbiz" in first


def test_not_applicable_is_counted_apart_from_done(tmp_path):
    entries = [*_four_entries(), _entry("Join a support network", "Not applicable")]

    text = "\n".join(_pages(_sheet(entries), tmp_path))

    assert "2 of 5 done · 1 not applicable" in text


def test_each_item_shows_title_status_dates_link_and_notes(tmp_path):
    path = write_checklist_pdf(_sheet(_four_entries()), tmp_path / "checklist.pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)

    for entry in _four_entries():
        assert entry.title in text
        assert entry.why in text
        assert entry.guidance in text
    lines = [line.strip() for line in text.splitlines()]
    assert lines.count("Done") == 2
    assert lines.count("Doing") == 1
    assert lines.count("To do") == 1
    assert "Due by 08/12/2026" in text
    assert "Due by 15/12/2026" in text
    assert "on 03/11/2026" in text
    assert "Employers' liability insurance (GOV.UK)" in text
    assert "https://www.gov.uk/employers-liability-insurance" in text
    assert "Quote from Caring Cover Ltd." in text
    assert "https://www.gov.uk/employers-liability-insurance" in _links(path)


def test_a_passed_due_date_is_marked(tmp_path):
    entries = [_entry("Pay the ICO data protection fee", due_on=date(2026, 11, 1))]

    text = "\n".join(_pages(_sheet(entries), tmp_path))

    assert "Was due by 01/11/2026" in text


def test_forty_items_span_pages_numbered_on_every_page(tmp_path):
    entries = [_entry(f"Item number {n}", due_on=date(2026, 12, 1)) for n in range(1, 41)]

    pages = _pages(_sheet(entries), tmp_path)

    assert len(pages) > 1
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
    text = "\n".join(pages)
    assert all(f"Item number {n}\n" in text + "\n" for n in range(1, 41))


def test_no_title_is_left_at_the_bottom_of_a_page_without_its_text(tmp_path):
    """Items of uneven length: each title shares its page with its why and guidance."""
    entries = [
        _entry(
            f"Item number {n}",
            why=f"Reason {n}. " + "This matters for the people you support. " * (n % 5 + 1),
            guidance=f"Step {n}. " + "Do this carefully and keep a record. " * (n % 7 + 1),
        )
        for n in range(1, 41)
    ]

    pages = _pages(_sheet(entries), tmp_path)

    for n in range(1, 41):
        page = next(text for text in pages if re.search(rf"Item number {n}\b", text))
        assert f"Reason {n}." in page and f"Step {n}." in page, n


def test_an_item_longer_than_a_page_breaks_across_pages_without_losing_text(tmp_path):
    notes = "\n".join(f"Note line {n}: called the insurer again." for n in range(1, 90))
    entries = [_entry("Short first item"), _entry("Very long item", notes=notes)]

    pages = _pages(_sheet(entries), tmp_path)

    text = "\n".join(pages)
    assert len(pages) >= 3
    assert all(f"Note line {n}:" in text for n in range(1, 90))
    assert "Very long item" in pages[0]  # it starts straight after the short one
    assert "Why very long item matters." in pages[0]
    assert "How to very long item." in pages[0]


def test_empty_checklist_says_so(tmp_path):
    text = "\n".join(_pages(_sheet([]), tmp_path))

    assert "0 of 0 done" in text
    assert "This checklist has no items." in text


def _template() -> dict:
    return tomllib.loads(TEMPLATE.read_text(encoding="utf-8"))


def test_default_template_has_its_heading():
    template = _template()

    assert template["title"] == "Starting a care micro-enterprise in England"
    assert template["version"]
    assert template["author"]


def test_default_template_items_are_complete_and_valid():
    items = _template()["items"]

    ids = [item["id"] for item in items]
    assert len(items) >= 20
    assert len(set(ids)) == len(ids)
    for item in items:
        assert re.fullmatch(r"[a-z0-9-]+", item["id"]), item["id"]
        for key in ("title", "why", "guidance"):
            assert isinstance(item.get(key), str) and item[key].strip(), (item["id"], key)
        if "link" in item:
            assert item["link"].startswith("https://"), item["id"]
            assert item.get("link_text", "").strip(), item["id"]
        if "due_days" in item:
            assert isinstance(item["due_days"], int) and item["due_days"] >= 0, item["id"]
        assert item.get("compliance_kind", "other") in COMPLIANCE_KINDS, item["id"]


def test_default_template_covers_the_key_compliance_items():
    kinds = {item.get("compliance_kind") for item in _template()["items"]}

    assert {"public_liability", "dbs_certificate", "ico_fee", "cqc_decision"} <= kinds
