"""The member's app against the real collector on 127.0.0.1 (SQLite, and PostgreSQL in CI):
opt in, submit, replace, withdraw, offline then sent, a bad code refused, oversize refused."""

from __future__ import annotations

import json
import socket
import threading
from datetime import date
from datetime import datetime
from datetime import timedelta

import httpx
import pytest
import uvicorn

from microbiz.collector import store
from microbiz.collector.app import create_app
from microbiz.collector.server import server_config
from microbiz.foundations.errors import UserError
from microbiz.workforce.membership import opt_in
from microbiz.workforce.membership import set_answers
from microbiz.workforce.returns import build_return
from microbiz.workforce.returns import return_bytes
from microbiz.workforce.sending import send_outbox
from microbiz.workforce.sending import submit
from microbiz.workforce.sending import withdraw

PERIOD = "2026-Q2"
NOW = datetime(2026, 7, 10, 9, 0)


def stored(store_url: str) -> list[dict]:
    """What the collector holds: each return's id, period and answers."""
    rows = store.StoredReturn.select().order_by(store.StoredReturn.id)
    return [json.loads(row.answers) | {"_id": row.submission_id} for row in rows]


@pytest.fixture
def client():
    with httpx.Client(timeout=5, trust_env=False) as made:
        yield made


def test_a_return_goes_to_the_collector_is_replaced_and_withdrawn(
    db, start_service, store_url, client
):
    service = start_service(store_url=store_url)
    set_answers({"main_role": "personal_assistant"})
    opt_in("Leeds Micro-enterprise Network", service.url, service.code, today=date(2026, 7, 1))

    sent = submit(PERIOD, client=client, now=NOW)
    assert sent.outcome == "done", sent.problem
    held = stored(store_url)
    assert len(held) == 1
    assert {k: v for k, v in held[0].items() if k != "_id"} == json.loads(
        return_bytes(build_return(PERIOD, today=NOW.date()))
    )

    set_answers({"main_role": "shared_lives_carer"})
    replaced = submit(PERIOD, client=client, now=NOW)
    assert replaced.outcome == "done", replaced.problem
    held_again = stored(store_url)
    assert len(held_again) == 1 and held_again[0]["_id"] == held[0]["_id"]
    assert held_again[0]["main_role"] == "shared_lives_carer"

    gone = withdraw(PERIOD, client=client, now=NOW)
    assert gone.outcome == "done", gone.problem
    assert stored(store_url) == []


def test_a_bad_code_is_refused_with_the_collectors_reason(db, start_service, client):
    service = start_service()
    opt_in("Leeds Micro-enterprise Network", service.url, "not-a-real-code", today=date(2026, 7, 1))
    with pytest.raises(UserError, match="did not accept your return: That enrolment code"):
        submit(PERIOD, client=client, now=NOW)


def test_oversize_bodies_are_refused(start_service, client, valid_return):
    service = start_service()
    huge = json.dumps(valid_return | {"padding": "x" * 33 * 1024}).encode()
    answer = client.post(
        f"{service.url}/v1/returns",
        content=huge,
        headers={"X-Enrolment-Code": service.code, "X-Return-Secret": "s" * 40},
    )
    assert answer.status_code == 413


def test_offline_the_return_waits_then_reaches_the_collector(db, tmp_path):
    """The collector's port is taken but not answering; later the collector starts on it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    host, port = sock.getsockname()
    store_file = str(tmp_path / "late.sqlite")
    app = create_app(store_file, today=lambda: NOW.date())
    code = store.add_code("Late starters", 10).code
    opt_in("Leeds Micro-enterprise Network", f"http://{host}:{port}", code, today=date(2026, 7, 1))

    with httpx.Client(timeout=0.5, trust_env=False) as impatient:
        waiting = submit(PERIOD, client=impatient, now=NOW)
    assert waiting.outcome == "waiting"
    assert store.StoredReturn.select().count() == 0

    server = uvicorn.Server(server_config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        with httpx.Client(timeout=5, trust_env=False) as client:
            delivered = send_outbox(client=client, now=NOW + timedelta(days=2))
        assert [d.outcome for d in delivered] == ["done"]
        assert store.StoredReturn.select().count() == 1
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
        store.close_store()
