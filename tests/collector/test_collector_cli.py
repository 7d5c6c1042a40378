"""`microbiz-collector`: codes, imports, reports, withdrawals, and `serve` without access logs."""

from __future__ import annotations

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


@pytest.fixture
def here(tmp_path, monkeypatch):
    """Run in a fresh folder, where the default store collector.sqlite is made."""
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    store.close_store()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_codes_add_list_revoke(here, capsys):
    code, out, _ = run(capsys, "code", "add", "Leeds micro-enterprises")
    assert code == 0
    new = out.strip()
    assert len(new) == 14
    assert (here / "collector.sqlite").exists()
    code, out, _ = run(capsys, "code", "list")
    assert code == 0 and new in out and "active" in out and "Leeds micro-enterprises" in out
    code, out, _ = run(capsys, "code", "revoke", new)
    assert code == 0
    code, out, _ = run(capsys, "code", "list")
    assert "revoked" in out


def test_errors_are_one_line_without_traceback(here, capsys):
    for argv in (["code", "revoke", "NOPE"], [], ["code"], ["report"], ["frobnicate"]):
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
    assert row["secret_hash"] is None and row["code_id"] is None

    code, out, _ = run(capsys, "import", "good.json")
    assert code == 0 and "already stored" in out
    assert len(sqlite_rows(here / "collector.sqlite")["storedreturn"]) == 1

    code, out, _ = run(capsys, "withdraw", good["submission_id"])
    assert code == 0
    assert sqlite_rows(here / "collector.sqlite")["storedreturn"] == []
    code, _, err = run(capsys, "withdraw", good["submission_id"])
    assert code == 1 and "no return" in err


def test_report_writes_xlsx_and_pdf(here, capsys):
    for i in range(12):
        (here / f"r{i}.json").write_text(json.dumps(make_return(region="london")))
    assert run(capsys, "import", *(f"r{i}.json" for i in range(12)))[0] == 0
    code, out, _ = run(
        capsys, "report", "--out", "report.xlsx", "--pdf", "report.pdf", "--rule", "ons-10-5"
    )
    assert code == 0, out
    assert (here / "report.pdf").stat().st_size > 1000
    book = openpyxl.load_workbook(here / "report.xlsx")
    region = book["Region"]
    values = {row[0].value: row[1].value for row in region.iter_rows(min_row=2)}
    assert values["London"] == 10  # 12 rounded to the nearest 5
    assert values["Total"] == 10
    code, out, _ = run(capsys, "report", "--out", "few.xlsx", "--threshold", "20")
    assert code == 0 and "Fewer than 20 returns" in out
    assert openpyxl.load_workbook(here / "few.xlsx").sheetnames == ["Notes"]
    (here / "later.json").write_text(json.dumps(make_return(period="2026-Q3")))
    assert run(capsys, "import", "later.json")[0] == 0
    code, out, _ = run(capsys, "report", "--out", "q3.xlsx", "--period", "2026-Q3")
    assert code == 0 and "Fewer than 5 returns" in out
    code, out, _ = run(capsys, "report", "--out", "q2.xlsx", "--period", "2026-Q2")
    assert "Fewer than" not in out
    code, _, err = run(capsys, "report", "--out", "report.csv")
    assert code == 1 and ".xlsx" in err


def test_serve_keeps_no_access_log(here):
    """The real command in its own process: requests answered, no client address printed."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    store.open_store(here / "collector.sqlite")
    code = store.add_code("Group")
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
            json=make_return(),
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
