"""What the command modules share: the open database, date arguments and PDF paths."""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import peewee

from microbiz.commands.encryption import unlock_folder
from microbiz.foundations.dates import parse_date
from microbiz.foundations.db import close_database
from microbiz.foundations.db import open_database
from microbiz.foundations.errors import UserError
from microbiz.foundations.paths import database_path


@contextmanager
def open_data(folder: Path) -> Iterator[None]:
    """The folder's database, open (and brought up to date) until the block ends.

    Encrypted data is opened with its passphrase (see microbiz.commands.encryption).
    """
    unlock_folder(folder)
    try:
        open_database(database_path(folder))
    except (sqlite3.DatabaseError, peewee.DatabaseError) as problem:
        raise UserError(
            f"The database in {folder} could not be opened ({problem}); restore a backup."
        ) from None
    try:
        yield
    finally:
        close_database()


def date_arg(text: str) -> date:
    """A date argument, 31/12/2026 or 2026-12-31."""
    try:
        return parse_date(text)
    except UserError as problem:
        raise argparse.ArgumentTypeError(str(problem)) from None


def pdf_path(path: Path) -> Path:
    """The full path for a PDF to write; it must end in .pdf."""
    return file_path(path, ".pdf")


def file_path(path: Path, suffix: str) -> Path:
    """The full path for a file to write; it must end in `suffix`."""
    if path.suffix.lower() != suffix:
        raise UserError(f"{path.name} must end in {suffix}")
    return path.expanduser().resolve()
