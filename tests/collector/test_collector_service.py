"""The collector service end to end: a real uvicorn server, a real SQLite file, httpx."""

from __future__ import annotations

import hashlib
import json
import socket

from collector_support import OTHER_SECRET
from collector_support import SECRET
from collector_support import make_return
from collector_support import sqlite_rows

from microbiz.collector import store

RETURN_COLUMNS = {
    "id",
    "submission_id",
    "period",
    "code_id",
    "member_key",
    "record_key",
    "answers",
    "received_period",
}


def headers(code: str, secret: str = SECRET, **extra: str) -> dict[str, str]:
    return {"X-Enrolment-Code": code, "X-Return-Secret": secret, **extra}


def returns_in(service) -> list[dict]:
    return sqlite_rows(service.store_url)["storedreturn"]


def test_health(service):
    with service.client() as client:
        answer = client.get("/health")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok"}


def test_submit_stores_once_and_the_same_again_is_accepted(service, valid_return):
    with service.client() as client:
        first = client.post("/v1/returns", json=valid_return, headers=headers(service.code))
        again = client.post("/v1/returns", json=valid_return, headers=headers(service.code))
    assert first.status_code == 201, first.text
    assert first.json()["submission_id"] == valid_return["submission_id"]
    assert again.status_code == 200, again.text
    [row] = returns_in(service)
    assert row["submission_id"] == valid_return["submission_id"]
    assert json.loads(row["answers"]) == valid_return
    assert row["member_key"] == store.member_key(SECRET, "2026-Q2")
    assert row["member_key"] != hashlib.sha256(SECRET.encode()).hexdigest()


def test_same_id_with_other_answers_is_a_conflict(service, valid_return):
    changed = dict(valid_return, age_band="65_plus")
    with service.client() as client:
        client.post("/v1/returns", json=valid_return, headers=headers(service.code))
        conflict = client.post("/v1/returns", json=changed, headers=headers(service.code))
        stranger = client.post(
            "/v1/returns", json=valid_return, headers=headers(service.code, OTHER_SECRET)
        )
    assert conflict.status_code == 409
    assert "PUT" in conflict.json()["detail"]
    assert stranger.status_code == 409
    [row] = returns_in(service)
    assert json.loads(row["answers"])["age_band"] == valid_return["age_band"]


def test_replace_needs_the_right_secret(service, valid_return):
    sid = valid_return["submission_id"]
    changed = dict(valid_return, region="london")
    with service.client() as client:
        client.post("/v1/returns", json=valid_return, headers=headers(service.code))
        wrong = client.put(
            f"/v1/returns/{sid}", json=changed, headers=headers(service.code, OTHER_SECRET)
        )
        assert wrong.status_code == 403
        assert json.loads(returns_in(service)[0]["answers"])["region"] != "london"
        right = client.put(f"/v1/returns/{sid}", json=changed, headers=headers(service.code))
        unknown = make_return()
        missing = client.put(
            f"/v1/returns/{unknown['submission_id']}", json=unknown, headers=headers(service.code)
        )
        mismatch = client.put(
            f"/v1/returns/{unknown['submission_id']}", json=changed, headers=headers(service.code)
        )
    assert right.status_code == 200, right.text
    assert json.loads(returns_in(service)[0]["answers"])["region"] == "london"
    assert missing.status_code == 404
    assert mismatch.status_code == 422


def test_withdraw_deletes_the_row(service, valid_return):
    sid = valid_return["submission_id"]
    with service.client() as client:
        client.post("/v1/returns", json=valid_return, headers=headers(service.code))
        wrong = client.delete(f"/v1/returns/{sid}", headers={"X-Return-Secret": OTHER_SECRET})
        none = client.delete(f"/v1/returns/{sid}")
        assert wrong.status_code == 403 and none.status_code == 403
        assert len(returns_in(service)) == 1
        done = client.delete(f"/v1/returns/{sid}", headers={"X-Return-Secret": SECRET})
        again = client.delete(f"/v1/returns/{sid}", headers={"X-Return-Secret": SECRET})
    assert done.status_code == 204
    assert done.content == b""
    assert returns_in(service) == []
    assert again.status_code == 404


def test_missing_unknown_or_revoked_code_is_refused(service, valid_return):
    other = store.add_code("Old group", 10).code
    store.revoke_code(other)
    with service.client() as client:
        missing = client.post("/v1/returns", json=valid_return, headers={"X-Return-Secret": SECRET})
        unknown = client.post("/v1/returns", json=valid_return, headers=headers("NOPE-NOPE-NOPE"))
        revoked = client.post("/v1/returns", json=valid_return, headers=headers(other))
    for answer in (missing, unknown, revoked):
        assert answer.status_code == 403
        assert answer.json()["detail"]
    assert returns_in(service) == []


def test_a_short_secret_is_refused(service, valid_return):
    with service.client() as client:
        answer = client.post(
            "/v1/returns", json=valid_return, headers=headers(service.code, "too-short")
        )
    assert answer.status_code == 400
    assert "32" in answer.json()["detail"]
    assert returns_in(service) == []


def test_a_body_over_32_kib_is_refused_by_its_declared_length(service, valid_return):
    body = json.dumps(valid_return).encode() + b" " * (33 * 1024)
    with service.client() as client:
        answer = client.post("/v1/returns", content=body, headers=headers(service.code))
    assert answer.status_code == 413
    assert "32 KiB" in answer.json()["detail"]
    assert returns_in(service) == []


def test_a_body_over_32_kib_is_refused_by_what_is_read(service, valid_return):
    """Chunked, with no Content-Length: the bytes read are counted."""
    body = json.dumps(valid_return).encode() + b" " * (33 * 1024)

    def chunks():
        for start in range(0, len(body), 4096):
            yield body[start : start + 4096]

    with service.client() as client:
        answer = client.post("/v1/returns", content=chunks(), headers=headers(service.code))
    assert answer.status_code == 413
    assert returns_in(service) == []


def test_not_json_is_a_bad_request(service):
    with service.client() as client:
        answer = client.post(
            "/v1/returns", content=b"age_band=25_34", headers=headers(service.code)
        )
        repeated = client.post(
            "/v1/returns",
            content=b'{"age_band": "25_34", "age_band": "35_44"}',
            headers=headers(service.code),
        )
    assert answer.status_code == 400
    assert "JSON" in answer.json()["detail"]
    assert repeated.status_code == 400
    assert "twice" in repeated.json()["detail"]


def test_an_unknown_field_is_refused_by_name(service, valid_return):
    valid_return["postcode"] = "LS1 4AP"
    with service.client() as client:
        answer = client.post("/v1/returns", json=valid_return, headers=headers(service.code))
    assert answer.status_code == 422
    assert answer.json()["problems"] == ["unknown field 'postcode'"]
    assert "unknown field 'postcode'" in answer.json()["detail"]
    assert returns_in(service) == []


def test_too_many_requests_from_one_client(start_service):
    service = start_service(rate_limit=3)
    with service.client() as client:
        statuses = [
            client.delete(
                f"/v1/returns/{make_return()['submission_id']}", headers={"X-Return-Secret": SECRET}
            ).status_code
            for _ in range(5)
        ]
        health = client.get("/health")
    assert statuses == [404, 404, 404, 429, 429]
    assert health.status_code == 200


def test_nothing_stored_holds_an_address_a_header_or_a_time(service, valid_return):
    sent_headers = headers(
        service.code,
        **{"User-Agent": "tracer-agent/9.9", "X-Trace": "trace-me-7731"},
    )
    replacement = dict(valid_return, gender="woman")
    second = make_return(region="london")
    with service.client() as client:
        client.post("/v1/returns", json=valid_return, headers=sent_headers)
        client.put(
            f"/v1/returns/{valid_return['submission_id']}", json=replacement, headers=sent_headers
        )
        client.post(
            "/v1/returns", json=second, headers=sent_headers | {"X-Return-Secret": OTHER_SECRET}
        )
    rows = sqlite_rows(service.store_url)
    assert len(rows["storedreturn"]) == 2
    for row in rows["storedreturn"]:
        assert set(row) == RETURN_COLUMNS
        assert row["period"] == "2026-Q2"
        assert len(row["received_period"]) == 7 and row["received_period"][4:6] == "-Q"
    forbidden = ["127.0.0.1", "localhost", "tracer-agent", "trace-me-7731", SECRET]
    for table, table_rows in rows.items():
        for row in table_rows:
            for column, value in row.items():
                for word in forbidden:
                    assert word not in str(value), (table, column, word)
                if table == "storedreturn" and column != "answers":
                    assert ":" not in str(value), (table, column)  # no time of day anywhere


def test_a_period_with_a_trailing_newline_is_refused(service):
    answers = make_return(period="2026-Q1\n")
    with service.client() as client:
        answer = client.post("/v1/returns", json=answers, headers=headers(service.code))
    assert answer.status_code == 422
    assert answer.json()["problems"] == ["period: '2026-Q1\\n' is not a quarter such as 2026-Q2"]


def test_only_periods_from_2020_to_the_next_quarter_are_taken(service):
    """The service's date is 2026-07-10 (2026-Q3), so 2026-Q4 is the last it takes."""
    with service.client() as client:
        statuses = {
            period: client.post(
                "/v1/returns",
                json=make_return(period=period),
                headers=headers(service.code, f"{period}-{SECRET}"),
            ).status_code
            for period in ("2019-Q4", "2020-Q1", "2026-Q4", "2027-Q1", "9999-Q4")
        }
        late = client.post(
            "/v1/returns", json=make_return(period="2027-Q1"), headers=headers(service.code)
        )
    assert statuses == {
        "2019-Q4": 422,
        "2020-Q1": 201,
        "2026-Q4": 201,
        "2027-Q1": 422,
        "9999-Q4": 422,
    }
    assert "not between 2020-Q1 and 2026-Q4" in late.json()["detail"]


def test_json_nested_deep_is_a_bad_request_not_a_crash(service):
    with service.client() as client:
        answer = client.post(
            "/v1/returns", content=b"[" * 1000 + b"]" * 1000, headers=headers(service.code)
        )
        strings = client.post(
            "/v1/returns",
            content=json.dumps({"a": "[[[[[[[[[[[["}).encode(),
            headers=headers(service.code),
        )
    assert answer.status_code == 400
    assert "nested more than 8 levels" in answer.json()["detail"]
    assert strings.status_code == 422  # brackets inside text are not nesting


def test_a_wrong_method_says_what_is_allowed(service):
    with service.client() as client:
        listing = client.get("/v1/returns")
        one = client.post(f"/v1/returns/{make_return()['submission_id']}")
    assert listing.status_code == 405 and listing.headers["Allow"] == "POST"
    assert one.status_code == 405 and one.headers["Allow"] == "DELETE, PUT"
    assert listing.json()["detail"]


def test_too_many_requests_says_when_to_come_back(start_service):
    service = start_service(rate_limit=1, window_seconds=30)
    with service.client() as client:
        client.delete(f"/v1/returns/{make_return()['submission_id']}")
        answer = client.delete(f"/v1/returns/{make_return()['submission_id']}")
    assert answer.status_code == 429
    assert 1 <= int(answer.headers["Retry-After"]) <= 30


def forwarded_statuses(service, count: int) -> list[int]:
    with service.client() as client:
        return [
            client.delete(
                f"/v1/returns/{make_return()['submission_id']}",
                headers={"X-Forwarded-For": f"198.51.100.{n}"},
            ).status_code
            for n in range(count)
        ]


def test_forwarded_addresses_are_ignored_unless_the_proxy_is_trusted(start_service):
    assert forwarded_statuses(start_service(rate_limit=2), 4) == [403, 403, 429, 429]
    trusted = start_service(rate_limit=2, trusted_proxy="127.0.0.1")
    assert forwarded_statuses(trusted, 4) == [403, 403, 403, 403]
    elsewhere = start_service(rate_limit=2, trusted_proxy="192.0.2.1")
    assert forwarded_statuses(elsewhere, 4) == [403, 403, 429, 429]


def test_a_stalled_body_ends_with_408(start_service, valid_return):
    service = start_service(body_seconds=0.5)
    host, port = service.url.removeprefix("http://").split(":")
    body = json.dumps(valid_return).encode()
    request = (
        f"POST /v1/returns HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nX-Enrolment-Code: {service.code}\r\n"
        f"X-Return-Secret: {SECRET}\r\n\r\n"
    ).encode() + body[:20]
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)  # and then nothing more
        reply = ""
        while "took too long" not in reply and (chunk := sock.recv(4096)):
            reply += chunk.decode()
    assert reply.startswith("HTTP/1.1 408"), reply
    assert "took too long" in reply
    assert returns_in(service) == []
