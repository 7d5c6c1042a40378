"""MainWindow: pages by sidebar and Ctrl+number, geometry kept in the data folder's ui.ini."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtCore import Qt

from microbiz.compliance.policies import PolicyForm
from microbiz.compliance.policies import reminders
from microbiz.compliance.policies import save_policy
from microbiz.foundations.business import get_business
from ui.common import messages
from ui.main_window import DEFAULT_SIZE
from ui.main_window import PAGES
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, business, data_dir) -> MainWindow:
    window = MainWindow(data_dir)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_opens_on_the_home_page(window):
    assert window.current_page() == "home"
    assert [window.sidebar.item(i).text() for i in range(window.sidebar.count())] == [
        "Home",
        "Clients",
        "Hours",
        "Invoices",
        "Expenses",
        "Tax",
        "Insurance and checks",
        "Checklist",
        "Workforce",
        "Settings",
    ]


def test_ctrl_number_switches_pages(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    keys = [getattr(Qt.Key, f"Key_{n % 10}") for n in range(1, len(PAGES) + 1)]
    for key, name in [*zip(keys[1:], list(PAGES)[1:], strict=True), (keys[0], "home")]:
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
        assert window.current_page() == name
        assert window.stack.currentWidget() is window.page(name)
        if name != "settings":
            assert window.focusWidget() is window.page(name).first_field


def test_choosing_in_the_sidebar_switches_page(window):
    for row, name in enumerate(PAGES):
        window.sidebar.setCurrentRow(row)
        assert window.current_page() == name


def test_hours_page_messages_reach_the_status_bar(window):
    window.hours_page.message.emit("Saved a visit.")
    assert window.statusBar().currentMessage() == "Saved a visit."


def test_invoice_pdfs_go_into_the_data_folders_invoices_folder(window, data_dir):
    assert window.invoices_page.folder == data_dir / "invoices"
    window.invoices_page.message.emit("Issued INV-0001.")
    assert window.statusBar().currentMessage() == "Issued INV-0001."


def test_compliance_and_checklist_pages_use_the_data_folder(window, data_dir):
    assert window.compliance_page.folder == data_dir
    assert window.checklist_page.folder == data_dir
    window.checklist_page.message.emit("Started the checklist.")
    assert window.statusBar().currentMessage() == "Started the checklist."


def test_the_workforce_page_comes_just_before_settings(window):
    names = list(PAGES)
    assert names.index("workforce") == names.index("settings") - 1
    window.show_page("workforce")
    page = window.page("workforce")
    assert window.stack.currentWidget() is page
    assert page.state_line.text() == "You are not taking part."
    page.message.emit("Saved your answers.")
    assert window.statusBar().currentMessage() == "Saved your answers."


def test_the_start_up_notice_says_what_needs_attention(window):
    assert not window.notice.isVisible()
    save_policy(
        PolicyForm(kind="ico_fee", provider="ICO", starts_on="01/01/2025", expires_on="01/01/2026")
    )
    found = reminders()
    window.show_reminders(found)
    assert window.notice.isVisible()
    text = window.notice.text.text()
    assert text.startswith(f"⚠ {len(found)} things need attention: ICO data protection fee expired")
    assert "DBS certificate not on record yet" in text
    assert window.statusBar().currentMessage() == ""  # the banner is not repeated below
    assert window.current_page() == "home"  # nothing modal, nothing taken away


def test_the_notice_opens_insurance_and_checks_and_can_be_dismissed(window):
    window.show_reminders(reminders())
    window.notice.open_button.click()
    assert window.current_page() == "compliance"
    assert not window.notice.isVisible()
    window.show_page("clients")
    window.show_reminders(reminders())
    window.notice.dismiss_button.click()
    assert not window.notice.isVisible()
    assert window.current_page() == "clients"
    window.show_reminders(reminders())
    assert not window.notice.isVisible()  # dismissed for the rest of the session


def test_no_notice_when_nothing_needs_attention(window):
    window.show_reminders([])
    assert not window.notice.isVisible()
    assert window.statusBar().currentMessage() == ""


def test_geometry_is_restored_from_ui_ini(qtbot, business, data_dir):
    first = MainWindow(data_dir)
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 500)
    first.close()
    assert (data_dir / "ui.ini").exists()

    second = MainWindow(data_dir)
    qtbot.addWidget(second)
    assert second.size() == QSize(700, 500)


def test_a_damaged_ui_ini_gives_the_default_size(qtbot, business, data_dir):
    (data_dir / "ui.ini").write_text("[main_window]\ngeometry=@ByteArray(junk)\n")
    window = MainWindow(data_dir)
    qtbot.addWidget(window)
    assert window.size() == QSize(*DEFAULT_SIZE)


def test_saved_confirmations_appear_in_the_status_bar(window):
    window.settings_page.fields.widgets["phone"].setText("0113 496 0000")
    window.settings_page.save()
    assert window.statusBar().currentMessage() == "Saved your business details."


def test_closing_with_unsaved_settings_can_be_cancelled(window, answers):
    window.settings_page.fields.widgets["phone"].setText("0113 496 0000")
    answers.save = messages.CANCEL
    assert window.close() is False
    assert window.isVisible()
    assert get_business().phone == ""


def test_closing_with_unsaved_settings_can_save_them(window, answers):
    window.settings_page.fields.widgets["phone"].setText("0113 496 0000")
    answers.save = messages.SAVE
    assert window.close() is True
    assert get_business().phone == "0113 496 0000"


def test_closing_refuses_to_lose_settings_that_cannot_be_saved(window, answers):
    window.settings_page.fields.widgets["bank_sort_code"].setText("12")
    answers.save = messages.SAVE
    assert window.close() is False
    assert window.current_page() == "settings"
    assert window.settings_page.fields.problems["bank_sort_code"].isVisible()
