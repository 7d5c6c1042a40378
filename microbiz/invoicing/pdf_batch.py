"""A batch of PDFs spread over the machine's cores, each worker reading the database itself.

Workers are processes started by a fork server (spawned where there is none), never forked
from this process, which may be running Qt threads. The fork server imports what they need
once, on the first batch, so later batches start at once. Each worker opens its own
read-only connection to the database file: nothing but ids, paths and dates crosses between
processes. This process writes too, from the other end of the queue.

Small batches, and those the workers could not see whole (an open transaction, a database
in memory, a frozen app), are written in this process alone. Starting the fork server
costs what writing 130 invoices here saves on two cores, so until it runs a batch is shared
only when it is big enough to repay that on this machine's cores. As with any use of
multiprocessing, a script that calls this needs an `if __name__ == "__main__":` guard.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED
from concurrent.futures import Future
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import wait
from pathlib import Path
from typing import TypeVar

import peewee

from microbiz.foundations import models

Progress = Callable[[int, int], None]
Item = TypeVar("Item")
WriteSome = Callable[[list[Item]], list[Path]]

# Below this many, starting workers costs more than it saves.
POOL_FROM = 8
# Below this many, divided among the cores but one, starting the fork server does (or, with
# no fork server, starting each worker).
FIRST_POOL_FROM = 130
# The most items written in one go: their data is read at once, and progress is told after.
MOST_AT_ONCE = 20
# Pieces of the batch for each worker, so that they finish at about the same time.
PIECES_EACH = 4
# Queued for each worker, so that it never waits for this process to hand it the next.
QUEUED = 2
# What workers need, imported once by the fork server rather than by each worker.
_PRELOAD = ["__main__", "microbiz.invoicing.documents"]
# Whether this process has started the fork server, which then runs until it exits.
_fork_server_started = False


def write_batch(write_some: WriteSome, items: Sequence[Item], progress: Progress) -> list[Path]:
    """`write_some(part)` for the items a part at a time, with `progress(done, total)` after
    each part in the order they finish; the paths in the order of `items`. `write_some`
    must be picklable, and give a part's paths in the part's order."""
    workers = min(_cores(), len(items))
    database = _database_file()
    if len(items) < _pool_from() or workers < 2 or database is None or _frozen():
        parts = _parts(items, MOST_AT_ONCE)
        return _write_here(write_some, parts, progress, len(items))
    size = min(-(-len(items) // (workers * PIECES_EACH)), MOST_AT_ONCE)
    return _write_in_workers(write_some, _parts(items, size), progress, workers, database)


def _pool_from() -> int:
    """The smallest batch worth sharing among workers now."""
    if _fork_server_started:
        return POOL_FROM
    return max(POOL_FROM, FIRST_POOL_FROM // max(_cores() - 1, 1))


def _parts(items: Sequence[Item], size: int) -> list[list[Item]]:
    return [list(items[start : start + size]) for start in range(0, len(items), size)]


def _write_here(
    write_some: WriteSome, parts: list[list[Item]], progress: Progress, total: int
) -> list[Path]:
    """The batch one part after another, in this process."""
    written: list[Path] = []
    for part in parts:
        written.extend(write_some(part))
        progress(len(written), total)
    return written


def _write_in_workers(
    write_some: WriteSome,
    parts: list[list[Item]],
    progress: Progress,
    workers: int,
    database: str,
) -> list[Path]:
    """The batch shared by `workers` processes and this one. The workers take parts from
    the front of the queue and this process from its end, from the outset: the first parts
    are handed over on another thread, as a fork server's first start waits for its imports.
    The first failure stops the batch."""
    done = Done(parts, progress)
    waiting = deque(enumerate(parts))
    first = [waiting.popleft() for _ in range(min(QUEUED * workers, len(parts)))]
    pool = ProcessPoolExecutor(
        workers, mp_context=_context(), initializer=_open_read_only, initargs=(database,)
    )
    starter = ThreadPoolExecutor(1)
    try:
        handing_over = starter.submit(_hand_over, pool, write_some, first)
        while waiting and not handing_over.done():
            _write_last(write_some, waiting, done)
        running = handing_over.result()
        while waiting or running:
            while waiting and len(running) < QUEUED * workers:
                position, part = waiting.popleft()
                running[pool.submit(write_some, part)] = position
            if waiting:
                _write_last(write_some, waiting, done)
            finished, _ = wait(running, 0 if waiting else None, FIRST_COMPLETED)
            for future in finished:
                done.add(running.pop(future), future.result())
    finally:
        starter.shutdown()
        pool.shutdown(cancel_futures=True)
    _started_fork_server()
    return done.paths()


def _started_fork_server() -> None:
    """After a batch written in workers: the fork server runs, where there is one (spawned
    workers each start afresh)."""
    global _fork_server_started
    _fork_server_started = "forkserver" in multiprocessing.get_all_start_methods()


class Done:
    """The parts of a batch written so far, told to `progress` as each is added."""

    def __init__(self, parts: list[list[Item]], progress: Progress) -> None:
        self._total = sum(map(len, parts))
        self._progress = progress
        self._written: dict[int, list[Path]] = {}
        self._count = 0

    def add(self, position: int, paths: list[Path]) -> None:
        self._written[position] = paths
        self._count += len(paths)
        self._progress(self._count, self._total)

    def paths(self) -> list[Path]:
        """Every path, in the order of the parts."""
        return [path for position in sorted(self._written) for path in self._written[position]]


def _hand_over(
    pool: ProcessPoolExecutor, write_some: WriteSome, first: list[tuple[int, list[Item]]]
) -> dict[Future[list[Path]], int]:
    """Give the workers their first parts (starting them); each future with its position."""
    return {pool.submit(write_some, part): position for position, part in first}


def _write_last(write_some: WriteSome, waiting: deque[tuple[int, list[Item]]], done: Done) -> None:
    """Write the last part waiting, here."""
    position, part = waiting.pop()
    done.add(position, write_some(part))


def _open_read_only(path: str) -> None:
    """Bind the models, for this worker's life, to a read-only connection to `path`."""
    uri = f"{Path(path).as_uri()}?mode=ro"
    models.database.initialize(peewee.SqliteDatabase(uri, uri=True, pragmas={"query_only": 1}))


def _database_file() -> str | None:
    """The open database's file, if workers can read all that this process sees there."""
    database = models.database.obj
    if database is None or database.in_transaction() or getattr(database, "passphrase", None):
        return None  # workers open plain SQLite: encrypted data is written in this process
    path = Path(database.database)
    return str(path.resolve()) if path.is_file() else None


def _frozen() -> bool:
    """A bundled app, whose entry point would have to hand workers to multiprocessing."""
    return getattr(sys, "frozen", False)


def _cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _context() -> multiprocessing.context.BaseContext:
    """A fork server that has imported what workers need, where there is one; else spawn."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    return context
