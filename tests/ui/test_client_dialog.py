"""ClientDialog: saving through the core, problems shown beside their fields."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QLabel

from microbiz.clients.details import support_visit_type
from microbiz.foundations.models import Client
from microbiz.invoicing.invoices import client_label
from ui.clients.client_dialog import ClientDialog


def open_dialog(qtbot, client_id=None) -> ClientDialog:
    dialog = ClientDialog(None, client_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def type_into(dialog: ClientDialog, **values: str) -> None:
    for name, value in values.items():
        widget = dialog.fields.widgets[name]
        if hasattr(widget, "setPlainText"):
            widget.setPlainText(value)
        else:
            widget.setText(value)


def choose(dialog: ClientDialog, name: str, key: str) -> None:
    combo = dialog.fields.widgets[name]
    combo.setCurrentIndex(combo.findData(key))


def click_save(qtbot, dialog: ClientDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    save = next(b for b in buttons.buttons() if b.accessibleName() == "Save client")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)


def test_adding_a_client_stores_what_was_typed(qtbot, business):
    dialog = open_dialog(qtbot)
    type_into(
        dialog,
        name="Margaret Brown",
        address="4 Mill Lane\nOtley",
        postcode="ls21 1ab",
        email="m.brown@example.com",
        start_date="01/09/2026",
        contracted_hours="12.5",
        weekday_rate="18.50",
        weekend_rate="20",
    )
    choose(dialog, "funding_route", "council")
    choose(dialog, "payer_kind", "council")
    type_into(dialog, payer_name="Leeds City Council", payer_reference="PO 1234")
    click_save(qtbot, dialog)

    assert not dialog.isVisible()
    stored = Client.get(Client.name == "Margaret Brown")
    assert dialog.saved.id == stored.id
    assert stored.address == "4 Mill Lane\nOtley"
    assert stored.postcode == "LS21 1AB"
    assert stored.start_date == date(2026, 9, 1)
    assert stored.funding_route == "council"
    assert stored.payer_kind == "council"
    assert stored.payer_name == "Leeds City Council"
    assert stored.payer_reference == "PO 1234"
    assert stored.contracted_minutes == 750
    rates = support_visit_type(stored)
    assert (rates.weekday_rate_pence, rates.weekend_rate_pence) == (1850, 2000)
    assert rates.bank_holiday_rate_pence == 2000


def test_invalid_email_keeps_the_dialog_open_and_saves_nothing(qtbot, clients):
    before = Client.select().count()
    dialog = open_dialog(qtbot)
    type_into(dialog, name="Bob Green", email="bob@")
    click_save(qtbot, dialog)

    assert dialog.isVisible()
    problem = dialog.fields.problems["email"]
    assert problem.isVisible()
    assert problem.text().startswith("⚠ ")
    assert "'bob@' is not a valid email address" in problem.text()
    assert problem.accessibleName() == "Problem with Email"
    email = dialog.fields.widgets["email"]
    assert "not a valid email address" in email.accessibleDescription()
    assert dialog.focusWidget() is email
    assert dialog.summary.isVisible()
    assert "Nothing has been saved" in dialog.summary.text()
    assert not dialog.fields.problems["name"].isVisible()
    assert Client.select().count() == before


def test_the_problem_sits_directly_beneath_its_field(qtbot, business):
    dialog = open_dialog(qtbot)
    type_into(dialog, name="Bob Green", email="bob@")
    click_save(qtbot, dialog)
    email = dialog.fields.widgets["email"]
    problem = dialog.fields.problems["email"]
    below = email.mapTo(dialog, email.rect().bottomLeft())
    top = problem.mapTo(dialog, problem.rect().topLeft())
    assert top.x() == below.x()
    assert 0 <= top.y() - below.y() < email.height()


def test_putting_the_problem_right_clears_it_and_saves(qtbot, business):
    dialog = open_dialog(qtbot)
    type_into(dialog, name="Bob Green", email="bob@", start_date="31/02/2026")
    click_save(qtbot, dialog)
    assert dialog.fields.problem_count() == 2
    assert dialog.focusWidget() is dialog.fields.widgets["email"]

    type_into(dialog, email="bob@example.com", start_date="28/02/2026")
    click_save(qtbot, dialog)
    assert not dialog.isVisible()
    assert Client.get(Client.name == "Bob Green").email == "bob@example.com"


def test_payer_fields_are_only_for_someone_else_paying(qtbot, business):
    dialog = open_dialog(qtbot)
    payer_name = dialog.fields.widgets["payer_name"]
    assert not payer_name.isEnabled()
    choose(dialog, "payer_kind", "representative")
    assert payer_name.isEnabled()
    assert dialog.fields.labels["payer_name"].isEnabled()
    type_into(dialog, name="Tom Wilkinson")
    click_save(qtbot, dialog)
    assert "Payer name is required" in dialog.fields.problems["payer_name"].text()
    assert Client.select().count() == 0


def test_editing_shows_the_client_and_updates_them(qtbot, clients):
    arthur = clients["arthur"]
    dialog = open_dialog(qtbot, arthur.id)
    assert dialog.windowTitle() == "Edit Arthur Patel"
    assert dialog.fields.widgets["payer_name"].text() == "Penderels Trust"
    assert dialog.fields.widgets["funding_route"].currentData() == "direct_payment"
    assert dialog.fields.widgets["weekday_rate"].text() == "18.00"
    type_into(dialog, contracted_hours="22.5")
    click_save(qtbot, dialog)
    assert Client.get_by_id(arthur.id).contracted_minutes == 1350
    assert Client.select().count() == len(clients)


def test_cancelling_typed_changes_asks_first(qtbot, business, answers):
    dialog = open_dialog(qtbot)
    type_into(dialog, name="Half typed")
    answers.confirm = False
    dialog.reject()
    assert dialog.isVisible()
    answers.confirm = True
    dialog.reject()
    assert not dialog.isVisible()
    assert len(answers.asked) == 2
    assert Client.select().count() == 0


def test_cancelling_without_changes_just_closes(qtbot, clients, answers):
    dialog = open_dialog(qtbot, clients["margaret"].id)
    dialog.reject()
    assert not dialog.isVisible()
    assert answers.asked == []


def test_multiline_fields_let_tab_move_on(qtbot, business):
    dialog = open_dialog(qtbot)
    assert dialog.fields.widgets["address"].tabChangesFocus()
    assert dialog.fields.widgets["notes"].tabChangesFocus()


def test_ask_opens_modally_and_returns_the_saved_client(qtbot, business):
    def fill_and_save():
        dialog = QApplication.activeModalWidget()
        type_into(dialog, name="Bob Green")
        dialog.accept()

    QTimer.singleShot(0, fill_and_save)
    client = ClientDialog.ask(None)
    assert client is not None
    assert client.name == "Bob Green"


def test_ask_returns_none_when_cancelled(qtbot, business):
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())
    assert ClientDialog.ask(None) is None


def test_mileage_and_cancellation_rule_are_saved(qtbot, clients):
    margaret = clients["margaret"]
    dialog = open_dialog(qtbot, margaret.id)
    assert dialog.fields.widgets["cancel_notice_hours"].text() == "24"
    assert dialog.fields.widgets["late_cancel_charge"].currentText() == "Charge in full"
    assert dialog.fields.widgets["mileage_rate"].placeholderText() == (
        "leave blank if you don't charge mileage"
    )
    type_into(dialog, mileage_rate="0.45", cancel_notice_hours="48")
    choose(dialog, "late_cancel_charge", "none")
    click_save(qtbot, dialog)

    assert not dialog.isVisible()
    stored = Client.get_by_id(margaret.id)
    assert stored.mileage_rate_pence == 45
    assert stored.cancel_notice_hours == 48
    assert stored.late_cancel_charge == "none"


def test_the_late_cancellation_choice_is_explained_beneath_it(qtbot, business):
    dialog = open_dialog(qtbot)
    combo = dialog.fields.widgets["late_cancel_charge"]
    assert [combo.itemText(i) for i in range(combo.count())] == ["Charge in full", "No charge"]
    note = "When a visit is cancelled with less notice than this."
    assert combo.accessibleDescription() == note
    shown = [label for label in dialog.findChildren(QLabel) if label.text() == note]
    assert len(shown) == 1
    below = combo.mapTo(dialog, combo.rect().bottomLeft())
    assert shown[0].mapTo(dialog, shown[0].rect().topLeft()).y() >= below.y()


def test_blank_mileage_means_not_charged(qtbot, clients):
    margaret = clients["margaret"]
    dialog = open_dialog(qtbot, margaret.id)
    assert dialog.fields.widgets["mileage_rate"].text() == ""
    type_into(dialog, contracted_hours="13")
    click_save(qtbot, dialog)
    assert Client.get_by_id(margaret.id).mileage_rate_pence is None


def test_a_negative_mileage_rate_is_shown_under_the_field(qtbot, clients):
    margaret = clients["margaret"]
    dialog = open_dialog(qtbot, margaret.id)
    type_into(dialog, mileage_rate="-0.45", cancel_notice_hours="lots")
    click_save(qtbot, dialog)

    assert dialog.isVisible()
    problem = dialog.fields.problems["mileage_rate"]
    assert problem.isVisible()
    assert "Mileage charged (£ per mile) cannot be negative" in problem.text()
    notice = dialog.fields.problems["cancel_notice_hours"].text()
    assert "must be a whole number" in notice
    assert dialog.focusWidget() is dialog.fields.widgets["mileage_rate"]
    assert Client.get_by_id(margaret.id).mileage_rate_pence is None


def test_invoices_can_show_initials_instead_of_the_name(qtbot, clients):
    margaret = clients["margaret"]
    dialog = open_dialog(qtbot, margaret.id)
    combo = dialog.fields.widgets["invoice_shows"]
    assert combo.currentText() == "Their name"
    choose(dialog, "invoice_shows", "initials")
    click_save(qtbot, dialog)
    stored = Client.get_by_id(margaret.id)
    assert stored.invoice_shows == "initials"
    assert client_label(stored) == "Support for: M. B."
