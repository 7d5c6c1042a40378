"""The console over HTTP (a real server, httpx): what no page or download ever shows, the
cookies and headers, sign-in limits, sign-out, form errors, `--no-console`, `user add`."""

from __future__ import annotations

import io
import zipfile

import httpx
import openpyxl
import pypdf
import pytest
from collector_support import make_return
from console_support import PASSWORD
from console_support import USER
from console_support import add_user
from console_support import csrf_of
from console_support import send_returns
from console_support import signed_in_client

from microbiz.collector import accounts
from microbiz.collector import store
from microbiz.collector.cli import main
from microbiz.collector.console import shown_count

PAGES = ("quarters", "codes", "releases", "activity", "privacy")
# a member unlike the rest, alone in a quarter
LONE = {"region": "north_east", "gender": "non_binary", "age_band": "65_plus"}


@pytest.fixture
def console(start_service, store_url):
    running = start_service(store_url=store_url)
    add_user()
    return running


def pages_shown(client) -> list[str]:
    """The text of every console page."""
    return [client.get(f"/console/{page}").text for page in PAGES]


def downloads_shown(client) -> dict[str, str]:
    """The text of every download of every release, by its link."""
    shown = {}
    for link in sorted(set(_links(client.get("/console/releases").text))):
        answer = client.get(link)
        assert answer.status_code == 200, link
        shown[link] = _text_of(link, answer.content)
    return shown


def _links(html: str) -> list[str]:
    return [
        part.split('"')[0]
        for part in html.split('href="')[1:]
        if part.startswith("/console/releases/")
    ]


def _text_of(link: str, content: bytes) -> str:
    if link.endswith(".xlsx"):
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        cells = [v for s in book.worksheets for r in s.iter_rows(values_only=True) for v in r]
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            raw = [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
        return " ".join(map(str, cells)) + " ".join(raw)
    if link.endswith(".pdf"):
        return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)
    return content.decode("utf-8")


def test_no_page_or_download_shows_a_submission_id_or_a_returns_answers(console):
    sent = send_returns(console.url, console.code, 9, "2026-Q2")
    lone = make_return(period="2026-Q1", **LONE)
    with signed_in_client(console.url) as client:
        answer = client.post(
            "/v1/returns",
            json=lone,
            headers={"X-Enrolment-Code": console.code, "X-Return-Secret": "l" * 40},
        )
        assert answer.status_code == 201
        for period in ("2026-Q2", "2026-Q1"):
            form = client.get("/console/releases")
            client.post(
                "/console/releases",
                data={
                    "period": period,
                    "rule": "suppress",
                    "threshold": "5",
                    "csrf_token": csrf_of(form.text),
                },
            )
        pages = "\n".join(pages_shown(client))
        downloads = downloads_shown(client)
    assert [link.rsplit("/", 1)[1] for link in downloads] == [
        "microbiz-returns-2026-Q2.json",
        "microbiz-returns-2026-Q2.pdf",
        "microbiz-returns-2026-Q2.xlsx",
    ]  # 2026-Q1, with one return, is not published
    shown = pages + "\n".join(downloads.values())
    for answers in [*sent, lone]:
        assert answers["submission_id"] not in shown
        assert store.canonical_answers(answers) not in shown
        assert answers["submission_id"] not in " ".join(a.action for a in accounts.recent_actions())
    for value in LONE.values():  # the lone member's answers
        assert value not in pages
    assert "Returns received: <strong>fewer than 5</strong>" in pages  # 2026-Q1's count


def test_console_cookies_are_signed_http_only_and_strict(console):
    with signed_in_client(console.url) as client:
        cookie = client.cookies.jar
        names = {c.name: c for c in cookie}
    session = names["microbiz_console"]
    assert session.path == "/console"
    assert session.has_nonstandard_attr("HttpOnly")
    assert session.get_nonstandard_attr("SameSite").lower() == "strict"


def test_console_pages_carry_the_security_headers_and_the_member_api_does_not(console):
    with signed_in_client(console.url) as client:
        page = client.get("/console/quarters")
        health = client.get("/health")
    policy = page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "script-src" not in policy
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "<script" not in page.text
    assert "content-security-policy" not in health.headers
    assert "set-cookie" not in health.headers


def test_sign_in_attempts_are_limited(console):
    with signed_in_client(console.url):  # one sign-in, counted too
        pass
    with httpx.Client(base_url=console.url, timeout=30) as browser:
        statuses = []
        for _ in range(6):
            form = browser.get("/console/sign-in")
            answer = browser.post(
                "/console/sign-in",
                data={"name": USER, "password": "wrong!", "csrf_token": csrf_of(form.text)},
            )
            statuses.append(answer.status_code)
    assert statuses == [401, 401, 401, 401, 429, 429]
    assert "Too many attempts" in answer.text


def test_a_sign_in_form_without_its_token_is_refused(console):
    with signed_in_client(console.url) as client:
        client.cookies.clear()
        answer = client.post("/console/sign-in", data={"name": USER, "password": PASSWORD})
    assert answer.status_code == 403
    assert "not accepted" in answer.text


def test_signing_out_ends_the_session(console):
    with signed_in_client(console.url) as client:
        cookie = client.cookies.get("microbiz_console")
        page = client.get("/console/codes")
        assert client.post("/console/sign-out", data={"csrf_token": csrf_of(page.text)}).is_redirect
        client.cookies.set("microbiz_console", cookie, path="/console")
        again = client.get("/console/codes")
    assert again.status_code == 303
    assert again.headers["location"] == "/console/sign-in?ended=1"
    assert [a.action for a in accounts.recent_actions()][:2] == ["signed out", "signed in"]


def test_a_bad_cap_is_refused_in_words_and_nothing_is_made(console):
    before = len(store.list_codes())
    with signed_in_client(console.url) as client:
        page = client.get("/console/codes")
        answer = client.post(
            "/console/codes",
            data={"label": "Leeds", "members": "0", "csrf_token": csrf_of(page.text)},
        )
    assert answer.status_code == 400
    assert "Most members each quarter: give a whole number" in answer.text
    assert len(store.list_codes()) == before


def test_the_audit_log_keeps_who_what_and_when_but_no_address(console):
    with signed_in_client(console.url) as client:
        page = client.get("/console/codes")
        client.post(
            "/console/codes",
            data={"label": "York", "members": "12", "csrf_token": csrf_of(page.text)},
        )
    made = store.list_codes()[-1]
    columns = {c.name for c in store.database.get_columns("consoleaction")}
    assert columns == {"id", "user", "action", "at"}
    actions = accounts.recent_actions()
    assert actions[0].user == USER and "for 'York' (at most 12 members)" in actions[0].action
    assert made.code not in actions[0].action  # only its first group
    assert not any("127.0.0.1" in a.action for a in actions)


def test_the_console_can_be_turned_off(start_service):
    running = start_service(console=None)
    with running.client() as client:
        assert client.get("/console/sign-in").status_code == 404
        assert client.get("/health").status_code == 200


def test_user_add_asks_the_password_twice(tmp_path, monkeypatch):
    db = str(tmp_path / "c.sqlite")
    answers = iter(["a long enough password", "a long enough password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    assert main(["user", "add", "sam", "--db", db]) == 0
    store.open_store(db)
    assert accounts.check_password("sam", "a long enough password")
    assert not accounts.check_password("sam", "another password")
    assert not accounts.check_password("nobody", "a long enough password")
    store.close_store()


def test_user_add_refuses_passwords_that_differ_or_are_short(tmp_path, monkeypatch, capsys):
    db = str(tmp_path / "c.sqlite")
    answers = iter(["a long enough password", "another long password", "short", "short"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    assert main(["user", "add", "sam", "--db", db]) == 1
    assert "the two passwords differ" in capsys.readouterr().err
    assert main(["user", "add", "sam", "--db", db]) == 1
    assert "at least 12 characters" in capsys.readouterr().err
    store.open_store(db)
    assert not accounts.is_user("sam")
    store.close_store()


def test_counts_under_the_threshold_read_fewer_than_k():
    assert [shown_count(n) for n in (0, 1, 4, 5, 12)] == [
        "fewer than 5",
        "fewer than 5",
        "fewer than 5",
        "5",
        "12",
    ]
