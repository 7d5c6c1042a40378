"""Form rows: a label bound to each field, and the core's problem shown directly beneath it."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QSizePolicy
from PySide6.QtWidgets import QWidget

from microbiz.foundations.errors import ValidationError
from microbiz.foundations.validation import Fields
from ui.common.looks import WrappedLabel
from ui.common.looks import scaled_font
from ui.common.mnemonics import Mnemonics

PROBLEM_MARK = "⚠ "
NOTHING_SAVED = "Nothing has been saved yet."
TEXT_LINES = 3


def line_edit(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    return edit


def text_edit() -> QPlainTextEdit:
    """A few lines of text; Tab moves on to the next field instead of typing a tab."""
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    lines = edit.fontMetrics().lineSpacing() * TEXT_LINES
    margins = edit.contentsMargins()
    padding = 2 * edit.document().documentMargin() + margins.top() + margins.bottom()
    edit.setFixedHeight(round(lines + padding))
    edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return edit


def choice_combo(choices: Mapping[str, str]) -> QComboBox:
    """A drop-down showing the labels of `choices` and giving back their keys."""
    combo = QComboBox()
    for key, label in choices.items():
        combo.addItem(label, key)
    return combo


def buddy(text: str, widget: QWidget) -> QLabel:
    """A label whose Alt+letter (the '&' in `text`) moves to `widget`."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def fact_rows(facts: Iterable[tuple[str, str]]) -> QFormLayout:
    """'Name: value' rows that can be selected with the mouse and are read out whole."""
    form = QFormLayout()
    for name, value in facts:
        shown = QLabel(value)
        shown.setAccessibleName(f"{name}: {value}")
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(f"{name}:", shown)
    return form


def required_date(check: Fields, field: str, label: str, text: str) -> date | None:
    """The date typed for `field`; a problem for `check` when it is blank or not a date."""
    day = check.date(field, label, text)
    if day is None and not check.has(field):
        check.fail(field, f"{label} is required.")
    return day


def read(widget: QWidget) -> str:
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    return widget.text()


def write(widget: QWidget, value: str) -> None:
    if isinstance(widget, QComboBox):
        index = widget.findData(value)
        if index < 0:
            widget.addItem(value, value)
            index = widget.count() - 1
        widget.setCurrentIndex(index)
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(value)
    else:
        widget.setText(value)


class FormFields:
    """The fields of one form by the core's field names: fill, read, and show problems."""

    def __init__(self, form: QFormLayout, mnemonics: Mnemonics) -> None:
        self._form = form
        self._mnemonics = mnemonics
        self.widgets: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.problems: dict[str, QLabel] = {}
        self._hints: dict[str, str] = {}

    def add(self, field: str, label: str, widget: QWidget, hint: str = "") -> None:
        """Add a row: a label bound to `widget`, and a hidden problem line below it."""
        caption = QLabel(self._mnemonics.mark(label))
        caption.setBuddy(widget)
        widget.setAccessibleName(label)
        widget.setAccessibleDescription(hint)
        problem = _problem_label(label)
        self._form.addRow(caption, widget)
        self._form.setWidget(self._form.rowCount(), QFormLayout.ItemRole.FieldRole, problem)
        self.widgets[field] = widget
        self.labels[field] = caption
        self.problems[field] = problem
        self._hints[field] = hint

    def values(self) -> dict[str, str]:
        return {field: read(widget) for field, widget in self.widgets.items()}

    def fill(self, values: Mapping[str, str]) -> None:
        for field, widget in self.widgets.items():
            if field in values:
                write(widget, values[field])

    def set_enabled(self, field: str, enabled: bool) -> None:
        self.widgets[field].setEnabled(enabled)
        self.labels[field].setEnabled(enabled)

    def clear_problems(self) -> None:
        for field, problem in self.problems.items():
            problem.clear()
            problem.hide()
            self.widgets[field].setAccessibleDescription(self._hints[field])

    def show_problems(self, error: ValidationError) -> list[str]:
        """Show each problem under its field; returns the messages that have no field here."""
        self.clear_problems()
        elsewhere = []
        for problem in error.errors:
            if problem.field in self.problems:
                self.problems[problem.field].setText(PROBLEM_MARK + problem.message)
                self.problems[problem.field].show()
                self.widgets[problem.field].setAccessibleDescription(problem.message)
            else:
                elsewhere.append(problem.message)
        return elsewhere

    def report_problems(
        self, error: ValidationError, summary: QLabel, outcome: str = NOTHING_SAVED
    ) -> QWidget | None:
        """Show the problems by their fields and in `summary`; focus the first field with one."""
        elsewhere = self.show_problems(error)
        show_summary(summary, self.problem_count(), elsewhere, outcome)
        first = self.first_with_problem()
        if first is not None:
            first.setFocus()
        return first

    def problem_count(self) -> int:
        """How many fields show a problem."""
        return sum(not problem.isHidden() for problem in self.problems.values())

    def first_with_problem(self) -> QWidget | None:
        """The first field, in form order, that shows a problem."""
        for field, problem in self.problems.items():
            if not problem.isHidden():
                return self.widgets[field]
        return None


def _problem_label(field_label: str) -> QLabel:
    problem = WrappedLabel()
    problem.setFont(scaled_font(problem))
    problem.setAccessibleName(f"Problem with {field_label}")
    problem.hide()
    return problem


def summary_label() -> QLabel:
    """A line above a form saying that some fields need attention; hidden until then."""
    label = WrappedLabel()
    label.setFont(scaled_font(label))
    label.setAccessibleName("Problems to put right")
    label.hide()
    return label


def show_summary(
    label: QLabel, count: int, elsewhere: list[str], outcome: str = NOTHING_SAVED
) -> None:
    """'Please check the 2 fields marked ⚠ below. Nothing has been saved yet.'

    `outcome` says what did not happen ("Nothing was sent."), or "" when a message says it.
    """
    fields = "the field" if count == 1 else f"the {count} fields"
    lines = (
        [f"{PROBLEM_MARK}Please check {fields} marked {PROBLEM_MARK.strip()} below."]
        if count
        else []
    )
    lines += [PROBLEM_MARK + message for message in elsewhere]
    label.setText("\n".join([*lines, outcome] if outcome else lines))
    label.show()
