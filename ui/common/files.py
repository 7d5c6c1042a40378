"""Choosing a file to read or where to save one, and opening what was saved.

Pages and dialogs wrap these in their own `choose_…` functions, which tests replace.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog
from PySide6.QtWidgets import QWidget

from ui.common import desktop
from ui.common import messages

PDF_FILTER = "PDF files (*.pdf)"
WORKBOOK_FILTER = "Excel workbooks (*.xlsx)"
JSON_FILTER = "JSON files (*.json)"
CALENDAR_FILTER = "Calendar files (*.ics)"


def documents_folder() -> Path:
    """The user's Documents folder, or their home folder if the system names none."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def choose_file(parent: QWidget | None, caption: str, start: str, file_filter: str) -> Path | None:
    """Ask for an existing file, starting in the folder `start`; None if cancelled."""
    chosen, _ = QFileDialog.getOpenFileName(parent, caption, start, file_filter)
    return Path(chosen) if chosen else None


def choose_pdf_path(parent: QWidget | None, caption: str, suggested: Path) -> Path | None:
    """Ask where to save a PDF; the path always ends in .pdf."""
    return _choose_save_path(parent, caption, suggested, PDF_FILTER, ".pdf")


def choose_workbook_path(parent: QWidget | None, caption: str, suggested: Path) -> Path | None:
    """Ask where to save an Excel workbook; the path always ends in .xlsx."""
    return _choose_save_path(parent, caption, suggested, WORKBOOK_FILTER, ".xlsx")


def choose_json_path(parent: QWidget | None, caption: str, suggested: Path) -> Path | None:
    """Ask where to save a JSON file; the path always ends in .json."""
    return _choose_save_path(parent, caption, suggested, JSON_FILTER, ".json")


def choose_calendar_path(parent: QWidget | None, caption: str, suggested: Path) -> Path | None:
    """Ask where to save a calendar file; the path always ends in .ics."""
    return _choose_save_path(parent, caption, suggested, CALENDAR_FILTER, ".ics")


def open_or_warn(parent: QWidget | None, path: Path, title: str, text: str) -> None:
    """Open `path` in its usual program; if that fails, say `text` under `title`."""
    if not desktop.open_path(path):
        messages.warn(parent, title, text)


def offer_to_open(parent: QWidget | None, what: str, path: Path) -> None:
    """Say the PDF called `what` is saved at `path`, and open it if the user wants."""
    if messages.confirm(parent, f"{what} saved", f"Saved {path}.\n\nOpen it now?", "Open it"):
        open_or_warn(parent, path, "PDF not opened", f"The PDF is saved as {path}.")


def _choose_save_path(
    parent: QWidget | None, caption: str, suggested: Path, file_filter: str, suffix: str
) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(parent, caption, str(suggested), file_filter)
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == suffix else path.with_suffix(suffix)
