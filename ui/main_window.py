"""The main window: a sidebar of pages, the pages themselves, and a status bar."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray
from PySide6.QtCore import QSettings
from PySide6.QtCore import QSize
from PySide6.QtGui import QAction
from PySide6.QtGui import QCloseEvent
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QListWidget
from PySide6.QtWidgets import QListWidgetItem
from PySide6.QtWidgets import QMainWindow
from PySide6.QtWidgets import QStackedWidget
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from microbiz.compliance.policies import Reminder
from microbiz.foundations.paths import is_sample_folder
from ui.common import messages
from ui.common.looks import em
from ui.compliance.reminders_notice import RemindersNotice
from ui.home.home_page import HomePage
from ui.settings.sample_notice import LEAVE
from ui.settings.sample_notice import SampleNotice

if TYPE_CHECKING:
    from ui.clients.clients_page import ClientsPage
    from ui.settings.settings_page import SettingsPage

PAGES = {
    "home": "Home",
    "clients": "Clients",
    "hours": "Hours",
    "invoices": "Invoices",
    "expenses": "Expenses",
    "tax": "Tax",
    "compliance": "Insurance and checks",
    "checklist": "Checklist",
    "workforce": "Workforce",
    "settings": "Settings",
}
TITLE = "Microbiz"
SAMPLE_TITLE = "Microbiz — Sample business"
SETTINGS_FILE = "ui.ini"
GEOMETRY_KEY = "main_window/geometry"
DEFAULT_SIZE = (1100, 720)
MESSAGE_MILLISECONDS = 15_000
INVOICES_FOLDER = "invoices"
# How each page chooses one of its records, for a record opened from another page.
RECORD_CHOOSERS = {
    "invoices": "select_invoice",
    "compliance": "select_policy",
    "checklist": "select_item",
}


def ui_settings(folder: Path) -> QSettings:
    """Window and UI preferences, kept in the data folder (never the user's real registry)."""
    return QSettings(str(folder / SETTINGS_FILE), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    """Pages on the left (Ctrl+1, Ctrl+2, … Ctrl+0), the chosen page on the right."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = ui_settings(folder)
        self.sample = is_sample_folder(folder)
        self.left_sample = False
        self.setWindowTitle(SAMPLE_TITLE if self.sample else TITLE)
        self._makers: dict[str, Callable[[], QWidget]] = {
            "home": lambda: HomePage(folder),
            "clients": _clients_page,
            "hours": _hours_page,
            "invoices": lambda: _invoices_page(folder / INVOICES_FOLDER),
            "expenses": lambda: _expenses_page(folder),
            "tax": _tax_page,
            "compliance": lambda: _compliance_page(folder),
            "checklist": lambda: _checklist_page(folder),
            "workforce": _workforce_page,
            "settings": lambda: _settings_page(folder),
        }
        self.pages: dict[str, QWidget] = {}
        self.sidebar = QListWidget()
        self.stack = QStackedWidget()
        self.notice = RemindersNotice()
        self._build()
        self._restore_geometry()
        self._go_to("home")

    def show_page(self, name: str) -> None:
        self.sidebar.setCurrentRow(list(PAGES).index(name))

    def current_page(self) -> str:
        return list(PAGES)[self.stack.currentIndex()]

    def page(self, name: str) -> QWidget:
        """The page, built the first time it is needed so start-up reads only what it shows."""
        if name not in self.pages:
            built = self._makers[name]()
            built.message.connect(self.say)
            go_to = getattr(built, "go_to", None)
            if go_to is not None:  # a page asking for another, like Invoices for Settings
                go_to.connect(self._go_to)
            open_record = getattr(built, "open_record", None)
            if open_record is not None:  # a record on another page, like Home's invoices
                open_record.connect(self.show_record)
            index = list(PAGES).index(name)
            stand_in = self.stack.widget(index)
            self.stack.insertWidget(index, built)
            self.stack.removeWidget(stand_in)
            stand_in.deleteLater()
            self.pages[name] = built
        return self.pages[name]

    def show_record(self, name: str, record_id: int) -> None:
        """Show a page with one of its records chosen, all of its list shown."""
        self._go_to(name)
        page = self.page(name)
        if name == "invoices":
            page.show_status(None)
            page.client_filter.setCurrentIndex(0)
        getattr(page, RECORD_CHOOSERS[name])(record_id)
        page.table.setFocus()

    def find(self) -> None:
        """Ctrl+F: Home's search box, whatever page is showing."""
        self._go_to("home")
        self.home_page.search.selectAll()

    @property
    def home_page(self) -> HomePage:
        return self.page("home")

    @property
    def clients_page(self) -> ClientsPage:
        return self.page("clients")

    @property
    def hours_page(self) -> QWidget:
        return self.page("hours")

    @property
    def invoices_page(self) -> QWidget:
        return self.page("invoices")

    @property
    def compliance_page(self) -> QWidget:
        return self.page("compliance")

    @property
    def checklist_page(self) -> QWidget:
        return self.page("checklist")

    @property
    def settings_page(self) -> SettingsPage:
        return self.page("settings")

    def say(self, text: str) -> None:
        """A calm confirmation in the status bar."""
        self.statusBar().showMessage(text, MESSAGE_MILLISECONDS)

    def show_reminders(self, found: Sequence[Reminder]) -> None:
        """Say what needs attention in the banner (never a box to dismiss, never the status bar)."""
        self.notice.show_reminders(found)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._settings_may_close():
            event.ignore()
            return
        self._settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self._settings.sync()
        super().closeEvent(event)

    def _build(self) -> None:
        self.sidebar.setAccessibleName("Pages")
        for number, (name, label) in enumerate(PAGES.items(), start=1):
            self._add_page(number, name, label)
        metrics = self.sidebar.fontMetrics()
        widest = max(metrics.horizontalAdvance(label) for label in PAGES.values())
        padding = 2 * self.sidebar.frameWidth() + em(self, 1)
        self.sidebar.setFixedWidth(max(em(self, 10), widest + padding))  # no name cut short
        self.sidebar.currentRowChanged.connect(self._show_row)
        quit_action = QAction("Quit", self)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        self.addAction(quit_action)
        find_action = QAction("Search everything", self)
        find_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        find_action.triggered.connect(self.find)
        self.addAction(find_action)
        self.notice.open_requested.connect(partial(self._go_to, "compliance"))
        pages = QHBoxLayout()
        pages.addWidget(self.sidebar)
        pages.addWidget(self.stack, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        if self.sample:
            layout.addWidget(self._sample_notice())
        layout.addWidget(self.notice)
        layout.addLayout(pages, 1)
        self.setCentralWidget(central)

    def leave_sample(self) -> None:
        """Close the sample business; the app then starts the first run for your own folder."""
        self.left_sample = True
        self.left_sample = self.close()

    def _sample_notice(self) -> SampleNotice:
        """The line saying the sample is open, with the action that leaves it."""
        leave = QAction(LEAVE, self)
        leave.triggered.connect(self.leave_sample)
        self.addAction(leave)
        self.sample_notice = SampleNotice(leave)
        return self.sample_notice

    def _add_page(self, number: int, name: str, label: str) -> None:
        shortcut = f"Ctrl+{number % 10}"  # the tenth page is Ctrl+0
        item = QListWidgetItem(label)
        item.setToolTip(f"{label} ({shortcut})")
        item.setSizeHint(QSize(0, self.sidebar.fontMetrics().height() * 2))
        self.sidebar.addItem(item)
        self.stack.addWidget(QWidget())  # stands in until the page is first shown
        action = QAction(f"Show {label}", self)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(partial(self._go_to, name))
        self.addAction(action)

    def _go_to(self, name: str) -> None:
        """Switch page from the keyboard and put the cursor in the page's first field."""
        self.show_page(name)
        self.page(name).first_field.setFocus()

    def _show_row(self, row: int) -> None:
        name = list(PAGES)[row]
        self.page(name)
        self.stack.setCurrentIndex(row)
        if name == "compliance":
            self.notice.hide()  # the page itself lists everything that needs attention

    def _restore_geometry(self) -> None:
        saved = self._settings.value(GEOMETRY_KEY)
        if not (isinstance(saved, QByteArray) and self.restoreGeometry(saved)):
            self.resize(*DEFAULT_SIZE)

    def _settings_may_close(self) -> bool:
        """Offer to save business details typed but not saved; False keeps the window open."""
        if "settings" not in self.pages or not self.settings_page.has_unsaved_changes():
            return True
        answer = messages.ask_save(
            self,
            "Save your business details?",
            "You changed your business details in Settings but did not save them.",
        )
        if answer == messages.SAVE:
            if self.settings_page.save():
                return True
            self.show_page("settings")
            return False
        return answer == messages.DISCARD


def _clients_page() -> QWidget:
    """Imported when first shown, as each page but Home is: start-up imports only Home."""
    from ui.clients.clients_page import ClientsPage

    return ClientsPage()


def _settings_page(folder: Path) -> QWidget:
    from ui.settings.settings_page import SettingsPage

    return SettingsPage(folder)


def _hours_page() -> QWidget:
    """Imported when first shown: it brings the PDF library, which start-up does not need."""
    from ui.hours.hours_page import HoursPage

    return HoursPage()


def _invoices_page(folder: Path) -> QWidget:
    from ui.invoices.invoices_page import InvoicesPage

    return InvoicesPage(folder)


def _expenses_page(folder: Path) -> QWidget:
    from ui.expenses.expenses_page import ExpensesPage

    return ExpensesPage(folder)


def _tax_page() -> QWidget:
    """Imported when first shown: it brings QtCharts and openpyxl, which start-up does not need."""
    from ui.tax.tax_page import TaxPage

    return TaxPage()


def _workforce_page() -> QWidget:
    """Imported when first shown: it brings the return's schema and the HTTP client."""
    from ui.workforce.workforce_page import WorkforcePage

    return WorkforcePage()


def _compliance_page(folder: Path) -> QWidget:
    from ui.compliance.compliance_page import CompliancePage

    return CompliancePage(folder)


def _checklist_page(folder: Path) -> QWidget:
    from ui.checklist.checklist_page import ChecklistPage

    return ChecklistPage(folder)
