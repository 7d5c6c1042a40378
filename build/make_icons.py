"""Render resources/icons/microbiz.svg to the PNG sizes the app and Linux desktops use.

Run after changing the SVG: `.venv/bin/python build/make_icons.py`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtGui import QImage
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZES = (16, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int, out: Path) -> None:
    """Draw the SVG on a transparent square of `size` pixels and save it as a PNG."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(out)):
        raise SystemExit(f"could not write {out}")


def main() -> None:
    """Write microbiz-SIZE.png beside the SVG for each size."""
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "microbiz.svg"))
    if not renderer.isValid():
        raise SystemExit("resources/icons/microbiz.svg is not a valid SVG")
    for size in SIZES:
        render(renderer, size, ICONS / f"microbiz-{size}.png")


if __name__ == "__main__":
    main()
