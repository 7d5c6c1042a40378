"""The calm line at the top of the window while the sample business is open, with the way out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QWidget

from ui.common.buttons import push_button
from ui.common.looks import WrappedLabel

NAME = "Sample business"
WORDS = "the people, hours and money here are made up, and kept apart from your own records."
LEAVE = "Leave the sample and start my own"
LEAVE_TIP = "Close the sample and set up your own business"


class SampleNotice(QFrame):
    """Says that the sample is open; its button triggers `leave`, the window's action."""

    def __init__(self, leave: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(NAME)
        self.setAccessibleDescription(f"{NAME}: {WORDS}")
        self.text = WrappedLabel(f"<b>{NAME}:</b> {WORDS}")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAccessibleName(f"{NAME}: {WORDS}")
        self.leave_button = push_button(LEAVE, LEAVE, leave.trigger, LEAVE_TIP)
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.leave_button)
