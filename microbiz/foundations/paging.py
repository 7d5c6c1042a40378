"""Lists read a page at a time: a count that stops early, for a list's scrollbar and words."""

from __future__ import annotations

import peewee
from peewee import SQL
from peewee import fn

MOST_COUNTED = 10_000


def capped_count(query: peewee.SelectQuery, most: int = MOST_COUNTED) -> int:
    """How many rows `query` gives, counting no further than `most` (more gives most + 1)."""
    capped = query.order_by().limit(most + 1)
    return capped.model.select(fn.COUNT(SQL("*"))).from_(capped.alias("capped")).scalar()


def page_of(query: peewee.SelectQuery, offset: int, size: int) -> peewee.SelectQuery:
    """The `size` rows of an ordered `query` after the first `offset`."""
    return query.limit(size).offset(offset)


def sorted_by(
    query: peewee.SelectQuery,
    sorts: dict[str, tuple[peewee.ColumnBase, ...]],
    sort: str | None,
    descending: bool,
    tie: peewee.ColumnBase,
) -> peewee.SelectQuery:
    """`query` in the order of one of `sorts`, ties broken by `tie` so that pages never
    overlap; as it is when `sort` is None."""
    if sort is None:
        return query
    if sort not in sorts:
        raise ValueError(f"A list cannot be sorted by {sort!r}: choose from {', '.join(sorts)}.")
    return query.order_by(*(key.desc() if descending else key.asc() for key in (*sorts[sort], tie)))
