"""Getting started on Home: four steps that tick themselves, each a button to its page."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QGridLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.home.first_run import FirstRunStep
from microbiz.home.first_run import all_done
from ui.common.buttons import push_button
from ui.common.looks import WrappedLabel
from ui.common.looks import heading
from ui.common.looks import paragraph

# Each step's page, and its button's text and spoken name.
STEP_PAGES = {
    "business": ("settings", "Open Settings", "Open Settings for your business details"),
    "client": ("clients", "Open Clients", "Open Clients to add a client and their rates"),
    "visit": ("hours", "Open Hours", "Open Hours to record a visit"),
    "invoice": ("invoices", "Open Invoices", "Open Invoices to make and issue an invoice"),
}
DONE = "✓ Done"
TO_DO = "To do"
INTRO = "Four steps to your first invoice. Each one ticks itself when it is done."


def progress_words(steps: list[FirstRunStep]) -> str:
    done = sum(step.done for step in steps)
    return f"Getting started: {done} of {len(steps)} done"


class FirstRunCard(QFrame):
    """A step a row: whether it is done (in words), what it is, and a button to its page."""

    go_to = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = heading("Getting started")
        self.states = {key: QLabel() for key in STEP_PAGES}
        self.steps = {key: WrappedLabel() for key in STEP_PAGES}
        self.buttons = {
            key: push_button(text, name, self._opener(page))
            for key, (page, text, name) in STEP_PAGES.items()
        }
        grid = QGridLayout()
        for row, key in enumerate(STEP_PAGES):
            grid.addWidget(self.states[key], row, 0)
            grid.addWidget(self.steps[key], row, 1)
            grid.addWidget(self.buttons[key], row, 2)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(paragraph(INTRO))
        layout.addLayout(grid)

    def show_steps(self, steps: list[FirstRunStep]) -> None:
        """Tick the steps done; the card hides when every step is."""
        for number, step in enumerate(steps, start=1):
            state = DONE if step.done else TO_DO
            self.states[step.key].setText(state)
            self.states[step.key].setAccessibleName(f"{step.title}: {state.removeprefix('✓ ')}")
            self.steps[step.key].setText(f"{number}. {step.title}")
            self.steps[step.key].setAccessibleName(step.title)
        words = progress_words(steps)
        self.title.setText(words)
        self.title.setAccessibleName(words)
        self.setVisible(not all_done(steps))

    def _opener(self, page: str) -> Callable[[], None]:
        return lambda: self.go_to.emit(page)
