"""Scans and certificates kept in the data folder, so the originals may be deleted.

In an encrypted data folder each file is sealed (see sealing.py) with the folder's passphrase.
A sealed document is opened from a plain copy in a private temporary folder (readable only
by this user), which is deleted when this process exits.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from pathlib import Path

from microbiz.foundations import cipher
from microbiz.foundations import sealing
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Document
from microbiz.foundations.models import Policy
from microbiz.foundations.models import database
from microbiz.foundations.paths import database_path

MAX_BYTES = 50 * 1024 * 1024

_plain_copies: list[Path] = []  # this process's private folder, once made


def documents_dir(folder: Path) -> Path:
    return folder / "documents"


def document_path(document: Document, folder: Path) -> Path:
    """A file holding the document as it was attached: the stored file, or a plain copy."""
    return readable(stored_path(document, folder))


def stored_path(document: Document, folder: Path) -> Path:
    """The document's file in the documents folder (sealed, in an encrypted folder)."""
    return documents_dir(folder) / document.stored_name


def readable(path: Path) -> Path:
    """`path` itself, or for a sealed file a plain copy in this process's private folder."""
    if not path.is_file() or not sealing.is_sealed(_head(path)):
        return path
    copy = _plain_folder() / path.name
    if not copy.exists():
        passphrase = cipher.key_for(database_path(path.parent.parent))
        plain = sealing.unseal(path.read_bytes(), passphrase or "")
        partial = copy.with_name(copy.name + ".partial")
        partial.write_bytes(plain)
        os.replace(partial, copy)
    return copy


def store_file(source: Path, folder: Path) -> str:
    """Copy `source` into the documents folder under a new unique name; that name."""
    if not source.is_file():
        raise UserError(f"There is no file at {source}.")
    if source.stat().st_size > MAX_BYTES:
        raise UserError(f"{source.name} is larger than 50 MB; attach a smaller scan.")
    passphrase = cipher.key_for(database_path(folder))
    target = documents_dir(folder) / f"{uuid.uuid4().hex}{source.suffix.lower()}"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    if passphrase is None:
        shutil.copyfile(source, partial)
    else:
        salt = sealing.folder_salt(folder)
        partial.write_bytes(sealing.seal(source.read_bytes(), passphrase, salt))
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
    path = stored_path(document, folder)
    document.delete_instance()
    _remove(path)


def delete_policy(policy_id: int, folder: Path) -> None:
    """Remove a compliance item recorded by mistake, with its documents."""
    paths = [stored_path(d, folder) for d in documents_of(policy_id)]
    with database.atomic():
        Policy.delete().where(Policy.id == policy_id).execute()
    for path in paths:
        _remove(path)


def reseal_documents(folder: Path, old: str | None, new: str | None) -> int:
    """Re-write every document under `new` (None: plain) from `old`; how many changed.

    Files already under `new` are left alone, so a conversion that stopped can run again.
    Each is written to a new file first; the old bytes are overwritten before removal.
    """
    changed = 0
    salt = sealing.new_folder_salt(folder) if new is not None else b""
    for path in sorted(documents_dir(folder).glob("*")):
        if path.is_file() and not path.name.endswith((".partial", ".old")):
            changed += _reseal(path, old, new, salt)
    if new is None:
        cipher.shred(folder / sealing.SALT_FILE)
    return changed


def _reseal(path: Path, old: str | None, new: str | None, salt: bytes) -> int:
    """Re-write one document under `new`; 1 if it changed, 0 if it was already so."""
    data = path.read_bytes()
    if sealing.is_sealed(data):
        if new is not None and _opens(data, new):
            return 0
        data = sealing.unseal(data, old or "")
    elif new is None:
        return 0
    partial = path.with_name(path.name + ".partial")
    with open(partial, "wb") as out:
        out.write(data if new is None else sealing.seal(data, new, salt))
        out.flush()
        os.fsync(out.fileno())
    cipher.replace_shredding(partial, path)
    return 1


def _opens(data: bytes, passphrase: str) -> bool:
    try:
        sealing.unseal(data, passphrase)
    except cipher.WrongPassphrase:
        return False
    return True


def _remove(path: Path) -> None:
    """Delete a stored document and any plain copy of it this process made."""
    path.unlink(missing_ok=True)
    if _plain_copies:
        (_plain_copies[0] / path.name).unlink(missing_ok=True)


def _head(path: Path) -> bytes:
    with open(path, "rb") as head:
        return head.read(len(sealing.MAGIC))


def _plain_folder() -> Path:
    """This process's private folder for plain copies, removed when the process exits."""
    if not _plain_copies:
        made = Path(tempfile.mkdtemp(prefix="microbiz-open-"))  # only this user may read it
        atexit.register(shutil.rmtree, made, ignore_errors=True)
        _plain_copies.append(made)
    return _plain_copies[0]
