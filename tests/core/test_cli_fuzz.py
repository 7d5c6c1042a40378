"""Every command, fed odd arguments and odd spreadsheets: exit code 0 or 1, never a traceback.

The commands are found by walking the argument parser, so a new command is fuzzed as soon
as it is added. Each example runs in-process on a fresh copy of a small demo business.
Values are mostly plausible for the argument (found from its type, or guessed from its
name), so the fuzz gets past the first check and into the work; the rest are anything.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from microbiz.cli import build_parser
from microbiz.cli import main
from microbiz.commands.records import IMPORTS
from microbiz.compliance.checklists import template_paths
from microbiz.foundations import clock
from microbiz.foundations import db as database
from microbiz.foundations.crash_log import LOG_NAME
from microbiz.foundations.crash_log import logs_dir
from microbiz.foundations.models import CLIENT_STATUSES
from microbiz.foundations.models import FUNDING_ROUTES
from microbiz.foundations.models import PAYER_KINDS
from microbiz.foundations.models import PAYMENT_METHODS
from microbiz.foundations.models import POLICY_KINDS
from microbiz.foundations.models import VISIT_STATUSES
from microbiz.foundations.models import Client
from microbiz.foundations.models import Invoice
from microbiz.foundations.paths import database_path
from microbiz.tax.expenses import CATEGORY_LABELS
from microbiz.tax.expenses import VEHICLES
from microbiz.workforce.membership import self_reported_fields

NOW = "2026-11-25T12:00"  # as tests/conftest.py fixes it for each test
EXAMPLES = 120  # with the imports' 40: about half a minute
IMPORT_EXAMPLES = 40
ODD_VALUES = [
    "",
    " ",
    "-",
    "--x",
    "\x00",
    "\n",
    "x" * 5_000,
    "9" * 30,
    "-1",
    "0",
    "1e30",
    "-1e30",
    "nan",
    "inf",
    "0.001",
    "18.505",
    "£18.50",
    "£-0.01",
    "1,000.00",
    "0001-01-01",
    "9999-12-31",
    "31/02/2026",
    "29/02/2027",
    "2026-13-01",
    "00/00/0000",
    "2026-11",
    "0000-00",
    "2026-27",
    "1899-00",
    "2026-Q4",
    "2026-Q9",
    "24:00",
    "23:59",
    "prefer_not_to_say",
    "Zoë Ó Briain 🙂",
    "名前",
    "'; DROP TABLE client; --",
    "%s %d {0}",
]
# The columns each kind of import reads (DESIGN §4 and the workbook export's extras).
IMPORT_COLUMNS = {
    "clients": (
        "name funding payer_kind payer_name payer_address payer_email address postcode phone"
        " email start_date contracted_hours weekday_rate weekend_rate bank_holiday_rate status"
        " notes"
    ).split(),
    "rates": "client visit_type weekday_rate weekend_rate bank_holiday_rate flat_fee".split(),
    "visits": "client date start end break_minutes visit_type status mileage notes".split(),
    "expenses": "date amount category description supplier date_paid client".split(),
    "journeys": "date miles from to purpose vehicle client".split(),
    "policies": "kind provider reference cover_amount start expiry reminder_days".split(),
}
ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "utf-16"]  # how spreadsheet programs save CSV
FILE_ENDINGS = ["", ".csv", ".xlsx", ".pdf", ".json", ".ics", ".sqlite", ".toml", ".png"]

YEARS = st.one_of(st.integers(2024, 2028), st.integers(2024, 2028), st.integers(0, 9999))
TIMES = st.times().map(lambda t: t.strftime("%H:%M"))
AMOUNTS = st.decimals(-1000, 10**6, places=2).map(str)
# What a typed argument might accept, each with a sample: an argument whose type takes the
# sample is given values of that shape (valid or nearly).
SHAPES = {
    "2026-11-25": st.one_of(st.dates(date(2024, 1, 1), date(2028, 12, 31)), st.dates()).flatmap(
        lambda d: st.sampled_from([d.isoformat(), d.strftime("%d/%m/%Y")])
    ),
    "2026-11": st.tuples(YEARS, st.one_of(st.integers(1, 12), st.integers(0, 13))).map(
        lambda month: f"{month[0]:04d}-{month[1]:02d}"
    ),
    "2026-27": st.tuples(YEARS, st.sampled_from([1, 1, 1, 0, 2])).map(
        lambda year: f"{year[0]}-{(year[0] + year[1]) % 100:02d}"
    ),
    "2026-Q3": st.tuples(YEARS, st.one_of(st.integers(1, 4), st.integers(0, 5))).map(
        lambda quarter: f"{quarter[0]}-Q{quarter[1]}"
    ),
    "3": st.one_of(st.integers(-3, 400), st.integers()).map(str),
}
# Likely values for an argument or column with this name ...
LIKELY = {
    "funding": [*FUNDING_ROUTES, *FUNDING_ROUTES.values()],
    "payer_kind": [*PAYER_KINDS, *PAYER_KINDS.values()],
    "status": [*VISIT_STATUSES, *CLIENT_STATUSES, *VISIT_STATUSES.values()],
    "kind": [*POLICY_KINDS, *POLICY_KINDS.values()],
    "category": [*CATEGORY_LABELS, *CATEGORY_LABELS.values()],
    "vehicle": [*VEHICLES, *VEHICLES.values()],
    "method": [*PAYMENT_METHODS, *PAYMENT_METHODS.values()],
    "visit_type": ["Support", "Waking night"],  # the demo's visit type, and one it lacks
    "postcode": ["LS6 1AL", "sw1a1aa", "M1 1AE", "LS6"],
    "sort_code": ["60-16-13", "601613", "60-16"],
    "account_number": ["31926819", "3192681"],
    "terms": ["14", "30", "0", "-1", "366"],
    "prefix": ["INV-", "KH/", ""],
    "utr": ["1234567890", "12345"],
    "url": ["https://collector.example.org/returns", "http://collector.example.org"],
}
# ... or with one of these words in its name.
LIKELY_SHAPES = [
    (("date", "expiry"), SHAPES["2026-11-25"]),
    (("start", "end"), st.one_of(TIMES, SHAPES["2026-11-25"])),
    (("rate", "amount", "fee", "miles", "mileage", "hours"), AMOUNTS),
    (("minutes", "days", "within"), st.integers(-1, 400).map(str)),
    (("email",), st.one_of(st.just("m.brown@example.com"), st.emails())),
]


@dataclass(frozen=True)
class Command:
    """One command the parser knows: its words, positionals and options."""

    words: tuple[str, ...]
    positionals: tuple[argparse.Action, ...]
    options: tuple[argparse.Action, ...]

    def __str__(self) -> str:
        return " ".join(self.words)


def commands(parser: argparse.ArgumentParser, words: tuple[str, ...] = ()) -> list[Command]:
    """Every command under `parser`, however deep, from argparse's own lists."""
    chosen = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if chosen:
        found = []
        for name, sub in chosen[0].choices.items():
            found += commands(sub, (*words, name))
        return found
    others = [a for a in parser._actions if not isinstance(a, argparse._HelpAction)]
    return [
        Command(
            words,
            tuple(a for a in others if not a.option_strings),
            tuple(a for a in others if a.option_strings),
        )
    ]


COMMANDS = commands(build_parser())


@dataclass(frozen=True)
class Demo:
    """The template data folder, and names in it worth guessing, by argument name."""

    folder: Path
    names: dict[str, list[str]]

    def known(self) -> list[str]:
        return [name for names in self.names.values() for name in names]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Demo:
    """A small demo business, made once for the module; each example runs on a copy."""
    folder = tmp_path_factory.mktemp("template")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(clock.VARIABLE, NOW)
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["--data-dir", str(folder), "demo", "--clients", "3", "--seed", "7"]) == 0
    database.open_database(database_path(folder))
    try:
        clients = [client.name for client in Client.select()]
        numbers = [invoice.number for invoice in Invoice.select() if invoice.number]
    finally:
        database.close_database()
    questions = self_reported_fields()
    return Demo(
        folder,
        {
            "client": clients,
            "number": numbers,
            "numbers": numbers,
            "name": list(template_paths(None)),
            "field": list(questions),
            "value": [answer for answers in questions.values() for answer in answers],
        },
    )


def values(known: list[str]) -> st.SearchStrategy[str]:
    """Odd values, names from the demo, and any text, amount, number, time or date."""
    return st.one_of(
        st.sampled_from(ODD_VALUES),
        st.sampled_from(known),
        st.sampled_from([word for words in LIKELY.values() for word in words]),
        TIMES,
        st.text(max_size=30),
        AMOUNTS,
        st.integers(-(10**30), 10**30).map(str),
        st.floats().map(str),
        *SHAPES.values(),
    )


def mostly(likely: st.SearchStrategy[str], otherwise: st.SearchStrategy[str]):
    """Three times in four a value from `likely`, else one from `otherwise`."""
    return st.integers(0, 3).flatmap(lambda pick: otherwise if pick == 3 else likely)


def likely_for(name: str, demo: Demo) -> st.SearchStrategy[str] | None:
    """Likely values for an argument or column called `name`; None if its name says nothing."""
    if name in demo.names:
        return st.sampled_from(demo.names[name])
    if name in LIKELY:
        return st.sampled_from(LIKELY[name])
    return next((shape for words, shape in LIKELY_SHAPES if any(w in name for w in words)), None)


def argument(action: argparse.Action, demo: Demo) -> st.SearchStrategy[str]:
    """A value for one argument; a path is a file name in the working folder, never elsewhere."""
    anything = values(demo.known())
    if action.type is Path:
        ending = Path(action.metavar or "").suffix  # FILE.pdf: mostly .pdf, sometimes not
        endings = st.sampled_from([ending] if ending else FILE_ENDINGS)
        return st.tuples(anything, mostly(endings, st.sampled_from(FILE_ENDINGS))).map(
            lambda name: "./" + name[0].replace("/", "_").replace("\\", "_") + name[1]
        )
    if action.choices:
        return mostly(st.sampled_from([str(c) for c in action.choices]), anything)
    if action.type is not None:
        shaped = [shape for sample, shape in SHAPES.items() if _accepts(action.type, sample)]
        return mostly(st.one_of(*shaped), anything)
    likely = likely_for(action.dest, demo)
    return anything if likely is None else mostly(likely, anything)


def _accepts(convert: Callable[[str], object], text: str) -> bool:
    try:
        convert(text)
    except Exception:
        return False
    return True


@st.composite
def command_lines(draw, demo: Demo) -> list[str]:
    """A command with its required options, maybe others, and every positional given something."""
    command = draw(st.sampled_from(COMMANDS))
    line = list(command.words)
    for option in command.options:
        if not (option.required or draw(st.booleans())):
            continue
        if option.nargs == 0:
            line.append(option.option_strings[0])
        else:
            value = draw(argument(option, demo))
            line.append(f"{option.option_strings[0]}={value}")  # = lets '-x' be a value
    if command.positionals:
        line.append("--")  # so positionals that start with '-' are values too
    for positional in command.positionals:
        count = draw(st.integers(0, 3)) if positional.nargs in ("*", "+") else 1
        line += [draw(argument(positional, demo)) for _ in range(count)]
    return [word.replace("\x00", "") for word in line]  # a real command line cannot hold NUL


def spreadsheets(kind: str, demo: Demo):
    """A heading of the kind's columns (all, some or odd ones), then rows of cells for them."""
    columns = IMPORT_COLUMNS.get(kind, sorted({c for cs in IMPORT_COLUMNS.values() for c in cs}))
    some = st.lists(mostly(st.sampled_from(columns), st.sampled_from(ODD_VALUES)), max_size=10)
    return mostly(st.permutations(columns), some).flatmap(
        lambda heading: st.tuples(
            st.just(heading),
            st.lists(
                st.tuples(*(cell(column, demo) for column in heading)).map(list),
                min_size=1,
                max_size=3,
            ),
        )
    )


def cell(column: str, demo: Demo) -> st.SearchStrategy[str]:
    """A value for a cell in `column`: mostly a likely one, sometimes anything at all."""
    likely = likely_for(column, demo)
    if likely is None:
        likely = st.text(min_size=1, max_size=20)
    return mostly(likely, values(demo.known()))


def csv_text(heading: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(heading)
    writer.writerows(rows)
    return out.getvalue()


def run_in_copy(template: Path, line: list[str], files: dict[str, bytes] | None = None):
    """Run `microbiz` in-process on a fresh copy of `template`, in a fresh working folder
    holding `files`; the exit code, stderr and crash log."""
    with tempfile.TemporaryDirectory() as scratch:
        folder, workdir = Path(scratch) / "data", Path(scratch) / "work"
        shutil.copytree(template, folder)
        workdir.mkdir()
        for name, content in (files or {}).items():
            (workdir / name).write_bytes(content)
        err = io.StringIO()
        with (
            contextlib.chdir(workdir),
            contextlib.redirect_stdout(io.StringIO()),
            contextlib.redirect_stderr(err),
        ):
            code = main(["--data-dir", str(folder), *line])
        log = logs_dir(folder) / LOG_NAME
        return code, err.getvalue(), log.read_text(encoding="utf-8") if log.exists() else ""


def check(template: Path, line: list[str], files: dict[str, bytes] | None = None) -> None:
    code, err, log = run_in_copy(template, line, files)
    assert code in (0, 1), f"microbiz {line!r} exited {code}: {err}\n{log}"
    assert "Traceback" not in err, err


FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@settings(FUZZ, max_examples=EXAMPLES)
@given(data=st.data())
def test_any_arguments_to_any_command_are_never_a_traceback(demo, data):
    check(demo.folder, data.draw(command_lines(demo), label="command line"))


@settings(FUZZ, max_examples=IMPORT_EXAMPLES)
@given(data=st.data())
def test_any_spreadsheet_to_import_is_never_a_traceback(demo, data):
    kind = data.draw(st.sampled_from(sorted(IMPORTS)), label="kind")
    heading, rows = data.draw(spreadsheets(kind, demo), label="spreadsheet")
    encoding = data.draw(st.sampled_from(ENCODINGS), label="saved as")
    dry_run = data.draw(st.sampled_from([["--dry-run"], []]), label="dry run")
    line = ["import", kind, "import.csv", *dry_run]
    check(demo.folder, line, {"import.csv": csv_text(heading, rows).encode(encoding, "replace")})


def test_every_command_is_fuzzed():
    """The walk finds the commands in the CLI contract, so the fuzz reaches them."""
    found = {str(command) for command in COMMANDS}
    assert {"invoice list", "import clients", "payment add", "visits list", "backup"} <= found
