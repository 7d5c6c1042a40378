"""One Microbiz at a time per data folder."""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock
from filelock import Timeout

from microbiz.foundations.errors import UserError

LOCK_NAME = "microbiz.lock"


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
