"""A client's data rights from the Clients page: a copy of everything held, and erasure."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Client
from microbiz.privacy.erasure import backups_before
from microbiz.privacy.erasure import erase_client
from microbiz.privacy.erasure import erasure_plan
from microbiz.privacy.subject_access import export_client
from ui.common import files
from ui.common import messages


def choose_copy_path(parent: QWidget | None, suggested: Path) -> Path | None:
    """Where to save the copy; tests replace this."""
    return files.choose_json_path(parent, "Save a copy of their data", suggested)


def save_copy(parent: QWidget | None, client_id: int) -> str:
    """Ask where, then save everything held about the client; what was done, in words."""
    name = Client.get_by_id(client_id).name
    safe = "".join(ch if ch.isalnum() else "-" for ch in name)
    path = choose_copy_path(parent, files.documents_folder() / f"{safe}-data.json")
    if path is None:
        return ""
    try:
        export_client(client_id, path)
    except OSError as problem:
        messages.warn(parent, "Copy not saved", f"{path} could not be written ({problem}).")
        return ""
    return f"Saved everything held about {name} to {path}."


def erase(parent: QWidget | None, client_id: int) -> str:
    """Say what erasing does, ask, erase; then offer to delete backups that still hold them."""
    try:
        plan = erasure_plan(client_id)
    except UserError as problem:
        messages.warn(parent, "Not erased", str(problem))
        return ""
    question = "\n\n".join([*plan.words(), "This cannot be undone."])
    if not messages.confirm(parent, f"Erase {plan.name}?", question, "Erase"):
        return ""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        erase_client(client_id)
    finally:
        QGuiApplication.restoreOverrideCursor()
    said = f"Erased {plan.name}."
    old = backups_before()
    if old and messages.confirm(
        parent,
        "Delete old backups?",
        f"{len(old)} backups made before now still hold {plan.name}'s data. Delete them? "
        "The backup made when Microbiz closes will then be the oldest.",
        "Delete backups",
    ):
        for path in old:
            path.unlink(missing_ok=True)
        said += f" Deleted {len(old)} older backups."
    return said
