"""The Home page: the core's figures, links to every page, the first steps, and search."""

from __future__ import annotations

from datetime import date

import pytest
from home_support import add_visit
from home_support import make_week
from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from test_accessibility import alt_letters
from test_accessibility import unlabelled_inputs
from test_accessibility import unnamed_inputs

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.foundations.business import start_business
from microbiz.foundations.money import format_money
from microbiz.home.due import due_within
from microbiz.home.income import income_by_month
from microbiz.home.week import week_summary
from microbiz.invoicing.payments import summary_of
from ui.home import home_words
from ui.home.due_model import WHAT
from ui.home.due_model import WHEN
from ui.home.home_page import NO_VISITS
from ui.home.home_page import HomePage
from ui.home.week_visits_model import CLIENT
from ui.home.week_visits_model import STATUS
from ui.main_window import MainWindow

TODAY = date(2026, 11, 25)


def show(qtbot, window: MainWindow) -> MainWindow:
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


@pytest.fixture
def week(business):
    return make_week()


@pytest.fixture
def window(qtbot, week, data_dir) -> MainWindow:
    return show(qtbot, MainWindow(data_dir))


def in_dialog(qtbot, act) -> list:
    """Run `act` on the next modal dialog once it opens; what it saw."""
    seen = []

    def look():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, look)
            return
        seen.append(dialog.windowTitle())
        act(dialog)

    QTimer.singleShot(0, look)
    return seen


def test_home_is_first_and_opens_with_the_cursor_in_search(window):
    assert window.current_page() == "home"
    assert window.sidebar.item(0).text() == "Home"
    assert window.focusWidget() is window.home_page.search


def test_the_weeks_figures_are_the_cores(window, week):
    page = window.home_page
    summary = week_summary(TODAY)
    assert page.week_heading.text() == "This week: 23 to 29 November"
    assert page.next_visit.text() == (
        "Next visit: Today 14:00–16:00, Margaret Brown (Support), 4 Mill Lane, Otley, LS21 1AB"
    )
    model = page.visits_model
    assert model.rowCount() == len(summary.visits) == 4
    assert [model.index(r, CLIENT).data() for r in range(4)] == [
        row.client_name for row in summary.visits
    ]
    assert model.index(2, STATUS).data() == "Next: Planned"  # in words, and in bold
    assert model.index(2, CLIENT).data(Qt.ItemDataRole.FontRole).bold()
    assert not model.index(1, CLIENT).data(Qt.ItemDataRole.FontRole)
    assert model.index(0, 0).data() == "Mon 09:00–11:00"
    assert model.index(2, 0).data() == "Today 14:00–16:00"
    assert page.visits_model.id_of(page.visits_table.currentIndex().row()) == week.next_visit.id
    assert page.hours.text() == home_words.hours_words(summary.hours)
    assert page.hours.text() == "Delivered 4 hours of 18 contracted; 2 hours more planned."
    assert page.charges.text() == "Charges for the week so far: £76.00."


def test_money_owed_what_is_due_and_tax_are_the_cores(window):
    page = window.home_page
    summary = week_summary(TODAY)
    assert page.owed_words.text() == "£76.00 owed, £36.00 of it overdue."
    assert [b.accessibleName() for b in page.owed.buttons if b.isVisible()] == [
        "Record a payment from Margaret Brown",
        "Record a payment from Leeds City Council",
    ]
    due = [page.due_model.index(r, WHEN).data() for r in range(page.due_model.rowCount())]
    assert due == [item.when_words() for item in summary.due]
    assert page.due_model.index(2, WHAT).data() == "Public liability insurance (Hiscox)"
    assert page.tax_date.text() == "Next tax date: 31 January 2027, in 67 days"
    assert page.tax_what.text() == f"{summary.tax_date.what}."
    assert page.set_aside.text() == (
        f"Set aside {format_money(summary.set_aside.set_aside_pence)} for 2026-27 so far."
    )


def test_the_chart_and_its_table_show_the_cores_income(window):
    chart = window.home_page.chart
    income = income_by_month(TODAY)
    assert chart.month_labels() == [
        *("Apr", "May", "Jun", "Jul", "Aug", "Sep"),
        *("Oct", "Nov", "Dec", "Jan", "Feb", "Mar"),
    ]
    assert [chart.this_year.at(i) for i in range(12)] == [
        m.income_pence / 100 for m in income.months
    ]
    assert chart.this_year.label() == "2026-27" and chart.year_before.label() == "2025-26"
    assert "November: £20.00 (£0.00 in 2025)." in chart.view.accessibleDescription()
    window.home_page.buttons["figures"].click()
    assert chart.views.currentWidget() is chart.table
    assert chart.model.index(7, 0).data() == "November"
    assert chart.model.index(7, 1).data() == "£20.00"
    assert chart.model.headerData(1, Qt.Orientation.Horizontal) == "2026-27"


@pytest.mark.parametrize(
    ("button", "page"),
    [
        ("hours", "hours"),
        ("invoices", "invoices"),
        ("compliance", "compliance"),
        ("checklist", "checklist"),
        ("tax", "tax"),
    ],
)
def test_each_section_links_to_its_page(window, button, page):
    window.home_page.buttons[button].click()
    assert window.current_page() == page


def test_a_due_item_opens_on_its_page_chosen(qtbot, window, week):
    page = window.home_page
    page.due_table.setFocus()
    page.due_table.selectRow(2)  # public liability, due in 15 days
    qtbot.keyClick(page.due_table, Qt.Key.Key_Return)
    assert window.current_page() == "compliance"
    assert window.compliance_page.selected_id() == week.public_liability.id


def test_a_missing_item_opens_insurance_and_checks(window):
    page = window.home_page
    page.due_table.selectRow(1)  # DBS certificate, not on record yet
    page.open_due()
    assert window.current_page() == "compliance"


def test_record_payment_is_one_click_in_the_payment_dialog(qtbot, window, week):
    def pay(dialog):
        assert dialog.fields.widgets["amount"].text() == "36.00"
        dialog.accept()

    seen = in_dialog(qtbot, pay)
    window.home_page.owed.buttons[0].click()
    assert seen == ["Record payment for INV-0001"]
    assert summary_of(week.overdue.id).status == "paid"
    assert window.home_page.owed_words.text() == "£40.00 owed, none of it overdue."
    assert window.statusBar().currentMessage() == (
        "Recorded £36.00 against INV-0001. It is now paid in full."
    )


def test_enter_on_a_visit_opens_it(qtbot, window):
    seen = in_dialog(qtbot, lambda dialog: dialog.reject())
    table = window.home_page.visits_table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert seen == ["Edit visit: Margaret Brown, 25/11/2026"]  # the next visit, chosen


def test_ctrl_f_goes_to_search_from_any_page(qtbot, window):
    window.show_page("clients")
    window.clients_page.search.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "home"
    assert window.focusWidget() is window.home_page.search


def search_for(qtbot, window: MainWindow, text: str):
    page = window.home_page
    page.search.setFocus()
    page.search.setText(text)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    return page.results


def test_search_groups_what_it_finds(qtbot, window):
    results = search_for(qtbot, window, "leeds")
    assert window.home_page._views.currentWidget() is results
    assert results.found_titles() == ["Jean O'Neill", "INV-0002"]
    groups = [results.model.index(r, 0).data() for r in range(results.model.rowCount())]
    assert groups == ["Clients (1)", "Invoices (1)"]
    assert results.summary.text().startswith("2 found for “leeds”.")
    assert window.focusWidget() is results.tree


def test_search_finds_nothing_and_says_where_it_looks(qtbot, window):
    results = search_for(qtbot, window, "zebra")
    assert results.model.rowCount() == 0
    assert results.summary.text().startswith("Nothing found for “zebra”. Search looks at")
    window.home_page.search.clear()
    window.home_page.run_search()
    assert window.home_page._views.currentWidget() is window.home_page._dashboard


def test_enter_on_an_invoice_found_shows_it_on_the_invoices_page(qtbot, window, week):
    window.invoices_page.show_status("draft")  # a filter that would hide it
    window.show_page("home")
    results = search_for(qtbot, window, "£36.00")
    qtbot.keyClick(results.tree, Qt.Key.Key_Return)
    assert window.current_page() == "invoices"
    assert window.invoices_page.selected_id() == week.overdue.id


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("margaret", "Edit Margaret Brown"),
        ("river", "Edit visit: Margaret Brown, 23/11/2026"),
        ("hiscox", "Edit Public liability insurance"),
    ],
)
def test_enter_on_a_client_visit_or_policy_opens_its_dialog(qtbot, window, text, title):
    results = search_for(qtbot, window, text)
    seen = in_dialog(qtbot, lambda dialog: dialog.reject())
    qtbot.keyClick(results.tree, Qt.Key.Key_Return)
    assert seen == [title]


def test_double_click_opens_the_record_too(qtbot, window):
    results = search_for(qtbot, window, "margaret")
    seen = in_dialog(qtbot, lambda dialog: dialog.reject())
    results.tree.doubleClicked.emit(results.tree.currentIndex())
    assert seen == ["Edit Margaret Brown"]


def test_the_first_steps_tick_themselves_and_the_card_hides(qtbot, db, data_dir):
    start_business("Kind Hands Care", "Sam Carter")
    window = show(qtbot, MainWindow(data_dir))
    card = window.home_page.first_run
    assert card.isVisible()
    assert card.title.text() == "Getting started: 0 of 4 done"
    assert [label.text() for label in card.states.values()] == ["To do"] * 4
    card.buttons["client"].click()
    assert window.current_page() == "clients"
    save_client(ClientForm(name="Margaret Brown", weekday_rate="18"))
    window.show_page("home")
    assert card.states["client"].text() == "✓ Done"
    assert card.states["client"].accessibleName() == "Add your first client and their rates: Done"
    assert card.title.text() == "Getting started: 1 of 4 done"
    for key, page in [("business", "settings"), ("visit", "hours"), ("invoice", "invoices")]:
        window.show_page("home")
        card.buttons[key].click()
        assert window.current_page() == page


def test_the_card_is_hidden_when_all_is_done(window):
    assert not window.home_page.first_run.isVisible()


def test_an_empty_week_says_so_and_offers_a_visit(qtbot, business, data_dir):
    window = show(qtbot, MainWindow(data_dir))
    page = window.home_page
    assert page.no_visits.isVisible() and page.no_visits.text() == NO_VISITS
    assert not page.visits_table.isVisible() and not page.next_visit.isVisible()
    assert page.owed_words.text() == "Nobody owes you anything."
    margaret = save_client(ClientForm(name="Margaret Brown", weekday_rate="18"))

    def add(dialog):
        assert dialog.fields.widgets["day"].text() == "25/11/2026"
        dialog.fields.widgets["client_id"].setCurrentIndex(
            dialog.fields.widgets["client_id"].findData(margaret.id)
        )
        dialog.fields.widgets["start"].setText("14:00")
        dialog.fields.widgets["end"].setText("15:00")
        dialog.accept()

    seen = in_dialog(qtbot, add)
    page.buttons["add_visit"].click()
    assert seen == ["Add visit"]
    assert page.visits_model.rowCount() == 1 and page.visits_table.isVisible()
    assert window.statusBar().currentMessage() == "Saved the visit."


def test_a_visit_added_elsewhere_shows_when_home_is_shown_again(window, week):
    window.show_page("hours")
    add_visit(week.jean, "27/11/2026", "10:00", "11:00", status="planned")
    window.show_page("home")
    assert window.home_page.visits_model.rowCount() == 5


def test_due_items_match_due_within(window):
    assert window.home_page.due_model.items == due_within(TODAY)


def test_every_control_is_named_labelled_and_has_its_own_alt_letter(qtbot, week, data_dir):
    page = HomePage(data_dir)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert unnamed_inputs(page) == []
    assert unlabelled_inputs(page) == []
    assert alt_letters(page) == sorted(set(alt_letters(page)))
    page.search.setText("leeds")
    page.run_search()
    assert unnamed_inputs(page) == []
