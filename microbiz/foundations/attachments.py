"""Scans and certificates kept in the data folder, so the originals may be deleted."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Document
from microbiz.foundations.models import Policy
from microbiz.foundations.models import database

MAX_BYTES = 50 * 1024 * 1024


def documents_dir(folder: Path) -> Path:
    return folder / "documents"


def document_path(document: Document, folder: Path) -> Path:
    return documents_dir(folder) / document.stored_name


def store_file(source: Path, folder: Path) -> str:
    """Copy `source` into the documents folder under a new unique name; that name."""
    if not source.is_file():
        raise UserError(f"There is no file at {source}.")
    if source.stat().st_size > MAX_BYTES:
        raise UserError(f"{source.name} is larger than 50 MB; attach a smaller scan.")
    target = documents_dir(folder) / f"{uuid.uuid4().hex}{source.suffix.lower()}"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    shutil.copyfile(source, partial)
    os.replace(partial, target)
    return target.name


def attach_document(
    source: Path, folder: Path, policy_id: int | None = None, checklist_item_id: int | None = None
) -> Document:
    """Copy `source` into the documents folder and record it against a policy or checklist item."""
    target = documents_dir(folder) / store_file(source, folder)
    try:
        with database.atomic():
            return Document.create(
                policy=policy_id,
                checklist_item=checklist_item_id,
                stored_name=target.name,
                original_name=source.name,
            )
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def documents_of(policy_id: int) -> list[Document]:
    return list(Document.select().where(Document.policy == policy_id).order_by(Document.id))


def remove_document(document_id: int, folder: Path) -> None:
    document = Document.get_or_none(Document.id == document_id)
    if document is None:
        raise UserError(f"There is no document number {document_id}.")
    path = document_path(document, folder)
    document.delete_instance()
    path.unlink(missing_ok=True)


def delete_policy(policy_id: int, folder: Path) -> None:
    """Remove a compliance item recorded by mistake, with its documents."""
    paths = [document_path(d, folder) for d in documents_of(policy_id)]
    with database.atomic():
        Policy.delete().where(Policy.id == policy_id).execute()
    for path in paths:
        path.unlink(missing_ok=True)
