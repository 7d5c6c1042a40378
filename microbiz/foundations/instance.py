"""The data folder's locks: one Microbiz window at a time, and one writer at a time."""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock
from filelock import Timeout

from microbiz.foundations.errors import UserError

LOCK_NAME = "microbiz.lock"
WRITING_LOCK_NAME = "microbiz-writing.lock"
BUSY_TIMEOUT_SECONDS = 30

_writing_locks: dict[Path, FileLock] = {}


class AlreadyOpen(UserError):
    """Another Microbiz has this data folder open."""


def hold_instance_lock(folder: Path) -> FileLock:
    """Take the folder's lock, or raise AlreadyOpen; the OS frees it if the process dies."""
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(folder / LOCK_NAME))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise AlreadyOpen("Microbiz is already open. Switch to its window instead.") from None
    return lock


class Busy(UserError):
    """Another process held the data for longer than we wait."""

    def __init__(self) -> None:
        super().__init__(
            "Microbiz is busy with another task (another window or a command is saving); "
            "try again in a moment."
        )


def writing_lock(folder: Path) -> FileLock:
    """The folder's lock that every write transaction, backup and restore holds.

    One lock object per folder, so a thread that holds it may take it again.
    """
    path = (folder / WRITING_LOCK_NAME).resolve()
    if path not in _writing_locks:
        _writing_locks[path] = _WritingLock(str(path), timeout=BUSY_TIMEOUT_SECONDS)
    return _writing_locks[path]


class _WritingLock(FileLock):
    """A FileLock that says Busy, in plain words, when the wait runs out."""

    def acquire(self, *args: object, **kwargs: object) -> object:
        try:
            return super().acquire(*args, **kwargs)
        except Timeout:
            raise Busy() from None
