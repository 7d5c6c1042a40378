"""Console users (passwords kept as Argon2 hashes) and the console's audit log.

The audit log says who did what, and when; never from which address. Sign-in attempts for
names that are not users are logged without the name, which may be a mistyped password.
"""

from __future__ import annotations

import datetime

import peewee
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError
from argon2.exceptions import VerificationError

from microbiz.collector import store

MIN_PASSWORD_LENGTH = 12
MAX_NAME_LENGTH = 64
UNKNOWN_USER = "(not a user)"

_hasher = PasswordHasher()
# checked against when the name is unknown, so both cases take an Argon2 verification
_DUMMY_HASH = _hasher.hash("not the password of anyone")


def add_user(name: str, password: str, today: datetime.date) -> store.ConsoleUser:
    """A new console user; StoreError says plainly what is wrong with the name or password."""
    name = name.strip()
    if not name or len(name) > MAX_NAME_LENGTH or any(c.isspace() for c in name):
        raise store.StoreError(
            f"The user name must be one word of 1 to {MAX_NAME_LENGTH} characters."
        )
    if len(password) < MIN_PASSWORD_LENGTH:
        raise store.StoreError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters.")
    with store.database.connection_context():
        try:
            return store.ConsoleUser.create(
                name=name, password_hash=_hasher.hash(password), created_on=today
            )
        except peewee.IntegrityError:
            raise store.StoreError(f"There is already a console user called {name}.") from None


def check_password(name: str, password: str) -> bool:
    """Whether `password` is the password of the console user `name`."""
    with store.database.connection_context():
        user = store.ConsoleUser.get_or_none(store.ConsoleUser.name == name)
    try:
        return _hasher.verify(user.password_hash if user else _DUMMY_HASH, password) and bool(user)
    except (VerificationError, InvalidHashError):
        return False


def is_user(name: str) -> bool:
    with store.database.connection_context():
        return store.ConsoleUser.get_or_none(store.ConsoleUser.name == name) is not None


def record(user: str, action: str, at: datetime.datetime | None = None) -> None:
    """Add a line to the console's audit log."""
    when = at or datetime.datetime.now(datetime.UTC).replace(microsecond=0, tzinfo=None)
    with store.database.connection_context():
        store.ConsoleAction.create(user=user, action=action, at=when)


def recent_actions(limit: int = 200) -> list[store.ConsoleAction]:
    """The audit log's latest lines, newest first."""
    with store.database.connection_context():
        query = store.ConsoleAction.select().order_by(store.ConsoleAction.id.desc())
        return list(query.limit(limit))
