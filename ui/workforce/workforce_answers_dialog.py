"""Your answers to the workforce return's own questions, each with "Prefer not to say"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QScrollArea
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.collector.schema import load_schema
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.workforce.membership import current_answers
from microbiz.workforce.membership import field_label
from microbiz.workforce.membership import self_reported_fields
from microbiz.workforce.membership import set_answers
from ui.common import messages
from ui.common.buttons import dialog_buttons
from ui.common.buttons import push_button
from ui.common.form_notes import add_with_note
from ui.common.forms import FormFields
from ui.common.forms import choice_combo
from ui.common.forms import summary_label
from ui.common.looks import em
from ui.common.looks import paragraph
from ui.common.mnemonics import Mnemonics
from ui.workforce.return_preview_model import answer_words

TITLE = "Your answers"
EXPLANATION = (
    "These answers go into each return you send, in broad groups only. Every question "
    "has “Prefer not to say”, and that is the answer until you choose another. They are "
    "kept on this computer and only leave it in a return you choose to send."
)
# where the field's own name does not read well as a question
LABELS = {
    "care_certificate": "Care Certificate",
    "qualification_level": "Highest care qualification",
    "previous_work": "What you did before",
    "employs_others": "Do you employ anyone?",
}
WIDTH_EM = 44
SCREEN_SHARE = 0.85


def question_label(field: str) -> str:
    return LABELS.get(field, field_label(field))


class WorkforceAnswersDialog(QDialog):
    """A drop-down for each question; Save keeps them with the core's `set_answers`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.saved: dict[str, str] | None = None
        self.summary = summary_label()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields = FormFields(form, Mnemonics("sc"))
        meanings = {
            field: spec.get("description", "")
            for field, spec in load_schema()["properties"].items()
        }
        for field, values in self_reported_fields().items():
            combo = choice_combo({value: answer_words(field, value) for value in values})
            add_with_note(self.fields, form, field, question_label(field), combo, meanings[field])
        self.fields.fill(current_answers())
        self._unchanged = self.fields.values()
        save = push_button("&Save", "Save answers")
        self._buttons = dialog_buttons(self, save)
        self._scroll = QScrollArea()
        self._lay_out(form)

    @classmethod
    def ask(cls, parent: QWidget | None) -> dict[str, str] | None:
        """Open the dialog modally; every answer once saved, or None if cancelled."""
        dialog = cls(parent)
        dialog.exec()
        dialog.deleteLater()
        return dialog.saved

    def combo(self, field: str):
        return self.fields.widgets[field]

    def choose(self, field: str, value: str) -> None:
        """Pick `value` (as sent, like '35_44') for `field`."""
        combo = self.combo(field)
        combo.setCurrentIndex(combo.findData(value))

    def accept(self) -> None:
        try:
            self.saved = set_answers(self.fields.values())
        except ValidationError as problem:
            self.fields.report_problems(problem, self.summary)
            return
        except UserError as problem:
            messages.warn(self, "Answers not saved", str(problem))
            return
        super().accept()

    def reject(self) -> None:
        if self.fields.values() != self._unchanged and not messages.discard_changes(self):
            return
        super().reject()

    def _lay_out(self, form: QFormLayout) -> None:
        content = QWidget()
        content.setLayout(form)
        self._scroll.setWidget(content)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self._scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.addWidget(paragraph(EXPLANATION))
        layout.addWidget(self.summary)
        layout.addWidget(self._scroll, 1)
        layout.addWidget(self._buttons)
        hint = content.sizeHint()
        scroll_bar = self._scroll.verticalScrollBar().sizeHint().width()
        margins = layout.contentsMargins()
        room = margins.left() + margins.right() + 2 * self._scroll.frameWidth() + em(self, 1)
        width = max(hint.width() + scroll_bar + room, em(self, WIDTH_EM))
        height = hint.height() + self._buttons.sizeHint().height() + em(self, 8)
        screen = self.screen().availableGeometry()
        self.resize(
            min(width, round(screen.width() * SCREEN_SHARE)),
            min(height, round(screen.height() * SCREEN_SHARE)),
        )
