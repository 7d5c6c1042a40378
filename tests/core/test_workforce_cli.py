"""The workforce commands that need no collector: preview, save, answer, opt in and out, status."""

from __future__ import annotations

import json

from microbiz.cli import main
from microbiz.collector.schema import check_return
from microbiz.foundations.db import close_database
from microbiz.foundations.db import open_database
from microbiz.foundations.paths import database_path
from microbiz.workforce.returns import build_return
from microbiz.workforce.returns import return_bytes

PERIOD = "2025-Q4"  # ended before any day these tests run on


def run(folder, *args) -> int:
    return main(["--data-dir", str(folder), *args])


def exact_bytes(folder, period: str = PERIOD) -> bytes:
    open_database(database_path(folder))
    try:
        return return_bytes(build_return(period))
    finally:
        close_database()


def test_preview_prints_the_exact_json_before_opting_in(data_dir, capsys):
    assert run(data_dir, "workforce", "preview", "--period", PERIOD) == 0
    printed = capsys.readouterr().out
    assert printed.encode() == exact_bytes(data_dir) + b"\n"
    data = json.loads(printed)
    assert check_return(data) == [] and data["period"] == PERIOD


def test_preview_explains_each_field(data_dir, capsys):
    assert run(data_dir, "workforce", "preview", "--period", PERIOD, "--explain") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[2:4] == [
        f"period: {PERIOD}",
        "    The quarter this return covers, such as 2026-Q2 (year and quarter only, no dates).",
    ]
    assert len(lines) == 2 * 26


def test_save_writes_the_exact_bytes_before_opting_in(data_dir, tmp_path, capsys):
    target = tmp_path / "return.json"
    assert run(data_dir, "workforce", "save", str(target), "--period", PERIOD) == 0
    assert f"Saved your anonymous return to {target}" in capsys.readouterr().out
    assert target.read_bytes() == exact_bytes(data_dir)
    assert run(data_dir, "workforce", "save", str(tmp_path / "return.txt")) == 1
    assert capsys.readouterr().err == "microbiz: return.txt must end in .json\n"


def test_a_bad_or_unfinished_period_is_one_line(data_dir, capsys):
    assert run(data_dir, "workforce", "preview", "--period", "2025-Q5") == 1
    assert "'2025-Q5' is not a quarter like 2026-Q3" in capsys.readouterr().err
    assert run(data_dir, "workforce", "preview", "--period", "2099-Q1") == 1
    err = capsys.readouterr().err
    assert err.startswith("microbiz: 2099-Q1 has not ended yet") and err.count("\n") == 1


def test_answer_sets_one_answer(data_dir, capsys):
    assert run(data_dir, "workforce", "answer", "region", "south-west") == 0
    assert capsys.readouterr().out == "Region: south_west.\n"
    assert run(data_dir, "workforce", "answer", "region", "Wales") == 1
    assert "Region 'Wales' is not one of: north_east" in capsys.readouterr().err
    assert run(data_dir, "workforce", "answer", "postcode", "LS1") == 1
    assert "'postcode' is not a question you answer" in capsys.readouterr().err
    assert run(data_dir, "workforce", "preview", "--period", PERIOD) == 0
    assert json.loads(capsys.readouterr().out)["region"] == "south_west"


def test_opt_in_by_email_then_submit_says_use_save(data_dir, capsys):
    assert run(data_dir, "workforce", "opt-in", "--organisation", "Kind", "--by-email") == 0
    assert "returns are saved as files for you to email" in capsys.readouterr().out
    assert run(data_dir, "workforce", "submit", "--period", PERIOD) == 1
    assert "You chose to email your return: use save" in capsys.readouterr().err


def test_opt_in_refuses_an_insecure_address(data_dir, capsys):
    args = ["--organisation", "Kind", "--url", "http://collect.example.org", "--code", "AB"]
    assert run(data_dir, "workforce", "opt-in", *args) == 1
    assert "must start with https://" in capsys.readouterr().err
    assert run(data_dir, "workforce", "status") == 0
    assert capsys.readouterr().out == "Not opted in: nothing is sent.\n"


def test_status_and_opt_out(data_dir, tmp_path, capsys):
    assert run(data_dir, "workforce", "opt-in", "--organisation", "Kind", "--by-email") == 0
    assert run(data_dir, "workforce", "save", str(tmp_path / "r.json"), "--period", PERIOD) == 0
    capsys.readouterr()
    assert run(data_dir, "workforce", "status") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Opted in: Kind (by email), since ")
    assert lines[1:] == [f"{PERIOD}: Saved to a file"]
    assert run(data_dir, "workforce", "opt-out") == 0
    assert capsys.readouterr().out == "Consent withdrawn: nothing more will be sent.\n"
    assert run(data_dir, "workforce", "status") == 0
    assert capsys.readouterr().out.splitlines()[0] == "Not opted in: nothing is sent."


def test_withdraw_with_nothing_sent_is_one_line(data_dir, capsys):
    assert run(data_dir, "workforce", "withdraw") == 1
    assert capsys.readouterr().err == (
        "microbiz: You have not sent a return, so there is nothing to withdraw.\n"
    )
