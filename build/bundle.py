"""What the packaged app carries besides its code, and what it leaves out.

Read by `microbiz.spec` and by `tests/core/test_package_spec.py`; it needs no PyInstaller.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]

# The collector's service and report (run as `microbiz-collector`, not by the app) and Qt
# modules the app never uses: left out to keep the app small. The collector's schema check
# stays, as the workforce page uses it.
EXCLUDES = [
    "fastapi",
    "uvicorn",
    "starlette",
    "pydantic",
    "psycopg2",
    "scipy",
    "numpy",
    "tkinter",
    "microbiz.collector.app",
    "microbiz.collector.audit",
    "microbiz.collector.cli",
    "microbiz.collector.report",
    "microbiz.collector.server",
    "microbiz.collector.store",
    "PySide6.Qt3DCore",
    "PySide6.QtMultimedia",
    "PySide6.QtPdf",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
]

# Qt plugins the app never loads: kiosk screens and their input (eglfs, linuxfb, evdev, vnc),
# the virtual keyboard (which needs QML), PDF images, network plugins, and the GTK theme
# (whose GTK must be the system's, not mixed with libraries copied from the build machine).
UNUSED_QT = (
    "PySide6/Qt/plugins/egldeviceintegrations/",
    "PySide6/Qt/plugins/generic/",
    "PySide6/Qt/plugins/networkinformation/",
    "PySide6/Qt/plugins/tls/",
    "PySide6/Qt/plugins/imageformats/libqpdf.so",
    "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
    "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/platforms/libqlinuxfb.so",
    "PySide6/Qt/plugins/platforms/libqminimalegl.so",
    "PySide6/Qt/plugins/platforms/libqvkkhrdisplay.so",
    "PySide6/Qt/plugins/platforms/libqvnc.so",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
)

Binary = tuple[str, str, str]  # PyInstaller's (name in the bundle, source file, kind)


def resource_files(checkout: Path = CHECKOUT) -> list[Path]:
    """Every file under the checkout's resources folder."""
    return sorted(path for path in (checkout / "resources").rglob("*") if path.is_file())


def our_modules(checkout: Path = CHECKOUT) -> list[str]:
    """Every module of the app, as some are imported by name only when a command asks for
    them; not the collector, whose schema check the app imports as usual."""
    files = sorted([*(checkout / "microbiz").rglob("*.py"), *(checkout / "ui").rglob("*.py")])
    names = [".".join(path.relative_to(checkout).with_suffix("").parts) for path in files]
    return [
        name.removesuffix(".__init__")
        for name in names
        if not name.startswith("microbiz.collector") and not name.endswith("__main__")
    ]


def reportlab_fonts() -> Path:
    """reportlab's own fonts folder."""
    return Path(importlib.util.find_spec("reportlab").origin).parent / "fonts"


def datas(checkout: Path = CHECKOUT) -> list[tuple[str, str]]:
    """(file or folder, its folder inside the bundle) for every data file the app reads."""
    found = [
        (str(path), str(path.parent.relative_to(checkout))) for path in resource_files(checkout)
    ]
    return [*found, (str(reportlab_fonts()), "reportlab/fonts")]


def unused(name: str) -> bool:
    """Whether a file in the bundle is one of the Qt plugins the app never loads."""
    return name.replace("\\", "/").startswith(UNUSED_QT)


def prune(binaries: list[Binary], needs: Callable[[str], set[str]]) -> list[Binary]:
    """The binaries less the unused Qt plugins and the libraries only those need.

    `needs(source)` names every library a binary loads, directly or through another.
    """
    dropped = [entry for entry in binaries if unused(entry[0])]
    candidates = set().union(*(needs(source) for _, source, _ in dropped))
    kept = [entry for entry in binaries if not unused(entry[0])]
    wanted = set().union(
        *(needs(source) for name, source, _ in kept if Path(name).name not in candidates)
    )
    return [entry for entry in kept if Path(entry[0]).name not in candidates - wanted]


def without_dangling_links(datas: list[Binary], binaries: list[Binary]) -> list[Binary]:
    """The data entries less the symbolic links to binaries no longer in the bundle."""
    names = {name for name, _, _ in binaries}
    return [
        (name, target, kind)
        for name, target, kind in datas
        if kind != "SYMLINK"
        or os.path.normpath(os.path.join(os.path.dirname(name), target)) in names
    ]
