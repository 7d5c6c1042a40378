"""The collector's store: enrolment codes and the returns received, in SQLite or PostgreSQL.

Only what a return says is kept, with the hash of the sender's secret and the quarter it
arrived in: never an IP address, a header, or a time finer than the quarter.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import peewee
from playhouse.db_url import connect

database = peewee.DatabaseProxy()

SQLITE_PRAGMAS = {"journal_mode": "wal", "foreign_keys": 1, "synchronous": "normal"}
SQLITE_BUSY_SECONDS = 30
POSTGRES_SCHEMES = ("postgres://", "postgresql://", "postgres+pool://", "postgresql+pool://")
MIN_SECRET_LENGTH = 32
MAX_SECRET_LENGTH = 512
# codes are read out and typed by people: no 0/O, 1/I/L, and groups of four (about 59 bits)
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_GROUPS = 3


class StoreError(Exception):
    """A problem with what was asked of the store, told in one plain-English line."""


class BaseModel(peewee.Model):
    class Meta:
        database = database


class EnrolmentCode(BaseModel):
    """A code an organisation gives its members so that their returns are accepted."""

    code = peewee.TextField(unique=True)
    label = peewee.TextField()
    created_on = peewee.DateField()
    revoked = peewee.BooleanField(default=False)


class StoredReturn(BaseModel):
    """One anonymous return as received: its answers and nothing about how it arrived."""

    submission_id = peewee.TextField(unique=True)
    period = peewee.TextField()
    code = peewee.ForeignKeyField(EnrolmentCode, null=True, backref="returns", on_delete="SET NULL")
    secret_hash = peewee.TextField(null=True)
    answers = peewee.TextField()
    received_period = peewee.TextField()


MODELS = (EnrolmentCode, StoredReturn)


def open_store(url: str | Path) -> peewee.Database:
    """Bind the store to SQLite (a file path or sqlite:///path) or PostgreSQL (by URL:
    postgresql://user:pass@host:port/db, or postgresql+pool://... for pooled connections),
    creating its tables. There is one store per process: this rebinds `database`."""
    text = str(url)
    if text.startswith(POSTGRES_SCHEMES):
        opened = connect(text)
    elif "://" in text and not text.startswith("sqlite:///"):
        raise StoreError("The store must be a SQLite file or a postgresql:// URL.")
    else:
        path = Path(text.removeprefix("sqlite:///")) if text.startswith("sqlite:") else Path(text)
        if not path.parent.is_dir():
            raise StoreError(f"The folder for the store does not exist: {path.parent}")
        opened = peewee.SqliteDatabase(
            str(path),
            pragmas=SQLITE_PRAGMAS,
            timeout=SQLITE_BUSY_SECONDS,
            lock_type="IMMEDIATE",  # writers queue at BEGIN instead of failing on upgrade
        )
    database.initialize(opened)
    try:
        with database.connection_context():
            database.create_tables(MODELS)
    except peewee.OperationalError as problem:
        raise StoreError(f"Cannot open the store: {' '.join(str(problem).split())}") from None
    return opened


def close_store() -> None:
    if database.obj is not None and not database.is_closed():
        database.close()


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def secret_matches(secret: str, stored_hash: str | None) -> bool:
    if not stored_hash:
        return False
    return hmac.compare_digest(hash_secret(secret), stored_hash)


def canonical_answers(answers: dict) -> str:
    return json.dumps(answers, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def quarter_of(day: datetime.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


# -- enrolment codes -------------------------------------------------------------------


def add_code(label: str, today: datetime.date | None = None) -> EnrolmentCode:
    label = " ".join(label.split())
    if not label:
        raise StoreError("Give the code a label, such as the organisation or group it is for.")
    with database.connection_context():
        return EnrolmentCode.create(
            code=new_code(),
            label=label,
            created_on=today or datetime.date.today(),
        )


def new_code() -> str:
    """A random enrolment code such as K7QM-4XPD-9RTW."""
    groups = ("".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(CODE_GROUPS))
    return "-".join(groups)


def list_codes() -> list[EnrolmentCode]:
    with database.connection_context():
        return list(EnrolmentCode.select().order_by(EnrolmentCode.created_on, EnrolmentCode.id))


def revoke_code(code: str) -> EnrolmentCode:
    with database.connection_context():
        found = EnrolmentCode.get_or_none(EnrolmentCode.code == code)
        if found is None:
            raise StoreError(f"There is no enrolment code {code!r}.")
        found.revoked = True
        found.save()
        return found


def active_code(code: str | None) -> EnrolmentCode | None:
    """The enrolment code if it exists and is not revoked."""
    if not code:
        return None
    with database.connection_context():
        return EnrolmentCode.get_or_none(
            (EnrolmentCode.code == code) & (EnrolmentCode.revoked == False)  # noqa: E712
        )


# -- returns ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What the store did with a return: "stored", "already stored", "replaced", "withdrawn",
    or a refusal: "conflict", "wrong secret", "not found"."""

    status: str

    @property
    def done(self) -> bool:
        return self.status in ("stored", "already stored", "replaced", "withdrawn")


def store_return(
    answers: dict,
    secret: str | None,
    code: EnrolmentCode | None,
    today: datetime.date | None = None,
) -> Outcome:
    """Keep a valid return; the same one again is "already stored", another with its id a
    "conflict". `secret` may be None for a return imported from a file."""
    text = canonical_answers(answers)
    secret_hash = hash_secret(secret) if secret is not None else None
    with database.connection_context():
        existing = _existing(answers["submission_id"])
        if existing is None:
            try:
                with database.atomic():
                    StoredReturn.create(
                        submission_id=answers["submission_id"],
                        period=answers["period"],
                        code=code,
                        secret_hash=secret_hash,
                        answers=text,
                        received_period=quarter_of(today or datetime.date.today()),
                    )
                return Outcome("stored")
            except peewee.IntegrityError:
                # another request stored the same id a moment ago: judge against that one
                existing = _existing(answers["submission_id"])
                if existing is None:
                    raise
        same_sender = (secret is None and existing.secret_hash is None) or (
            secret is not None and secret_matches(secret, existing.secret_hash)
        )
        if same_sender and existing.answers == text:
            return Outcome("already stored")
        return Outcome("conflict")


def replace_return(submission_id: str, answers: dict, secret: str, code: EnrolmentCode) -> Outcome:
    """Replace a stored return's answers, if `secret` is the one it was sent with."""
    with database.connection_context(), database.atomic():
        existing = _existing(submission_id)
        if existing is None:
            return Outcome("not found")
        if not secret_matches(secret, existing.secret_hash):
            return Outcome("wrong secret")
        existing.answers = canonical_answers(answers)
        existing.period = answers["period"]
        existing.code = code
        existing.save()
        return Outcome("replaced")


def withdraw_return(submission_id: str, secret: str | None) -> Outcome:
    """Delete a stored return, if `secret` is the one it was sent with (None: the collector's
    own command, for a return withdrawn by letter or email)."""
    with database.connection_context(), database.atomic():
        existing = _existing(submission_id)
        if existing is None:
            return Outcome("not found")
        if secret is not None and not secret_matches(secret, existing.secret_hash):
            return Outcome("wrong secret")
        existing.delete_instance()
        return Outcome("withdrawn")


def stored_answers(period: str | None = None) -> Iterator[dict]:
    """Every stored return's answers (optionally for one period), in no particular order."""
    with database.connection_context():
        query = StoredReturn.select(StoredReturn.answers)
        if period:
            query = query.where(StoredReturn.period == period)
        rows = [row.answers for row in query.iterator()]
    for text in rows:
        yield json.loads(text)


def count_returns() -> int:
    with database.connection_context():
        return StoredReturn.select().count()


def _existing(submission_id: str) -> StoredReturn | None:
    return StoredReturn.get_or_none(StoredReturn.submission_id == submission_id)
