"""Where Microbiz keeps its data, and where its bundled resources are."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "Microbiz"
DATABASE_NAME = "microbiz.sqlite"


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """The data folder: --data-dir, else $MICROBIZ_HOME, else the platform's user data dir."""
    chosen = override or os.environ.get("MICROBIZ_HOME") or user_data_dir(APP_NAME, appauthor=False)
    return Path(chosen).expanduser().resolve()


def database_path(folder: Path) -> Path:
    return folder / DATABASE_NAME


def backups_dir(folder: Path) -> Path:
    return folder / "backups"


def resources_dir() -> Path:
    """The bundled resources folder, in a source checkout or a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parents[2]
    return root / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
