"""Where Microbiz keeps its data, and where its bundled resources are."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "Microbiz"
DATABASE_NAME = "microbiz.sqlite"
SAMPLE_SUFFIX = "-sample"
SAMPLE_MARKER = "SAMPLE-BUSINESS.txt"


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """The data folder: --data-dir, else $MICROBIZ_HOME, else the platform's user data dir."""
    chosen = override or os.environ.get("MICROBIZ_HOME") or user_data_dir(APP_NAME, appauthor=False)
    return Path(chosen).expanduser().resolve()


def sample_dir(folder: Path) -> Path:
    """The sample business's folder: beside the data folder `folder`, never inside it."""
    return folder.with_name(folder.name + SAMPLE_SUFFIX)


def is_sample_folder(folder: Path) -> bool:
    """Whether `folder` is a sample folder: named for a data folder, with the marker file."""
    return folder.name.endswith(SAMPLE_SUFFIX) and (folder / SAMPLE_MARKER).is_file()


def own_dir(folder: Path) -> Path:
    """The user's own data folder: `folder` itself, or the one beside a sample folder."""
    if not is_sample_folder(folder):
        return folder
    return folder.with_name(folder.name.removesuffix(SAMPLE_SUFFIX))


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
