"""InvoicesPage: who owes what, the filtered list and its totals, and buttons that follow status."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from microbiz.foundations.models import Invoice
from microbiz.invoicing.invoices import get_invoice
from microbiz.invoicing.payments import credit_invoice
from microbiz.invoicing.payments import record_payment
from microbiz.invoicing.payments import summary_of
from ui.invoices.credit_dialog import CreditDialog
from ui.invoices.draft_dialog import DraftDialog
from ui.invoices.invoices_model import CLIENT
from ui.invoices.invoices_model import STATUS
from ui.invoices.invoices_page import InvoicesPage
from ui.invoices.late_payment_dialog import LatePaymentDialog
from ui.invoices.month_end_dialog import MonthEndDialog
from ui.invoices.payment_dialog import PaymentDialog

OVERDUE_DAY = date(2026, 12, 20)
DRAFT_ONLY = ("edit", "issue", "delete")


@pytest.fixture
def page(qtbot, db, tmp_path) -> InvoicesPage:
    page = InvoicesPage(tmp_path / "invoices", today=lambda: OVERDUE_DAY)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def column(page: InvoicesPage, number: int) -> list[str]:
    model = page.model
    return [model.index(r, number).data() for r in range(model.rowCount())]


def choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def messages_of(page: InvoicesPage) -> list[str]:
    said: list[str] = []
    page.message.connect(said.append)
    return said


def enabled(page: InvoicesPage) -> set[str]:
    return {key for key, button in page.buttons.items() if button.isEnabled()}


def test_lists_invoices_with_status_in_words_and_totals(page, issued):
    page.refresh()
    assert column(page, CLIENT) == ["Margaret Brown", "Jean O'Neill"]
    assert column(page, STATUS) == ["Overdue, 6 days", "Overdue, 6 days"]
    assert page.totals.text() == "2 invoices · £112.00 invoiced · £112.00 owed"


def test_status_filter_changes_the_list_and_the_totals(page, november, issued):
    record_payment(issued["margaret"], "72.00", "10/12/2026")
    page.refresh()
    choose(page.status_filter, "paid")
    assert column(page, CLIENT) == ["Margaret Brown"]
    assert page.totals.text() == "1 invoice · £72.00 invoiced · £0.00 owed"
    choose(page.status_filter, "overdue")
    assert column(page, CLIENT) == ["Jean O'Neill"]
    choose(page.status_filter, "draft")
    assert page.model.rowCount() == 0
    assert page.empty.text().startswith("No invoices match")
    assert not page.totals.isVisible()
    choose(page.status_filter, None)
    choose(page.client_filter, november["jean"].id)
    assert column(page, CLIENT) == ["Jean O'Neill"]


def test_status_filter_offers_every_status(page, db):
    labels = [page.status_filter.itemText(i) for i in range(page.status_filter.count())]
    assert labels == ["All", "Drafts", "Issued", "Part-paid", "Paid", "Overdue", "Credited"]
    assert page.empty.text().startswith("No invoices yet")


def test_overdue_panel_shows_who_owes_what(page, issued):
    page.refresh()
    assert page.overdue_heading.text() == "Overdue: £112.00 owed by 2 payers"
    model = page.overdue_model
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [
        "Margaret Brown",
        "Leeds City Council",
    ]
    assert page.overdue_table.isVisible()


def test_chasing_a_payer_shows_their_overdue_invoice(page, issued):
    page.refresh()
    page.overdue_table.selectRow(1)
    page.chase_payer()
    assert page.status_filter.currentData() == "overdue"
    assert page.selected_id() == issued["jean"]


def test_nothing_overdue_is_said_calmly(qtbot, db, tmp_path, issued):
    page = InvoicesPage(tmp_path, today=lambda: date(2026, 12, 1))
    qtbot.addWidget(page)
    page.show()
    assert page.overdue_heading.text() == "Nothing is overdue."
    assert not page.overdue_table.isVisible()


def test_buttons_follow_the_chosen_invoices_status(page, drafts):
    page.refresh()
    assert enabled(page) == {"month", "folder", "bank"}
    page.select_invoice(drafts["margaret"])
    assert enabled(page) == {"month", "folder", "bank", *DRAFT_ONLY}


def test_issued_invoices_offer_no_edit_or_delete(page, issued):
    record_payment(issued["margaret"], "10.00", "01/12/2026")
    credit_invoice(issued["jean"], reason="Visits recorded twice")
    page.refresh()
    page.select_invoice(issued["margaret"])
    assert enabled(page) == {"month", "folder", "bank", "payment", "credit", "pdf", "email"}
    page.select_invoice(issued["jean"])
    assert enabled(page) == {"month", "folder", "bank", "pdf", "email"}


def test_late_payment_is_offered_only_to_an_overdue_council(page, issued):
    page.refresh()
    page.select_invoice(issued["jean"])
    assert page.buttons["late"].isEnabled()
    page.select_invoice(issued["margaret"])
    assert not page.buttons["late"].isEnabled()


def test_a_paid_invoice_takes_no_more_payments(page, issued):
    record_payment(issued["margaret"], "72.00", "01/12/2026")
    page.refresh()
    page.select_invoice(issued["margaret"])
    assert not page.buttons["payment"].isEnabled()
    assert page.buttons["credit"].isEnabled()


def test_issue_asks_then_numbers_the_draft(page, drafts, answers):
    said = messages_of(page)
    page.refresh()
    page.select_invoice(drafts["margaret"])
    answers.confirm = False
    page.issue_selected()
    assert not get_invoice(drafts["margaret"]).issued
    answers.confirm = True
    page.issue_selected()
    assert get_invoice(drafts["margaret"]).number == "INV-0001"
    assert "cannot be changed or deleted" in answers.asked[-1]
    assert said == [
        "Issued INV-0001 to Margaret Brown, £72.00. Choose Open PDF to save it for sending."
    ]
    assert page.selected_id() == drafts["margaret"]
    assert enabled(page) == {"month", "folder", "bank", "payment", "credit", "pdf", "email"}


def test_delete_draft_asks_first(page, drafts, answers):
    said = messages_of(page)
    page.refresh()
    page.select_invoice(drafts["jean"])
    page.delete_selected()
    assert Invoice.get_or_none(Invoice.id == drafts["jean"]) is None
    assert "can be invoiced again" in answers.asked[-1]
    assert said == ["Deleted the draft for Jean O'Neill (£40.00)."]


def test_open_pdf_writes_it_into_the_invoices_folder(page, issued, opened):
    page.refresh()
    page.select_invoice(issued["margaret"])
    page.open_pdf()
    path = page.folder / "INV-0002.pdf"
    assert opened == [path]
    assert "INV-0002" in PdfReader(path).pages[0].extract_text()


def test_open_folder_makes_and_opens_it(page, db, opened):
    page.open_folder()
    assert opened == [page.folder]
    assert page.folder.is_dir()


def test_enter_opens_a_draft_to_edit(qtbot, page, drafts, monkeypatch):
    asked = []

    def ask(cls, parent, invoice_id):
        asked.append(invoice_id)
        return DraftDialog(parent, invoice_id)

    monkeypatch.setattr(DraftDialog, "ask", classmethod(ask))
    page.refresh()
    page.select_invoice(drafts["jean"])
    page.window().activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert asked == [drafts["jean"]]


def test_each_button_opens_its_dialog(page, issued, monkeypatch):
    asked = []
    said = messages_of(page)

    class Closed:
        said = "Done."
        outcome = None
        issued = None
        open_page = None

    for dialog in (PaymentDialog, LatePaymentDialog):
        monkeypatch.setattr(
            dialog,
            "ask",
            classmethod(lambda cls, parent, invoice_id: asked.append((cls.__name__, invoice_id))),
        )
    monkeypatch.setattr(
        CreditDialog,
        "ask",
        classmethod(
            lambda cls, parent, invoice_id, folder: asked.append(("credit", folder)) or Closed()
        ),
    )
    monkeypatch.setattr(
        MonthEndDialog,
        "ask",
        classmethod(lambda cls, parent, folder: asked.append(("month", folder)) or Closed()),
    )
    page.refresh()
    page.select_invoice(issued["jean"])
    for key in ("payment", "late"):
        page.buttons[key].click()
    assert asked == [("PaymentDialog", issued["jean"]), ("LatePaymentDialog", issued["jean"])]
    page.buttons["credit"].click()
    page.buttons["month"].click()
    assert asked[2:] == [("credit", page.folder), ("month", page.folder)]
    assert said == ["Done.", "Done."]


def test_recording_a_payment_reports_what_is_left(page, issued, monkeypatch):
    said = messages_of(page)

    def pay(cls, parent, invoice_id):
        return record_payment(invoice_id, "30.00", "15/12/2026")

    monkeypatch.setattr(PaymentDialog, "ask", classmethod(pay))
    page.refresh()
    page.select_invoice(issued["margaret"])
    page.record_payment()
    assert said == ["Recorded £30.00 against INV-0002. Still owed: £42.00."]
    assert summary_of(issued["margaret"], OVERDUE_DAY).status == "overdue"
    assert page.model.summary(page.model.row_of(issued["margaret"])).paid_pence == 3000
