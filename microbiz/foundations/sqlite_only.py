"""peewee imported without its PostgreSQL drivers: the desktop app only opens SQLite files.

peewee imports psycopg2 (tens of milliseconds) whenever it is installed, as the collector's
extra installs it. Importing this module first, as `microbiz.cli` and `ui.app` do, imports
peewee with the drivers hidden; they are importable again afterwards, but that peewee (in
this process) cannot open PostgreSQL, which only the collector's own process ever does.
"""

from __future__ import annotations

import importlib
import sys

DRIVERS = ("psycopg2", "psycopg2cffi", "psycopg")


def import_peewee() -> None:
    """Import peewee with PostgreSQL's drivers hidden, unless something imported it already."""
    if "peewee" in sys.modules:
        return
    hidden = [name for name in DRIVERS if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # `import name` now fails with ImportError, as if not installed
    try:
        importlib.import_module("peewee")
    finally:
        for name in hidden:
            del sys.modules[name]


import_peewee()
