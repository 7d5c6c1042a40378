"""The evidence pack and checklist PDFs, made from the register and checklists."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from microbiz import clock
from microbiz.attachments import document_path
from microbiz.attachments import documents_of
from microbiz.business import require_business
from microbiz.checklists import find_checklist
from microbiz.checklists import items_of
from microbiz.compliance import current_policies
from microbiz.documents.checklist_pdf import ChecklistEntry
from microbiz.documents.checklist_pdf import ChecklistSheet
from microbiz.documents.checklist_pdf import write_checklist_pdf
from microbiz.documents.evidence_pack_pdf import EvidenceItem
from microbiz.documents.evidence_pack_pdf import EvidencePack
from microbiz.documents.evidence_pack_pdf import write_evidence_pack
from microbiz.models import CHECKLIST_STATUSES
from microbiz.models import POLICY_KINDS


def evidence_pack(folder: Path, today: date | None = None) -> EvidencePack:
    """Every current item of the register, with its documents, for whoever asks for proof."""
    today = today or clock.today()
    business = require_business()
    items = [
        EvidenceItem(
            kind=POLICY_KINDS.get(policy.kind, policy.kind),
            provider=policy.provider,
            reference=policy.reference,
            cover_pence=policy.cover_pence,
            starts_on=policy.starts_on,
            expires_on=policy.expires_on,
            documents=[document_path(d, folder) for d in documents_of(policy.id)],
        )
        for policy in sorted(
            current_policies(today), key=lambda p: list(POLICY_KINDS).index(p.kind)
        )
    ]
    return EvidencePack(
        business_name=business.trading_name,
        owner_name=business.owner_name,
        address=business.address,
        postcode=business.postcode,
        phone=business.phone,
        email=business.email,
        made_on=today,
        items=items,
    )


def print_evidence_pack(folder: Path, path: Path, today: date | None = None) -> Path:
    return write_evidence_pack(evidence_pack(folder, today), path)


def checklist_sheet(name: str, today: date | None = None) -> ChecklistSheet:
    checklist = find_checklist(name)
    return ChecklistSheet(
        title=checklist.title,
        business_name=require_business().trading_name,
        made_on=today or clock.today(),
        version=checklist.version,
        author=checklist.author,
        entries=[
            ChecklistEntry(
                title=item.title,
                why=item.why,
                guidance=item.guidance,
                status=CHECKLIST_STATUSES[item.status],
                due_on=item.due_on,
                done_on=item.done_on,
                notes=item.notes,
                link=item.link,
                link_text=item.link_text,
            )
            for item in items_of(checklist)
        ],
    )


def print_checklist(name: str, path: Path, today: date | None = None) -> Path:
    return write_checklist_pdf(checklist_sheet(name, today), path)
