"""Issuing when something is missing: the not-ready dialog, its fixes, and per-payer drafts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from microbiz.clients.details import ClientForm
from microbiz.clients.details import get_client
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.foundations.business import BusinessForm
from microbiz.foundations.business import save_business
from microbiz.foundations.models import Invoice
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import save_visit
from microbiz.invoicing.invoices import get_invoice
from microbiz.invoicing.readiness import SETTINGS
from ui.clients.client_dialog import ClientDialog
from ui.invoices.batch_model import CLIENT
from ui.invoices.batch_model import PAYER
from ui.invoices.draft_dialog import LEFT_FOR_PAGE
from ui.invoices.draft_dialog import DraftDialog
from ui.invoices.invoice_actions import draft_words
from ui.invoices.invoices_page import InvoicesPage
from ui.invoices.month_end_dialog import MonthEndDialog
from ui.invoices.not_ready_dialog import READY
from ui.invoices.not_ready_dialog import TITLE
from ui.invoices.not_ready_dialog import NotReadyDialog
from ui.main_window import MainWindow

COMPLETE = BusinessForm(
    trading_name="Kind Hands Care",
    owner_name="Sam Carter",
    address="14 Moorland Avenue\nLeeds",
    postcode="LS6 1AL",
    bank_account_name="S Carter",
    bank_sort_code="60-16-13",
    bank_account_number="31926819",
)


@pytest.fixture
def business(db):
    """Overrides the complete business: a name only, no address and no bank details."""
    return save_business(BusinessForm(trading_name="Kind Hands Care", owner_name="Sam Carter"))


@pytest.fixture
def page(qtbot, db, tmp_path) -> InvoicesPage:
    page = InvoicesPage(tmp_path / "invoices", today=lambda: date(2026, 12, 1))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def shown_dialogs(monkeypatch) -> list[NotReadyDialog]:
    """The not-ready dialogs opened, each closed at once with Close (as if the user chose it)."""
    opened: list[NotReadyDialog] = []

    def exec_(dialog):
        opened.append(dialog)
        dialog.close_button.click()
        return dialog.result()

    monkeypatch.setattr(NotReadyDialog, "exec", exec_)
    return opened


def click_on_open(monkeypatch, key: str) -> None:
    """Each not-ready dialog, once open, has its `key` button clicked."""

    def exec_(dialog):
        dialog.buttons[key].click()
        return dialog.result()

    monkeypatch.setattr(NotReadyDialog, "exec", exec_)


def without_payer_address(client) -> None:
    save_client(replace(ClientForm.of(get_client(client.id)), payer_address=""), client.id)


def test_issuing_without_an_address_lists_what_is_missing_and_issues_nothing(
    page, drafts, shown_dialogs, answers
):
    page.refresh()
    page.select_invoice(drafts["margaret"])
    page.issue_selected()
    assert len(shown_dialogs) == 1
    dialog = shown_dialogs[0]
    assert dialog.windowTitle() == TITLE
    assert dialog.items.text() == (
        "• Your business address and postcode\n• Your bank details (or how to pay you)"
    )
    assert set(dialog.buttons) == {SETTINGS}
    assert answers.asked == []  # not asked "Issue invoice?" at all
    assert answers.warnings == []
    assert Invoice.select().where(Invoice.issued).count() == 0


def test_every_button_is_named_and_has_its_own_alt_letter(qtbot, drafts):
    without_payer_address(get_client(get_invoice(drafts["jean"]).client_id))
    dialog = NotReadyDialog(None, [drafts["jean"], drafts["margaret"]])
    qtbot.addWidget(dialog)
    buttons = [*dialog.buttons.values(), dialog.close_button]
    assert [b.accessibleName() for b in buttons] == [
        "Open Settings",
        "Edit Jean O'Neill",
        "Close",
    ]
    letters = [b.text()[b.text().index("&") + 1].lower() for b in buttons]
    assert len(set(letters)) == len(letters)
    assert dialog.client_button("Jean O'Neill").text() == "&Edit Jean O'Neill…"
    assert "• The address of Leeds City Council, who pays for Jean O'Neill" in dialog.items.text()


def test_open_settings_shows_the_settings_page(qtbot, data_dir, drafts, monkeypatch):
    window = MainWindow(data_dir)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_page("invoices")
    page = window.invoices_page
    page.refresh()
    page.select_invoice(drafts["margaret"])
    click_on_open(monkeypatch, SETTINGS)
    page.issue_selected()
    assert window.current_page() == "settings"
    assert not get_invoice(drafts["margaret"]).issued


def test_the_draft_editor_closes_for_settings_and_the_page_goes_there(page, drafts, monkeypatch):
    went: list[str] = []
    page.go_to.connect(went.append)
    closed: list[DraftDialog] = []

    def ask(cls, parent, invoice_id):
        dialog = cls(parent, invoice_id)
        dialog.issue()
        closed.append(dialog)
        return dialog

    monkeypatch.setattr(DraftDialog, "ask", classmethod(ask))
    click_on_open(monkeypatch, SETTINGS)
    page.refresh()
    page.select_invoice(drafts["jean"])
    page.edit_draft()
    assert closed[0].outcome == LEFT_FOR_PAGE
    assert went == ["settings"]
    assert not get_invoice(drafts["jean"]).issued


def test_a_council_without_an_address_can_be_fixed_from_the_dialog(qtbot, drafts, monkeypatch):
    save_business(COMPLETE)
    jean = get_client(get_invoice(drafts["jean"]).client_id)
    without_payer_address(jean)
    dialog = NotReadyDialog(None, [drafts["jean"]])
    qtbot.addWidget(dialog)
    assert SETTINGS not in dialog.buttons
    button = dialog.client_button("Jean O'Neill")

    def fill_in(client_dialog):
        client_dialog.fields.widgets["payer_address"].setPlainText("Merrion House\nLeeds")
        client_dialog.accept()
        return client_dialog.result()

    monkeypatch.setattr(ClientDialog, "exec", fill_in)
    button.click()
    assert dialog.choice == READY
    assert get_client(jean.id).payer_address == "Merrion House\nLeeds"


def test_month_end_says_what_is_missing_and_closes_for_settings(
    qtbot, tmp_path, november, synchronous_runner, monkeypatch, answers
):
    dialog = MonthEndDialog(None, tmp_path / "invoices", today=date(2026, 12, 3))
    qtbot.addWidget(dialog)
    dialog.make_drafts()
    click_on_open(monkeypatch, SETTINGS)
    dialog.issue_all()
    assert dialog.open_page == "settings"
    assert "2 drafts for November 2026 are waiting" in dialog.said
    assert answers.asked == []
    assert Invoice.select().where(Invoice.issued).count() == 0


def test_month_end_per_payer_makes_one_draft_for_a_councils_two_clients(
    qtbot, tmp_path, november, synchronous_runner
):
    bill = save_client(
        ClientForm(
            name="Bill Hart",
            funding_route="council",
            payer_kind="council",
            payer_name="Leeds City Council",
            payer_address="Merrion House\nLeeds",
            weekday_rate="20",
        )
    )
    save_visit(VisitForm(bill.id, support_visit_type(bill).id, "04/11/2026", "09:00", "11:00"))
    dialog = MonthEndDialog(None, tmp_path / "invoices", today=date(2026, 12, 3))
    qtbot.addWidget(dialog)
    per = dialog.fields.widgets["per"]
    assert per.currentText() == "One invoice per client"
    per.setCurrentIndex(per.findData("payer"))
    assert per.currentText() == "One invoice per payer, a section per client"
    dialog.make_drafts()
    model = dialog.model
    rows = {
        model.index(r, PAYER).data(): model.index(r, CLIENT).data() for r in range(model.rowCount())
    }
    assert rows == {
        "Margaret Brown": "Margaret Brown",
        "Leeds City Council": "Bill Hart, Jean O'Neill",  # sections in name order
    }
    council = next(i for i in model.invoice_ids() if get_invoice(i).per_payer)
    assert draft_words(get_invoice(council)) == (
        "the draft for Leeds City Council (2 clients) (£80.00)"
    )
