"""ChecklistPage: start or import a checklist, work through it, record policies, save a PDF."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from microbiz.compliance.checklists import DEFAULT_TEMPLATE
from microbiz.compliance.checklists import find_checklist_or_none
from microbiz.compliance.checklists import start_checklist
from microbiz.compliance.policies import PolicyForm
from microbiz.compliance.policies import save_policy
from microbiz.foundations.models import Checklist
from microbiz.foundations.models import ChecklistItem
from microbiz.foundations.models import Policy
from ui.checklist import checklist_page
from ui.checklist.checklist_item_dialog import ChecklistItemDialog
from ui.checklist.checklist_model import DUE
from ui.checklist.checklist_model import NOTES
from ui.checklist.checklist_model import STATUS
from ui.checklist.checklist_model import ChecklistTableModel
from ui.checklist.checklist_page import ChecklistPage
from ui.checklist.import_template_dialog import ImportProblemsDialog
from ui.compliance.policy_dialog import PolicyDialog

TODAY = date(2026, 6, 1)
GOOD_TEMPLATE = """\
title = "Leeds carers' checklist"
version = "2"
author = "Leeds Carers Hub"

[[items]]
id = "join-the-hub"
title = "Join the Leeds Carers Hub"
why = "Training, cover and someone to ask."
link = "https://example.org/hub"
link_text = "Leeds Carers Hub"
due_days = 10

[[items]]
id = "insurance"
title = "Get public liability insurance"
compliance_kind = "public_liability"
"""
BAD_TEMPLATE = """\
title = "Broken checklist"

[[items]]
id = "Bad Id"
why = "There is no title here."

[[items]]
id = "second"
title = "Second"
link = "example.org/page"
compliance_kind = "spaceship"
"""


class Today:
    """A day the test can move on."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


@pytest.fixture
def today() -> Today:
    return Today(TODAY)


@pytest.fixture
def page(qtbot, business, data_dir, today) -> ChecklistPage:
    page = ChecklistPage(data_dir, today=today)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def started(page) -> ChecklistPage:
    page.start_default()
    return page


def messages_of(page: ChecklistPage) -> list[str]:
    said: list[str] = []
    page.message.connect(said.append)
    return said


def choose(page: ChecklistPage, item_key: str) -> ChecklistItem:
    item = ChecklistItem.get(ChecklistItem.item_key == item_key)
    assert page.select_item(item.id)
    return item


def fresh(item: ChecklistItem) -> ChecklistItem:
    return ChecklistItem.get_by_id(item.id)


def shown(page: ChecklistPage, item: ChecklistItem, column: int) -> str:
    return page.model.index(page.model.row_of(item.id), column).data()


def test_the_empty_page_explains_and_starts_the_england_checklist(page):
    assert page.first_field is page.buttons["start"]
    assert page.buttons["start"].isVisible()
    assert page.buttons["import_first"].isVisible()
    assert not page.table.isVisible()
    said = messages_of(page)
    page.buttons["start"].click()

    checklist = find_checklist_or_none(DEFAULT_TEMPLATE)
    assert checklist is not None
    assert checklist.started_on == TODAY
    assert page.model.rowCount() == 26
    assert page.table.isVisible()
    assert page.first_field is page.table
    assert page.progress_text() == "Progress: 0 of 26 done"
    assert page.progress.maximum() == 26 and page.progress.value() == 0
    assert said[0].startswith("Started “Starting a care micro-enterprise in England”: 26 things")
    assert not page.chooser.isVisible()
    assert page.selected_item().item_key == "employment-status"


def test_marking_items_updates_the_progress_line_and_bar(started):
    page = started
    said = messages_of(page)
    status = choose(page, "employment-status")
    page.buttons["done"].click()
    assert fresh(status).status == "done"
    assert fresh(status).done_on == TODAY
    assert shown(page, status, STATUS) == "Done"
    assert page.progress_text() == "Progress: 1 of 26 done"
    assert page.progress.value() == 1
    assert said[-1] == "“Check your employment status” is now done. 1 of 26 done."

    paye = choose(page, "paye")
    page.buttons["not_applicable"].click()
    assert fresh(paye).status == "not_applicable"
    assert page.progress_text() == "Progress: 1 of 26 done, 1 not applicable"
    assert page.progress.value() == 2
    assert page.progress.accessibleDescription() == "1 of 26 done, 1 not applicable"

    choose(page, "self-assessment")
    page.buttons["doing"].click()
    assert shown(page, fresh(choose(page, "self-assessment")), STATUS) == "Doing"
    assert not page.buttons["doing"].isEnabled()
    page.buttons["todo"].click()
    assert fresh(choose(page, "self-assessment")).status == "todo"
    assert page.progress_text() == "Progress: 1 of 26 done, 1 not applicable"


def test_choosing_an_item_shows_why_guidance_and_a_link(started):
    page = started
    choose(page, "self-assessment")
    text = page.details.text()
    assert "Register for Self Assessment" in text
    assert "Why it matters" in text and "Registering late can lead to penalties." in text
    assert "What to do" in text
    assert '<a href="https://www.gov.uk/register-for-self-assessment">' in text
    assert page.details.openExternalLinks()
    assert page.details.textInteractionFlags() & Qt.TextInteractionFlag.LinksAccessibleByKeyboard


def test_past_due_items_say_overdue_until_done(started, today):
    page = started
    item = choose(page, "employment-status")
    assert shown(page, item, DUE) == "08/06/2026"
    today.day = date(2026, 7, 1)
    page.refresh()
    assert shown(page, item, DUE) == "08/06/2026, overdue"
    page.select_item(item.id)
    page.mark_done()
    assert shown(page, item, DUE) == "08/06/2026"


def fake_ask(seen: dict, provider: str = "", expires: str = ""):
    """A PolicyDialog.ask that notes what it was opened with, fills in and saves (or cancels)."""

    def ask(cls, parent, folder, policy_id=None, form=None, title=None, note=""):
        dialog = cls(parent, folder, policy_id, form, title, note)
        seen.update(
            policy_id=policy_id,
            kind=dialog.fields.widgets["kind"].currentData(),
            provider=dialog.fields.widgets["provider"].text(),
            label=dialog.fields.labels["provider"].text().replace("&", ""),
            title=dialog.windowTitle(),
        )
        if not expires:
            dialog.deleteLater()
            return None
        if provider:
            dialog.fields.widgets["provider"].setText(provider)
        dialog.fields.widgets["expires_on"].setText(expires)
        dialog.accept()
        return dialog.saved

    return classmethod(ask)


def test_register_items_show_the_registers_state(started, today):
    page = started
    save_policy(PolicyForm(kind="ico_fee", provider="ICO", expires_on="20/05/2026"))
    save_policy(
        PolicyForm(kind="training_course", provider="First aid at work", expires_on="14/03/2028")
    )
    page.refresh()
    fee, first_aid = choose(page, "ico-fee"), choose(page, "first-aid-training")
    assert shown(page, fee, STATUS) == "Expired 20/05/2026"
    assert shown(page, first_aid, STATUS) == "Current to 14/03/2028"
    assert shown(page, first_aid, DUE) == "31/07/2026"
    assert shown(page, choose(page, "dbs-check"), STATUS) == "Missing"
    page.select_item(first_aid.id)
    text = page.details.text()
    assert "Current until 14/03/2028" in text
    assert "In Insurance and checks" in text and "Training course (First aid at work)" in text
    assert page.progress_text() == "Progress: 1 of 26 done"
    assert not page.buttons["doing"].isEnabled()
    assert page.buttons["done"].isEnabled()


def test_mark_done_on_a_missing_record_opens_a_new_one_of_its_kind(started, monkeypatch):
    page = started
    seen: dict = {}
    monkeypatch.setattr(PolicyDialog, "ask", fake_ask(seen, "Hiscox", "01/06/2027"))
    said = messages_of(page)
    item = choose(page, "public-liability")
    page.buttons["done"].click()

    assert seen == {
        "policy_id": None,
        "kind": "public_liability",
        "provider": "",
        "label": "Insurer",
        "title": "Add Public liability insurance",
    }
    policy = Policy.get()
    assert (policy.kind, policy.provider) == ("public_liability", "Hiscox")
    assert fresh(item).policy_id == policy.id
    assert shown(page, item, STATUS) == "Current to 01/06/2027"
    assert said[-1] == (
        "Saved Public liability insurance (Hiscox) in Insurance and checks. 1 of 26 done."
    )


def test_mark_done_on_a_course_starts_it_with_the_course_name(started, monkeypatch):
    seen: dict = {}
    monkeypatch.setattr(PolicyDialog, "ask", fake_ask(seen))
    item = choose(started, "first-aid-training")
    started.mark_done()
    assert (seen["kind"], seen["provider"], seen["label"]) == (
        "training_course",
        "First aid",
        "Course",
    )
    assert fresh(item).status == "todo"
    assert Policy.select().count() == 0


def test_mark_done_opens_a_current_record_and_renews_an_expired_one(started, monkeypatch):
    page = started
    held = save_policy(PolicyForm(kind="dbs_certificate", provider="uCheck"))
    fee = save_policy(PolicyForm(kind="ico_fee", provider="ICO", expires_on="20/05/2026"))
    page.refresh()
    seen: dict = {}
    monkeypatch.setattr(PolicyDialog, "ask", fake_ask(seen))
    choose(page, "dbs-check")
    page.mark_done()
    assert (seen["policy_id"], seen["title"]) == (held.id, "Edit DBS certificate (uCheck)")

    monkeypatch.setattr(PolicyDialog, "ask", fake_ask(seen, expires="20/05/2027"))
    item = choose(page, "ico-fee")
    page.mark_done()
    assert (seen["policy_id"], seen["provider"], seen["label"]) == (None, "ICO", "Paid to")
    assert seen["title"] == "Renew ICO data protection fee (ICO)"
    renewed = Policy.select().order_by(Policy.id.desc()).get()
    assert renewed.id != fee.id and renewed.expires_on == date(2027, 5, 20)
    assert shown(page, item, STATUS) == "Current to 20/05/2027"


def test_edit_checks_the_due_date_and_saves_notes(qtbot, started, answers):
    page = started
    item = choose(page, "bank-account")
    dialog = ChecklistItemDialog(None, fresh(item), TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fields.widgets["due_on"].setText("32/13/2026")
    dialog.fields.widgets["notes"].setPlainText("Ask the bank about a business account.")
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.fields.problems["due_on"].isVisible()
    assert fresh(item).notes == ""
    dialog.fields.widgets["due_on"].setText("15/07/2026")
    dialog.accept()
    assert not dialog.isVisible()
    assert fresh(item).notes == "Ask the bank about a business account."
    assert fresh(item).due_on == date(2026, 7, 15)
    page.refresh()
    assert shown(page, item, NOTES) == "Yes"
    assert shown(page, item, DUE) == "15/07/2026"


def test_the_edit_button_opens_the_item_dialog(started, monkeypatch):
    page = started
    asked = []

    def ask(cls, parent, item, today=None):
        asked.append(item.item_key)
        return None

    monkeypatch.setattr(ChecklistItemDialog, "ask", classmethod(ask))
    choose(page, "pricing")
    page.buttons["edit"].click()
    assert asked == ["pricing"]


def test_importing_a_good_template_adds_a_checklist(started, data_dir, tmp_path, monkeypatch):
    page = started
    path = tmp_path / "leeds-carers.toml"
    path.write_text(GOOD_TEMPLATE, encoding="utf-8")
    monkeypatch.setattr(checklist_page, "choose_template", lambda parent: path)
    said = messages_of(page)
    page.buttons["import"].click()

    checklist = find_checklist_or_none("leeds-carers")
    assert checklist is not None
    assert (data_dir / "checklists" / "leeds-carers.toml").exists()
    assert said == ["Imported “Leeds carers' checklist”."]
    assert page.current_checklist().name == "leeds-carers"
    assert page.chooser.isVisible() and page.chooser.count() == 2
    assert page.model.rowCount() == 2
    assert page.checklist_title.text() == "Leeds carers' checklist (from Leeds Carers Hub)"
    assert page.progress_text() == "Progress: 0 of 2 done"
    page.chooser.setCurrentIndex(page.chooser.findData(DEFAULT_TEMPLATE))
    assert page.model.rowCount() == 26


def test_importing_from_the_empty_page(page, tmp_path, monkeypatch):
    path = tmp_path / "leeds-carers.toml"
    path.write_text(GOOD_TEMPLATE, encoding="utf-8")
    monkeypatch.setattr(checklist_page, "choose_template", lambda parent: path)
    page.buttons["import_first"].click()
    assert page.current_checklist().name == "leeds-carers"
    assert not page.chooser.isVisible()


def test_a_bad_template_lists_every_problem_and_installs_nothing(
    page, data_dir, tmp_path, monkeypatch
):
    path = tmp_path / "broken.toml"
    path.write_text(BAD_TEMPLATE, encoding="utf-8")
    monkeypatch.setattr(checklist_page, "choose_template", lambda parent: path)
    shown_problems = []
    monkeypatch.setattr(
        ImportProblemsDialog,
        "ask",
        classmethod(lambda cls, parent, name, lines: shown_problems.append((name, lines))),
    )
    said = messages_of(page)
    page.buttons["import_first"].click()

    ((name, lines),) = shown_problems
    assert name == "broken.toml"
    assert all(line.startswith("line ") for line in lines)
    assert "line 3: items[1].title: missing" in lines
    assert any(line.startswith("line 4: items[1].id: 'Bad Id'") for line in lines)
    assert any(line.startswith("line 10: items[2].link:") for line in lines)
    assert any(line.startswith("line 11: items[2].compliance_kind:") for line in lines)
    assert said == ["broken.toml was not imported; nothing was installed."]
    assert Checklist.select().count() == 0
    assert not (data_dir / "checklists").exists() or not any((data_dir / "checklists").iterdir())
    assert page.first_field is page.buttons["start"]


def test_the_problems_dialog_lists_each_line_and_copies_them(qtbot):
    lines = ["line 3: items[1].title: missing", "line 10: items[2].link: must start with https://"]
    dialog = ImportProblemsDialog(None, "broken.toml", lines)
    qtbot.addWidget(dialog)
    assert dialog.model.stringList() == lines
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == "\n".join(lines)


def test_save_as_pdf_writes_a_real_pdf(started, tmp_path, monkeypatch, answers, opened):
    page = started
    choose(page, "employment-status")
    page.mark_done()
    out = tmp_path / "checklist.pdf"
    suggested = []

    def choose_path(parent, path):
        suggested.append(path.name)
        return out

    monkeypatch.setattr(checklist_page, "choose_pdf_path", choose_path)
    page.buttons["pdf"].click()
    assert suggested == ["Starting a care micro-enterprise in England 2026-06-01.pdf"]
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Register for Self Assessment" in text
    assert "Kind Hands Care" in text
    assert opened == [out]


def test_checklist_model_passes_the_qt_model_tester(qtmodeltester, business):
    checklist = start_checklist(DEFAULT_TEMPLATE, None, TODAY)
    model = ChecklistTableModel()
    model.refresh(checklist, date(2026, 8, 1))
    assert model.rowCount() == 26
    qtmodeltester.check(model)
    model.refresh(None)
    qtmodeltester.check(model)
