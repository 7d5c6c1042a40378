"""One live return per member per quarter, codes capped per quarter, quarters that cannot
be joined up: end to end against the real service (SQLite, and PostgreSQL in CI)."""

from __future__ import annotations

import hashlib
import json

from collector_support import OTHER_SECRET
from collector_support import SECRET
from collector_support import make_return
from collector_support import stored_rows

from microbiz.collector import store

NOT_FROM_THE_SECRET = {
    "id",
    "submission_id",
    "period",
    "code_id",
    "record_key",
    "answers",
    "received_period",
}


def headers(code: str, secret: str = SECRET) -> dict[str, str]:
    return {"X-Enrolment-Code": code, "X-Return-Secret": secret}


def held(service) -> list[dict]:
    with store.database.connection_context():
        return stored_rows(store.database)["storedreturn"]


def test_four_returns_with_one_secret_store_one(start_service, store_url):
    service = start_service(store_url=store_url)
    returns = [make_return(gender=g) for g in ("woman", "man", "non_binary", "another_term")]
    with service.client() as client:
        answers = [
            client.post("/v1/returns", json=r, headers=headers(service.code)) for r in returns
        ]
    assert [a.status_code for a in answers] == [201, 200, 200, 200]
    assert [a.json()["status"] for a in answers[1:]] == ["replaced"] * 3
    [row] = held(service)
    assert json.loads(row["answers"]) == returns[-1]  # the latest replaced the earlier ones
    assert row["submission_id"] == returns[-1]["submission_id"]


def test_a_members_quarters_share_nothing_derived_from_the_secret(start_service, store_url):
    service = start_service(store_url=store_url)
    quarters = [make_return(period="2026-Q2"), make_return(period="2026-Q3")]
    with service.client() as client:
        for answers in quarters:
            sent = client.post("/v1/returns", json=answers, headers=headers(service.code))
            assert sent.is_success
    first, second = sorted(held(service), key=lambda row: row["period"])
    plain = hashlib.sha256(SECRET.encode()).hexdigest()
    for column in set(first) - NOT_FROM_THE_SECRET:
        assert first[column] != second[column], column
        assert plain not in str(first[column]) and SECRET not in str(first[column])
    assert first["member_key"] == store.member_key(SECRET, "2026-Q2")
    # the key still lets the member replace and withdraw each quarter's return
    with service.client() as client:
        sid = quarters[1]["submission_id"]
        changed = dict(quarters[1], gender="man")
        assert (
            client.put(
                f"/v1/returns/{sid}", json=changed, headers=headers(service.code)
            ).status_code
            == 200
        )
        assert (
            client.delete(f"/v1/returns/{sid}", headers={"X-Return-Secret": SECRET}).status_code
            == 204
        )
    assert len(held(service)) == 1


def test_a_capped_code_refuses_the_next_member(start_service, store_url):
    service = start_service(store_url=store_url, members=3)
    secrets = [f"member-{n}-" + "x" * 32 for n in range(4)]
    with service.client() as client:
        statuses = [
            client.post(
                "/v1/returns", json=make_return(), headers=headers(service.code, s)
            ).status_code
            for s in secrets[:3]
        ]
        refused = client.post(
            "/v1/returns", json=make_return(), headers=headers(service.code, secrets[3])
        )
        again = client.post(
            "/v1/returns", json=make_return(), headers=headers(service.code, secrets[0])
        )
        next_quarter = client.post(
            "/v1/returns",
            json=make_return(period="2026-Q3"),
            headers=headers(service.code, secrets[3]),
        )
    assert statuses == [201, 201, 201]
    assert refused.status_code == 403
    assert "as many members as it allows" in refused.json()["detail"]
    assert again.status_code == 200  # a member already counted may replace their return
    assert next_quarter.status_code == 201  # the cap is per quarter
    assert len(held(service)) == 4


def test_moving_a_return_onto_a_quarter_already_sent_is_refused(service):
    q2, q3 = make_return(period="2026-Q2"), make_return(period="2026-Q3")
    with service.client() as client:
        client.post("/v1/returns", json=q2, headers=headers(service.code))
        client.post("/v1/returns", json=q3, headers=headers(service.code))
        moved = client.put(
            f"/v1/returns/{q3['submission_id']}",
            json=dict(q3, period="2026-Q2"),
            headers=headers(service.code),
        )
        stranger = client.post(
            "/v1/returns", json=make_return(), headers=headers(service.code, OTHER_SECRET)
        )
    assert moved.status_code == 409 and "already sent a return" in moved.json()["detail"]
    assert stranger.status_code == 201
    assert len(held(service)) == 3
