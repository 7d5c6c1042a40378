"""The compliance commands: import policies and reminders."""

from __future__ import annotations

import json

from pypdf import PdfReader

from microbiz.cli import main

POLICIES_CSV = (
    "Kind,Provider,Reference,Cover Amount,Start,Expiry,Reminder Days\n"
    'Public liability,Hiscox,PL-1,"£5,000,000",01/12/2025,10/12/2026,30\n'
    "dbs_certificate,DBS,001234,,01/01/2024,,\n"
    "ICO data protection fee,ICO,ZA123,,28/11/2025,27/11/2026,\n"
)


def run(folder, *args):
    return main(["--data-dir", str(folder), *args])


def test_import_policies_then_reminders(data_dir, tmp_path, capsys):
    sheet = tmp_path / "policies.csv"
    sheet.write_text(POLICIES_CSV, encoding="utf-8")
    assert run(data_dir, "import", "policies", str(sheet)) == 0
    assert "Imported 3 items." in capsys.readouterr().out
    assert run(data_dir, "reminders", "--today", "29/11/2026", "--json") == 0
    assert json.loads(capsys.readouterr().out) == [
        {
            "kind": "ico_fee",
            "provider": "ICO",
            "expiry": "2026-11-27",
            "days_left": -2,
            "state": "overdue",
        },
        {
            "kind": "public_liability",
            "provider": "Hiscox",
            "expiry": "2026-12-10",
            "days_left": 11,
            "state": "due",
        },
    ]
    assert run(data_dir, "reminders", "--today", "29/11/2026", "--within", "5") == 0
    assert capsys.readouterr().out.splitlines() == [
        "Expired 2 days ago: ICO data protection fee (ICO)"
    ]


def test_bad_policy_rows_import_nothing(data_dir, tmp_path, capsys):
    sheet = tmp_path / "policies.csv"
    sheet.write_text("kind,provider,expiry\nmagic,Hiscox,31/02/2026\npublic liability,,\n", "utf-8")
    assert run(data_dir, "import", "policies", str(sheet)) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[1] == "row 2: Expires or renews on: '31/02/2026' is not a real date."
    assert err[2] == "row 3: Insurer, issuer or course: is required."
    assert err[0].startswith("row 2: Kind: 'magic' is not one of:")
    assert run(data_dir, "reminders", "--json") == 0
    assert [r["state"] for r in json.loads(capsys.readouterr().out)] == ["missing"] * 3


def test_evidence_pack_and_checklists_from_the_command_line(data_dir, tmp_path, capsys):
    assert run(data_dir, "demo", "--clients", "2", "--years", "0") == 0
    capsys.readouterr()
    pack = tmp_path / "pack.pdf"
    assert run(data_dir, "evidence-pack", "--out", str(pack)) == 0
    text = "".join(page.extract_text() for page in PdfReader(pack).pages)
    assert "PL-88213" in text and "Hiscox" in text and "£5,000,000.00" in text
    assert "Kind Hands Care" in text

    assert run(data_dir, "checklist", "list") == 0
    listed = capsys.readouterr().out
    assert "england-start-up: Starting a care micro-enterprise in England (" in listed

    assert run(data_dir, "checklist", "show", "england-start-up") == 0
    shown = capsys.readouterr().out.splitlines()
    assert " done" in shown[0]
    assert any(line.startswith("[Done] ") for line in shown[1:])

    out = tmp_path / "checklist.pdf"
    assert run(data_dir, "checklist", "pdf", "england-start-up", "--out", str(out)) == 0
    assert "Starting a care micro-enterprise" in PdfReader(out).pages[0].extract_text()


def test_checklist_import_names_bad_lines_and_installs_nothing(data_dir, tmp_path, capsys):
    bad = tmp_path / "club.toml"
    bad.write_text('version = "1"\n\n[[items]]\nid = "a"\ntitle = "A"\n', encoding="utf-8")
    assert run(data_dir, "checklist", "import", str(bad)) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "line 1: title: missing (the checklist needs a title)"
    assert err[-1].startswith("microbiz: club.toml was not imported")
    good = tmp_path / "club.toml"
    good.write_text('title = "Club"\n\n[[items]]\nid = "a"\ntitle = "Join"\n', encoding="utf-8")
    assert run(data_dir, "checklist", "import", str(good)) == 0
    assert "Imported and started Club (1 items) as 'club'." in capsys.readouterr().out
    assert run(data_dir, "checklist", "show", "club") == 0
    assert capsys.readouterr().out.splitlines() == ["Club: 0 of 1 done", "[To do] Join"]
