"""Starting the window imports only what the first page needs: no PostgreSQL driver, no
PDF, spreadsheet or optimisation libraries (checked in a fresh process, not timed)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = (
    "psycopg2",
    "reportlab",
    "openpyxl",
    "xlsxwriter",
    "scipy",
    "pypdf",
    "httpx",
    "holidays",  # its 250 countries: bank holidays come from the cache once asked for
)


def loaded_after(code: str) -> set[str]:
    """Which HEAVY modules a fresh Python has loaded after running `code`."""
    probe = f"{code}\nimport sys\nprint(' '.join(n for n in {HEAVY!r} if n in sys.modules))"
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(run.stdout.split())


def test_the_window_starts_without_heavy_libraries():
    assert loaded_after("import ui.app") == set()


def test_the_command_line_reads_no_command_module_for_the_window():
    code = "from microbiz.cli import build_parser, command_asked\nbuild_parser(command_asked([]))"
    assert loaded_after(code) == set()


def test_of_the_pages_only_home_is_imported_at_start():
    probe = "import sys, ui.app; print(' '.join(n for n in sys.modules if n.endswith('_page')))"
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["ui.home.home_page"]


def test_the_first_run_dialog_is_imported_only_for_a_first_run():
    assert (
        "ui.settings.first_run_dialog"
        not in subprocess.run(
            [sys.executable, "-c", "import sys, ui.app; print(' '.join(sys.modules))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    )
