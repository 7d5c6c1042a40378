"""The sample business's own folder, beside the user's data folder, made afresh when asked."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from microbiz.demo.sample_business import create_demo
from microbiz.foundations import models
from microbiz.foundations.db import close_database
from microbiz.foundations.db import open_database
from microbiz.foundations.errors import UserError
from microbiz.foundations.paths import SAMPLE_MARKER
from microbiz.foundations.paths import database_path
from microbiz.foundations.paths import is_sample_folder
from microbiz.foundations.paths import sample_dir

MARKER_TEXT = (
    "This folder holds Microbiz's sample business: made-up people and figures.\n"
    "Microbiz deletes it and makes it again whenever the sample is explored.\n"
    "Your own records are never kept here.\n"
)


def make_sample_folder(
    own: Path, today: date | None = None, clients: int | None = None, seed: int = 1, years: int = 1
) -> Path:
    """Make the sample business afresh in its folder beside `own`; that folder.

    A database already open (the user's own) stays open and is not touched.
    """
    folder = sample_dir(own)
    _clear(folder)
    folder.mkdir(parents=True)
    (folder / SAMPLE_MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    already_open = models.database.obj
    try:
        open_database(database_path(folder))
        try:
            create_demo(clients=clients, seed=seed, today=today, years=years)
        finally:
            close_database()
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        models.database.initialize(already_open)
    return folder


def _clear(folder: Path) -> None:
    """Delete the last sample; refuse to touch a folder that is not one."""
    if not folder.exists():
        return
    if not is_sample_folder(folder):
        raise UserError(
            f"There is already a folder at {folder} that is not Microbiz's sample business; "
            "move or rename it, then try again."
        )
    shutil.rmtree(folder)
