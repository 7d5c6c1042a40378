"""CompliancePage and PolicyDialog: reminders in words, the register with its history, documents."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from microbiz.compliance.policies import PolicyForm
from microbiz.compliance.policies import save_policy
from microbiz.foundations.attachments import attach_document
from microbiz.foundations.attachments import document_path
from microbiz.foundations.attachments import documents_of
from microbiz.foundations.models import Document
from microbiz.foundations.models import Policy
from ui.compliance import compliance_page
from ui.compliance import policy_dialog
from ui.compliance.compliance_page import CompliancePage
from ui.compliance.policies_model import COVER
from ui.compliance.policies_model import EXPIRES
from ui.compliance.policies_model import KIND
from ui.compliance.policies_model import SORT_ROLE
from ui.compliance.policies_model import STATE
from ui.compliance.policies_model import PoliciesTableModel
from ui.compliance.policy_dialog import PolicyDialog
from ui.compliance.reminders_model import RemindersListModel

TODAY = date(2026, 6, 1)


@pytest.fixture
def page(qtbot, business, data_dir) -> CompliancePage:
    page = CompliancePage(data_dir, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def scan(tmp_path):
    """A small certificate file somewhere outside the data folder."""
    path = tmp_path / "downloads" / "Hiscox certificate.pdf"
    path.parent.mkdir()
    path.write_bytes(b"%PDF-1.4 a certificate\n")
    return path


def insurance(expires: str = "20/06/2026", starts: str = "20/06/2025", **more) -> Policy:
    form = PolicyForm(
        kind="public_liability",
        provider="Hiscox",
        reference="PL-88213",
        cover="5000000",
        starts_on=starts,
        expires_on=expires,
        **more,
    )
    return save_policy(form)


def answer_policy_dialog(monkeypatch, fill) -> list[PolicyDialog]:
    """PolicyDialog.ask builds the real dialog, lets `fill` type into it, then saves."""
    made: list[PolicyDialog] = []

    def ask(cls, parent, folder, policy_id=None, form=None, title=None, note=""):
        dialog = cls(parent, folder, policy_id, form, title, note)
        made.append(dialog)
        fill(dialog)
        dialog.accept()
        return dialog.saved

    monkeypatch.setattr(PolicyDialog, "ask", classmethod(ask))
    return made


def reminder_lines(page: CompliancePage) -> list[str]:
    model = page.reminders_model
    return [model.index(row).data() for row in range(model.rowCount())]


def column(page: CompliancePage, number: int) -> list[str]:
    proxy = page.proxy
    return [proxy.index(row, number).data() for row in range(proxy.rowCount())]


def choose_kind(dialog: PolicyDialog, kind: str) -> None:
    combo = dialog.fields.widgets["kind"]
    combo.setCurrentIndex(combo.findData(kind))


def test_add_a_policy_with_a_document_kept_in_the_data_folder(
    page, data_dir, scan, monkeypatch, opened
):
    monkeypatch.setattr(policy_dialog, "choose_document", lambda parent: scan)

    def fill(dialog: PolicyDialog) -> None:
        choose_kind(dialog, "public_liability")
        dialog.fields.widgets["provider"].setText("Hiscox")
        dialog.fields.widgets["cover"].setText("5000000")
        dialog.fields.widgets["starts_on"].setText("20/06/2025")
        dialog.fields.widgets["expires_on"].setText("20/06/2026")
        dialog.attach()
        assert dialog.attached_words() == ["Hiscox certificate.pdf (attached when you save)"]

    said = []
    page.message.connect(said.append)
    answer_policy_dialog(monkeypatch, fill)
    page.buttons["add"].click()

    policy = Policy.get()
    assert policy.provider == "Hiscox"
    (document,) = documents_of(policy.id)
    stored = document_path(document, data_dir)
    assert stored.parent == data_dir / "documents"
    assert document.original_name == "Hiscox certificate.pdf"
    scan.unlink()  # the original deleted, as the dialog says may be done
    assert stored.read_bytes() == b"%PDF-1.4 a certificate\n"
    assert said == ["Saved Public liability insurance (Hiscox)."]
    assert page.selected_id() == policy.id
    assert page.buttons["open"].isEnabled()
    page.buttons["open"].click()
    assert opened == [stored]
    assert column(page, COVER) == ["£5,000,000"]
    assert column(page, STATE) == ["Due in 19 days"]
    assert "Due soon – Public liability insurance (Hiscox): Due in 19 days" in reminder_lines(page)
    assert page.reminders_heading.text() == "Needs attention (3)"


def test_reminders_come_in_the_cores_order_with_a_word_before_each(page):
    save_policy(
        PolicyForm(kind="ico_fee", provider="ICO", starts_on="27/05/2025", expires_on="27/05/2026")
    )
    insurance()
    page.refresh()
    assert reminder_lines(page) == [
        "Overdue – ICO data protection fee (ICO): Expired 5 days ago",
        "Missing – DBS certificate: not on record yet",
        "Due soon – Public liability insurance (Hiscox): Due in 19 days",
    ]
    assert page.reminders_list.isVisible()
    assert not page.up_to_date.isVisible()
    assert page.first_field is page.reminders_list


def test_all_up_to_date_when_nothing_needs_attention(page):
    insurance(expires="01/01/2027")
    save_policy(PolicyForm(kind="dbs_certificate", provider="DBS", starts_on="01/01/2026"))
    save_policy(PolicyForm(kind="ico_fee", provider="ICO", expires_on="01/03/2027"))
    page.refresh()
    assert page.reminders_heading.text() == "All up to date"
    assert page.up_to_date.isVisible()
    assert not page.reminders_list.isVisible()
    assert column(page, STATE) == ["Current", "Current", "Current"]
    assert column(page, EXPIRES)[1] == "No expiry"
    assert page.first_field is page.table


def test_an_invalid_date_is_shown_under_its_field_and_nothing_is_saved(
    qtbot, business, data_dir, scan, monkeypatch
):
    monkeypatch.setattr(policy_dialog, "choose_document", lambda parent: scan)
    dialog = PolicyDialog(None, data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fields.widgets["provider"].setText("Hiscox")
    dialog.fields.widgets["expires_on"].setText("31/02/2026")
    dialog.attach()
    dialog.accept()
    assert dialog.isVisible()
    problem = dialog.fields.problems["expires_on"]
    assert problem.isVisible()
    assert problem.text().startswith("⚠ ")
    assert "31/02/2026" in problem.text()
    assert not dialog.fields.problems["provider"].isVisible()
    assert dialog.summary.text().endswith("Nothing has been saved yet.")
    assert dialog.saved is None
    assert Policy.select().count() == 0
    assert Document.select().count() == 0
    assert not (data_dir / "documents").exists()


def test_cancelling_with_changes_asks_first(qtbot, business, data_dir, answers):
    dialog = PolicyDialog(None, data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fields.widgets["provider"].setText("Hiscox")
    answers.confirm = False
    dialog.reject()
    assert answers.asked == ["What you typed or attached has not been saved. Discard it?"]
    assert dialog.isVisible()
    answers.confirm = True
    dialog.reject()
    assert not dialog.isVisible()
    assert Policy.select().count() == 0


def test_renew_keeps_the_old_item_and_silences_its_reminder(page, monkeypatch):
    old = insurance()
    page.refresh(old.id)
    assert any("Hiscox" in line for line in reminder_lines(page))
    seen = {}

    def fill(dialog: PolicyDialog) -> None:
        seen["title"] = dialog.windowTitle()
        seen["values"] = dialog.fields.values()
        seen["labels"] = [label.text() for label in dialog.findChildren(QLabel)]

    answer_policy_dialog(monkeypatch, fill)
    page.buttons["renew"].click()

    assert seen["title"] == "Renew Public liability insurance (Hiscox)"
    assert seen["values"]["starts_on"] == "20/06/2026"
    assert seen["values"]["expires_on"] == "20/06/2027"
    assert seen["values"]["reference"] == "PL-88213"
    assert any("The old item stays in your register" in text for text in seen["labels"])
    assert Policy.select().count() == 2
    assert Policy.get_by_id(old.id).expires_on == date(2026, 6, 20)
    assert not any("Hiscox" in line for line in reminder_lines(page))
    assert column(page, STATE) == ["Current", "Renewed"]
    assert column(page, EXPIRES) == ["20/06/2027", "20/06/2026"]
    page.select_policy(old.id)
    assert not page.buttons["renew"].isEnabled()
    assert page.buttons["edit"].isEnabled()


def test_enter_on_a_missing_reminder_adds_that_kind(qtbot, page, monkeypatch):
    insurance(expires="01/01/2027")
    page.refresh()
    kinds = []

    def fill(dialog: PolicyDialog) -> None:
        kinds.append(dialog.fields.widgets["kind"].currentData())
        dialog.fields.widgets["provider"].setText("DBS via uCheck")

    answer_policy_dialog(monkeypatch, fill)
    missing_dbs = reminder_lines(page).index("Missing – DBS certificate: not on record yet")
    page.reminders_list.setCurrentIndex(page.reminders_model.index(missing_dbs))
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.reminders_list.setFocus()
    qtbot.keyClick(page.reminders_list, Qt.Key.Key_Return)
    assert kinds == ["dbs_certificate"]
    assert Policy.select().where(Policy.kind == "dbs_certificate").count() == 1
    assert "Missing – DBS certificate: not on record yet" not in reminder_lines(page)


def test_enter_on_a_due_reminder_renews_it(page, monkeypatch):
    old = insurance()
    page.refresh()
    titles = []
    answer_policy_dialog(monkeypatch, lambda dialog: titles.append(dialog.windowTitle()))
    row = next(i for i, line in enumerate(reminder_lines(page)) if "Hiscox" in line)
    page.reminders_list.setCurrentIndex(page.reminders_model.index(row))
    page.deal_with_reminder()
    assert titles == ["Renew Public liability insurance (Hiscox)"]
    assert Policy.select().count() == 2
    assert Policy.get_by_id(old.id) is not None


def test_attach_and_open_documents_from_the_page(
    page, data_dir, scan, tmp_path, monkeypatch, opened
):
    policy = insurance()
    second = tmp_path / "schedule.pdf"
    second.write_bytes(b"%PDF-1.4 schedule\n")
    chosen = iter([scan, second])
    monkeypatch.setattr(policy_dialog, "choose_document", lambda parent: next(chosen))
    page.refresh(policy.id)
    assert not page.buttons["open"].isEnabled()
    page.attach_to_selected()
    page.attach_to_selected()
    assert [d.original_name for d in documents_of(policy.id)] == [
        "Hiscox certificate.pdf",
        "schedule.pdf",
    ]
    assert page.selected_row().documents == 2
    offered = []

    def pick(parent, names):
        offered.append(names)
        return 1

    monkeypatch.setattr(compliance_page, "pick_document", pick)
    page.open_selected_document()
    assert offered == [["Hiscox certificate.pdf", "schedule.pdf"]]
    assert opened == [document_path(documents_of(policy.id)[1], data_dir)]


def test_delete_explains_documents_go_too_and_removes_them(page, data_dir, scan, answers):
    policy = insurance()
    stored = document_path(attach_document(scan, data_dir, policy_id=policy.id), data_dir)
    page.refresh(policy.id)
    answers.confirm = False
    page.buttons["delete"].click()
    assert "Its document is deleted too." in answers.asked[0]
    assert "Renew…" in answers.asked[0]
    assert Policy.select().count() == 1
    answers.confirm = True
    page.delete_selected()
    assert Policy.select().count() == 0
    assert not stored.exists()
    assert page.model.rowCount() == 0
    assert page.first_field is page.reminders_list
    assert not page.buttons["evidence"].isEnabled()  # an empty pack helps nobody


def test_editing_a_policy_lists_and_removes_its_documents(
    qtbot, business, data_dir, scan, answers, opened
):
    policy = insurance()
    stored = document_path(attach_document(scan, data_dir, policy_id=policy.id), data_dir)
    dialog = PolicyDialog(None, data_dir, policy.id)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Edit Public liability insurance"
    assert dialog.attached_words() == ["Hiscox certificate.pdf"]
    assert not dialog.buttons["remove"].isEnabled()
    dialog.documents.setCurrentIndex(dialog.documents_model.index(0))
    dialog.open_document()
    assert opened == [stored]
    dialog.remove_chosen()
    assert "not touched" in answers.asked[-1]
    assert dialog.attached_words() == []
    assert not stored.exists()


def test_evidence_pack_writes_a_real_pdf(
    page, tmp_path, monkeypatch, synchronous_runner, answers, opened
):
    insurance(expires="01/01/2027")
    page.refresh()
    out = tmp_path / "pack.pdf"
    suggested = []

    def choose(parent, caption, path):
        suggested.append(path.name)
        return out

    monkeypatch.setattr(compliance_page, "choose_pdf_path", choose)
    page.buttons["evidence"].click()

    assert suggested == ["Evidence pack 2026-06-01.pdf"]
    assert page.evidence_path == out
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Hiscox" in text
    assert "Kind Hands Care" in text
    assert answers.asked[-1].endswith("Open it now?")
    assert opened == [out]
    assert not page.progress.isVisible()
    assert page.buttons["evidence"].isEnabled()
    assert not page.is_working()


def test_evidence_pack_problem_is_said_and_nothing_is_left_running(
    page, tmp_path, data_dir, monkeypatch, synchronous_runner, answers
):
    insurance()
    page.refresh()
    monkeypatch.setattr(
        compliance_page, "choose_pdf_path", lambda parent, caption, path: tmp_path / "no" / "x.pdf"
    )
    monkeypatch.setattr(
        compliance_page,
        "_write_evidence_pack",
        lambda folder, path, today: (_ for _ in ()).throw(OSError("disk full")),
    )
    page.save_evidence_pack()
    [warning] = answers.warnings
    log = data_dir / "logs" / "microbiz.log"
    assert warning == f"Something went wrong: disk full. The details are in {log}."
    assert "OSError: disk full" in log.read_text()
    assert page.status.text() == "The evidence pack was not saved."
    assert page.buttons["evidence"].isEnabled()


def test_policies_model_passes_the_qt_model_tester(qtmodeltester, business):
    old = insurance()
    save_policy(PolicyForm(kind="public_liability", provider="Hiscox", expires_on="20/06/2027"))
    save_policy(PolicyForm(kind="dbs_certificate", provider="DBS"))
    model = PoliciesTableModel()
    model.refresh(TODAY)
    qtmodeltester.check(model)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.sort(STATE, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(proxy)
    assert model.policy_row(model.row_of(old.id)).state_words == "Renewed"
    proxy.sort(KIND, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, KIND).data() for r in range(3)] == [
        "Public liability insurance",
        "Public liability insurance",
        "DBS certificate",
    ]


def test_reminders_model_passes_the_qt_model_tester(qtmodeltester, business):
    insurance()
    model = RemindersListModel()
    model.refresh(TODAY)
    assert model.rowCount() == 3
    qtmodeltester.check(model)
