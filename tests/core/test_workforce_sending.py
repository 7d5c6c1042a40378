"""Opting in, sending, replacing and withdrawing returns, and the outbox, over real HTTP.

The collector here is a small stand-in for the remote service, speaking its protocol on a
free loopback port and keeping returns in memory; the real collector is tested in
tests/collector.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import timedelta
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer

import httpx
import pytest

from microbiz.cli import main
from microbiz.collector.schema import check_return
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import WorkforceOutbox
from microbiz.workforce.membership import opt_in
from microbiz.workforce.membership import outbox
from microbiz.workforce.membership import set_answers
from microbiz.workforce.membership import submission_for
from microbiz.workforce.membership import workforce_settings
from microbiz.workforce.returns import build_return
from microbiz.workforce.returns import return_bytes
from microbiz.workforce.sending import retry_delay
from microbiz.workforce.sending import send_outbox
from microbiz.workforce.sending import submit
from microbiz.workforce.sending import withdraw
from microbiz.workforce.sending import withdraw_consent

CODE = "GOOD-CODE-1234"
ORGANISATION = "Kind Network"
NOW = datetime(2026, 7, 15, 10, 0)
PERIOD = "2026-Q2"
MAX_BODY = 32 * 1024


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class FakeCollector:
    """Returns in memory: id -> (answers, the sender's secret's hash)."""

    codes: set[str] = field(default_factory=lambda: {CODE})
    returns: dict[str, tuple[dict, str]] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    # statuses to answer with instead, next requests first: (status, extra headers)
    forced: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    port: int = 0
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler(self))
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _handler(collector: FakeCollector) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def _answer(self, status: int, payload: dict | None = None, **headers: str) -> None:
            body = b"" if payload is None else json.dumps(payload).encode()
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            if payload is not None:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _refuse(self, status: int, detail: str) -> None:
            self._answer(status, {"detail": detail})

        def _read(self) -> bytes:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            collector.seen.append(Seen(self.command, self.path, dict(self.headers), body))
            return body

        def _forced(self) -> bool:
            if not collector.forced:
                return False
            status, headers = collector.forced.pop(0)
            self._answer(status, {"detail": f"forced {status}"}, **headers)
            return True

        def _valid(self, body: bytes) -> dict | None:
            if self.headers.get("X-Enrolment-Code") not in collector.codes:
                self._refuse(403, "That enrolment code is not known here.")
            elif len(body) > MAX_BODY:
                self._refuse(413, "The return is larger than 32 KiB.")
            elif self.headers.get("Content-Type") != "application/json":
                self._refuse(415, "Send JSON.")
            else:
                data = json.loads(body)
                problems = check_return(data)
                if not problems:
                    return data
                self._refuse(422, "; ".join(problems))
            return None

        def do_GET(self) -> None:
            self._read()
            if self.path == "/health":
                self._answer(200, {"status": "ok"})
            else:
                self._refuse(404, "There is nothing here.")

        def do_POST(self) -> None:
            body = self._read()
            if self._forced():
                return
            if self.path != "/v1/returns":
                return self._refuse(404, "There is nothing here.")
            data = self._valid(body)
            if data is None:
                return
            secret = self.headers.get("X-Return-Secret", "")
            known = collector.returns.get(data["submission_id"])
            if known is None:
                collector.returns[data["submission_id"]] = (data, _hash(secret))
                return self._answer(201, {"status": "stored"})
            if known[0] == data:
                return self._answer(200, {"status": "already stored"})
            self._refuse(409, "A different return with this submission id is already stored.")

        def do_PUT(self) -> None:
            body = self._read()
            if self._forced():
                return
            submission_id = self.path.removeprefix("/v1/returns/")
            data = self._valid(body)
            if data is None:
                return
            known = collector.returns.get(submission_id)
            if known is None:
                return self._refuse(404, "There is no return with that submission id.")
            if known[1] != _hash(self.headers.get("X-Return-Secret", "")):
                return self._refuse(403, "The return secret does not match.")
            collector.returns[submission_id] = (data, known[1])
            self._answer(200, {"status": "replaced"})

        def do_DELETE(self) -> None:
            self._read()
            if self._forced():
                return
            submission_id = self.path.removeprefix("/v1/returns/")
            known = collector.returns.get(submission_id)
            if known is None:
                return self._refuse(404, "There is no return with that submission id.")
            if known[1] != _hash(self.headers.get("X-Return-Secret", "")):
                return self._refuse(403, "The return secret does not match.")
            del collector.returns[submission_id]
            self._answer(204)

    return Handler


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def collector() -> Iterator[FakeCollector]:
    running = FakeCollector()
    running.start()
    yield running
    running.stop()


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5, trust_env=False) as made:
        yield made


@pytest.fixture
def member(db, collector):
    """Opted in to the stand-in collector, with an answer or two."""
    set_answers({"age_band": "35_44", "main_role": "personal_assistant"})
    return opt_in(ORGANISATION, collector.url, CODE, today=date(2026, 7, 1))


def stored_bytes(period: str = PERIOD) -> bytes:
    return return_bytes(build_return(period, today=NOW.date()))


# --- consent --------------------------------------------------------------------------------


def test_nothing_is_sent_before_opting_in(db, collector, client):
    with pytest.raises(UserError, match="Opt in first"):
        submit(PERIOD, client=client, now=NOW)
    assert collector.seen == [] and outbox() == []


def test_opting_in_records_consent(db):
    settings = opt_in(
        " Kind Network ", "https://collect.example.org/", " AB-12 ", today=date(2026, 7, 1)
    )
    again = workforce_settings()
    assert (again.opted_in, again.organisation_name, again.collector_url, again.enrolment_code) == (
        True,
        "Kind Network",
        "https://collect.example.org",
        "AB-12",
    )
    assert (again.send_by, again.consent_given_on, again.questionnaire_version) == (
        "post",
        date(2026, 7, 1),
        "1",
    )
    assert settings.secret == again.secret


@pytest.mark.parametrize(
    ("url", "code", "field"),
    [
        ("http://collect.example.org", CODE, "collector_url"),
        ("ftp://collect.example.org", CODE, "collector_url"),
        ("https://", CODE, "collector_url"),
        ("collect.example.org", CODE, "collector_url"),
        ("https://user:pw@collect.example.org", CODE, "collector_url"),
        ("", CODE, "collector_url"),
        ("https://collect.example.org", "", "enrolment_code"),
        ("https://collect.example.org", "AB 12\n", "enrolment_code"),
    ],
)
def test_opting_in_needs_a_secure_address_and_a_code(db, url, code, field):
    with pytest.raises(ValidationError) as refused:
        opt_in(ORGANISATION, url, code)
    assert set(refused.value.by_field()) == {field}
    assert not workforce_settings().opted_in


def test_opting_in_needs_the_organisations_name(db):
    with pytest.raises(ValidationError, match="Organisation is required"):
        opt_in("  ", "https://collect.example.org", CODE)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000", "http://localhost:9/x", "https://a.org"])
def test_plain_http_is_allowed_only_to_this_computer(db, url):
    assert opt_in(ORGANISATION, url, CODE).collector_url == url


def test_by_email_needs_no_address_or_code_and_submit_says_use_save(db, collector, client):
    settings = opt_in(ORGANISATION, by_email=True, today=date(2026, 7, 1))
    assert (settings.send_by, settings.collector_url, settings.enrolment_code) == ("email", "", "")
    with pytest.raises(UserError, match="You chose to email your return: use save"):
        submit(PERIOD, client=client, now=NOW)
    assert collector.seen == []


# --- sending --------------------------------------------------------------------------------


def test_submit_sends_exactly_the_bytes_shown_with_both_headers(member, collector, client):
    delivery = submit(PERIOD, client=client, now=NOW)
    assert (delivery.period, delivery.action, delivery.outcome) == (PERIOD, "send", "done")
    assert delivery.organisation == ORGANISATION
    [request] = collector.seen
    assert (request.method, request.path) == ("POST", "/v1/returns")
    assert request.body == stored_bytes()
    assert request.headers["X-Enrolment-Code"] == CODE
    assert request.headers["X-Return-Secret"] == workforce_settings().secret
    assert request.headers["Content-Type"] == "application/json"
    assert workforce_settings().secret.encode() not in request.body
    assert submission_for(PERIOD).state == "sent"
    assert outbox() == []


def test_submitting_again_replaces_the_return_with_the_same_id(member, collector, client):
    submit(PERIOD, client=client, now=NOW)
    first_id = json.loads(collector.seen[0].body)["submission_id"]
    set_answers({"age_band": "45_54"})
    assert submit(PERIOD, client=client, now=NOW).outcome == "done"
    replaced = collector.seen[-1]
    assert (replaced.method, replaced.path) == ("PUT", f"/v1/returns/{first_id}")
    assert replaced.body == stored_bytes()
    assert list(collector.returns) == [first_id]
    assert collector.returns[first_id][0]["age_band"] == "45_54"


def test_withdraw_deletes_the_return(member, collector, client):
    submit(PERIOD, client=client, now=NOW)
    submission_id = submission_for(PERIOD).submission_id
    delivery = withdraw(PERIOD, client=client, now=NOW)
    assert (delivery.action, delivery.outcome) == ("withdraw", "done")
    request = collector.seen[-1]
    assert (request.method, request.path, request.body) == (
        "DELETE",
        f"/v1/returns/{submission_id}",
        b"",
    )
    assert request.headers["X-Return-Secret"] == workforce_settings().secret
    assert request.headers["X-Enrolment-Code"] == CODE
    assert collector.returns == {}
    assert submission_for(PERIOD).state == "withdrawn"
    with pytest.raises(UserError, match="already been withdrawn"):
        withdraw(PERIOD, client=client, now=NOW)


def test_withdraw_with_no_period_takes_the_latest_sent(member, collector, client):
    with pytest.raises(UserError, match="You have not sent a return"):
        withdraw(client=client, now=NOW)
    submit("2026-Q1", client=client, now=NOW)
    submit("2026-Q2", client=client, now=NOW)
    assert withdraw(client=client, now=NOW).period == "2026-Q2"
    assert [data["period"] for data, _ in collector.returns.values()] == ["2026-Q1"]


def test_a_return_saved_to_a_file_cannot_be_withdrawn_from_here(member, tmp_path, client):
    from microbiz.workforce.returns import save_return

    save_return(tmp_path / "r.json", PERIOD, today=NOW.date())
    submission_id = submission_for(PERIOD).submission_id
    with pytest.raises(UserError, match=f"ask the organisation .* delete return {submission_id}"):
        withdraw(PERIOD, client=client, now=NOW)


def test_a_refusal_gives_the_collectors_reason(member, collector, client):
    collector.codes.clear()
    with pytest.raises(UserError, match="Kind Network did not accept your return: That enrolment"):
        submit(PERIOD, client=client, now=NOW)
    assert outbox() == []
    assert submission_for(PERIOD).state == "not_sent"


# --- offline: the outbox ------------------------------------------------------------------


def test_retry_delays_double_from_a_minute_to_at_most_a_day():
    minutes = [retry_delay(n) / timedelta(minutes=1) for n in range(1, 13)]
    assert minutes == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 1440]
    assert retry_delay(500) == timedelta(days=1)


def test_offline_the_return_waits_and_is_sent_later(db, client):
    port = free_port()  # nothing listens here
    set_answers({"region": "london"})
    opt_in(ORGANISATION, f"http://127.0.0.1:{port}", CODE)
    delivery = submit(PERIOD, client=client, now=NOW)
    assert delivery.outcome == "waiting"
    assert delivery.problem.startswith("the collector could not be reached (")
    assert submission_for(PERIOD).state == "queued"
    [waiting] = outbox()
    assert (waiting.method, waiting.attempts) == ("POST", 1)
    assert waiting.body.encode() == stored_bytes()
    assert waiting.next_try_at == NOW + timedelta(minutes=1) > NOW

    assert send_outbox(client=client, now=NOW + timedelta(seconds=59)) == []  # not due yet
    assert outbox()[0].attempts == 1
    [still] = send_outbox(client=client, now=NOW + timedelta(minutes=1))
    assert still.outcome == "waiting"
    assert (outbox()[0].attempts, outbox()[0].next_try_at) == (2, NOW + timedelta(minutes=3))

    collector = FakeCollector(port=port)
    collector.start()
    try:
        [sent] = send_outbox(client=client, now=NOW + timedelta(minutes=3))
        assert (sent.period, sent.action, sent.outcome) == (PERIOD, "send", "done")
        [request] = collector.seen
        assert request.method == "POST" and request.body == stored_bytes()
        assert request.headers["X-Return-Secret"] == workforce_settings().secret
        assert outbox() == [] and submission_for(PERIOD).state == "sent"
    finally:
        collector.stop()


def test_busy_or_failing_collectors_are_tried_again(member, collector, client):
    collector.forced = [(503, {}), (429, {"Retry-After": "600"})]
    first = submit(PERIOD, client=client, now=NOW)
    assert (first.outcome, first.problem) == ("waiting", "forced 503 (503)")
    assert outbox()[0].next_try_at == NOW + timedelta(minutes=1)
    [second] = send_outbox(client=client, now=NOW + timedelta(minutes=1))
    assert second.outcome == "waiting"
    row = outbox()[0]
    assert (row.attempts, row.next_try_at) == (2, NOW + timedelta(minutes=11))  # Retry-After
    assert row.last_problem == "forced 429 (429)"
    [third] = send_outbox(client=client, now=NOW + timedelta(minutes=11))
    assert third.outcome == "done" and len(collector.returns) == 1
    assert submission_for(PERIOD).state == "sent"


def test_a_return_already_there_is_replaced_when_the_reply_was_lost(member, collector, client):
    submit(PERIOD, client=client, now=NOW)
    # the reply to a first try was lost: the return is there, and the app still waits to send
    submission = submission_for(PERIOD)
    submission.state = "queued"
    submission.save()
    set_answers({"age_band": "65_plus"})
    WorkforceOutbox.create(
        method="POST",
        submission_id=submission.submission_id,
        body=stored_bytes().decode(),
        organisation_name=ORGANISATION,
        collector_url=collector.url,
        enrolment_code=CODE,
        next_try_at=NOW,
    )
    [done] = send_outbox(client=client, now=NOW)
    assert done.outcome == "done"
    assert [r.method for r in collector.seen] == ["POST", "POST", "PUT"]  # 409, then replaced
    assert collector.returns[submission.submission_id][0]["age_band"] == "65_plus"


def test_withdrawing_offline_waits_in_the_outbox(member, collector, client):
    submit(PERIOD, client=client, now=NOW)
    collector.stop()
    delivery = withdraw(PERIOD, client=client, now=NOW)
    assert (delivery.action, delivery.outcome) == ("withdraw", "waiting")
    assert submission_for(PERIOD).state == "withdrawn"
    [waiting] = outbox()
    assert (waiting.method, waiting.body) == ("DELETE", "")
    collector.start()
    [done] = send_outbox(client=client, now=NOW + timedelta(minutes=1))
    assert (done.action, done.outcome) == ("withdraw", "done")
    assert collector.returns == {} and outbox() == []


def test_withdrawing_consent_withdraws_every_return(member, collector, client):
    submit("2026-Q1", client=client, now=NOW)
    submit("2026-Q2", client=client, now=NOW)
    assert len(collector.returns) == 2
    results = withdraw_consent(client=client, now=NOW)
    assert [(r.period, r.action, r.outcome) for r in results] == [
        ("2026-Q1", "withdraw", "done"),
        ("2026-Q2", "withdraw", "done"),
    ]
    assert collector.returns == {}
    settings = workforce_settings()
    assert (settings.opted_in, settings.consent_given_on, settings.collector_url) == (
        False,
        None,
        "",
    )
    assert settings.enrolment_code == "" and settings.organisation_name == ""
    with pytest.raises(UserError, match="Opt in first"):
        submit(PERIOD, client=client, now=NOW)


def test_withdrawing_consent_offline_still_reaches_the_collector_later(member, collector, client):
    submit(PERIOD, client=client, now=NOW)
    collector.stop()
    [waiting] = withdraw_consent(client=client, now=NOW)
    assert waiting.outcome == "waiting"
    assert not workforce_settings().opted_in
    collector.start()
    [done] = send_outbox(client=client, now=NOW + timedelta(minutes=1))
    assert done.outcome == "done" and collector.returns == {}


def test_a_return_with_one_collector_is_withdrawn_before_going_to_another(
    member, collector, client
):
    submit(PERIOD, client=client, now=NOW)
    opt_in("Other Network", "https://other.example.org", "OTHER-1")
    with pytest.raises(UserError, match="with Kind Network: withdraw it from them first"):
        submit(PERIOD, client=client, now=NOW)
    withdraw(PERIOD, client=client, now=NOW)  # goes to where the return is
    assert collector.returns == {}


# --- the command line ---------------------------------------------------------------------


def run(folder, *args) -> int:
    return main(["--data-dir", str(folder), *args])


@pytest.fixture
def no_proxy(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)


def test_submit_from_the_command_line(data_dir, collector, capsys, no_proxy):
    assert run(data_dir, "workforce", "submit", "--period", "2025-Q4") == 1
    assert "Opt in first" in capsys.readouterr().err
    assert run(data_dir, "workforce", "opt-in", "--organisation", ORGANISATION) == 1
    assert "enrolment code is required" in capsys.readouterr().err
    assert (
        run(
            data_dir,
            "workforce",
            "opt-in",
            "--organisation",
            ORGANISATION,
            "--url",
            collector.url,
            "--code",
            CODE,
        )
        == 0
    )
    assert "opted in to anonymous returns for Kind Network" in capsys.readouterr().out
    assert run(data_dir, "workforce", "submit", "--period", "2025-Q4") == 0
    assert capsys.readouterr().out == "Sent your return for 2025-Q4 to Kind Network.\n"
    assert [r.method for r in collector.seen] == ["POST"]
    assert json.loads(collector.seen[0].body)["period"] == "2025-Q4"
    assert run(data_dir, "workforce", "withdraw") == 0
    assert "Withdrew your return for 2025-Q4" in capsys.readouterr().out
    assert collector.returns == {}


def test_submit_offline_and_retry_from_the_command_line(data_dir, capsys, no_proxy):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    assert (
        run(data_dir, "workforce", "opt-in", "--organisation", "N", "--url", url, "--code", CODE)
        == 0
    )
    assert run(data_dir, "workforce", "submit", "--period", "2025-Q4") == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "The collector could not be reached; your return is waiting in the outbox "
        "and will be tried again."
    )
    assert run(data_dir, "workforce", "retry") == 0
    assert "Nothing in the outbox is due" in capsys.readouterr().out


def test_a_refusal_from_the_command_line_is_one_line(data_dir, collector, capsys, no_proxy):
    args = ["--organisation", ORGANISATION, "--url", collector.url, "--code", "WRONG-CODE"]
    assert run(data_dir, "workforce", "opt-in", *args) == 0
    capsys.readouterr()
    assert run(data_dir, "workforce", "submit", "--period", "2025-Q4") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("microbiz: Kind Network did not accept your return: That enrolment code")
