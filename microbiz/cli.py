"""The `microbiz` command: start the app, take a screenshot of it, or do one job and exit.

The GUI is imported only when it is asked for, so commands run without Qt.

Exit codes: 0 done; 1 a user error, told in one line; 2 an error nobody expected, one
line naming the crash log that holds its traceback; 130 stopped with Ctrl+C; 141 the
program reading the output stopped early (`| head -1`), as a shell reports for `cat`.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from microbiz.commands import business
from microbiz.commands import compliance
from microbiz.commands import home
from microbiz.commands import hours
from microbiz.commands import invoices
from microbiz.commands import records
from microbiz.commands import tax
from microbiz.commands import workforce
from microbiz.compliance.checklists import TemplateProblems
from microbiz.foundations.crash_log import log_crash
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.paths import data_dir
from microbiz.records.imports import ImportProblems

DEFAULT_PAGE = "home"
DEFAULT_SIZE = (1100, 720)
MIN_SIDE, MAX_SIDE = 200, 8000
USER_ERROR, UNEXPECTED_ERROR = 1, 2
STOPPED = 130  # 128 + SIGINT, what a shell reports for a program stopped with Ctrl+C
READER_GONE = 141  # 128 + SIGPIPE, what a shell reports for `cat` or `grep` in the same place

Command = Callable[[argparse.Namespace, Path], None]


class ArgumentParser(argparse.ArgumentParser):
    """An argument parser that raises UserError, so a bad argument is one line, exit code 1."""

    def error(self, message: str) -> NoReturn:
        raise UserError(message)


def main(argv: list[str] | None = None) -> int:
    """Run `microbiz` with `argv` (default: the real command line); the exit code."""
    folder: Path | None = None
    try:
        args = build_parser().parse_args(argv)
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


def build_parser() -> ArgumentParser:
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
    records.add_commands(commands)
    business.add_commands(commands)
    hours.add_commands(commands)
    invoices.add_commands(commands)
    compliance.add_commands(commands)
    home.add_commands(commands)
    tax.add_commands(commands)
    workforce.add_commands(commands)
    records.add_backup_commands(commands)
    return parser


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
    except (ImportProblems, TemplateProblems) as problems:
        for line in problems.lines:
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
