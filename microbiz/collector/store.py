"""The collector's store: enrolment codes, the returns received and the releases made,
in SQLite or PostgreSQL.

Only what a return says is kept, with its member key, a random record key and the
quarter it arrived in: never an IP address, a header, or a time finer than the quarter.
The member key is HMAC-SHA256 keyed with SHA-256(secret) over the return's period: it
lets the sender replace or withdraw the return, and finds a second return from the same
member for the same quarter, but differs from quarter to quarter, so one member's
quarters cannot be joined up. (HMAC hashes any key longer than 64 bytes to SHA-256 of
it first; keying with SHA-256(secret) is what lets stores made before member keys be
upgraded from the secret hashes they held, see `_upgrade`.)
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
from playhouse.migrate import SchemaMigrator
from playhouse.migrate import migrate

from microbiz.collector.periods import quarter_of
from microbiz.collector.tally import KEY_MODULUS

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
    """A code an organisation gives its members so that their returns are accepted, with
    the most members that may send a return with it each quarter (None: codes made before
    caps, which have none)."""

    code = peewee.TextField(unique=True)
    label = peewee.TextField()
    created_on = peewee.DateField()
    revoked = peewee.BooleanField(default=False)
    members = peewee.IntegerField(null=True)


class StoredReturn(BaseModel):
    """One anonymous return as received: its answers and nothing about how it arrived."""

    submission_id = peewee.TextField(unique=True)
    period = peewee.TextField()
    code = peewee.ForeignKeyField(EnrolmentCode, null=True, backref="returns", on_delete="SET NULL")
    member_key = peewee.TextField(null=True)
    record_key = peewee.IntegerField()
    answers = peewee.TextField()
    received_period = peewee.TextField()

    class Meta:
        indexes = ((("period", "member_key"), True),)


class Release(BaseModel):
    """A published report of one period (or of all released periods), kept as published,
    with the counts it was made from (private: they are never published)."""

    period = peewee.TextField(unique=True)
    rule = peewee.TextField()
    threshold = peewee.IntegerField()
    published = peewee.TextField()
    inputs = peewee.TextField()
    made_on = peewee.DateField()


class ConsoleUser(BaseModel):
    """A support organisation's staff member who may sign in to the console (Argon2 hash)."""

    name = peewee.TextField(unique=True)
    password_hash = peewee.TextField()
    created_on = peewee.DateField()


class ConsoleAction(BaseModel):
    """One line of the console's audit log: who did what, and when; never where from."""

    user = peewee.TextField()
    action = peewee.TextField()
    at = peewee.DateTimeField()


MODELS = (EnrolmentCode, StoredReturn, Release, ConsoleUser, ConsoleAction)


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
        with database.connection_context(), database.atomic():
            _upgrade()
            database.create_tables(MODELS)
    except peewee.OperationalError as problem:
        raise StoreError(f"Cannot open the store: {' '.join(str(problem).split())}") from None
    return opened


def close_store() -> None:
    if database.obj is not None and not database.is_closed():
        database.close()


def _upgrade() -> None:
    """Bring a store made before member keys, record keys, caps and releases up to date:
    each return's plain secret hash becomes its period's member key and is deleted (of
    several returns from one secret for one period only the last to arrive is kept), each
    return gets a random record key, codes get an empty cap; new tables are made after."""
    tables = database.get_tables()
    if "storedreturn" not in tables:
        return
    columns = {c.name for c in database.get_columns("storedreturn")}
    if "member_key" in columns:
        return
    migrator = SchemaMigrator.from_database(database.obj)
    migrate(
        migrator.add_column("storedreturn", "member_key", StoredReturn.member_key),
        migrator.add_column("storedreturn", "record_key", peewee.IntegerField(default=0)),
    )
    rows = database.execute_sql("SELECT id, period, secret_hash FROM storedreturn ORDER BY id")
    seen: dict[tuple[str, str], int] = {}
    for row_id, period, secret_hash in list(rows):
        key = _period_key(bytes.fromhex(secret_hash), period) if secret_hash else None
        if key is not None and (period, key) in seen:
            StoredReturn.delete().where(StoredReturn.id == seen[period, key]).execute()
        if key is not None:
            seen[period, key] = row_id
        StoredReturn.update(member_key=key, record_key=new_record_key()).where(
            StoredReturn.id == row_id
        ).execute()
    migrate(migrator.drop_column("storedreturn", "secret_hash"))
    if "members" not in {c.name for c in database.get_columns("enrolmentcode")}:
        migrate(migrator.add_column("enrolmentcode", "members", EnrolmentCode.members))


def member_key(secret: str, period: str) -> str:
    """The key that finds a member's return for one period, and no other period's."""
    return _period_key(hashlib.sha256(secret.encode("utf-8")).digest(), period)


def _period_key(secret_digest: bytes, period: str) -> str:
    return hmac.new(secret_digest, period.encode("ascii"), hashlib.sha256).hexdigest()


def key_matches(secret: str, period: str, stored_key: str | None) -> bool:
    """Whether `secret` is the one the return for `period` was sent with."""
    if not stored_key:
        return False
    return hmac.compare_digest(member_key(secret, period), stored_key)


def new_record_key() -> int:
    """A random record key for cell-key perturbation."""
    return secrets.randbelow(KEY_MODULUS)


def canonical_answers(answers: dict) -> str:
    return json.dumps(answers, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


# -- enrolment codes -------------------------------------------------------------------


def add_code(label: str, members: int, today: datetime.date | None = None) -> EnrolmentCode:
    """A new code for at most `members` members' returns each quarter."""
    label = " ".join(label.split())
    if not label:
        raise StoreError("Give the code a label, such as the organisation or group it is for.")
    if members < 1:
        raise StoreError("A code must allow at least one member (--members N).")
    with database.connection_context():
        return EnrolmentCode.create(
            code=new_code(),
            label=label,
            created_on=today or datetime.date.today(),
            members=members,
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
    or a refusal: "conflict", "wrong secret", "not found", "code full" (its cap is reached),
    "period taken" (the member has another return for that period)."""

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
    """Keep a valid return. The same one again is "already stored", another with its id a
    "conflict"; another from the same secret for the same period replaces the member's
    earlier return ("replaced"). `secret` may be None for a return imported from a file."""
    text = canonical_answers(answers)
    period = answers["period"]
    key = member_key(secret, period) if secret is not None else None
    with database.connection_context():
        for _ in range(2):  # a second go when another request stored the same return just now
            try:
                with database.atomic():
                    return _store(answers, text, key, code, today)
            except peewee.IntegrityError:
                continue
        raise StoreError("The return could not be stored; please send it again.")


def _store(answers: dict, text: str, key: str | None, code: EnrolmentCode | None, today) -> Outcome:
    _lock(code)
    existing = _existing(answers["submission_id"])
    if existing is not None:
        if existing.member_key == key and existing.answers == text:
            return Outcome("already stored")
        return Outcome("conflict")
    earlier = _members_return(answers["period"], key)
    moved = earlier is None or earlier.code_id != (code.id if code else None)
    if moved and not _has_room(code, answers["period"]):
        return Outcome("code full")
    if earlier is not None:
        earlier.submission_id = answers["submission_id"]
        earlier.answers = text
        earlier.code = code
        earlier.save()
        return Outcome("replaced")
    StoredReturn.create(
        submission_id=answers["submission_id"],
        period=answers["period"],
        code=code,
        member_key=key,
        record_key=new_record_key(),
        answers=text,
        received_period=quarter_of(today or datetime.date.today()),
    )
    return Outcome("stored")


def replace_return(submission_id: str, answers: dict, secret: str, code: EnrolmentCode) -> Outcome:
    """Replace a stored return's answers, if `secret` is the one it was sent with."""
    with database.connection_context(), database.atomic():
        existing = _existing(submission_id)
        if existing is None:
            return Outcome("not found")
        if not key_matches(secret, existing.period, existing.member_key):
            return Outcome("wrong secret")
        _lock(code)
        period = answers["period"]
        key = member_key(secret, period)
        if period != existing.period and _members_return(period, key) is not None:
            return Outcome("period taken")
        moved = period != existing.period or existing.code_id != code.id
        if moved and not _has_room(code, period):
            return Outcome("code full")
        existing.answers = canonical_answers(answers)
        existing.period = period
        existing.member_key = key
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
        if secret is not None and not key_matches(secret, existing.period, existing.member_key):
            return Outcome("wrong secret")
        existing.delete_instance()
        return Outcome("withdrawn")


def stored_returns(period: str | None = None) -> list[tuple[dict, int]]:
    """Every stored return's answers and record key (optionally for one period), in no
    particular order."""
    with database.connection_context():
        query = StoredReturn.select(StoredReturn.answers, StoredReturn.record_key)
        if period:
            query = query.where(StoredReturn.period == period)
        rows = [(row.answers, row.record_key) for row in query.iterator()]
    secrets.SystemRandom().shuffle(rows)
    return [(json.loads(text), record_key) for text, record_key in rows]


def stored_answers(period: str | None = None) -> Iterator[dict]:
    """Every stored return's answers (optionally for one period), in no particular order."""
    for answers, _ in stored_returns(period):
        yield answers


def count_returns() -> int:
    with database.connection_context():
        return StoredReturn.select().count()


def returns_by_code(period: str) -> dict[int | None, int]:
    """How many returns are held for `period`, by enrolment code id (None: imported)."""
    with database.connection_context():
        query = (
            StoredReturn.select(StoredReturn.code, peewee.fn.COUNT(StoredReturn.id).alias("n"))
            .where(StoredReturn.period == period)
            .group_by(StoredReturn.code)
        )
        return {row.code_id: row.n for row in query}


def periods_held() -> list[str]:
    """The quarters any return is held for, latest first."""
    with database.connection_context():
        query = StoredReturn.select(StoredReturn.period).distinct()
        return sorted((row.period for row in query), reverse=True)


def _existing(submission_id: str) -> StoredReturn | None:
    return StoredReturn.get_or_none(StoredReturn.submission_id == submission_id)


def _members_return(period: str, key: str | None) -> StoredReturn | None:
    if key is None:
        return None
    return StoredReturn.get_or_none(
        (StoredReturn.period == period) & (StoredReturn.member_key == key)
    )


def _lock(code: EnrolmentCode | None) -> None:
    """On PostgreSQL, lock the code's row before reading what decides a write, so that
    returns sent with one code at once are judged one after another (SQLite's writers
    queue at BEGIN IMMEDIATE already)."""
    if code is not None and isinstance(database.obj, peewee.PostgresqlDatabase):
        EnrolmentCode.select().where(EnrolmentCode.id == code.id).for_update().get()


def _has_room(code: EnrolmentCode | None, period: str) -> bool:
    """Whether `code` may bring one more member's return for `period`."""
    if code is None:
        return True
    cap = EnrolmentCode.get_by_id(code.id).members
    if cap is None:
        return True
    taken = StoredReturn.select().where(
        (StoredReturn.code == code.id) & (StoredReturn.period == period)
    )
    return taken.count() < cap


# -- releases --------------------------------------------------------------------------


def find_release(period: str) -> Release | None:
    """The release made for `period` ("2026-Q2", or "all:2026-Q1,2026-Q2"), if any."""
    with database.connection_context():
        return Release.get_or_none(Release.period == period)


def list_releases() -> list[Release]:
    with database.connection_context():
        return list(Release.select().order_by(Release.period))


def keep_release(
    period: str, rule: str, threshold: int, published: dict, inputs: dict, today: datetime.date
) -> Release:
    """Store a release; if one was stored for `period` meanwhile, that one stands."""
    with database.connection_context():
        try:
            with database.atomic():
                return Release.create(
                    period=period,
                    rule=rule,
                    threshold=threshold,
                    published=json.dumps(published, sort_keys=True),
                    inputs=json.dumps(inputs, sort_keys=True),
                    made_on=today,
                )
        except peewee.IntegrityError:
            return Release.get(Release.period == period)
