"""SettingsPage: the business profile saved through the core, problems beside their fields."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from microbiz.foundations.business import get_business
from ui.settings.settings_page import SettingsPage


@pytest.fixture
def page(qtbot, business, data_dir) -> SettingsPage:
    page = SettingsPage(data_dir)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def type_into(page: SettingsPage, **values: str) -> None:
    for name, value in values.items():
        widget = page.fields.widgets[name]
        if hasattr(widget, "setPlainText"):
            widget.setPlainText(value)
        else:
            widget.setText(value)


def test_load_shows_the_saved_profile(page):
    assert page.fields.widgets["trading_name"].text() == "Kind Hands Care"
    assert page.fields.widgets["owner_name"].text() == "Sam Carter"
    assert page.fields.widgets["payment_terms_days"].text() == "14"
    assert not page.has_unsaved_changes()


def test_save_button_saves_the_profile(qtbot, page):
    type_into(
        page,
        address="12 Elm Road\nLeeds",
        postcode="ls6 2ab",
        bank_account_name="S Carter",
        bank_sort_code="123456",
        bank_account_number="12345678",
        payment_terms_days="30",
    )
    assert page.has_unsaved_changes()
    with qtbot.waitSignal(page.message) as said:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    business = get_business()
    assert business.address == "12 Elm Road\nLeeds"
    assert business.postcode == "LS6 2AB"
    assert business.bank_sort_code == "12-34-56"
    assert business.payment_terms_days == 30
    assert said.args == ["Saved your business details."]
    assert page.fields.widgets["bank_sort_code"].text() == "12-34-56"
    assert not page.has_unsaved_changes()


def test_a_bad_sort_code_shows_a_problem_and_saves_nothing(qtbot, page):
    before = get_business()
    type_into(
        page,
        bank_account_name="S Carter",
        bank_sort_code="12-34",
        bank_account_number="12345678",
        phone="0113 496 0000",
    )
    assert page.save() is False
    problem = page.fields.problems["bank_sort_code"]
    assert problem.isVisible()
    assert problem.text() == "⚠ Sort code must be six digits, like 12-34-56."
    assert page.fields.widgets["bank_sort_code"].hasFocus() or (
        page.focusWidget() is page.fields.widgets["bank_sort_code"]
    )
    business = get_business()
    assert business.bank_sort_code == before.bank_sort_code
    assert business.phone == before.phone
    assert page.has_unsaved_changes()


def test_a_required_field_left_blank_is_named(page):
    type_into(page, trading_name="  ")
    assert page.save() is False
    assert page.fields.problems["trading_name"].text() == "⚠ Business name is required."
    assert get_business().trading_name == "Kind Hands Care"


def test_problems_clear_once_put_right(page):
    type_into(page, bank_account_name="S Carter", bank_account_number="12345678")
    type_into(page, bank_sort_code="12-34")
    page.save()
    type_into(page, bank_sort_code="12-34-56")
    assert page.save() is True
    assert not page.fields.problems["bank_sort_code"].isVisible()
    assert not page.summary.isVisible()


def test_the_page_names_the_data_folder(page, data_dir):
    assert str(data_dir) in " ".join(
        label.text() for label in page.findChildren(type(page.summary))
    )


def test_payment_instructions_are_saved(qtbot, page):
    type_into(page, payment_instructions="Pay by Direct Payment card on 0113 000 0000")
    assert page.has_unsaved_changes()
    assert page.save() is True
    assert get_business().payment_instructions == "Pay by Direct Payment card on 0113 000 0000"
    assert page.fields.widgets["payment_instructions"].accessibleName() == "Payment instructions"
    assert not page.has_unsaved_changes()


def test_half_the_bank_details_are_named_beside_the_first_missing(page):
    before = get_business().bank_sort_code
    type_into(page, bank_account_name="", bank_sort_code="12-34-56", bank_account_number="")
    assert page.save() is False
    problem = page.fields.problems["bank_account_name"]
    assert problem.isVisible()
    assert problem.text() == (
        "⚠ Bank details are incomplete: add the account name and account number, "
        "or leave all three blank."
    )
    assert page.focusWidget() is page.fields.widgets["bank_account_name"]
    assert page.fields.problem_count() == 1
    assert get_business().bank_sort_code == before
