"""Sizes and emphasis taken from the system font, never hard-coded; colours stay the palette's."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QScrollArea
from PySide6.QtWidgets import QWidget

TITLE_SCALE = 1.4
HEADING_SCALE = 1.1


def scaled_font(widget: QWidget, scale: float = 1.0) -> QFont:
    """The widget's own font in bold, made larger by `scale`."""
    font = QFont(widget.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    else:
        font.setPixelSize(round(font.pixelSize() * scale))
    font.setBold(True)
    return font


def em(widget: QWidget, count: float = 1.0) -> int:
    """`count` widths of the letter M in the widget's font, in pixels."""
    return round(widget.fontMetrics().horizontalAdvance("M") * count)


def grow_to_fit(window: QWidget) -> None:
    """Make a window tall enough for wrapped text that appeared after it was shown."""
    needed = window.heightForWidth(window.width())
    if needed > window.height():
        window.resize(window.width(), needed)


class WrappedLabel(QLabel):
    """Word-wrapped text that asks for the height its real width needs.

    Form and scroll layouts sometimes size wrapped labels for a different width than
    they get, cutting off a line or leaving a gap; this fixes the height to the width.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit_height()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        needed = self.heightForWidth(self.width())
        if needed > 0 and needed != self.minimumHeight():
            self.setFixedHeight(needed)


def title(text: str) -> QLabel:
    """A page or dialog title."""
    label = QLabel(text)
    label.setFont(scaled_font(label, TITLE_SCALE))
    label.setAccessibleName(text)
    return label


def heading(text: str) -> QLabel:
    """A section heading inside a form, with a little space above it."""
    label = QLabel(text)
    label.setFont(scaled_font(label, HEADING_SCALE))
    label.setContentsMargins(0, label.fontMetrics().height() // 2, 0, 0)
    label.setAccessibleName(text)
    return label


def paragraph(text: str) -> QLabel:
    """Wrapped explanatory text."""
    label = WrappedLabel(text)
    label.setAccessibleName(text)
    return label


def empty_label(name: str, text: str = "") -> QLabel:
    """Centred, wrapped words shown in place of an empty list."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setAccessibleName(name)
    return label


def show_in_scroll(scroll: QScrollArea, content: QWidget) -> None:
    """Put `content` in `scroll`, sized to fit it, with no frame; Tab skips the scroll area."""
    scroll.setWidget(content)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
