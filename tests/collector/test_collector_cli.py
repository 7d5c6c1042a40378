"""`microbiz-collector`: codes, imports, reports, withdrawals, and `serve` without access logs."""

from __future__ import annotations

import datetime
import json
import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import openpyxl
import pytest
from collector_support import SECRET
from collector_support import make_return
from collector_support import sqlite_rows

from microbiz.collector import store
from microbiz.collector.cli import main
from microbiz.collector.periods import quarter_of


@pytest.fixture
def here(tmp_path, monkeypatch):
    """Run in a fresh folder, where the default store collector.sqlite is made."""
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    store.close_store()


TODAY = datetime.date(2026, 12, 4)  # 2026-Q3 has ended, 2026-Q4 has not


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv), today=TODAY)
    out, err = capsys.readouterr()
    return code, out, err


def test_codes_add_list_revoke(here, capsys):
    code, out, _ = run(capsys, "code", "add", "Leeds micro-enterprises", "--members", "40")
    assert code == 0
    new = out.strip()
    assert len(new) == 14
    assert (here / "collector.sqlite").exists()
    code, out, _ = run(capsys, "code", "list")
    assert code == 0 and new in out and "active" in out and "Leeds micro-enterprises" in out
    assert "40 members" in out
    code, out, _ = run(capsys, "code", "revoke", new)
    assert code == 0
    code, out, _ = run(capsys, "code", "list")
    assert "revoked" in out


def test_errors_are_one_line_without_traceback(here, capsys):
    for argv in (
        ["code", "revoke", "NOPE"],
        [],
        ["code"],
        ["report"],
        ["frobnicate"],
        ["code", "add", "Group"],
        ["code", "add", "Group", "--members", "0"],
        ["report", "--json", "r.json"],
        ["report", "--json", "r.json", "--period", "2026-Q4"],
        ["report", "--json", "r.json", "--period", "2026-Q1\n"],
        ["report", "--json", "r.json", "--period", "2019-Q4"],
    ):
        code, _, err = run(capsys, *argv)
        assert code == 1, argv
        assert err.count("\n") == 1 and err.startswith("microbiz-collector: "), (argv, err)
        assert "Traceback" not in err


def test_a_store_that_cannot_be_opened_is_one_line(here, capsys):
    code, _, err = run(capsys, "code", "list", "--db", str(here / "missing" / "c.sqlite"))
    assert code == 1
    assert "does not exist" in err and err.count("\n") == 1


def test_import_stores_good_files_and_names_bad_ones(here, capsys):
    good = make_return()
    (here / "good.json").write_text(json.dumps(good))
    (here / "extra.json").write_text(json.dumps(dict(make_return(), email="sam@example.org")))
    (here / "broken.json").write_text("{not json")
    (here / "huge.json").write_text(" " * (33 * 1024))
    code, out, err = run(
        capsys, "import", "good.json", "extra.json", "broken.json", "huge.json", "gone.json"
    )
    assert code == 1
    assert "good.json: stored" in out
    assert "1 of 5 files imported" in out
    assert "extra.json: not stored: unknown field 'email'" in err
    assert "broken.json: not stored: not valid JSON" in err
    assert "huge.json: not stored: the file is larger than 32 KiB" in err
    assert "gone.json: not stored: No such file or directory" in err
    [row] = sqlite_rows(here / "collector.sqlite")["storedreturn"]
    assert json.loads(row["answers"]) == good
    assert row["member_key"] is None and row["code_id"] is None

    code, out, _ = run(capsys, "import", "good.json")
    assert code == 0 and "already stored" in out
    assert len(sqlite_rows(here / "collector.sqlite")["storedreturn"]) == 1

    code, out, _ = run(capsys, "withdraw", good["submission_id"])
    assert code == 0
    assert sqlite_rows(here / "collector.sqlite")["storedreturn"] == []
    code, _, err = run(capsys, "withdraw", good["submission_id"])
    assert code == 1 and "no return" in err


def write_returns(here, returns: list[dict]) -> list[str]:
    names = []
    for answers in returns:
        name = f"{answers['submission_id']}.json"
        (here / name).write_text(json.dumps(answers))
        names.append(name)
    return names


def test_import_refuses_periods_out_of_range_and_deep_json(here, capsys):
    late = make_return(period="2027-Q2")  # after the next quarter
    early = make_return(period="2019-Q4")
    (here / "deep.json").write_text("[" * 1000 + "]" * 1000)
    code, _, err = run(capsys, "import", *write_returns(here, [late, early]), "deep.json")
    assert code == 1
    assert "not between 2020-Q1 and 2027-Q1" in err
    assert "deep.json: not stored: not valid JSON (it is nested more than 8 levels deep)" in err


def test_report_releases_a_quarter_once_and_writes_it_again_unchanged(here, capsys):
    returns = [make_return(region="london") for _ in range(12)]
    assert run(capsys, "import", *write_returns(here, returns))[0] == 0
    code, out, _ = run(
        capsys,
        "report",
        "--out",
        "report.xlsx",
        "--pdf",
        "report.pdf",
        "--json",
        "report.json",
        "--period",
        "2026-Q2",
        "--rule",
        "ons-10-5",
    )
    assert code == 0, out
    assert (here / "report.pdf").stat().st_size > 1000
    book = openpyxl.load_workbook(here / "report.xlsx")
    values = {row[0].value: row[1].value for row in book["Region"].iter_rows(min_row=2)}
    assert values["London"] == 10  # 12 rounded to the nearest 5
    assert values["Total"] == 10
    first = (here / "report.json").read_text()
    release = json.loads(first)
    assert (release["rule"], release["threshold"], release["period"]) == ("ons-10-5", 10, "2026-Q2")

    # a withdrawal and a late return change nothing already released
    assert run(capsys, "withdraw", returns[0]["submission_id"])[0] == 0
    assert run(capsys, "import", *write_returns(here, [make_return()]))[0] == 0
    code, _, _ = run(capsys, "report", "--json", "again.json", "--period", "2026-Q2")
    assert code == 0
    assert (here / "again.json").read_text() == first
    code, _, err = run(
        capsys, "report", "--json", "x.json", "--period", "2026-Q2", "--rule", "suppress"
    )
    assert code == 1 and "released under the ons-10-5 rule" in err
    rows = sqlite_rows(here / "collector.sqlite")["release"]
    assert [row["period"] for row in rows] == ["2026-Q2"]
    assert json.loads(rows[0]["published"]) == release


def test_report_with_too_few_returns_releases_nothing(here, capsys):
    assert run(capsys, "import", *write_returns(here, [make_return(period="2026-Q3")]))[0] == 0
    code, out, _ = run(capsys, "report", "--out", "q3.xlsx", "--period", "2026-Q3")
    assert code == 0 and "Fewer than 5 returns" in out
    assert openpyxl.load_workbook(here / "q3.xlsx").sheetnames == ["Notes"]
    assert sqlite_rows(here / "collector.sqlite")["release"] == []
    code, _, err = run(capsys, "report", "--out", "all.xlsx")
    assert code == 1 and "No quarter has been released yet" in err
    code, _, err = run(capsys, "report", "--out", "report.csv", "--period", "2026-Q3")
    assert code == 1 and ".xlsx" in err


def test_all_periods_are_made_from_released_quarters_only(here, capsys):
    q2 = [make_return(period="2026-Q2", gender="woman") for _ in range(8)]
    q3 = [make_return(period="2026-Q3", gender="man") for _ in range(9)]
    assert run(capsys, "import", *write_returns(here, q2 + q3))[0] == 0
    assert run(capsys, "report", "--json", "q2.json", "--period", "2026-Q2")[0] == 0
    assert run(capsys, "report", "--json", "all.json")[0] == 0
    release = json.loads((here / "all.json").read_text())
    assert release["period"] == "all" and release["periods"] == ["2026-Q2"]
    assert release["returns"] == 8  # 2026-Q3 is not released yet
    assert run(capsys, "report", "--json", "q3.json", "--period", "2026-Q3")[0] == 0
    assert run(capsys, "report", "--json", "all2.json")[0] == 0
    both = json.loads((here / "all2.json").read_text())
    assert both["periods"] == ["2026-Q2", "2026-Q3"] and both["returns"] == 17
    assert run(capsys, "report", "--json", "all3.json")[0] == 0
    assert (here / "all3.json").read_text() == (here / "all2.json").read_text()


def test_serve_keeps_no_access_log(here):
    """The real command in its own process: requests answered, no client address printed."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    store.open_store(here / "collector.sqlite")
    code = store.add_code("Group", 10)
    store.close_store()
    command = [sys.executable, "-m", "microbiz.collector", "serve", "--port", str(port)]
    server = subprocess.Popen(
        command, cwd=here, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        healthy = False
        while not healthy and time.monotonic() < deadline and server.poll() is None:
            try:
                healthy = httpx.get(f"{base}/health", timeout=2).status_code == 200
            except httpx.HTTPError:
                pass
        assert healthy, "microbiz-collector serve did not answer"
        answer = httpx.post(
            f"{base}/v1/returns",
            json=make_return(period=quarter_of(datetime.date.today())),
            headers={"X-Enrolment-Code": code.code, "X-Return-Secret": SECRET},
            timeout=10,
        )
        assert answer.status_code == 201
    finally:
        server.send_signal(signal.SIGINT)
        try:
            output, _ = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            output, _ = server.communicate()
    assert "Collecting returns at" in output
    assert "POST /v1/returns" not in output and "GET /health" not in output
    client_ports = [word for word in output.split() if word.startswith("127.0.0.1:")]
    assert all(word.rstrip("/").endswith(str(port)) for word in client_ports), output
    assert len(sqlite_rows(here / "collector.sqlite")["storedreturn"]) == 1


def test_the_console_script_is_declared():
    if os.name != "posix":
        pytest.skip("checked on POSIX")
    script = os.path.join(os.path.dirname(sys.executable), "microbiz-collector")
    done = subprocess.run([script, "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert "serve" in done.stdout and "report" in done.stdout
