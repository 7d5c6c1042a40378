"""TaxPage: the year's profit, SA103S boxes, MTD quarters and readiness, the chart, and exports."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QAbstractButton
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QWidget

from microbiz.foundations.business import get_business
from microbiz.foundations.money import format_money
from microbiz.invoicing.payments import record_payment
from microbiz.tax.expenses import ExpenseForm
from microbiz.tax.expenses import JourneyForm
from microbiz.tax.expenses import save_expense
from microbiz.tax.expenses import save_journey
from microbiz.tax.taxyear import TaxYear
from microbiz.tax.totals import monthly_totals
from ui.tax import tax_page
from ui.tax.tax_model import AMOUNT
from ui.tax.tax_model import LINE
from ui.tax.tax_model import BoxesModel
from ui.tax.tax_model import MonthsModel
from ui.tax.tax_model import QuartersModel
from ui.tax.tax_model import SummaryModel
from ui.tax.tax_model import quarter_status
from ui.tax.tax_page import TaxPage

TODAY = date(2026, 12, 20)
INPUTS = (QLineEdit, QComboBox, QAbstractButton, QAbstractItemView)


def unnamed_inputs(top: QWidget) -> list[str]:
    return [
        type(widget).__name__
        for widget in top.findChildren(QWidget)
        if isinstance(widget, INPUTS)
        and not isinstance(widget, QHeaderView)
        and widget.isVisible()
        and not widget.accessibleName().strip()
    ]


@pytest.fixture
def records(issued):
    """£72.00 received in December 2026; £42.60 spent and 10 miles driven; one older cost."""
    record_payment(issued["margaret"], "72.00", "10/12/2026")
    save_expense(ExpenseForm("01/12/2026", "24.60", "goods", "Gloves"))
    save_expense(ExpenseForm("05/12/2026", "18.00", "office", "Phone"))
    save_journey(JourneyForm("02/12/2026", "10", "Home", "Otley", "Visit"))
    save_expense(ExpenseForm("01/06/2025", "10.00", "other", "Course"))
    return issued


@pytest.fixture
def page(qtbot, business) -> TaxPage:
    page = TaxPage(today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def choose_year(page: TaxPage, start_year: int) -> None:
    page.year_filter.setCurrentIndex(page.year_filter.findData(start_year))


def test_the_summary_shows_the_years_income_expenses_mileage_and_profit(records, page):
    assert page.year_filter.currentText() == "2026-27"
    assert page.summary_model.rows() == [
        ("Income received", "£72.00"),
        ("Cost of goods bought for resale or goods used", "£24.60"),
        ("Phone, fax, stationery and other office costs", "£18.00"),
        ("Mileage allowance (10.0 miles)", "£4.50"),
        ("Total allowable expenses", "£47.10"),
        ("Net profit", "£24.90"),
    ]
    assert page.headline.text() == (
        "2026-27 so far: income £72.00, allowable expenses £47.10, net profit £24.90."
    )
    assert page.boxes_model.rows() == [
        ("11", "Costs of goods bought for resale or goods used", "£24.60"),
        ("12", "Car, van and travel expenses", "£4.50"),
        ("", "of which the mileage allowance (10.0 miles)", "£4.50"),
        ("18", "Phone, fax, stationery and other office costs", "£18.00"),
        ("Total", "Allowable expenses", "£47.10"),
    ]


def test_the_quarters_count_from_the_start_of_the_year_with_deadlines_in_words(records, page):
    assert page.quarters_model.rows() == [
        ("Q1", "6 Apr to 5 Jul 2026", "7 Aug 2026", "Not needed", "£0.00", "£0.00"),
        ("Q2", "6 Jul to 5 Oct 2026", "7 Nov 2026", "Not needed", "£0.00", "£0.00"),
        ("Q3", "6 Oct 2026 to 5 Jan 2027", "7 Feb 2027", "Not needed", "£72.00", "£47.10"),
        ("Q4", "6 Jan to 5 Apr 2027", "7 May 2027", "Not needed", "Not started", "Not started"),
    ]
    assert "does not apply to you in 2026-27" in page.mtd_note.text()
    assert "these updates are not needed from you" in page.mtd_note.text()


def test_the_readiness_lines_say_when_mtd_applies_in_plain_words(records, page):
    assert page.readiness.text().splitlines() == [
        "• Making Tax Digital applies from 6 April 2026 if your qualifying income in 2024-25 "
        "was over £50,000. Recorded in Microbiz: £0.00.",
        "• Making Tax Digital applies from 6 April 2027 if your qualifying income in 2025-26 "
        "was over £30,000. Recorded in Microbiz: £0.00.",
        "• Making Tax Digital applies from 6 April 2028 if your qualifying income in 2026-27 "
        "is over £20,000. Recorded in Microbiz so far: £72.00.",
    ]


def test_switching_tax_year_changes_everything(records, page):
    assert [page.year_filter.itemText(i) for i in range(page.year_filter.count())] == [
        "2026-27",
        "2025-26",
    ]
    choose_year(page, 2025)
    assert page.summary_model.rows() == [
        ("Income received", "£0.00"),
        ("Other business expenses", "£10.00"),
        ("Total allowable expenses", "£10.00"),
        ("Net loss", "£10.00"),
    ]
    assert page.headline.text() == (
        "2025-26: income £0.00, allowable expenses £10.00, net loss £10.00."
    )
    assert page.quarters_model.column(3) == ["Not needed"] * 4
    assert page.quarters_model.column(5) == ["£10.00"] * 4  # 1 June is in Q1
    assert page.months_model.column(0)[0] == "6 to 30 April 2025"


def test_a_finished_quarter_says_how_long_is_left(qtbot, records):
    page = TaxPage(today=lambda: date(2027, 1, 26))
    qtbot.addWidget(page)
    page.refresh()
    assert page.quarters_model.column(3) == ["Not needed"] * 4  # MTD does not apply yet
    today = date(2027, 1, 26)
    assert [quarter_status(q, today) for q in page.summary.quarters] == [
        "Deadline passed",
        "Deadline passed",
        "Due by 7 Feb 2027 (12 days)",
        "Quarter still running",
    ]


def test_calendar_quarters_can_be_chosen(records, page):
    page.calendar.setChecked(True)
    assert get_business().calendar_quarters
    assert page.quarters_model.column(1)[2] == "1 Oct to 31 Dec 2026"
    page.calendar.setChecked(False)
    assert not get_business().calendar_quarters
    assert page.quarters_model.column(1)[2] == "6 Oct 2026 to 5 Jan 2027"


def test_the_chart_has_an_income_set_and_an_expenses_set_for_every_month(records, page):
    months = monthly_totals(TaxYear(2026))
    assert len(months) == 13  # 6-30 April 2026 to 1-5 April 2027
    chart = page.chart
    assert [bar_set.label() for bar_set in chart.series.barSets()] == ["Income", "Expenses"]
    assert chart.income.count() == chart.expenses.count() == 13
    assert chart.month_labels()[:3] == ["Apr", "May", "Jun"]
    assert chart.month_labels()[-1] == "1–5 Apr"
    december = chart.month_labels().index("Dec")
    assert chart.income.at(december) == pytest.approx(72.0)
    assert chart.expenses.at(december) == pytest.approx(47.10)
    assert chart.view.accessibleName()
    description = chart.view.accessibleDescription()
    assert "December 2026: income £72.00, expenses £47.10." in description
    assert page.months_model.rowCount() == 13
    assert page.months_model.rows()[8] == ("December 2026", "£72.00", "£47.10")
    assert page.months_model.rows()[-1] == ("1 to 5 April 2027", "£0.00", "£0.00")


def test_export_for_my_accountant_writes_a_real_workbook(
    records, page, tmp_path, monkeypatch, synchronous_runner, opened, answers
):
    path = tmp_path / "for accountant.xlsx"
    monkeypatch.setattr(tax_page, "choose_workbook_path", lambda parent, caption, suggested: path)
    said: list[str] = []
    page.message.connect(said.append)
    page.buttons["accountant"].click()
    workbook = load_workbook(path, read_only=True)
    assert {"Clients", "Invoices", "Expenses", "Journeys"} <= set(workbook.sheetnames)
    expenses = list(workbook["Expenses"].iter_rows(values_only=True))
    workbook.close()
    assert len(expenses) == 4  # the heading and three expenses
    assert said == [f"Saved the workbook to {path}."]
    assert page.status.text() == f"Saved for accountant.xlsx in {tmp_path}."
    assert not page.progress.isVisible()
    assert page.buttons["accountant"].isEnabled()
    assert opened == [tmp_path]


def test_export_mtd_quarters_writes_one_sheet_for_the_chosen_year(
    records, page, tmp_path, monkeypatch, synchronous_runner, answers, opened
):
    answers.confirm = False
    path = tmp_path / "quarters.xlsx"
    monkeypatch.setattr(tax_page, "choose_workbook_path", lambda parent, caption, suggested: path)
    page.buttons["mtd"].click()
    workbook = load_workbook(path, read_only=True)
    assert workbook.sheetnames == ["MTD 2026-27"]
    rows = list(workbook["MTD 2026-27"].iter_rows(values_only=True))
    workbook.close()
    assert rows[1][0] == "Income received"
    assert float(rows[1][3]) == pytest.approx(72.0)
    assert opened == []


def test_a_failed_export_is_explained(
    records, page, tmp_path, monkeypatch, synchronous_runner, answers
):
    missing = tmp_path / "no such folder" / "records.xlsx"
    monkeypatch.setattr(
        tax_page, "choose_workbook_path", lambda parent, caption, suggested: missing
    )
    page.buttons["accountant"].click()
    assert answers.warnings == [f"There is no folder {missing.parent} to save records.xlsx in."]
    assert page.status.text().startswith("The workbook was not saved.")
    assert page.buttons["accountant"].isEnabled()


def test_the_page_is_named_and_labelled(records, page):
    assert unnamed_inputs(page) == []
    buddies = {label.buddy() for label in page.findChildren(QLabel) if label.buddy()}
    assert page.year_filter in buddies


def test_the_models_pass_the_qt_model_tester(qtmodeltester, records, page):
    for model in (page.summary_model, page.boxes_model, page.quarters_model, page.months_model):
        assert model.rowCount() > 0
        qtmodeltester.check(model)
    for empty in (SummaryModel(), BoxesModel(), QuartersModel(), MonthsModel()):
        qtmodeltester.check(empty)
    assert page.summary_model.index(0, LINE).data() == "Income received"
    assert page.summary_model.index(0, AMOUNT).data() == "£72.00"


def test_the_page_leads_with_the_tax_to_set_aside(records, page):
    estimate = page.summary.estimate
    assert page.set_aside.text().startswith(
        f"Tax to set aside for 2026-27: {format_money(estimate.set_aside_pence)} (Income Tax "
    )
    assert page.set_aside.accessibleName() == page.set_aside.text()
    assert "if this business is your only income" in page.set_aside.text()
