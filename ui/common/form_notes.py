"""A plain note shown under a form field, for what a label alone cannot say."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QWidget

from ui.common.forms import FormFields
from ui.common.looks import paragraph


def add_with_note(
    fields: FormFields, form: QFormLayout, name: str, label: str, widget: QWidget, note: str
) -> QLabel:
    """Add a field, then `note` beneath it (below any problem); screen readers hear it too."""
    fields.add(name, label, widget, note)
    shown = paragraph(note)
    form.setWidget(form.rowCount(), QFormLayout.ItemRole.FieldRole, shown)
    return shown
