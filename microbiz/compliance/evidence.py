"""The evidence pack and checklist PDFs, made from the register and checklists."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from microbiz.compliance.checklist_pdf import ChecklistEntry
from microbiz.compliance.checklist_pdf import ChecklistSheet
from microbiz.compliance.checklist_pdf import write_checklist_pdf
from microbiz.compliance.checklists import find_checklist
from microbiz.compliance.checklists import items_of
from microbiz.compliance.evidence_pack_pdf import EvidenceDocument
from microbiz.compliance.evidence_pack_pdf import EvidenceItem
from microbiz.compliance.evidence_pack_pdf import EvidencePack
from microbiz.compliance.evidence_pack_pdf import write_evidence_pack
from microbiz.compliance.policies import current_policies
from microbiz.compliance.policies import get_policy
from microbiz.compliance.policies import reminders
from microbiz.compliance.standing import Standing
from microbiz.compliance.standing import is_register_item
from microbiz.compliance.standing import standings
from microbiz.foundations import clock
from microbiz.foundations.attachments import document_path
from microbiz.foundations.attachments import documents_of
from microbiz.foundations.business import require_business
from microbiz.foundations.models import CHECKLIST_STATUSES
from microbiz.foundations.models import POLICY_KINDS
from microbiz.foundations.models import ChecklistItem
from microbiz.foundations.models import Policy


def evidence_pack(folder: Path, today: date | None = None) -> EvidencePack:
    """Every current item with its documents, what has expired and what is missing."""
    today = today or clock.today()
    business = require_business()
    found = reminders(today)
    expired = [get_policy(r.policy_id) for r in found if r.state == "overdue" and r.policy_id]
    return EvidencePack(
        business_name=business.trading_name,
        owner_name=business.owner_name,
        address=business.address,
        postcode=business.postcode,
        phone=business.phone,
        email=business.email,
        made_on=today,
        items=[
            _item(policy, _documents(policy, folder))
            for policy in _in_kind_order(current_policies(today))
        ],
        expired=[_item(policy, []) for policy in _in_kind_order(expired)],
        missing=[r.kind_label for r in found if r.state == "missing"],
    )


def _in_kind_order(policies: list[Policy]) -> list[Policy]:
    """The register's order: by kind, as the kinds are listed."""
    return sorted(policies, key=lambda p: list(POLICY_KINDS).index(p.kind))


def _item(policy: Policy, documents: list[EvidenceDocument]) -> EvidenceItem:
    """The policy as the pack shows it, with the documents to attach."""
    return EvidenceItem(
        kind=POLICY_KINDS.get(policy.kind, policy.kind),
        provider=policy.provider,
        reference=policy.reference,
        cover_pence=policy.cover_pence,
        starts_on=policy.starts_on,
        expires_on=policy.expires_on,
        documents=documents,
    )


def _documents(policy: Policy, folder: Path) -> list[EvidenceDocument]:
    """The policy's stored documents, each with the name it was attached under."""
    return [
        EvidenceDocument(document_path(d, folder), d.original_name) for d in documents_of(policy.id)
    ]


def print_evidence_pack(folder: Path, path: Path, today: date | None = None) -> Path:
    """Write the evidence pack for `today` to `path` as one PDF."""
    return write_evidence_pack(evidence_pack(folder, today), path)


def checklist_sheet(name: str, today: date | None = None) -> ChecklistSheet:
    """The checklist as printed; items about the register take their state from it."""
    today = today or clock.today()
    checklist = find_checklist(name)
    items = items_of(checklist)
    standing = standings([item for item in items if is_register_item(item)], today)
    return ChecklistSheet(
        title=checklist.title,
        business_name=require_business().trading_name,
        made_on=today,
        version=checklist.version,
        author=checklist.author,
        entries=[_entry(item, standing.get(item.id)) for item in items],
    )


def _entry(item: ChecklistItem, standing: Standing | None) -> ChecklistEntry:
    from_register = standing is not None and standing.from_register
    status = item.status
    if from_register:
        status = "done" if standing.done else "todo"
    return ChecklistEntry(
        title=item.title,
        why=item.why,
        guidance=item.guidance,
        status=CHECKLIST_STATUSES[status],
        due_on=item.due_on,
        done_on=item.done_on,
        notes=item.notes,
        link=item.link,
        link_text=item.link_text,
        register=standing.words if from_register else "",
    )


def print_checklist(name: str, path: Path, today: date | None = None) -> Path:
    return write_checklist_pdf(checklist_sheet(name, today), path)
