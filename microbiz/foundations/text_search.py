"""Words found inside text fields, ignoring case, with % and _ taken as themselves."""

from __future__ import annotations

import peewee


def contains(field: peewee.Field, word: str) -> peewee.Expression:
    """`field` holds `word`, ignoring case (as LIKE does, for A-Z), with no wildcards."""
    return peewee.fn.instr(peewee.fn.lower(field), word.lower()) > 0
