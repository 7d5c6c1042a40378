"""Handing files and text to the rest of the computer; tests replace these functions."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtGui import QGuiApplication


def open_path(path: Path) -> bool:
    """Open a file in its usual program, or a folder in the file manager; False if that failed."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def copy_text(text: str) -> None:
    """Put text on the clipboard, ready to paste into an email or letter."""
    QGuiApplication.clipboard().setText(text)
