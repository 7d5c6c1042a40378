"""Month end: drafts made through the Runner and reviewed, then issued with their PDFs saved."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader

from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Invoice
from microbiz.invoicing.invoices import get_invoice
from microbiz.invoicing.invoices import issue_invoice
from ui.common.runner import Runner
from ui.invoices import month_end_dialog
from ui.invoices.batch_model import CLIENT
from ui.invoices.batch_model import NUMBER
from ui.invoices.month_end_dialog import PLEASE_WAIT
from ui.invoices.month_end_dialog import MonthEndDialog
from ui.invoices.month_end_dialog import default_month
from ui.invoices.month_end_dialog import months_back

EARLY_DECEMBER = date(2026, 12, 3)


@pytest.fixture
def dialog(qtbot, tmp_path, november) -> MonthEndDialog:
    dialog = MonthEndDialog(None, tmp_path / "invoices", today=EARLY_DECEMBER)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def column(model, number: int) -> list[str]:
    return [model.index(r, number).data() for r in range(model.rowCount())]


def test_the_month_is_last_month_in_the_first_week_else_this_month():
    assert default_month(date(2026, 12, 7)) == date(2026, 11, 1)
    assert default_month(date(2026, 12, 8)) == date(2026, 12, 1)
    assert default_month(date(2027, 1, 2)) == date(2026, 12, 1)
    assert months_back(date(2026, 2, 10), 3) == [
        date(2026, 2, 1),
        date(2026, 1, 1),
        date(2025, 12, 1),
    ]


def test_it_starts_on_last_month_with_todays_issue_date(dialog):
    assert dialog.fields.widgets["month"].currentText() == "November 2026"
    assert dialog.chosen_month() == (date(2026, 11, 1), date(2026, 11, 30))
    assert dialog.fields.widgets["issue_date"].text() == "03/12/2026"
    assert dialog.buttons["make"].isEnabled()
    assert not dialog.buttons["issue"].isEnabled()
    assert not dialog.buttons["folder"].isVisible()


def test_month_end_makes_drafts_then_issues_and_saves_pdfs(dialog, synchronous_runner, answers):
    dialog.make_drafts()

    assert dialog.progress.value() == dialog.progress.maximum() == 3
    assert column(dialog.model, CLIENT) == ["Jean O'Neill", "Margaret Brown"]
    assert column(dialog.model, NUMBER) == ["Draft", "Draft"]
    assert dialog.skipped_model.stringList() == [
        "Arthur Patel: no delivered visits to invoice in this period."
    ]
    assert dialog.total.text() == "Total: £112.00"
    assert dialog.status.text().startswith("Made 2 drafts for November 2026, £112.00 in all.")
    assert not dialog.fields.widgets["month"].isEnabled()
    assert dialog.buttons["issue"].isEnabled()

    dialog.issue_all()

    assert "Issue 2 invoices dated 03/12/2026, £112.00 in all?" in answers.asked[-1]
    assert dialog.progress.value() == dialog.progress.maximum() == 4
    assert column(dialog.model, NUMBER) == ["INV-0001", "INV-0002"]
    folder = dialog._folder
    assert sorted(p.name for p in folder.iterdir()) == ["INV-0001.pdf", "INV-0002.pdf"]
    text = PdfReader(folder / "INV-0001.pdf").pages[0].extract_text()
    assert "INV-0001" in text
    assert dialog.said == f"Issued 2 invoices, £112.00 in all. PDFs saved in {folder}."
    assert dialog.status.text() == dialog.said
    assert dialog.buttons["folder"].isVisible()
    assert not dialog.buttons["issue"].isEnabled()


def test_open_folder_at_the_end(dialog, synchronous_runner, opened):
    dialog.make_drafts()
    dialog.issue_all()
    dialog.buttons["folder"].click()
    assert opened == [dialog._folder]


def test_a_month_with_nothing_to_invoice_says_why(dialog, synchronous_runner):
    combo = dialog.fields.widgets["month"]
    combo.setCurrentIndex(combo.findText("October 2026"))
    dialog.make_drafts()
    assert dialog.model.rowCount() == 0
    assert len(dialog.skipped_model.stringList()) == 3
    assert dialog.status.text().startswith("No drafts were made for October 2026")
    assert dialog.buttons["make"].isEnabled()
    assert not dialog.buttons["issue"].isEnabled()


def test_a_bad_issue_date_is_shown_under_it_and_nothing_is_issued(dialog, synchronous_runner):
    dialog.make_drafts()
    dialog.fields.widgets["issue_date"].setText("31/11/2026")
    dialog.issue_all()
    assert dialog.fields.problems["issue_date"].isVisible()
    assert "not a real date" in dialog.fields.problems["issue_date"].text()
    assert not Invoice.select().where(Invoice.issued).exists()


def test_an_issue_date_a_year_away_is_pointed_out_before_issuing(
    dialog, synchronous_runner, answers
):
    dialog.make_drafts()
    dialog.fields.widgets["issue_date"].setText("03/12/2028")
    answers.confirm = False
    dialog.issue_all()
    assert answers.asked[-1].startswith(
        "Check the date: 03/12/2028 is more than a year from today."
    )
    assert not Invoice.select().where(Invoice.issued).exists()
    answers.confirm = True
    dialog.issue_all()
    assert [i.issue_date for i in Invoice.select()] == [date(2028, 12, 3)] * 2


def test_closing_after_drafts_says_they_are_waiting(dialog, synchronous_runner):
    dialog.make_drafts()
    dialog.reject()
    assert (
        dialog.said
        == "2 drafts for November 2026 are waiting on the Invoices page, not issued yet."
    )


def test_a_problem_part_way_keeps_what_was_issued(dialog, synchronous_runner, answers, monkeypatch):
    dialog.make_drafts()

    def issue_one_then_fail(ids, issue_date, folder, progress, **options):
        issue_invoice(ids[0], issue_date)
        raise UserError("The disk is full")

    real = month_end_dialog.issue_and_write
    monkeypatch.setattr(month_end_dialog, "issue_and_write", issue_one_then_fail)
    dialog.issue_all()

    assert "The disk is full" in answers.warnings[-1]
    assert "1 of 2 invoices were issued before the problem" in answers.warnings[-1]
    assert column(dialog.model, NUMBER) == ["INV-0001", "Draft"]
    assert dialog.buttons["issue"].isEnabled()
    assert dialog.buttons["close"].isEnabled()

    monkeypatch.setattr(month_end_dialog, "issue_and_write", real)
    dialog.issue_all()
    assert column(dialog.model, NUMBER) == ["INV-0001", "INV-0002"]
    assert sorted(p.name for p in dialog._folder.iterdir()) == ["INV-0001.pdf", "INV-0002.pdf"]
    assert dialog.said.startswith("Issued 2 invoices, £112.00 in all.")


def test_the_real_thread_pool_runs_the_job_and_the_window_waits_for_it(qtbot, dialog):
    assert Runner.run_now is False
    with qtbot.waitSignal(dialog.work_finished, timeout=10_000):
        dialog.make_drafts()
        assert dialog.is_working()
        assert not dialog.buttons["close"].isEnabled()
        assert not dialog.buttons["make"].isEnabled()
        dialog.reject()
        assert dialog.isVisible()
        assert dialog.status.text() == PLEASE_WAIT
    assert not dialog.is_working()
    assert dialog.progress.value() == dialog.progress.maximum() == 3
    assert column(dialog.model, CLIENT) == ["Jean O'Neill", "Margaret Brown"]
    assert all(not get_invoice(i).issued for i in dialog.model.invoice_ids())
    assert dialog.buttons["close"].isEnabled()
