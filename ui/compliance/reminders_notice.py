"""A calm banner at the top of the window when insurance or checks need attention.

It never blocks: the window works as usual, the banner can be dismissed, and its button
goes to the Insurance and checks page.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.compliance.policies import Reminder
from ui.common.buttons import push_button
from ui.common.looks import WrappedLabel
from ui.compliance.reminders_model import reminder_phrase
from ui.compliance.reminders_model import things_count

MARK = "⚠ "


def notice_text(found: Sequence[Reminder]) -> str:
    """'2 things need attention: ICO data protection fee expired 5 days ago; …'."""
    if not found:
        return ""
    phrases = "; ".join(reminder_phrase(reminder) for reminder in found)
    return f"{things_count(len(found))} attention: {phrases}."


class RemindersNotice(QFrame):
    """Hidden until `show_reminders` is given something to say, and once dismissed."""

    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Reminders")
        self.text = WrappedLabel()
        self.open_button = push_button(
            "Open Insurance and checks", "Open Insurance and checks", self._open
        )
        self.dismiss_button = push_button(
            "Dismiss", "Dismiss reminders", self.dismiss, "Hide this until Microbiz is next opened"
        )
        self.dismissed = False
        layout = QHBoxLayout(self)
        margin = self.fontMetrics().height() // 4
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.open_button)
        layout.addWidget(self.dismiss_button)
        self.hide()

    def show_reminders(self, found: Sequence[Reminder]) -> str:
        """Show what needs attention (or hide when nothing does); the words shown."""
        words = notice_text(found)
        self.text.setText(MARK + words if words else "")
        self.text.setAccessibleName(words)
        self.setAccessibleDescription(words)
        self.setVisible(bool(words) and not self.dismissed)
        return words

    def dismiss(self) -> None:
        """Hide the banner for the rest of this session."""
        self.dismissed = True
        self.hide()

    def _open(self) -> None:
        self.hide()
        self.open_requested.emit()
