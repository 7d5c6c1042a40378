"""`microbiz COMMAND` imports only the module of that command; the list of which module
adds which command matches what the modules add."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from microbiz.cli import BACKUP_COMMANDS
from microbiz.cli import COMMAND_MODULES
from microbiz.cli import EVERY
from microbiz.cli import build_parser
from microbiz.cli import command_asked


def choices(parser: argparse.ArgumentParser) -> list[str]:
    found = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return list(found[0].choices)


def test_the_list_of_commands_is_what_the_modules_add():
    listed = [name for adds in COMMAND_MODULES.values() for name in adds]
    assert choices(build_parser()) == [*listed, *BACKUP_COMMANDS]


@pytest.mark.parametrize("command", [*BACKUP_COMMANDS, "invoice", "week", "demo", "tax"])
def test_one_command_parses_with_only_its_own_module(command):
    assert command in choices(build_parser(command))
    assert len(choices(build_parser(command))) < len(choices(build_parser()))


@pytest.mark.parametrize(
    "argv, asked",
    [
        ([], None),
        (["--data-dir", "x"], None),
        (["--data", "x", "--screenshot=a.png", "--page", "hours"], None),
        (["--data-dir=x", "invoice", "list"], "invoice"),
        (["--data-dir", "invoice", "backup"], "backup"),
        (["-h"], EVERY),
        (["--help"], EVERY),
        (["nonsense"], EVERY),
        (["--unknown", "week"], EVERY),
    ],
)
def test_the_command_asked_for_is_found_before_parsing(argv, asked):
    assert command_asked(argv) == asked


def test_importing_the_command_line_loads_no_pdf_or_spreadsheet_library():
    probe = (
        "import sys, microbiz.cli\n"
        "print(' '.join(n for n in ('reportlab', 'openpyxl', 'pypdf', 'httpx', 'psycopg2',"
        " 'xlsxwriter') if n in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert run.stdout.split() == []
