"""WorkforcePage: off by default, the exact bytes previewed, opting in, sending and withdrawing.

The collector is a small stand-in speaking the real protocol on a loopback port (POST,
PUT and DELETE /v1/returns); the page calls the core with its own default HTTP client.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer

import pytest
from PySide6.QtWidgets import QDialog

from microbiz.workforce.membership import current_answers
from microbiz.workforce.membership import opt_in
from microbiz.workforce.membership import outbox
from microbiz.workforce.membership import workforce_settings
from microbiz.workforce.returns import build_return
from microbiz.workforce.returns import return_bytes
from ui.workforce import workforce_page
from ui.workforce.opt_in_dialog import OptInDialog
from ui.workforce.return_preview_model import ANSWER
from ui.workforce.return_preview_model import VALUE_ROLE
from ui.workforce.return_preview_model import answer_words
from ui.workforce.workforce_answers_dialog import WorkforceAnswersDialog
from ui.workforce.workforce_page import WorkforcePage

NOW = datetime(2026, 7, 15, 10, 0)
TODAY = NOW.date()
PERIOD = "2026-Q2"
CODE = "KIND-2026"
ORGANISATION = "Kind Network"


@dataclass
class Request:
    method: str
    path: str
    code: str
    body: bytes


@dataclass
class Collector:
    """Keeps returns in memory by submission id; refuses unknown enrolment codes."""

    port: int = 0
    requests: list[Request] = field(default_factory=list)
    returns: dict[str, bytes] = field(default_factory=dict)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Collector:
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler(self))
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def methods(self) -> list[str]:
        return [request.method for request in self.requests]


def _handler(collector: Collector) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def _answer(self, status: int, detail: str = "") -> None:
            body = json.dumps({"detail": detail}).encode() if detail else b""
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            if body:
                self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def _read(self) -> Request | None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            code = self.headers.get("X-Enrolment-Code", "")
            request = Request(self.command, self.path, code, body)
            collector.requests.append(request)
            if code != CODE:
                self._answer(403, "That enrolment code is not known here.")
                return None
            return request

        def do_POST(self) -> None:
            request = self._read()
            if request is None:
                return
            submission_id = json.loads(request.body)["submission_id"]
            known = collector.returns.get(submission_id)
            if known is not None and known != request.body:
                return self._answer(409, "A different return has this id.")
            collector.returns[submission_id] = request.body
            self._answer(201 if known is None else 200)

        def do_PUT(self) -> None:
            request = self._read()
            if request is None:
                return
            submission_id = request.path.removeprefix("/v1/returns/")
            if submission_id not in collector.returns:
                return self._answer(404, "There is no return with that id.")
            collector.returns[submission_id] = request.body
            self._answer(200)

        def do_DELETE(self) -> None:
            request = self._read()
            if request is None:
                return
            submission_id = request.path.removeprefix("/v1/returns/")
            if collector.returns.pop(submission_id, None) is None:
                return self._answer(404, "There is no return with that id.")
            self._answer(204)

    return Handler


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def collector() -> Iterator[Collector]:
    running = Collector().start()
    yield running
    running.stop()


@pytest.fixture
def page(qtbot, business) -> WorkforcePage:
    page = WorkforcePage(clock=lambda: NOW)
    qtbot.addWidget(page)
    page.resize(1100, 750)
    page.show()
    qtbot.waitExposed(page)
    return page


def exact_bytes(period: str = PERIOD) -> bytes:
    return return_bytes(build_return(period, TODAY))


def fill_opt_in(
    dialog: OptInDialog, organisation: str, url: str = "", code: str = "", consent: bool = True
) -> None:
    dialog.field("organisation").setText(organisation)
    if url or code:
        dialog.internet.setChecked(True)
        dialog.field("collector_url").setText(url)
        dialog.field("enrolment_code").setText(code)
    else:
        dialog.email.setChecked(True)
    dialog.consent.setChecked(consent)


def answer_opt_in(monkeypatch, url: str = "", code: str = CODE) -> list[OptInDialog]:
    """The page's Take part… opens a dialog filled in and accepted as a member would."""
    shown: list[OptInDialog] = []

    def ask(cls, parent):
        dialog = cls(parent, today=TODAY)
        shown.append(dialog)
        fill_opt_in(dialog, ORGANISATION, url, code if url else "")
        dialog.accept()
        return dialog.saved

    monkeypatch.setattr(OptInDialog, "ask", classmethod(ask))
    return shown


def test_the_page_starts_not_taking_part(page):
    assert page.state_line.text() == "You are not taking part."
    assert page.state_line.accessibleName() == "You are not taking part."
    assert page.buttons["take_part"].isVisible()
    for hidden in ("stop", "send", "withdraw", "retry"):
        assert not page.buttons[hidden].isVisible()
    assert page.buttons["save"].isVisible() and page.buttons["answers"].isVisible()
    assert page.no_returns.isVisible() and not page.returns_table.isVisible()
    assert page.first_field is page.buttons["take_part"]


def test_the_preview_before_taking_part_is_the_exact_bytes_explained(page, qtmodeltester):
    assert page.chosen_period() == PERIOD
    assert page.json_view.toPlainText().encode("ascii") == exact_bytes()
    assert page.json_view.isReadOnly()
    assert page.json_view.accessibleName() == "Exactly what would be sent"
    data = build_return(PERIOD, TODAY)
    model = page.preview_model
    qtmodeltester.check(model)
    assert model.fields() == list(data)
    assert model.values() == {key: str(value) for key, value in data.items()}
    age = model.fields().index("age_band")
    assert model.index(age, ANSWER).data() == "Prefer not to say"
    assert model.index(age, ANSWER).data(VALUE_ROLE) == "prefer_not_to_say"
    assert "age" in model.index(age, 2).data().lower()
    assert workforce_settings().opted_in is False


def test_earlier_quarters_can_be_previewed(page):
    periods = [page.period.itemData(i) for i in range(page.period.count())]
    assert periods == ["2026-Q2", "2026-Q1", "2025-Q4", "2025-Q3"]
    assert page.period.itemText(0) == "April to June 2026 (2026-Q2)"
    page.period.setCurrentIndex(1)
    assert page.json_view.toPlainText().encode("ascii") == exact_bytes("2026-Q1")
    assert '"period": "2026-Q1"' in page.json_view.toPlainText()


def test_answer_words_read_like_a_person_says_them():
    assert answer_words("age_band", "25_34") == "25 to 34"
    assert answer_words("gender", "prefer_not_to_say") == "Prefer not to say"
    assert answer_words("median_hourly_rate_band", "18_20") == "£18 to £20 an hour"
    assert answer_words("income_share_council", "0") == "None of it (0%)"
    assert answer_words("people_supported_band", "1") == "1 person"
    assert answer_words("years_in_care", "under_1") == "Under 1 year"
    assert answer_words("period", "2026-Q4") == "October to December 2026"


def test_consent_must_be_ticked_and_a_bad_address_shows_under_its_field(qtbot, business):
    dialog = OptInDialog(None, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    fill_opt_in(dialog, ORGANISATION, "https://collect.example.org", CODE, consent=False)
    dialog.accept()
    assert dialog.saved is None and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.consent_problem.isVisible()
    assert "tick this box" in dialog.consent_problem.text()
    assert workforce_settings().opted_in is False

    dialog.consent.setChecked(True)
    dialog.field("collector_url").setText("http://collect.example.org")
    dialog.accept()
    assert dialog.saved is None
    assert not dialog.consent_problem.isVisible()
    problem = dialog.fields.problems["collector_url"]
    assert problem.isVisible() and "https://" in problem.text()
    assert dialog.focusWidget() is dialog.field("collector_url")
    assert workforce_settings().opted_in is False

    dialog.field("collector_url").setText("https://collect.example.org")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    settings = workforce_settings()
    assert (settings.opted_in, settings.organisation_name, settings.collector_url) == (
        True,
        ORGANISATION,
        "https://collect.example.org",
    )
    assert (settings.enrolment_code, settings.consent_given_on) == (CODE, TODAY)


def test_choosing_email_needs_no_address_and_hides_send(qtbot, page, monkeypatch):
    answer_opt_in(monkeypatch)
    page.take_part()
    assert workforce_settings().send_by == "email"
    assert page.state_line.text() == (
        f"You are taking part with {ORGANISATION} since 15/07/2026 (questionnaire version 1)."
    )
    assert "email" in page.how_line.text()
    assert not page.buttons["send"].isVisible()
    assert page.buttons["save"].isVisible() and page.buttons["stop"].isVisible()
    assert not page.buttons["take_part"].isVisible()


def test_opt_in_send_withdraw_and_stop(page, collector, monkeypatch, synchronous_runner, answers):
    shown = answer_opt_in(monkeypatch, collector.url)
    page.take_part()
    assert shown[0].result() == QDialog.DialogCode.Accepted
    assert page.state_line.text() == (
        f"You are taking part with {ORGANISATION} since 15/07/2026 (questionnaire version 1)."
    )
    assert collector.requests == []  # taking part sends nothing by itself
    assert page.buttons["send"].isVisible()

    page.send()
    assert collector.methods() == ["POST"]
    assert collector.requests[0].body == exact_bytes()
    assert collector.requests[0].code == CODE
    assert page.returns_model.states() == {PERIOD: "Sent"}
    assert page.status.text() == f"Sent your return for April to June 2026 to {ORGANISATION}."
    assert page.buttons["withdraw"].isVisible()
    assert page.buttons["send"].text() == "&Send this quarter's return again"

    page.withdraw_return()
    assert "Withdraw your return for April to June 2026?" in answers.asked[-1]
    assert collector.methods() == ["POST", "DELETE"]
    assert collector.returns == {}
    assert page.returns_model.states() == {PERIOD: "Withdrawn"}
    assert "has deleted your return" in page.status.text()
    assert not page.buttons["withdraw"].isVisible()

    page.send()
    assert len(collector.returns) == 1
    page.stop_taking_part()
    assert "delete them" in answers.asked[-1]
    assert collector.methods()[-1] == "DELETE" and collector.returns == {}
    assert page.state_line.text() == "You are not taking part."
    assert page.buttons["take_part"].isVisible() and not page.buttons["send"].isVisible()
    assert page.status.text().startswith("You are no longer taking part")
    assert answers.warnings == []


def test_nothing_is_sent_when_stopping_is_cancelled(
    page, collector, monkeypatch, synchronous_runner, answers
):
    answer_opt_in(monkeypatch, collector.url)
    page.take_part()
    page.send()
    answers.confirm = False
    page.stop_taking_part()
    page.withdraw_return()
    assert collector.methods() == ["POST"]
    assert workforce_settings().opted_in is True


def test_offline_the_return_waits_and_try_again_delivers_it(
    page, monkeypatch, synchronous_runner, answers
):
    port = free_port()  # nothing listens here yet
    answer_opt_in(monkeypatch, f"http://127.0.0.1:{port}")
    page.take_part()
    said = []
    page.message.connect(said.append)
    page.send()
    assert page.status.text() == (
        "Your return for April to June 2026 is waiting in the outbox. Kind Network could not "
        "be reached just now; Microbiz will try again, or choose “Try sending again”."
    )
    assert said == ["Your return for April to June 2026 is waiting in the outbox."]
    assert page.returns_model.states() == {PERIOD: "Waiting in the outbox: it will be tried again"}
    assert page.buttons["retry"].isVisible() and page.outbox_line.isVisible()
    assert "1 request is waiting" in page.outbox_line.text()
    assert len(outbox()) == 1
    assert answers.warnings == []

    collector = Collector(port=port).start()
    try:
        page.try_again()  # at once, though the outbox's own retry is not due yet
        assert collector.methods() == ["POST"]
        assert collector.requests[0].body == exact_bytes()
    finally:
        collector.stop()
    assert page.returns_model.states() == {PERIOD: "Sent"}
    assert outbox() == []
    assert not page.buttons["retry"].isVisible()
    assert page.status.text() == f"Sent your return for April to June 2026 to {ORGANISATION}."


def test_a_refusal_gives_the_organisations_reason(
    page, collector, monkeypatch, synchronous_runner, answers
):
    answer_opt_in(monkeypatch, collector.url, code="WRONG-CODE")
    page.take_part()
    page.send()
    assert len(answers.warnings) == 1
    assert "did not accept your return" in answers.warnings[0]
    assert "enrolment code is not known" in answers.warnings[0]
    assert "enrolment code is not known" in page.status.text()
    assert page.returns_model.states() == {}
    assert outbox() == []


def test_the_answers_dialog_saves_an_answer(qtbot, page, monkeypatch):
    dialog = WorkforceAnswersDialog()
    qtbot.addWidget(dialog)
    combo = dialog.combo("age_band")
    assert combo.currentText() == "Prefer not to say"
    assert [combo.itemText(i) for i in range(3)] == ["24 and under", "25 to 34", "35 to 44"]
    assert combo.accessibleName() == "Age band"
    assert "You can choose not to say" in combo.accessibleDescription()
    dialog.choose("age_band", "35_44")
    dialog.accept()
    assert dialog.saved["age_band"] == "35_44"
    assert current_answers()["age_band"] == "35_44"

    def ask(cls, parent):
        made = cls(parent)
        made.choose("region", "yorkshire_humber")
        made.accept()
        return made.saved

    monkeypatch.setattr(WorkforceAnswersDialog, "ask", classmethod(ask))
    page.edit_answers()
    assert '"region": "yorkshire_humber"' in page.json_view.toPlainText()
    assert page.json_view.toPlainText().encode("ascii") == exact_bytes()
    region = page.preview_model.fields().index("region")
    assert page.preview_model.index(region, ANSWER).data() == "Yorkshire and the Humber"


def test_save_as_a_file_writes_the_exact_bytes(page, tmp_path, monkeypatch, opened):
    target = tmp_path / "my return"
    asked = []

    def choose(parent, suggested):
        asked.append(suggested)
        return target.with_suffix(".json")

    monkeypatch.setattr(workforce_page, "choose_return_path", choose)
    page.save_to_file()
    assert asked[0].name == f"Workforce return {PERIOD}.json"
    saved = tmp_path / "my return.json"
    assert saved.read_bytes() == exact_bytes()
    assert page.returns_model.states() == {PERIOD: "Saved to a file to email"}
    assert str(saved) in page.status.text()
    assert opened == [tmp_path]


def test_a_cancelled_save_writes_nothing(page, tmp_path, monkeypatch):
    monkeypatch.setattr(workforce_page, "choose_return_path", lambda parent, suggested: None)
    page.save_to_file()
    assert list(tmp_path.iterdir()) == [tmp_path / "data"]
    assert page.returns_model.states() == {}


def test_taking_part_by_email_keeps_to_files(page, monkeypatch, tmp_path):
    opt_in(ORGANISATION, by_email=True, today=date(2026, 7, 1))
    page.refresh()
    monkeypatch.setattr(workforce_page, "choose_return_path", lambda p, s: tmp_path / "r.json")
    page.save_to_file()
    assert f"email that file to {ORGANISATION}" in page.status.text()
    assert page.quarter_state.text().endswith(f"Email the file to {ORGANISATION}.")


def test_sending_runs_in_the_background_and_reports_back(qtbot, page, collector, monkeypatch):
    answer_opt_in(monkeypatch, collector.url)
    page.take_part()
    with qtbot.waitSignal(page.work_finished, timeout=10_000):
        page.send()
        assert page.is_working() and page.progress.isVisible()
        assert not page.buttons["send"].isEnabled()
    assert collector.methods() == ["POST"]
    assert page.returns_model.states() == {PERIOD: "Sent"}
    assert not page.progress.isVisible() and page.buttons["send"].isEnabled()


def test_the_return_is_shown_in_sentences_and_its_exact_bytes_on_request(qtbot, business):
    page = WorkforcePage(clock=lambda: datetime(2026, 7, 15, 10, 0))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    words = page.in_words.text()
    assert "• This return is for April to June 2026." in words
    assert "• You chose not to say your age." in words
    assert "UUID" not in words and "_" not in words
    assert not page.json_view.isVisible() and not page.preview_table.isVisible()
    page.show_exact.click()
    assert page.show_exact.isChecked() and page.json_view.isVisible()
    assert page.json_view.isReadOnly()
    assert page.json_view.toPlainText().encode() == return_bytes(
        build_return(page.chosen_period(), page.today())
    )
    page.show_exact.click()
    assert not page.json_view.isVisible()
