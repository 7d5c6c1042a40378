"""Encryption at rest, opt-in: encrypt a data folder, stop encrypting it, change its passphrase.

Each change works under the folder's writing lock and converts every file into a new one,
checks the new one (it opens with the new key, passes SQLite's integrity check, has as many
rows in every table), then swaps it in and overwrites the old bytes before removing them.
Backups and documents go first and the database last: until the database is swapped the
old passphrase still opens the data, and a change that stopped part way can simply be run
again, as files already under the new key are left alone.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

from microbiz.foundations import cipher
from microbiz.foundations import models
from microbiz.foundations.attachments import reseal_documents
from microbiz.foundations.audit_log import log_into
from microbiz.foundations.db import close_database
from microbiz.foundations.db import open_database
from microbiz.foundations.errors import UserError
from microbiz.foundations.instance import writing_lock
from microbiz.foundations.paths import backups_dir
from microbiz.foundations.paths import database_path

NOT_ENCRYPTED = "This Microbiz data is not encrypted."


@dataclass
class Converted:
    """What a change of key converted, and the backups it could not open."""

    backups: int = 0
    documents: int = 0
    left: list[str] = field(default_factory=list)


def is_encrypted(folder: Path) -> bool:
    """Whether the folder's database is encrypted (read from its first bytes, no passphrase)."""
    return cipher.is_encrypted_file(database_path(folder))


def encrypt_folder(folder: Path, passphrase: str) -> Converted:
    """Encrypt the folder's database, backups and documents with `passphrase`."""
    cipher.check_new_passphrase(passphrase)
    if is_encrypted(folder):
        raise UserError("This Microbiz data is encrypted already.")
    return _convert(folder, None, passphrase, "the data was encrypted")


def decrypt_folder(folder: Path, passphrase: str) -> Converted:
    """Stop encrypting: the folder's database, backups and documents made plain again."""
    if not is_encrypted(folder):
        raise UserError(NOT_ENCRYPTED)
    cipher.check_opens(database_path(folder), passphrase)
    return _convert(folder, passphrase, None, "the data was decrypted")


def change_passphrase(folder: Path, old: str, new: str) -> Converted:
    """Re-key the folder's database, backups and documents from `old` to `new`."""
    cipher.check_new_passphrase(new)
    if not is_encrypted(folder):
        raise UserError(NOT_ENCRYPTED)
    cipher.check_opens(database_path(folder), old)
    return _convert(folder, old, new, "the passphrase was changed")


def _convert(folder: Path, old: str | None, new: str | None, what: str) -> Converted:
    """Every file of the folder from key `old` to `new` (None: plain), then the log entry."""
    path = database_path(folder)
    if not path.exists():  # a new folder: make its database, to encrypt that
        open_database(path)
        close_database()
    salt = os.urandom(cipher.SALT_BYTES)  # one for the folder's files: one key to derive
    with _closed_here(path), writing_lock(folder):
        done = Converted()
        for backup in sorted(backups_dir(folder).glob("*.sqlite")):
            if _under(backup, new):
                continue  # already converted, by a change that stopped part way
            if _convert_backup(backup, old, new, salt):
                done.backups += 1
            else:
                done.left.append(backup.name)
        done.documents = reseal_documents(folder, old, new)
        _convert_database(path, old, new, salt, what)
        cipher.forget(folder)
        if new is not None:
            cipher.unlock(folder, new)
    return done


@contextmanager
def _closed_here(path: Path) -> Iterator[None]:
    """While the block runs, this process's connection to `path` (if any) is closed."""
    was_open = _bound_to(path)
    if was_open:
        close_database()
    try:
        yield
    finally:
        if was_open:
            open_database(path)


def _bound_to(path: Path) -> bool:
    """Whether this process's models are bound to the database at `path`."""
    bound = models.database.obj
    return bound is not None and Path(bound.database).resolve() == path.resolve()


def _convert_database(path: Path, old: str | None, new: str | None, salt: bytes, what: str) -> None:
    """The live database under `new`, `what` was done in its audit log (written to the copy
    before it takes the old file's place, so a stop part way never leaves one without the
    other), its old file and WAL overwritten and removed."""
    source = cipher.connect(path, old)
    try:
        source.execute("PRAGMA wal_checkpoint(FULL)")  # every change in the main file
        counts = cipher.row_counts(source)
        _write_checked(path, old, new, salt, counts)
        copy = cipher.connect(_beside(path, ".converting"), new)
        try:
            log_into(copy, "encryption", what)
        finally:
            copy.close()
        cipher.overwrite(_beside(path, "-wal"))  # checkpointed, so nothing is lost
    finally:
        source.close()
    cipher.replace_shredding(_beside(path, ".converting"), path)
    cipher.shred(_beside(path, "-wal"))
    cipher.shred(_beside(path, "-shm"))


def _convert_backup(path: Path, old: str | None, new: str | None, salt: bytes) -> bool:
    """A backup under `new`; False if `old` does not open it (nor is it plain)."""
    source_key = old if cipher.is_encrypted_file(path) else None
    if not _under(path, source_key):
        return False
    source = cipher.connect(path, source_key)
    try:
        counts = cipher.row_counts(source)
    finally:
        source.close()
    _write_checked(path, source_key, new, salt, counts)
    cipher.replace_shredding(_beside(path, ".converting"), path)
    return True


def _write_checked(
    path: Path, old: str | None, new: str | None, salt: bytes, counts: dict[str, int]
) -> None:
    """Write `path` under `new` to its .converting file, and check that copy."""
    converting = _beside(path, ".converting")
    cipher.shred(converting)  # left by a conversion that stopped
    cipher.export(path, old, converting, new, salt)
    try:
        cipher.check_copy(converting, new, counts)
    except BaseException:
        cipher.shred(converting)
        raise


def _under(path: Path, key: str | None) -> bool:
    """Whether the database file at `path` is already under `key` (None: plain)."""
    if key is None:
        return not cipher.is_encrypted_file(path)
    if not cipher.is_encrypted_file(path):
        return False
    try:
        cipher.check_opens(path, key)
    except cipher.WrongPassphrase:
        return False
    return True


def _beside(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)
