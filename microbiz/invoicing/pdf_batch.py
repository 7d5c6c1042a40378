"""A batch of PDFs spread over the machine's cores, each worker reading the database itself.

Workers are processes started by a fork server (spawned where there is none), never forked
from this process, which may be running Qt threads. The fork server imports what they need
once, on the first batch, so later batches start at once. Each worker opens its own
read-only connection to the database file: nothing but ids, paths and dates crosses between
processes. This process writes too, from the other end of the queue.

Small batches, and those the workers could not see whole (an open transaction, a database
in memory, a frozen app), are written in this process alone. As with any use of
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

# Below this many, starting workers costs more than it saves.
POOL_FROM = 8
# Queued for each worker, so that it never waits for this process to hand it the next.
QUEUED = 2
# What workers need, imported once by the fork server rather than by each worker.
_PRELOAD = ["__main__", "microbiz.invoicing.documents"]


def write_batch(
    write_one: Callable[[Item], Path], items: Sequence[Item], progress: Progress
) -> list[Path]:
    """`write_one(item)` for each item, with `progress(done, total)` after each in the order
    they finish; the paths in the order of `items`. `write_one` must be picklable."""
    workers = min(_cores(), len(items))
    database = _database_file()
    if len(items) < POOL_FROM or workers < 2 or database is None or _frozen():
        return _write_here(write_one, items, progress)
    return _write_in_workers(write_one, items, progress, workers, database)


def _write_here(
    write_one: Callable[[Item], Path], items: Sequence[Item], progress: Progress
) -> list[Path]:
    """The batch one item after another, in this process."""
    written = []
    for done, item in enumerate(items, start=1):
        written.append(write_one(item))
        progress(done, len(items))
    return written


def _write_in_workers(
    write_one: Callable[[Item], Path],
    items: Sequence[Item],
    progress: Progress,
    workers: int,
    database: str,
) -> list[Path]:
    """The batch shared by `workers` processes and this one. The workers take from the front
    of the queue and this process from its end, from the outset: the first items are handed
    over on another thread, as a fork server's first start waits for its imports. The first
    failure stops the batch."""
    written: dict[int, Path] = {}
    waiting = deque(enumerate(items))
    first = [waiting.popleft() for _ in range(min(QUEUED * workers, len(items)))]
    pool = ProcessPoolExecutor(
        workers, mp_context=_context(), initializer=_open_read_only, initargs=(database,)
    )
    starter = ThreadPoolExecutor(1)
    try:
        handing_over = starter.submit(_hand_over, pool, write_one, first)
        while waiting and not handing_over.done():
            _write_last(write_one, waiting, written, progress, len(items))
        running = handing_over.result()
        while waiting or running:
            while waiting and len(running) < QUEUED * workers:
                position, item = waiting.popleft()
                running[pool.submit(write_one, item)] = position
            if waiting:
                _write_last(write_one, waiting, written, progress, len(items))
            finished, _ = wait(running, 0 if waiting else None, FIRST_COMPLETED)
            for future in finished:
                written[running.pop(future)] = future.result()
                progress(len(written), len(items))
    finally:
        starter.shutdown()
        pool.shutdown(cancel_futures=True)
    return [written[position] for position in range(len(items))]


def _hand_over(
    pool: ProcessPoolExecutor, write_one: Callable[[Item], Path], first: list[tuple[int, Item]]
) -> dict[Future[Path], int]:
    """Give the workers their first items (starting them); each future with its position."""
    return {pool.submit(write_one, item): position for position, item in first}


def _write_last(
    write_one: Callable[[Item], Path],
    waiting: deque[tuple[int, Item]],
    written: dict[int, Path],
    progress: Progress,
    total: int,
) -> None:
    """Write the last item waiting, here."""
    position, item = waiting.pop()
    written[position] = write_one(item)
    progress(len(written), total)


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
