"""Every control has a name for screen readers and a label bound to it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QWidget

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.compliance.checklists import DEFAULT_TEMPLATE
from microbiz.compliance.checklists import items_of
from microbiz.compliance.checklists import start_checklist
from microbiz.compliance.policies import PolicyForm
from microbiz.compliance.policies import reminders
from microbiz.compliance.policies import save_policy
from microbiz.demo.sample_business import create_demo
from microbiz.foundations import clock
from microbiz.foundations.attachments import attach_document
from microbiz.foundations.business import BusinessForm
from microbiz.foundations.business import save_business
from microbiz.invoicing.invoices import get_invoice
from microbiz.invoicing.payments import record_payment
from microbiz.workforce.membership import opt_in
from microbiz.workforce.returns import save_return
from ui.checklist.checklist_item_dialog import ChecklistItemDialog
from ui.checklist.checklist_page import ChecklistPage
from ui.checklist.import_template_dialog import ImportProblemsDialog
from ui.clients.client_dialog import ClientDialog
from ui.clients.rate_card_dialog import RateCardDialog
from ui.clients.visit_type_dialog import VisitTypeDialog
from ui.compliance.compliance_page import CompliancePage
from ui.compliance.policy_dialog import PolicyDialog
from ui.hours.schedule_dialog import ScheduleDialog
from ui.hours.schedules_dialog import SchedulesDialog
from ui.hours.stop_schedule_dialog import StopScheduleDialog
from ui.invoices.credit_dialog import CreditDialog
from ui.invoices.draft_dialog import DraftDialog
from ui.invoices.invoices_page import InvoicesPage
from ui.invoices.late_payment_dialog import LatePaymentDialog
from ui.invoices.line_dialog import LineDialog
from ui.invoices.month_end_dialog import MonthEndDialog
from ui.invoices.not_ready_dialog import NotReadyDialog
from ui.invoices.payment_dialog import PaymentDialog
from ui.main_window import PAGES
from ui.main_window import MainWindow
from ui.settings.first_run_dialog import FirstRunDialog
from ui.settings.settings_page import SettingsPage
from ui.workforce.opt_in_dialog import OptInDialog
from ui.workforce.workforce_answers_dialog import WorkforceAnswersDialog
from ui.workforce.workforce_page import WorkforcePage

WORKFORCE_NOW = datetime(2026, 7, 15, 10, 0)
INPUTS = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractButton, QAbstractItemView)


def unnamed_inputs(top: QWidget) -> list[str]:
    found = []
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, INPUTS) or isinstance(widget, QHeaderView):
            continue
        if widget.isVisible() and not widget.accessibleName().strip():
            found.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return found


def unlabelled_inputs(top: QWidget) -> list[str]:
    """Line edits, text boxes and combos that no QLabel is a buddy of."""
    buddies = {label.buddy() for label in top.findChildren(QLabel) if label.buddy()}
    fields = (QLineEdit, QPlainTextEdit, QComboBox)
    return [
        widget.accessibleName()
        for widget in top.findChildren(QWidget)
        if isinstance(widget, fields) and widget.isVisible() and widget not in buddies
    ]


def shown(qtbot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_client_dialog_inputs_are_named_and_labelled(qtbot, business):
    dialog = shown(qtbot, ClientDialog())
    assert unnamed_inputs(dialog) == []
    assert unlabelled_inputs(dialog) == []


def test_settings_page_inputs_are_named_and_labelled(qtbot, business, data_dir):
    page = shown(qtbot, SettingsPage(data_dir))
    assert unnamed_inputs(page) == []
    assert unlabelled_inputs(page) == []


def test_main_window_and_clients_page_are_named_and_labelled(qtbot, clients, data_dir):
    window = shown(qtbot, MainWindow(data_dir))
    assert unnamed_inputs(window) == []
    assert unlabelled_inputs(window) == []


def test_first_run_dialog_is_named_and_labelled(qtbot, db):
    dialog = shown(qtbot, FirstRunDialog())
    assert unnamed_inputs(dialog) == []
    assert unlabelled_inputs(dialog) == []


@pytest.mark.parametrize(
    "make",
    [
        lambda client_id: RateCardDialog(None, client_id),
        lambda client_id: VisitTypeDialog(None, client_id),
        lambda client_id: SchedulesDialog(None, client_id),
        lambda client_id: ScheduleDialog(None, client_id),
        lambda client_id: StopScheduleDialog(None, "Monday 09:00 to 10:00"),
    ],
    ids=["rates", "visit type", "weekly visits", "weekly visit", "stop"],
)
def test_rate_and_schedule_dialogs_are_named_and_labelled(qtbot, clients, make):
    dialog = shown(qtbot, make(clients["margaret"].id))
    assert unnamed_inputs(dialog) == []
    assert unlabelled_inputs(dialog) == []
    assert alt_letters(dialog) == sorted(set(alt_letters(dialog)))


def test_a_weekly_visit_without_visit_types_is_named_and_labelled(qtbot, clients):
    dialog = shown(qtbot, ScheduleDialog(None, clients["jean"].id))
    assert unnamed_inputs(dialog) == []
    assert unlabelled_inputs(dialog) == []


def alt_letters(top: QWidget) -> list[str]:
    """The Alt+letter of every label and button in `top`, sorted (rich text has none)."""
    texts = [
        label.text()
        for label in top.findChildren(QLabel)
        if label.textFormat() != Qt.TextFormat.RichText
    ]
    texts += [button.text() for button in top.findChildren(QAbstractButton)]
    letters = []
    for text in texts:
        text = text.replace("&&", "")
        if "&" in text:
            letters.append(text[text.index("&") + 1].lower())
    return sorted(letters)


def test_labels_have_their_own_alt_letters(qtbot, business):
    dialog = shown(qtbot, ClientDialog())
    letters = []
    for label in dialog.findChildren(QLabel):
        text = label.text().replace("&&", "")
        if "&" in text:
            letters.append(text[text.index("&") + 1].lower())
    assert len(letters) == len(set(letters))
    assert "s" not in letters


def focus_chain(top: QWidget, count: int) -> list[str]:
    """Accessible names of the next `count` widgets Tab reaches, from the focused one."""
    widget, names = top.focusWidget(), []
    while len(names) < count:
        names.append(widget.accessibleName())
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) or not widget.isVisible():
            widget = widget.nextInFocusChain()
    return names


def test_tab_goes_down_the_client_form_in_order(qtbot, business):
    dialog = shown(qtbot, ClientDialog())
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert focus_chain(dialog, 6) == [
        "Name",
        "Address",
        "Postcode",
        "Phone",
        "Email",
        "Start date",
    ]


def test_tab_goes_down_the_weekly_visit_form_in_order(qtbot, clients):
    dialog = shown(qtbot, ScheduleDialog(None, clients["margaret"].id))
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert focus_chain(dialog, 8) == [
        "Day of the week",
        "Start time",
        "End time",
        "Break (minutes)",
        "Visit type",
        "Mileage",
        "From",
        "Until",
    ]


def test_tab_goes_from_the_rates_table_to_its_buttons(qtbot, clients):
    dialog = shown(qtbot, RateCardDialog(None, clients["margaret"].id))
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert focus_chain(dialog, 5) == [
        "Rates for Margaret Brown",
        "Add visit type",
        "Edit visit type",
        "Remove visit type",
        "Close",
    ]


def test_main_window_starts_in_the_search_box(qtbot, clients, data_dir):
    window = shown(qtbot, MainWindow(data_dir))
    assert focus_chain(window, 5) == [
        "Search everything",
        "Open Settings for your business details",
        "Open Clients to add a client and their rates",
        "Open Hours to record a visit",
        "Open Invoices to make and issue an invoice",
    ]


def test_invoices_page_is_named_and_labelled(qtbot, issued, data_dir):
    page = shown(qtbot, InvoicesPage(data_dir / "invoices", today=lambda: date(2026, 12, 20)))
    page.select_invoice(issued["jean"])
    assert page.overdue_table.isVisible()
    assert unnamed_inputs(page) == []
    assert unlabelled_inputs(page) == []
    assert alt_letters(page) == sorted(set(alt_letters(page)))


def test_tab_goes_from_the_overdue_payers_to_the_list_and_its_buttons(qtbot, issued, data_dir):
    page = shown(qtbot, InvoicesPage(data_dir / "invoices", today=lambda: date(2026, 12, 20)))
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.buttons["month"].setFocus()
    assert focus_chain(page, 7) == [
        "Invoice a month",
        "Open invoices folder",
        "Import bank statement",
        "Overdue by payer",
        "Show invoices by status",
        "Show invoices for client",
        "Invoices",
    ]


@pytest.mark.parametrize(
    "make",
    [
        lambda ids, folder: PaymentDialog(None, ids["margaret"]),
        lambda ids, folder: CreditDialog(None, ids["margaret"], folder),
        lambda ids, folder: LatePaymentDialog(None, ids["jean"], today=date(2027, 1, 13)),
    ],
    ids=["payment", "credit note", "late payment"],
)
def test_issued_invoice_dialogs_are_named_and_labelled(qtbot, issued, tmp_path, make):
    record_payment(issued["margaret"], "10.00", "01/12/2026")
    dialog = shown(qtbot, make(issued, tmp_path))
    assert unnamed_inputs(dialog) == []
    assert unlabelled_inputs(dialog) == []
    assert alt_letters(dialog) == sorted(set(alt_letters(dialog)))


@pytest.mark.parametrize(
    "make",
    [
        lambda ids: DraftDialog(None, ids["margaret"]),
        lambda ids: LineDialog(None, ids["margaret"]),
    ],
    ids=["draft", "line"],
)
def test_draft_dialogs_are_named_and_labelled(qtbot, drafts, make):
    dialog = shown(qtbot, make(drafts))
    assert unnamed_inputs(dialog) == []
    assert unlabelled_inputs(dialog) == []
    assert alt_letters(dialog) == sorted(set(alt_letters(dialog)))


def test_month_end_dialog_is_named_and_labelled_at_each_step(
    qtbot, november, tmp_path, synchronous_runner
):
    dialog = shown(qtbot, MonthEndDialog(None, tmp_path, today=date(2026, 12, 3)))
    assert unnamed_inputs(dialog) == []
    assert unlabelled_inputs(dialog) == []
    dialog.make_drafts()
    assert dialog.table.isVisible() and dialog.skipped.isVisible()
    assert unnamed_inputs(dialog) == []
    assert unlabelled_inputs(dialog) == []
    dialog.issue_all()
    assert dialog.buttons["folder"].isVisible()
    assert unnamed_inputs(dialog) == []
    assert alt_letters(dialog) == sorted(set(alt_letters(dialog)))


def named_labelled_and_lettered(top: QWidget) -> None:
    assert unnamed_inputs(top) == []
    assert unlabelled_inputs(top) == []
    assert alt_letters(top) == sorted(set(alt_letters(top)))


@pytest.fixture
def register(business, data_dir, tmp_path):
    """An insurance due soon with a document; the other expected items missing."""
    policy = save_policy(
        PolicyForm(
            kind="public_liability",
            provider="Hiscox",
            starts_on="20/06/2025",
            expires_on="20/06/2026",
        )
    )
    scan = tmp_path / "certificate.pdf"
    scan.write_bytes(b"%PDF-1.4\n")
    attach_document(scan, data_dir, policy_id=policy.id)
    return policy


def test_compliance_page_is_named_and_labelled(qtbot, register, data_dir):
    page = shown(qtbot, CompliancePage(data_dir, today=lambda: date(2026, 6, 1)))
    page.select_policy(register.id)
    assert page.reminders_list.isVisible() and page.table.isVisible()
    named_labelled_and_lettered(page)


def test_tab_goes_from_the_reminders_to_the_register_and_its_buttons(qtbot, register, data_dir):
    page = shown(qtbot, CompliancePage(data_dir, today=lambda: date(2026, 6, 1)))
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.select_policy(register.id)
    page.first_field.setFocus()
    assert focus_chain(page, 6) == [
        "Needs attention",
        "Deal with the chosen reminder",
        "Your register",
        "Add item",
        "Edit item",
        "Renew item",
    ]


@pytest.mark.parametrize("existing", [False, True], ids=["new", "existing"])
def test_policy_dialog_is_named_and_labelled(qtbot, register, data_dir, existing):
    dialog = shown(qtbot, PolicyDialog(None, data_dir, register.id if existing else None))
    named_labelled_and_lettered(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert focus_chain(dialog, 9) == [
        "Kind",
        "Insurer",
        "Reference",
        "Cover amount (£)",
        "Valid from",
        "Expires or renews on",
        "Remind me (days before)",
        "Notes",
        "Documents",
    ]


def test_checklist_page_is_named_and_labelled_empty_and_started(qtbot, business, data_dir):
    page = shown(qtbot, ChecklistPage(data_dir, today=lambda: date(2026, 6, 1)))
    named_labelled_and_lettered(page)
    page.start_default()
    assert page.table.isVisible()
    named_labelled_and_lettered(page)
    assert page.progress.accessibleName() == "Checklist progress"
    assert page.details.accessibleName() == "About the chosen item"


def test_checklist_item_and_problem_dialogs_are_named_and_labelled(qtbot, business):
    checklist = start_checklist(DEFAULT_TEMPLATE, None, date(2026, 6, 1))
    item = items_of(checklist)[0]
    named_labelled_and_lettered(shown(qtbot, ChecklistItemDialog(None, item)))
    lines = ["line 3: items[1].title: missing"]
    named_labelled_and_lettered(shown(qtbot, ImportProblemsDialog(None, "broken.toml", lines)))


def test_the_reminders_notice_is_named(qtbot, business, data_dir):
    window = shown(qtbot, MainWindow(data_dir))
    window.show_reminders(reminders())
    assert window.notice.isVisible()
    assert unnamed_inputs(window.notice) == []
    assert window.notice.text.accessibleName().startswith("3 things need attention")


def test_workforce_page_is_named_and_labelled_before_and_after_taking_part(
    qtbot, business, tmp_path
):
    page = shown(qtbot, WorkforcePage(clock=lambda: WORKFORCE_NOW))
    named_labelled_and_lettered(page)
    assert page.in_words.isVisible() and not page.json_view.isVisible()
    page.show_exact.setChecked(True)
    assert page.json_view.isVisible() and page.preview_table.isVisible()
    named_labelled_and_lettered(page)
    opt_in("Kind Network", "https://collect.example.org", "KIND-2026")
    save_return(tmp_path / "return.json", "2026-Q2", WORKFORCE_NOW.date())
    page.refresh()
    assert page.buttons["stop"].isVisible() and page.buttons["send"].isVisible()
    assert page.returns_table.isVisible()
    named_labelled_and_lettered(page)
    assert page.state_line.accessibleName().startswith("You are taking part with Kind Network")


def test_tab_goes_from_taking_part_to_the_quarter_and_its_return(qtbot, business):
    page = shown(qtbot, WorkforcePage(clock=lambda: WORKFORCE_NOW))
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.first_field.setFocus()
    assert focus_chain(page, 6) == [
        "Take part",
        "Your answers",
        "Quarter",
        "Save as a file to email",
        "Your return in words",
        "Show exactly what is sent",
    ]


def test_workforce_dialogs_are_named_and_labelled(qtbot, business):
    opt_in_dialog = shown(qtbot, OptInDialog())
    named_labelled_and_lettered(opt_in_dialog)
    assert opt_in_dialog.consent.accessibleName() == (
        "I agree to send my anonymous answers to this organisation"
    )
    opt_in_dialog.email.setChecked(True)
    opt_in_dialog.accept()  # no consent: the problem is shown and named
    assert opt_in_dialog.consent_problem.isVisible()
    named_labelled_and_lettered(opt_in_dialog)
    named_labelled_and_lettered(shown(qtbot, WorkforceAnswersDialog()))


def test_not_ready_dialog_is_named_and_lettered(qtbot, drafts):
    save_business(BusinessForm(trading_name="Kind Hands Care", owner_name="Sam Carter"))
    jean = get_invoice(drafts["jean"]).client
    save_client(replace(ClientForm.of(jean), payer_address=""), jean.id)
    dialog = shown(qtbot, NotReadyDialog(None, [drafts["jean"], drafts["margaret"]]))
    named_labelled_and_lettered(dialog)
    assert len(dialog.buttons) == 2


# --- every page of the window, on the sample business -------------------------------------


def tab_stops(top: QWidget) -> list[QWidget]:
    """The controls in `top` that Tab should reach: shown, enabled, taking Tab focus."""
    stops = []
    for widget in top.findChildren(QWidget):
        if widget.focusProxy() is not None or not (widget.isVisible() and widget.isEnabled()):
            continue
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            stops.append(widget)
    return stops


def tabbed_through(window: QWidget, start: QWidget, limit: int) -> list[QWidget]:
    """The widgets focused by pressing Tab from `start`, once round (or `limit` presses)."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    reached = [QApplication.focusWidget()]
    for _ in range(limit):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        if focused is reached[0]:
            break
        reached.append(focused)
    return reached


def describe(widget: QWidget) -> str:
    return f"{type(widget).__name__} {widget.accessibleName() or widget.objectName()!r}"


@pytest.fixture
def sample_window(qtbot, data_dir, db, monkeypatch):
    """The main window on the sample business, on the demo's own day, with its reminders."""
    monkeypatch.setenv(clock.VARIABLE, "2026-11-25T12:00")
    create_demo(clients=12)
    window = shown(qtbot, MainWindow(data_dir))
    window.resize(1024, 640)
    window.show_reminders(reminders())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_every_page_names_its_controls_and_tab_reaches_them_all(sample_window):
    unnamed, unreached = {}, {}
    for name in PAGES:
        sample_window.show_page(name)
        page = sample_window.page(name)
        stops = tab_stops(page)
        unnamed[name] = [describe(w) for w in stops if not w.accessibleName().strip()]
        reached = tabbed_through(sample_window, page.first_field, 4 * len(stops) + 40)
        unreached[name] = [describe(w) for w in stops if w not in reached]
    assert {page: found for page, found in unnamed.items() if found} == {}
    assert {page: found for page, found in unreached.items() if found} == {}


def test_tab_reaches_the_reminders_banner_and_its_dismiss_button(sample_window):
    notice = sample_window.notice
    assert notice.isVisible()
    reached = tabbed_through(sample_window, sample_window.page("home").first_field, 200)
    assert notice.open_button in reached and notice.dismiss_button in reached
    notice.dismiss_button.setFocus()
    QTest.keyClick(notice.dismiss_button, Qt.Key.Key_Space)
    assert not notice.isVisible()
