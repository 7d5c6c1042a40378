"""A spreadsheet as Microbiz read it, before importing: each row with its number, bad cells marked.

A cell with a problem starts with "⚠" and carries the problem as its tool tip and
accessible description, so it never depends on colour. A problem with no column in the
file (a missing purpose, say) is marked on the row number instead. Columns have their
plain names; a value read forgivingly shows what it was read as ("council → The council").
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QObject
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import Qt

from microbiz.foundations.spreadsheets import Row
from microbiz.records.imports import ImportPreview
from microbiz.records.imports import RowProblem
from ui.common.forms import PROBLEM_MARK

ROW = 0
ROW_HEADER = "Row"
BLANK = "(blank)"

Index = QModelIndex | QPersistentModelIndex


def count_words(count: int, one: str, many: str) -> str:
    return f"1 {one}" if count == 1 else f"{count:,} {many}"


def problem_line(problem: RowProblem) -> str:
    """'Row 3, Amount: 'abc' is not an amount of money (try 18.50 or £1,234.50).'"""
    message = problem.message.strip()
    if not message.endswith((".", "?", "!")):
        message += "."
    return f"Row {problem.row}, {problem.heading or problem.column}: {message}"


def problem_lines(preview: ImportPreview) -> list[str]:
    return [problem_line(problem) for problem in preview.problems]


def summary_words(preview: ImportPreview, one: str, many: str) -> str:
    """'12 expenses ready to import.' or '3 problems in 2 rows: nothing will be imported…'."""
    if not preview.problems:
        return f"{count_words(preview.would_import, one, many)} ready to import."
    rows = len({problem.row for problem in preview.problems})
    return (
        f"{count_words(len(preview.problems), 'problem', 'problems')} in "
        f"{count_words(rows, 'row', 'rows')}: nothing will be imported until they are fixed."
    )


class ImportPreviewModel(QAbstractTableModel):
    """The rows of an `ImportPreview`: the row number, then each column as read."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns: list[str] = []
        self._headings: list[str] = []
        self._readings: dict[tuple[int, str], str] = {}
        self._rows: list[Row] = []
        self._cell_problems: dict[tuple[int, str], list[str]] = {}
        self._row_problems: dict[int, list[str]] = {}

    def set_preview(self, preview: ImportPreview | None) -> None:
        """Show a preview, or nothing (None) when the file could not be read."""
        self.beginResetModel()
        self._columns = list(preview.columns) if preview else []
        self._headings = list(preview.headings) if preview else []
        readings = preview.readings if preview else []
        self._readings = {(r.row, r.column): r.match.in_words() for r in readings}
        self._rows = list(preview.rows) if preview else []
        self._cell_problems = {}
        self._row_problems = {}
        for problem in preview.problems if preview else []:
            line = problem_line(problem)
            self._row_problems.setdefault(problem.row, []).append(line)
            if problem.column in self._columns:
                key = (problem.row, problem.column)
                self._cell_problems.setdefault(key, []).append(problem.message)
        self.endResetModel()

    def columns(self) -> list[str]:
        """The headings shown: "Row", then each column's plain name."""
        return [ROW_HEADER, *self._headings]

    def marked_cells(self) -> list[tuple[int, str]]:
        """(row number, column) of every cell shown with a problem."""
        return sorted(self._cell_problems)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self._rows else len(self._columns) + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() <= len(self._columns):
            return None
        row = self._rows[index.row()]
        if index.column() == ROW:
            return self._row_number_data(row, role)
        return self._cell_data(row, self._columns[index.column() - 1], role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section <= len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns()[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == ROW:
            return "The row's number in the spreadsheet (the heading row is row 1)"
        return None

    def _row_number_data(self, row: Row, role: int) -> object:
        problems = self._row_problems.get(row.number, [])
        mark = PROBLEM_MARK if problems else ""
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{mark}{row.number}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            state = f", {count_words(len(problems), 'problem', 'problems')}" if problems else ""
            return f"Row {row.number}{state}"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return "\n".join(problems) if problems else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def _cell_data(self, row: Row, column: str, role: int) -> object:
        text = self._readings.get((row.number, column)) or row.text(column)
        problems = self._cell_problems.get((row.number, column), [])
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{PROBLEM_MARK}{text or BLANK}" if problems else text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if problems:
                return f"{text or BLANK}, problem: {' '.join(problems)}"
            return text or BLANK
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return " ".join(problems) if problems else (text or None)
        return None
