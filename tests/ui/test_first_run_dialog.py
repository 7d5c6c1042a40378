"""FirstRunDialog: the two names, or sample data; no way past it without a business."""

from __future__ import annotations

import sys
import types

import pytest
from PySide6.QtWidgets import QDialog

from microbiz.business import get_business
from microbiz.business import start_business
from microbiz.checklists import DEFAULT_TEMPLATE
from microbiz.checklists import find_checklist_or_none
from microbiz.models import Checklist
from microbiz.models import Client
from ui.dialogs.first_run_dialog import FirstRunDialog


@pytest.fixture
def dialog(qtbot, db) -> FirstRunDialog:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_start_with_both_names_creates_the_business(dialog):
    dialog.fields.widgets["trading_name"].setText("Kind Hands Care")
    dialog.fields.widgets["owner_name"].setText("Sam Carter")
    dialog.start_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert get_business().owner_name == "Sam Carter"


def test_start_begins_the_england_checklist_when_ticked(dialog):
    assert dialog.checklist_box.isChecked()
    dialog.fields.widgets["trading_name"].setText("Kind Hands Care")
    dialog.fields.widgets["owner_name"].setText("Sam Carter")
    dialog.start_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert find_checklist_or_none(DEFAULT_TEMPLATE) is not None


def test_start_without_the_checklist_when_unticked(dialog):
    dialog.checklist_box.setChecked(False)
    dialog.fields.widgets["trading_name"].setText("Kind Hands Care")
    dialog.fields.widgets["owner_name"].setText("Sam Carter")
    dialog.start_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert Checklist.select().count() == 0


def test_blank_names_start_no_checklist(dialog):
    dialog.start_button.click()
    assert Checklist.select().count() == 0


def test_start_with_blank_names_shows_problems_and_stays(dialog):
    dialog.start_button.click()
    assert dialog.isVisible()
    assert dialog.fields.problems["trading_name"].text() == "⚠ Business name is required."
    assert dialog.fields.problems["owner_name"].isVisible()
    assert get_business() is None


def test_sample_data_uses_the_demo_and_accepts(dialog, monkeypatch):
    made = []

    def create_demo(clients: int = 12, seed: int = 1) -> None:
        made.append(clients)
        start_business("Sample Care", "Alex Example")

    monkeypatch.setitem(
        sys.modules, "microbiz.demo", types.SimpleNamespace(create_demo=create_demo)
    )
    dialog.sample_button.click()
    assert made == [12]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert get_business().trading_name == "Sample Care"
    assert Checklist.select().count() == 0  # the checklist is offered for a real business only


def test_closing_the_dialog_leaves_no_business(dialog):
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert get_business() is None


def test_sample_data_with_the_real_demo(dialog):
    pytest.importorskip("microbiz.demo")
    dialog.sample_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert get_business() is not None
    assert Client.select().count() == 12
