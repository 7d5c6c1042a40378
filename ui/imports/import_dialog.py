"""Import a spreadsheet: choose it, see every row as read and every problem, then import all.

Nothing is saved until Import, and Import is offered only when no row has a problem; the
core then saves every row or none. Checking and importing run through the Runner.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStringListModel
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QListView
from PySide6.QtWidgets import QProgressBar
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.records.imports import ImportPreview
from microbiz.records.imports import preview_import
from microbiz.records.imports import run_import
from ui.common import desktop
from ui.common.buttons import push_button
from ui.common.files import choose_file
from ui.common.files import documents_folder
from ui.common.keys import tab_order
from ui.common.looks import WrappedLabel
from ui.common.looks import em
from ui.common.looks import heading
from ui.common.looks import paragraph
from ui.common.looks import scaled_font
from ui.common.runner import Job
from ui.common.runner import Runner
from ui.common.tables import read_only_table
from ui.imports.import_preview_model import ImportPreviewModel
from ui.imports.import_preview_model import count_words
from ui.imports.import_preview_model import problem_lines
from ui.imports.import_preview_model import summary_words

SPREADSHEET_FILTER = "Spreadsheets (*.csv *.xlsx);;All files (*)"
NO_FILE = "No file chosen yet."
CHECKING = "Checking every row of the file…"
IMPORTING = "Importing…"
PLEASE_WAIT = "Please wait: Microbiz is still working on the file."
NOTHING_SAVED = "Nothing has been imported."
WIDTH_EM = 60
HEIGHT_EM = 52
SCREEN_SHARE = 0.85
PROBLEM_ROWS = 4


@dataclass(frozen=True)
class Kind:
    """What one kind of import is called, and the columns its file needs and may have."""

    one: str
    many: str
    needed: str
    optional: str


KINDS = {
    "expenses": Kind(
        "expense",
        "expenses",
        "date, amount, category, description",
        "supplier, client, date_paid",
    ),
    "journeys": Kind("journey", "journeys", "date, miles", "from, to, purpose, client, vehicle"),
    "clients": Kind(
        "client",
        "clients",
        "name",
        "funding, payer_kind, payer_name, address, postcode, phone, email, start_date, "
        "contracted_hours, weekday_rate, weekend_rate, bank_holiday_rate, notes, status",
    ),
    "visits": Kind(
        "visit",
        "visits",
        "client, date, start, end",
        "break_minutes, visit_type, status, mileage, notes",
    ),
    "rates": Kind(
        "rate",
        "rates",
        "client, visit_type",
        "weekday_rate, weekend_rate, bank_holiday_rate, flat_fee",
    ),
    "policies": Kind(
        "item",
        "items",
        "kind, provider",
        "reference, cover_amount, start, expiry, reminder_days",
    ),
}


def choose_spreadsheet(parent: QWidget | None, caption: str) -> Path | None:
    """Ask for a .csv or .xlsx file to import; tests replace this function."""
    return choose_file(parent, caption, str(documents_folder()), SPREADSHEET_FILTER)


def explanation(kind: Kind) -> str:
    return (
        f"Choose a spreadsheet (.csv or .xlsx) with a heading row, then one {kind.one} on "
        f"each row. Columns needed: {kind.needed}. Columns you may add: {kind.optional}. "
        "A workbook exported from Microbiz can be imported as it is. Nothing is saved "
        f"until you choose Import; then every {kind.one} is saved, or none."
    )


class ImportDialog(QDialog):
    """Choose a file, look over its rows and problems, then import every row or none."""

    def __init__(self, parent: QWidget | None, kind: str) -> None:
        super().__init__(parent)
        self.kind = kind
        self._kind = KINDS[kind]
        self.path: Path | None = None
        self.preview: ImportPreview | None = None
        self.imported: int | None = None
        self.said = ""
        self._job: Job | None = None
        self._filler = QWidget()
        self.setWindowTitle(f"Import {self._kind.many}")
        self.file_label = WrappedLabel(NO_FILE)
        self.file_label.setAccessibleName("File chosen")
        self.choose_button = push_button("C&hoose file…", "Choose file", self.choose_file)
        self.again_button = push_button(
            "Check &again",
            "Check the file again",
            self.check_again,
            "After putting the problems right and saving the file",
        )
        self.summary = WrappedLabel()
        self.summary.setFont(scaled_font(self.summary))
        self.summary.setAccessibleName("What Microbiz found")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.model = ImportPreviewModel(self)
        self.table = read_only_table(self.model, "Rows in the file")
        self.problems_model = QStringListModel(self)
        self.problems = QListView()
        self.problems.setModel(self.problems_model)
        self.problems.setAccessibleName("Problems found")
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.setWordWrap(True)
        self.copy_button = push_button(
            "Co&py the problems", "Copy the problems", self.copy_problems
        )
        self.rows_heading = heading("Rows in the &file")
        self.rows_heading.setAccessibleName("Rows in the file")
        self.rows_heading.setBuddy(self.table)
        self.problems_heading = heading("P&roblems")
        self.problems_heading.setAccessibleName("Problems")
        self.problems_heading.setBuddy(self.problems)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            "&Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setAccessibleName("Import")
        self.import_button.setDefault(True)
        close = self.buttons.addButton("&Close", QDialogButtonBox.ButtonRole.RejectRole)
        close.setAccessibleName("Close")
        self.buttons.accepted.connect(self.import_rows)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self._show_nothing_yet()
        self._fit_to_screen()
        self.choose_button.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, kind: str) -> ImportDialog:
        """Open the dialog modally; afterwards `imported` is the count saved, or None."""
        dialog = cls(parent, kind)
        dialog.exec()
        dialog.deleteLater()
        return dialog

    def is_working(self) -> bool:
        return self._job is not None

    # Actions

    def choose_file(self) -> None:
        if self.is_working():
            return
        path = choose_spreadsheet(self, f"Import {self._kind.many}")
        if path is not None:
            self.check(path)

    def check_again(self) -> None:
        if self.path is not None:
            self.check(self.path)

    def check(self, path: Path) -> None:
        """Read every row of `path` as an import would, saving nothing."""
        if self.is_working():
            return
        self.path = path
        self.file_label.setText(str(path))
        self.file_label.setAccessibleName(f"File chosen: {path.name}")
        kind = self.kind
        self._start(Job(lambda _progress: preview_import(kind, path)), CHECKING)
        self._job.signals.result.connect(self._checked)
        self._job.signals.error.connect(self._unreadable)
        Runner.start(self._job)

    def import_rows(self) -> None:
        """Save every row; offered only when the file has rows and no problems."""
        if self.is_working() or not self._ready():
            return
        kind, path = self.kind, self.path
        self._start(Job(lambda _progress: run_import(kind, path)), IMPORTING)
        self._job.signals.result.connect(self._imported)
        self._job.signals.error.connect(self._import_failed)
        Runner.start(self._job)

    def copy_problems(self) -> None:
        desktop.copy_text("\n".join(self.problems_model.stringList()))

    def reject(self) -> None:
        if self.is_working():
            self._say(PLEASE_WAIT)
            return
        super().reject()

    # What the jobs leave behind

    @Slot(object)
    def _checked(self, preview: ImportPreview) -> None:
        self.preview = preview
        self.model.set_preview(preview)
        lines = problem_lines(preview)
        self.problems_model.setStringList(lines)
        words = summary_words(preview, self._kind.one, self._kind.many)
        if lines:
            words += " Put them right in the spreadsheet, save it, then choose “Check again”."
        self._say(words)
        self._show_found(bool(lines))
        self._focus_after_check()

    @Slot(str)
    def _unreadable(self, problem: str) -> None:
        self.preview = None
        self.model.set_preview(None)
        self.problems_model.setStringList([])
        self._say(
            f"Microbiz could not read this file. {_sentence(problem)} "
            f"{NOTHING_SAVED} Choose another file, or put this one right and check it again."
        )
        self._show_nothing_yet()
        self._focus_after_check()

    @Slot(object)
    def _imported(self, count: int) -> None:
        self.imported = count
        self.said = f"Imported {count_words(count, self._kind.one, self._kind.many)}."
        self._job = None
        super().accept()

    @Slot(str)
    def _import_failed(self, problem: str) -> None:
        self.preview = None
        self._say(
            f"{_sentence(problem)} {NOTHING_SAVED} If the file was changed, choose “Check again”."
        )

    # Building and state

    def _start(self, job: Job, doing: str) -> None:
        self._job = job
        self._say(doing)
        self.progress.show()
        for button in (self.choose_button, self.again_button, self.import_button):
            button.setEnabled(False)
        job.signals.finished.connect(self._finished)

    @Slot()
    def _finished(self) -> None:
        self._job = None
        self.progress.hide()
        self.choose_button.setEnabled(True)
        self.again_button.setEnabled(self.path is not None)
        self.import_button.setEnabled(self._ready())

    def _focus_after_check(self) -> None:
        """Import when all is well; the problems in words when not; else Choose file."""
        self._finished()
        if self.import_button.isEnabled():
            self.import_button.setFocus()
        elif self.problems.isVisibleTo(self):
            self.problems.setFocus()
        else:
            self.choose_button.setFocus()

    def _ready(self) -> bool:
        return (
            self.preview is not None
            and not self.preview.problems
            and self.preview.would_import > 0
            and self.path is not None
        )

    def _say(self, text: str) -> None:
        self.summary.setText(text)
        self.summary.setAccessibleName(text)
        self.summary.show()

    def _show_nothing_yet(self) -> None:
        for widget in (self.rows_heading, self.table):
            widget.setVisible(self.preview is not None)
        self._filler.setVisible(self.preview is None)
        self._show_problems(False)
        self.again_button.setEnabled(self.path is not None)
        self.import_button.setEnabled(False)
        if self.path is None:
            self.summary.hide()

    def _show_found(self, has_problems: bool) -> None:
        self.rows_heading.show()
        self.table.show()
        self._filler.hide()
        self._show_problems(has_problems)
        count = self.preview.would_import if self.preview else 0
        self.import_button.setText(
            f"&Import {count_words(count, self._kind.one, self._kind.many)}"
            if count and not has_problems
            else "&Import"
        )

    def _show_problems(self, shown: bool) -> None:
        for widget in (self.problems_heading, self.problems, self.copy_button):
            widget.setVisible(shown)

    def _lay_out(self) -> None:
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setMinimumHeight(em(self, 10))
        line = self.problems.fontMetrics().lineSpacing()
        self.problems.setMinimumHeight(PROBLEM_ROWS * line * 3 // 2)
        file_row = QHBoxLayout()
        file_caption = QLabel("File:")
        file_row.addWidget(file_caption)
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(self.choose_button)
        file_row.addWidget(self.again_button)
        problems_row = QHBoxLayout()
        problems_row.addWidget(self.problems_heading)
        problems_row.addStretch()
        problems_row.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.addWidget(paragraph(explanation(self._kind)))
        layout.addLayout(file_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(self.rows_heading)
        layout.addWidget(self.table, 3)
        layout.addLayout(problems_row)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self._filler, 1)
        layout.addWidget(self.buttons)
        chain = [self.choose_button, self.again_button, self.table, self.copy_button]
        chain += [self.problems, self.import_button]
        tab_order(chain)

    def _fit_to_screen(self) -> None:
        screen = self.screen().availableGeometry()
        width = min(em(self, WIDTH_EM), round(screen.width() * SCREEN_SHARE))
        height = min(em(self, HEIGHT_EM), round(screen.height() * SCREEN_SHARE))
        self.resize(width, height)


def _sentence(text: str) -> str:
    """The core's message as a sentence ending in a full stop; a file name keeps its case."""
    text = text.strip()
    if not text:
        return ""
    if text[0].islower() and " " in text and "." not in text.split()[0]:
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."
