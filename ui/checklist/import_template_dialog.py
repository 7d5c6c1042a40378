"""Why a checklist file could not be imported: every problem, with the line it is on."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QListView
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from ui.common import desktop
from ui.common.buttons import push_button
from ui.common.looks import em
from ui.common.looks import heading
from ui.common.looks import paragraph

WIDTH_EM = 50
ROWS_SHOWN = 8


def explanation(file_name: str, count: int) -> str:
    problems = "1 problem" if count == 1 else f"{count} problems"
    return (
        f"Nothing was installed: {file_name} has {problems}. Each line below says where in "
        "the file it is. Send the list to whoever gave you the file, or put the problems "
        "right and import it again."
    )


class ImportProblemsDialog(QDialog):
    """The problems as a list that can be read line by line and copied."""

    def __init__(self, parent: QWidget | None, file_name: str, lines: list[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Checklist not imported")
        self.lines = list(lines)
        self.model = QStringListModel(self.lines, self)
        self.problems = QListView()
        self.problems.setModel(self.model)
        self.problems.setAccessibleName("Problems found")
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.setWordWrap(True)
        self.problems.setSpacing(3)
        list_heading = heading("&Problems found")
        list_heading.setAccessibleName("Problems found")
        list_heading.setBuddy(self.problems)
        self.copy_button = push_button("C&opy the list", "Copy the list", self.copy)
        self.copy_button.setAutoDefault(False)
        buttons = QDialogButtonBox()
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton("&Close", QDialogButtonBox.ButtonRole.RejectRole)
        close.setAccessibleName("Close")
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(paragraph(explanation(file_name, len(lines))))
        layout.addWidget(list_heading)
        layout.addWidget(self.problems, 1)
        layout.addWidget(buttons)
        line = self.problems.fontMetrics().lineSpacing()
        self.problems.setMinimumHeight(min(max(len(lines), 3), ROWS_SHOWN) * line * 3 // 2)
        self.resize(em(self, WIDTH_EM), self.sizeHint().height())
        self.problems.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, file_name: str, lines: list[str]) -> None:
        """Show the problems modally until closed."""
        dialog = cls(parent, file_name, lines)
        dialog.exec()
        dialog.deleteLater()

    def copy(self) -> None:
        desktop.copy_text("\n".join(self.lines))
