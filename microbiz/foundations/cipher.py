"""Keys for encrypted databases: SQLCipher connections, the passphrases in use, shredding.

An encrypted database is a SQLCipher file: its first bytes are a random salt, not "SQLite
format 3", which is how Microbiz knows, without the passphrase, that a file is encrypted.
(Documents are sealed in sealing.py.)
This process's passphrases are kept by folder (from the user, MICROBIZ_PASSPHRASE or the
OS keyring) until it exits; a wrong one fails where it is used, with WrongPassphrase.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path
from types import ModuleType

from microbiz.foundations.errors import UserError
from microbiz.foundations.paths import database_path

WRONG_PASSPHRASE = "That passphrase does not open this Microbiz data."
NO_SQLCIPHER = "Encryption needs SQLCipher (the sqlcipher3 package), which is not installed."
LOCKED = "This Microbiz data is encrypted: give its passphrase (or set MICROBIZ_PASSPHRASE)."
SQLITE_HEADER = b"SQLite format 3\x00"
SALT_BYTES = 16
KDF_ITER = 256_000  # SQLCipher 4's default PBKDF2-HMAC-SHA512 iterations
MIN_LENGTH = 8
CHUNK = 1 << 20
ENVIRONMENT = "MICROBIZ_PASSPHRASE"
KEYRING_SERVICE = "Microbiz data"

_unlocked: dict[Path, str] = {}
_keys: dict[tuple[str, bytes], bytes] = {}


class WrongPassphrase(UserError):
    """The passphrase given does not open the data."""

    def __init__(self) -> None:
        super().__init__(WRONG_PASSPHRASE)


def is_encrypted_file(path: Path) -> bool:
    """Whether `path` is a database file that is not plain SQLite (so, SQLCipher)."""
    try:
        with open(path, "rb") as head:
            start = head.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return False
    return bool(start) and start != SQLITE_HEADER


def connect(path: Path, passphrase: str | None, salt: bytes | None = None) -> sqlite3.Connection:
    """A connection in autocommit mode: plain sqlite3, or SQLCipher keyed with `passphrase`.

    A new file takes `salt` if given (so the files of one folder share one derived key).
    """
    if passphrase is None:
        return sqlite3.connect(str(path), isolation_level=None)
    conn = sqlcipher_module().connect(str(path), isolation_level=None)
    try:
        key_connection(conn, passphrase, salt_of(path) or salt)
    except BaseException:
        conn.close()
        raise
    return conn


def sqlcipher_module() -> ModuleType:
    """SQLCipher's DB-API module, imported when first needed (peewee's adapters registered)."""
    try:
        from playhouse.sqlcipher_ext import sqlcipher
    except ImportError:
        raise UserError(NO_SQLCIPHER) from None
    return sqlcipher


def database_errors() -> tuple[type[Exception], ...]:
    """The DatabaseError classes of sqlite3 and of SQLCipher's module, for an except clause."""
    try:
        return (sqlite3.DatabaseError, sqlcipher_module().DatabaseError)
    except UserError:  # no SQLCipher, so no SQLCipher connection to fail
        return (sqlite3.DatabaseError,)


def key_connection(conn: sqlite3.Connection, passphrase: str, salt: bytes | None = None) -> None:
    """Give a new SQLCipher connection its key, quietly (SQLCipher logs to stderr otherwise).

    With the file's salt, the key SQLCipher would derive is given raw: derived once per
    process, not again (a quarter of a second or more) for every connection.
    """
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = {quoted(key_text(passphrase, salt))}")


def key_text(passphrase: str, salt: bytes | None) -> str:
    """What SQLCipher is given as the key: the passphrase, or with a salt the raw key."""
    if salt is None:
        return passphrase
    return f"x'{_raw_key(passphrase, salt).hex()}{salt.hex()}'"


def salt_of(path: Path) -> bytes | None:
    """An encrypted database's salt: its first 16 bytes (None for a new or plain file)."""
    if not is_encrypted_file(path):
        return None
    with open(path, "rb") as head:
        salt = head.read(SALT_BYTES)
    return salt if len(salt) == SALT_BYTES else None


def _raw_key(passphrase: str, salt: bytes) -> bytes:
    """The key SQLCipher 4 derives from `passphrase` and a file's `salt` (its defaults)."""
    if (passphrase, salt) not in _keys:
        derived = hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITER, 32)
        _keys[(passphrase, salt)] = derived
    return _keys[(passphrase, salt)]


def quoted(text: str) -> str:
    """`text` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def check_opens(path: Path, passphrase: str | None) -> None:
    """WrongPassphrase unless the database at `path` opens with `passphrase`."""
    conn = connect(path, passphrase)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except database_errors() as problem:
        if is_wrong_key(problem):
            raise WrongPassphrase() from None
        raise
    finally:
        conn.close()


def is_wrong_key(problem: BaseException) -> bool:
    """Whether SQLite said a file is not a database: the wrong key, or no key."""
    return "not a database" in str(problem)


def unlock(folder: Path, passphrase: str) -> None:
    """Check `passphrase` against the folder's database, then keep it for this process."""
    check_opens(database_path(folder), passphrase)
    _unlocked[folder.resolve()] = passphrase


def forget(folder: Path) -> None:
    """Stop keeping the folder's passphrase."""
    _unlocked.pop(folder.resolve(), None)


def passphrase_for(folder: Path) -> str | None:
    """The folder's passphrase: given to this process, else $MICROBIZ_PASSPHRASE, else the
    one remembered in the OS keyring (not yet checked, unless given)."""
    folder = folder.resolve()
    if folder not in _unlocked:
        found = os.environ.get(ENVIRONMENT) or remembered(folder)
        if not found:
            return None
        _unlocked[folder] = found
    return _unlocked[folder]


def remembered(folder: Path) -> str | None:
    """The passphrase the OS keyring keeps for `folder`; None if none, or no keyring works."""
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, str(folder.resolve()))
    except Exception:  # any backend's failure (no keyring, locked, no D-Bus) means "none"
        return None


def remember(folder: Path, passphrase: str | None) -> bool:
    """Keep `passphrase` for `folder` in the OS keyring (None: forget it); whether it worked."""
    try:
        import keyring

        if passphrase is None:
            keyring.delete_password(KEYRING_SERVICE, str(folder.resolve()))
        else:
            keyring.set_password(KEYRING_SERVICE, str(folder.resolve()), passphrase)
    except Exception:  # as above: the keyring is a convenience, never a failure
        return False
    return True


def check_new_passphrase(passphrase: str) -> None:
    """UserError unless `passphrase` is long enough to set."""
    if len(passphrase) < MIN_LENGTH:
        raise UserError(f"The passphrase must be at least {MIN_LENGTH} characters long.")


def shred(path: Path) -> None:
    """Overwrite the file's bytes with zeros, then remove it (if it is there)."""
    if overwrite(path):
        path.unlink()


def overwrite(path: Path) -> bool:
    """Overwrite the file's bytes with zeros, on disk; False if there is no such file.

    On an SSD or a copy-on-write file system the old blocks may survive elsewhere on the
    disk; this removes the plain bytes from the file, not from the hardware.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return False
    with open(path, "r+b") as old:
        while old.tell() < size:
            old.write(bytes(min(CHUNK, size - old.tell())))
        old.flush()
        os.fsync(old.fileno())
    return True


def key_for(path: Path) -> str | None:
    """The passphrase for the database file at `path`: None if plain; UserError if not given."""
    if not is_encrypted_file(path):
        return None
    passphrase = passphrase_for(path.parent)
    if passphrase is None:
        raise UserError(LOCKED)
    return passphrase


def export(
    source: Path, source_key: str | None, target: Path, target_key: str | None, salt: bytes
) -> None:
    """Write a copy of the database `source` to a new file `target`, under another key.

    An encrypted copy takes `salt`, so it opens with the key already derived for it.
    """
    sqlcipher = sqlcipher_module()

    conn = sqlcipher.connect(str(source), isolation_level=None)
    try:
        if source_key is not None:
            key_connection(conn, source_key, salt_of(source))
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        key = "" if target_key is None else key_text(target_key, salt)
        conn.execute("ATTACH DATABASE ? AS converted KEY ?", (str(target), key))
        conn.execute("SELECT sqlcipher_export('converted')")
        conn.execute(f"PRAGMA converted.user_version = {int(version)}")
        conn.execute("DETACH DATABASE converted")
    finally:
        conn.close()


def row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Each table's number of rows."""
    names = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for (n,) in names}


def check_copy(copy: Path, passphrase: str | None, counts: dict[str, int]) -> None:
    """UserError unless `copy` opens with `passphrase`, is healthy and has `counts` rows."""
    check_opens(copy, passphrase)
    conn = connect(copy, passphrase)
    try:
        healthy = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        same = row_counts(conn) == counts
    finally:
        conn.close()
    if not (healthy and same):
        raise UserError(f"The converted copy of {copy.name} did not match; nothing was changed.")


def replace_shredding(new: Path, live: Path) -> None:
    """Put the file `new` in the place of `live`, then overwrite and remove the old bytes.

    A hard link keeps the old file reachable until `new` is in place, so there is never a
    moment without one; where the file system has no hard links, the old file is renamed.
    """
    doomed = live.with_name(live.name + ".old")
    shred(doomed)  # left by a conversion that stopped there
    try:
        os.link(live, doomed)
    except OSError:
        os.replace(live, doomed)
    os.replace(new, live)
    shred(doomed)
