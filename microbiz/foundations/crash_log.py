"""The crash log: where the details of an error Microbiz did not expect are written.

The terminal or the window shows one calm line naming the log file; the traceback goes
into `logs/microbiz.log` in the data folder, kept small by rotation. When the data folder
cannot be written, the log goes to the platform's user log folder, else the temp folder.
"""

from __future__ import annotations

import logging
import tempfile
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from platformdirs import user_log_dir

from microbiz.foundations.paths import APP_NAME

LOG_NAME = "microbiz.log"
MAX_BYTES = 1_000_000
KEEP = 3
FORMAT = "%(asctime)s %(levelname)s %(message)s"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def logs_dir(folder: Path) -> Path:
    """The data folder's logs folder."""
    return folder / "logs"


def log_crash(folder: Path | None, exc_info: ExcInfo, context: str = "") -> Path | None:
    """Write the error's traceback to the first crash log that can be written; its path.

    `folder` is the data folder, or None when it is not known yet. None is returned only
    when no log could be written anywhere.
    """
    message = f"Unexpected error {context}".strip()
    for place in _log_folders(folder):
        try:
            return _write(place / LOG_NAME, message, exc_info)
        except Exception:  # reporting one error must never raise another: try the next place
            continue
    return None


def _log_folders(folder: Path | None) -> list[Path]:
    """Where to try, in order: the data folder, the user log folder, the temp folder."""
    fallbacks = [
        Path(user_log_dir(APP_NAME, appauthor=False)),
        Path(tempfile.gettempdir()) / f"{APP_NAME.lower()}-logs",
    ]
    return ([logs_dir(folder)] if folder is not None else []) + fallbacks


def _write(path: Path, message: str, exc_info: ExcInfo) -> Path:
    """Append one record and its traceback to `path`, rotating at MAX_BYTES; raises if it cannot."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = _StrictRotatingHandler(path, maxBytes=MAX_BYTES, backupCount=KEEP, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    logger = logging.getLogger("microbiz.crash")
    logger.propagate = False  # only the file, never a second copy on the terminal
    logger.addHandler(handler)
    try:
        logger.error(message, exc_info=exc_info)
    finally:
        logger.removeHandler(handler)
        handler.close()
    return path


class _StrictRotatingHandler(RotatingFileHandler):
    """A rotating file handler that raises a failed write, so the next folder is tried."""

    def handleError(self, record: logging.LogRecord) -> None:
        raise  # called inside emit's `except`: re-raise the write's own error
