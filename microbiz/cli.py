"""The `microbiz` command: start the app, take a screenshot of it, or do one job and exit.

The GUI is imported only when it is asked for, so commands run without Qt.

Exit codes: 0 done; 1 a user error, told in one line; 2 an error nobody expected, one
line naming the crash log that holds its traceback; 130 stopped with Ctrl+C; 141 the
program reading the output stopped early (`| head -1`), as a shell reports for `cat`.
"""

from __future__ import annotations

import argparse
import importlib
import multiprocessing
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from microbiz.foundations import sqlite_only  # noqa: F401  (first: peewee without PostgreSQL)

# isort: split
from microbiz.foundations.crash_log import log_crash
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.paths import data_dir

DEFAULT_PAGE = "home"
DEFAULT_SIZE = (1100, 720)
MIN_SIDE, MAX_SIDE = 200, 8000
USER_ERROR, UNEXPECTED_ERROR = 1, 2
STOPPED = 130  # 128 + SIGINT, what a shell reports for a program stopped with Ctrl+C
READER_GONE = 141  # 128 + SIGPIPE, what a shell reports for `cat` or `grep` in the same place

Command = Callable[[argparse.Namespace, Path], None]

# The module of microbiz.commands that adds each command, in the order `--help` lists them,
# so that one command (or the window, with none) imports only its own module: all of them
# bring reportlab, openpyxl, pypdf and httpx, about a second before anything is done.
COMMAND_MODULES = {
    "records": ("demo", "import", "export"),
    "business": ("business",),
    "hours": ("visits", "timesheet", "calendar"),
    "invoices": ("invoice", "payment"),
    "compliance": ("reminders", "evidence-pack", "checklist"),
    "home": ("week", "search"),
    "privacy": ("client", "erase-due", "log"),
    "tax": ("tax",),
    "workforce": ("workforce",),
    "encryption": ("encrypt", "decrypt", "passphrase"),
}
BACKUP_COMMANDS = ("backup", "restore")  # added by records, last in the list
EVERY = "*"
OPTIONS_WITH_VALUES = ("--data-dir", "--screenshot", "--page", "--size")


class ArgumentParser(argparse.ArgumentParser):
    """An argument parser that raises UserError, so a bad argument is one line, exit code 1."""

    def error(self, message: str) -> NoReturn:
        raise UserError(message)


def main(argv: list[str] | None = None) -> int:
    """Run `microbiz` with `argv` (default: the real command line); the exit code."""
    multiprocessing.freeze_support()  # in the packaged app, a PDF worker process runs here
    folder: Path | None = None
    try:
        argv = sys.argv[1:] if argv is None else argv
        args = build_parser(command_asked(argv)).parse_args(argv)
        folder = data_dir(args.data_dir)
        if args.command is not None:
            code = _run_command(args.run, args, folder)
        else:
            code = _run_gui(args, folder)
        sys.stdout.flush()  # a reader that stopped early is noticed here, not at exit
        return code
    except ValidationError as invalid:
        for problem in invalid.errors:
            _say_error(problem.message)
        return USER_ERROR
    except UserError as problem:
        _say_error(str(problem))
        return USER_ERROR
    except BrokenPipeError:
        return _stop_writing()
    except KeyboardInterrupt:
        _say_error("stopped")
        return STOPPED
    except Exception:
        _say_error(_unexpected(folder))
        return UNEXPECTED_ERROR


def build_parser(command: str | None = EVERY) -> ArgumentParser:
    """The command line's parser, with every command (EVERY), one, or none (the window)."""
    parser = ArgumentParser(
        prog="microbiz",
        description="Run a self-employed care business: clients, hours, invoices and more.",
        epilog="With no command, Microbiz opens its window.",
    )
    parser.add_argument("--data-dir", metavar="DIR", help="the data folder to use")
    parser.add_argument(
        "--screenshot", metavar="FILE.png", type=Path, help="save a picture of a page and exit"
    )
    parser.add_argument("--page", help="the page for --screenshot: clients, hours, settings")
    parser.add_argument(
        "--size", type=_window_size, metavar="WxH", help="window size for --screenshot"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, adds in COMMAND_MODULES.items():
        if command == EVERY or command in adds:
            importlib.import_module(f"microbiz.commands.{name}").add_commands(commands)
    if command == EVERY or command in BACKUP_COMMANDS:
        importlib.import_module("microbiz.commands.records").add_backup_commands(commands)
    return parser


def command_asked(argv: list[str]) -> str | None:
    """The command `argv` names; None for the window; EVERY for help or anything unknown."""
    values = iter(argv)
    for word in values:
        option = word.split("=", 1)[0]
        if len(option) > 2 and any(name.startswith(option) for name in OPTIONS_WITH_VALUES):
            if option == word:
                next(values, None)  # its value
            continue
        if word.startswith("-"):
            return EVERY
        known = word in BACKUP_COMMANDS or any(word in adds for adds in COMMAND_MODULES.values())
        return word if known else EVERY
    return None


def _window_size(text: str) -> tuple[int, int]:
    """1100x720 -> (1100, 720)."""
    match = re.fullmatch(r"(\d+)[xX](\d+)", text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size like 1100x720")
    width, height = int(match.group(1)), int(match.group(2))
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise argparse.ArgumentTypeError(
            f"'{text}': width and height must be from {MIN_SIDE} to {MAX_SIDE} pixels"
        )
    return width, height


def _run_gui(args: argparse.Namespace, folder: Path) -> int:
    """Open the window, or with --screenshot draw one page offscreen and exit."""
    if args.screenshot is None:
        if args.page or args.size:
            raise UserError("--page and --size go with --screenshot")
        from ui.app import run_gui

        return run_gui(folder)
    if args.screenshot.suffix.lower() != ".png":
        raise UserError(f"{args.screenshot.name} must end in .png")
    from ui.app import take_screenshot

    take_screenshot(folder, args.screenshot, args.page or DEFAULT_PAGE, args.size or DEFAULT_SIZE)
    return 0


def _run_command(run: Command, args: argparse.Namespace, folder: Path) -> int:
    if args.screenshot or args.page or args.size:
        raise UserError("--screenshot, --page and --size cannot be used with a command")
    try:
        run(args, folder)
    except UserError as problems:
        for line in getattr(problems, "lines", ()):  # an import's or a template's problems
            print(line, file=sys.stderr)
        raise
    except BrokenPipeError:
        raise  # the reader stopped early, which is not the user's mistake: main ends quietly
    except OSError as problem:
        raise UserError(_os_problem(problem)) from None
    return 0


def _stop_writing() -> int:
    """The program reading our output stopped early (`| head -1`): end quietly, as `cat` does.

    Python flushes stdout again at exit, so it is pointed at the null device first; otherwise
    that flush fails too and prints "Exception ignored". See "Note on SIGPIPE" in the docs of
    Python's signal module.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return READER_GONE


def _unexpected(folder: Path | None) -> str:
    """Write the traceback of the error being handled to the crash log; the line to show."""
    kind, error, trace = sys.exc_info()
    log = log_crash(folder, (kind, error, trace))
    if log is None:
        return f"unexpected error: {kind.__name__}: {error} (no log file could be written)"
    return f"unexpected error (details written to {log})"


def _os_problem(problem: OSError) -> str:
    """'Permission denied: /x/y.xlsx' from an OSError, on one line."""
    if problem.strerror and problem.filename:
        return f"{problem.strerror}: {problem.filename}"
    return str(problem)


def _say_error(message: str) -> None:
    """One line on stderr, `microbiz: ...`."""
    print(f"microbiz: {' '.join(message.split())}", file=sys.stderr)
