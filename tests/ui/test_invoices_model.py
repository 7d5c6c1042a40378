"""The invoices and overdue models: what each column says, totals, and Qt's model checks."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from microbiz.invoicing.invoices import issue_invoice
from microbiz.invoicing.payments import InvoiceTotals
from microbiz.invoicing.payments import credit_invoice
from microbiz.invoicing.payments import list_invoices
from microbiz.invoicing.payments import record_payment
from microbiz.invoicing.payments import summary_of
from ui.invoices.invoices_model import BALANCE
from ui.invoices.invoices_model import HEADERS
from ui.invoices.invoices_model import PAID
from ui.invoices.invoices_model import STATUS
from ui.invoices.invoices_model import InvoicesTableModel
from ui.invoices.invoices_model import status_words
from ui.invoices.invoices_model import totals_line
from ui.invoices.overdue_model import OverdueTableModel

OVERDUE_DAY = date(2026, 12, 20)


def rows(model) -> list[list[str]]:
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_the_model_passes_qts_checks(qtmodeltester, issued):
    model = InvoicesTableModel()
    model.refresh(today=OVERDUE_DAY)
    qtmodeltester.check(model)
    overdue = OverdueTableModel()
    overdue.refresh(OVERDUE_DAY)
    qtmodeltester.check(overdue)


def test_columns_show_issued_invoices_the_uk_way(issued):
    record_payment(issued["margaret"], "30.00", "05/12/2026")
    model = InvoicesTableModel()
    model.refresh(today=date(2026, 12, 1))
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(9)] == list(HEADERS)
    assert rows(model) == [
        [
            "INV-0002",
            "Margaret Brown",
            "Margaret Brown",
            "30/11/2026",
            "14/12/2026",
            "£72.00",
            "£30.00",
            "£42.00",
            "Part-paid",
        ],
        [
            "INV-0001",
            "Jean O'Neill",
            "Leeds City Council",
            "30/11/2026",
            "14/12/2026",
            "£40.00",
            "£0.00",
            "£40.00",
            "Issued",
        ],
    ]


def test_a_draft_says_draft_and_has_no_dates_or_payments(drafts):
    model = InvoicesTableModel()
    model.refresh()
    assert rows(model)[model.row_of(drafts["jean"])] == [
        "Draft",
        "Jean O'Neill",
        "Leeds City Council",
        "",
        "",
        "£40.00",
        "",
        "",
        "Draft",
    ]


def test_overdue_is_said_in_words_and_in_bold(issued):
    model = InvoicesTableModel()
    model.refresh(today=OVERDUE_DAY)
    assert model.index(0, STATUS).data() == "Overdue, 6 days"
    assert model.index(0, BALANCE).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(0, PAID).data(Qt.ItemDataRole.FontRole) is None
    one_day = list_invoices(today=date(2026, 12, 15))[0]
    assert status_words(one_day) == "Overdue, 1 day"


def test_sorting_by_balance_reads_the_list_again_by_amount(issued):
    model = InvoicesTableModel()
    model.refresh(today=OVERDUE_DAY)
    model.sort(BALANCE, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, BALANCE).data() for r in range(2)] == ["£40.00", "£72.00"]
    model.sort(BALANCE, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, BALANCE).data() for r in range(2)] == ["£72.00", "£40.00"]


def test_totals_line_counts_invoiced_owed_and_drafts(drafts):
    issue_invoice(drafts["margaret"], date(2026, 11, 30))
    record_payment(drafts["margaret"], "22.00", "05/12/2026")
    model = InvoicesTableModel()
    model.refresh(today=OVERDUE_DAY)
    assert totals_line(model.summaries()) == (
        "1 invoice · £72.00 invoiced · £50.00 owed · 1 draft (£40.00) is not issued yet"
    )
    assert totals_line(InvoiceTotals()) == ""


def test_overdue_model_lists_payers_most_owed_first(issued):
    model = OverdueTableModel()
    model.refresh(OVERDUE_DAY)
    assert rows(model) == [
        ["Margaret Brown", "1", "£72.00", "6 days"],
        ["Leeds City Council", "1", "£40.00", "6 days"],
    ]
    assert model.headline() == "Overdue: £112.00 owed by 2 payers"
    model.refresh(date(2026, 12, 1))
    assert model.headline() == "Nothing is overdue."


def test_a_credit_after_payment_says_what_to_pay_back(issued):
    record_payment(issued["margaret"], "72.00", "01/12/2026")
    credit_invoice(issued["margaret"], "30.00", "Visit charged twice")
    summary = summary_of(issued["margaret"], OVERDUE_DAY)
    assert status_words(summary) == "Paid, £30.00 to pay back"
