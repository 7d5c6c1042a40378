"""The `microbiz` command, run in-process on real data folders (and once as a real process)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from openpyxl import load_workbook

from microbiz.cli import main
from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.foundations import db as database
from microbiz.foundations.instance import hold_instance_lock
from microbiz.foundations.models import Client
from microbiz.foundations.paths import backups_dir
from microbiz.foundations.paths import database_path

GOOD_CSV = (
    "Name,Funding,Weekday Rate\nMargaret Brown,Direct Payment,£18.50\nArjun Patel,council,20\n,,\n"
)
BAD_CSV = "name,email,weekday_rate\nMargaret Brown,m@,18.50\nArjun Patel,,£abc\n"


def run(folder, *args):
    return main(["--data-dir", str(folder), *args])


def client_names(folder):
    database.open_database(database_path(folder))
    try:
        return sorted(client.name for client in Client.select())
    finally:
        database.close_database()


def add_client(folder, name):
    database.open_database(database_path(folder))
    try:
        save_client(ClientForm(name=name))
    finally:
        database.close_database()


def error_line(capsys):
    """The one line the command wrote to stderr."""
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1, err
    return err.strip()


def test_demo_then_refuses_to_run_over_it(data_dir, capsys):
    assert run(data_dir, "demo", "--clients", "5", "--seed", "2") == 0
    assert "Kind Hands Care with 5 clients" in capsys.readouterr().out
    assert len(client_names(data_dir)) == 5
    assert run(data_dir, "demo") == 1
    assert error_line(capsys).startswith("microbiz: This data folder already belongs to")
    assert len(client_names(data_dir)) == 5


def test_import_clients_from_csv(data_dir, tmp_path, capsys):
    path = tmp_path / "clients.csv"
    path.write_text(GOOD_CSV, encoding="utf-8-sig")
    assert run(data_dir, "import", "clients", str(path), "--dry-run") == 0
    assert capsys.readouterr().out == "2 clients would be imported.\n"
    assert client_names(data_dir) == []
    assert run(data_dir, "import", "clients", str(path)) == 0
    assert capsys.readouterr().out == "Imported 2 clients.\n"
    assert client_names(data_dir) == ["Arjun Patel", "Margaret Brown"]


def test_import_with_bad_rows_lists_them_and_imports_nothing(data_dir, tmp_path, capsys):
    add_client(data_dir, "Joan Walker")
    path = tmp_path / "clients.csv"
    path.write_text(BAD_CSV)
    assert run(data_dir, "import", "clients", str(path)) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "row 2: Email: 'm@' is not a valid email address (like name@example.com).",
        "row 3: Weekday rate: '£abc' is not an amount of money (try 18.50 or £1,234.50).",
        "microbiz: nothing was imported: 2 problems found",
    ]
    assert client_names(data_dir) == ["Joan Walker"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("clients.csv", "Full name\nMargaret Brown\n", "microbiz: missing column: Name"),
        ("clients.txt", "name\nMargaret Brown\n", "use a .csv or .xlsx file"),
        ("clients.xlsx", "not really a workbook", "damaged or not an Excel .xlsx file"),
    ],
)
def test_import_bad_files(data_dir, tmp_path, capsys, name, content, message):
    path = tmp_path / name
    path.write_text(content)
    assert run(data_dir, "import", "clients", str(path)) == 1
    assert message in error_line(capsys)


def test_import_missing_file(data_dir, tmp_path, capsys):
    assert run(data_dir, "import", "clients", str(tmp_path / "nowhere.csv")) == 1
    assert error_line(capsys).startswith("microbiz: There is no file at")


def test_export_xlsx(data_dir, tmp_path, capsys):
    add_client(data_dir, "Margaret Brown")
    path = tmp_path / "everything.xlsx"
    assert run(data_dir, "export", "xlsx", str(path)) == 0
    assert str(path) in capsys.readouterr().out
    sheet = load_workbook(path)["Clients"]
    assert sheet["A2"].value == "Margaret Brown"
    assert run(data_dir, "export", "xlsx", str(tmp_path / "no" / "such.xlsx")) == 1
    assert "There is no folder" in error_line(capsys)


def test_backup_and_restore_bring_the_data_back(data_dir, tmp_path, capsys):
    add_client(data_dir, "Margaret Brown")
    saved = tmp_path / "saved.sqlite"
    assert run(data_dir, "backup", "--to", str(saved)) == 0
    assert capsys.readouterr().out == f"Backed up to {saved}.\n"
    add_client(data_dir, "Arjun Patel")
    assert run(data_dir, "restore", str(saved)) == 0
    out = capsys.readouterr().out
    assert client_names(data_dir) == ["Margaret Brown"]
    (kept,) = backups_dir(data_dir).glob("before-restore-*.sqlite")
    assert str(kept) in out
    assert run(data_dir, "restore", str(kept)) == 0
    assert client_names(data_dir) == ["Arjun Patel", "Margaret Brown"]


def test_backup_into_the_backups_folder(data_dir, capsys):
    assert run(data_dir, "backup") == 0
    (made,) = backups_dir(data_dir).glob("microbiz-*.sqlite")
    assert str(made) in capsys.readouterr().out


def test_backup_never_overwrites_the_live_database(data_dir, capsys):
    assert run(data_dir, "backup", "--to", str(database_path(data_dir))) == 1
    assert "cannot go over the database" in error_line(capsys)


def test_a_damaged_database_is_one_line(data_dir, capsys):
    database_path(data_dir).write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    assert run(data_dir, "backup") == 1
    assert "could not be opened" in error_line(capsys)


def test_restore_of_a_file_that_is_not_a_database(data_dir, tmp_path, capsys):
    add_client(data_dir, "Margaret Brown")
    notes = tmp_path / "notes.sqlite"
    notes.write_text("shopping list")
    assert run(data_dir, "restore", str(notes)) == 1
    assert error_line(capsys) == "microbiz: notes.sqlite is not a Microbiz database."
    assert client_names(data_dir) == ["Margaret Brown"]


def test_restore_is_refused_while_the_app_is_open(data_dir, tmp_path, capsys):
    saved = tmp_path / "saved.sqlite"
    assert run(data_dir, "backup", "--to", str(saved)) == 0
    add_client(data_dir, "Margaret Brown")
    lock = hold_instance_lock(data_dir)
    try:
        assert run(data_dir, "restore", str(saved)) == 1
    finally:
        lock.release()
    assert "already open" in error_line(capsys)
    assert client_names(data_dir) == ["Margaret Brown"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["--size", "abc", "--screenshot", "x.png"], "'abc' is not a size like 1100x720"),
        (["--size", "10x10", "--screenshot", "x.png"], "from 200 to 8000 pixels"),
        (["--page", "clients"], "--page and --size go with --screenshot"),
        (["--screenshot", "shot.jpg"], "shot.jpg must end in .png"),
        (["--screenshot", "shot.png", "backup"], "cannot be used with a command"),
        (["import"], "required: KIND"),
        (["import", "clients"], "required: FILE"),
        (["demo", "--clients", "many"], "invalid int value: 'many'"),
    ],
)
def test_bad_arguments_are_one_line(data_dir, capsys, args, message):
    assert run(data_dir, *args) == 1
    line = error_line(capsys)
    assert line.startswith("microbiz: ")
    assert message in line


def test_a_bad_file_never_shows_a_traceback(tmp_path):
    bad = tmp_path / "clients.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "microbiz",
            "--data-dir",
            str(tmp_path / "data"),
            "import",
            "clients",
            str(bad),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        "microbiz: clients.xlsx is damaged or not an Excel .xlsx file."
    ]
    assert done.stdout == ""


@pytest.mark.parametrize(
    "args, said",
    [
        (
            ["visits", "list", "--from", "0001-01-01", "--to", "9999-12-31", "--json"],
            "microbiz: argument --from: '0001-01-01' is before 2000; "
            "Microbiz keeps records from 01/01/2000 to 31/12/2100",
        ),
        (
            ["tax", "summary", "--year", "9999-00"],
            "microbiz: argument --year: '9999-00' is outside the tax years Microbiz keeps: "
            "2000-01 to 2099-00",
        ),
    ],
)
def test_years_out_of_range_are_one_line_errors(business, capsys, args, said):
    assert main(args) == 1
    assert capsys.readouterr().err.strip().splitlines() == [said]
