"""`microbiz-collector`: run the collector service and its console, add console users,
manage enrolment codes, import emailed returns, and write the published report.

Errors are one line on stderr and exit code 1, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime
import getpass
import sys
from pathlib import Path
from typing import NoReturn

from microbiz.collector import accounts
from microbiz.collector import releases
from microbiz.collector import report
from microbiz.collector import store
from microbiz.collector.periods import period_problem
from microbiz.collector.schema import check_return
from microbiz.collector.schema import parse_json
from microbiz.collector.suppression import Unprotectable

DEFAULT_STORE = "collector.sqlite"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
MAX_FILE_BYTES = 32 * 1024


class CollectorError(Exception):
    """A problem to tell the user in one line."""


class ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise CollectorError(message)


def main(argv: list[str] | None = None, today: datetime.date | None = None) -> int:
    """Run `microbiz-collector` with `argv` (default: the real command line) as on `today`
    (default: the real date); the exit code."""
    try:
        args = build_parser().parse_args(argv)
        args.today = today or datetime.date.today()
        if args.run is None:
            raise CollectorError("say what to do: serve, user, code, import, withdraw or report")
        return args.run(args)
    except Unprotectable as problem:
        _say_error(f"not published: {problem}")
        return 1
    except (
        CollectorError,
        store.StoreError,
        releases.ReleaseError,
        ValueError,
        OSError,
    ) as problem:
        _say_error(str(problem))
        return 1
    except Exception as problem:  # the store's driver errors, among others: still one line
        _say_error(f"{type(problem).__name__}: {problem}")
        return 1
    finally:
        store.close_store()


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="microbiz-collector",
        description="Collect anonymous workforce returns and publish protected figures.",
    )
    parser.set_defaults(run=None)
    common = ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        default=DEFAULT_STORE,
        metavar="URL",
        help=f"the store: a SQLite file, or postgresql://user:pass@host:port/db "
        f"(default: {DEFAULT_STORE} here)",
    )
    commands = parser.add_subparsers(metavar="COMMAND")

    serve = commands.add_parser("serve", parents=[common], help="run the collector service")
    serve.add_argument("--host", default=DEFAULT_HOST)
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--rate-limit", type=int, default=60, help="requests per minute per client")
    serve.add_argument(
        "--trusted-proxy",
        metavar="ADDR",
        help="the address of your HTTPS proxy: only its X-Forwarded-For is believed "
        "(default: none is)",
    )
    serve.add_argument(
        "--no-console", action="store_true", help="do not serve the web console at /console"
    )
    serve.set_defaults(run=_serve)

    user = commands.add_parser("user", help="console users: add")
    user.set_defaults(run=lambda args: _fail("say what to do with users: add"))
    user_commands = user.add_subparsers(metavar="ACTION")
    add_user = user_commands.add_parser(
        "add", parents=[common], help="let someone sign in to the console (asks a password)"
    )
    add_user.add_argument("name", help="the name they sign in with, one word")
    add_user.set_defaults(run=_user_add)

    code = commands.add_parser("code", help="enrolment codes: add, list, revoke")
    code.set_defaults(run=lambda args: _fail("say what to do with codes: add, list or revoke"))
    code_commands = code.add_subparsers(metavar="ACTION")
    add = code_commands.add_parser("add", parents=[common], help="make a new code")
    add.add_argument("label", help="who the code is for, such as a group or area")
    add.add_argument(
        "--members",
        type=int,
        required=True,
        metavar="N",
        help="the most members whose returns it takes each quarter",
    )
    add.set_defaults(run=_code_add)
    listing = code_commands.add_parser("list", parents=[common], help="show every code")
    listing.set_defaults(run=_code_list)
    revoke = code_commands.add_parser("revoke", parents=[common], help="stop accepting a code")
    revoke.add_argument("code")
    revoke.set_defaults(run=_code_revoke)

    imports = commands.add_parser(
        "import", parents=[common], help="store returns sent as .json files"
    )
    imports.add_argument("files", nargs="+", type=Path, metavar="FILES")
    imports.set_defaults(run=_import)

    withdraw = commands.add_parser(
        "withdraw", parents=[common], help="delete a return its sender asked to withdraw"
    )
    withdraw.add_argument("submission_id")
    withdraw.set_defaults(run=_withdraw)

    make_report = commands.add_parser(
        "report",
        parents=[common],
        help="release a quarter (or all released quarters) and write its tables",
    )
    make_report.add_argument("--out", type=Path, metavar="FILE.xlsx")
    make_report.add_argument("--pdf", type=Path, metavar="FILE.pdf")
    make_report.add_argument("--json", type=Path, metavar="FILE.json")
    make_report.add_argument(
        "--threshold", type=int, metavar="K", help="hide counts below K (default 5)"
    )
    make_report.add_argument("--rule", choices=releases.RULES, help="default: suppress")
    make_report.add_argument(
        "--period",
        help="the finished quarter to release, such as 2026-Q2 (default: all released quarters)",
    )
    make_report.set_defaults(run=_report)
    return parser


def _serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from microbiz.collector.app import create_app
        from microbiz.collector.console import ConsoleSettings
        from microbiz.collector.server import server_config
    except ImportError:
        raise CollectorError(
            "the service needs FastAPI and uvicorn: pip install 'microbiz[collector]'"
        ) from None
    console = None if args.no_console else ConsoleSettings(secure_cookies=bool(args.trusted_proxy))
    app = create_app(
        args.db, rate_limit=args.rate_limit, trusted_proxy=args.trusted_proxy, console=console
    )
    print(f"Collecting returns at http://{args.host}:{args.port} (no access log is kept)")
    if console is not None:
        print(f"The console is at http://{args.host}:{args.port}/console")
    uvicorn.Server(server_config(app, host=args.host, port=args.port)).run()
    return 0


def _user_add(args: argparse.Namespace) -> int:
    store.open_store(args.db)
    if accounts.is_user(args.name):
        raise CollectorError(f"there is already a console user called {args.name}")
    password = getpass.getpass(f"Password for {args.name}: ")
    if getpass.getpass("The same password again: ") != password:
        raise CollectorError("the two passwords differ; nothing was saved")
    accounts.add_user(args.name, password, args.today)
    print(f"{args.name} can now sign in to the console.")
    return 0


def _code_add(args: argparse.Namespace) -> int:
    store.open_store(args.db)
    print(store.add_code(args.label, args.members, args.today).code)
    return 0


def _code_list(args: argparse.Namespace) -> int:
    store.open_store(args.db)
    codes = store.list_codes()
    if not codes:
        print("No enrolment codes yet: add one with `microbiz-collector code add LABEL`.")
    for code in codes:
        state = "revoked" if code.revoked else "active"
        cap = "no cap" if code.members is None else f"{code.members} members"
        print(f"{code.code}  {state:<7}  {code.created_on.isoformat()}  {cap:<12}  {code.label}")
    return 0


def _code_revoke(args: argparse.Namespace) -> int:
    store.open_store(args.db)
    store.revoke_code(args.code)
    print(f"Revoked {args.code}: returns sent with it are no longer accepted.")
    return 0


def _import(args: argparse.Namespace) -> int:
    store.open_store(args.db)
    failed = 0
    for path in args.files:
        problem, outcome = _import_one(path, args.today)
        if problem:
            failed += 1
            print(f"{path}: not stored: {problem}", file=sys.stderr)
        else:
            print(f"{path}: {outcome}")
    stored = len(args.files) - failed
    print(f"{stored} of {len(args.files)} files imported.")
    return 1 if failed else 0


def _import_one(path: Path, today: datetime.date) -> tuple[str, str]:
    """(problem, "") or ("", what was done)."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return f"the file is larger than {MAX_FILE_BYTES // 1024} KiB", ""
        data = parse_json(path.read_bytes())
    except OSError as problem:
        return problem.strerror or str(problem), ""
    except ValueError as problem:
        return f"not valid JSON ({problem})", ""
    problems = check_return(data) or [p for p in [period_problem(data["period"], today)] if p]
    if problems:
        return "; ".join(problems), ""
    outcome = store.store_return(data, secret=None, code=None, today=today)
    if outcome.status == "conflict":
        return "a different return with this submission id is already stored", ""
    return "", outcome.status


def _withdraw(args: argparse.Namespace) -> int:
    store.open_store(args.db)
    outcome = store.withdraw_return(args.submission_id, secret=None)
    if outcome.status == "not found":
        raise CollectorError(f"there is no return {args.submission_id}")
    print(f"Withdrawn: {args.submission_id} is deleted.")
    return 0


def _report(args: argparse.Namespace) -> int:
    outputs = {
        "--out": (args.out, ".xlsx"),
        "--pdf": (args.pdf, ".pdf"),
        "--json": (args.json, ".json"),
    }
    if all(path is None for path, _ in outputs.values()):
        raise CollectorError("say where to write the report: --out FILE.xlsx, --pdf or --json")
    for option, (path, suffix) in outputs.items():
        if path is not None and path.suffix.lower() != suffix:
            raise CollectorError(f"{option} must name a {suffix} file")
    store.open_store(args.db)
    if args.period:
        release = releases.release_period(args.period, args.today, args.rule, args.threshold)
    else:
        release = releases.release_all_periods(args.today, args.rule, args.threshold)
    tables = report.tables_of(release)
    if args.out is not None:
        report.write_report_xlsx(tables, args.out)
        print(f"Wrote {args.out}")
    if args.pdf is not None:
        report.write_report_pdf(tables, args.pdf)
        print(f"Wrote {args.pdf}")
    if args.json is not None:
        report.write_release_json(release, args.json)
        print(f"Wrote {args.json}")
    if not tables.published:
        print(tables.notes[0])
    return 0


def _fail(message: str) -> int:
    raise CollectorError(message)


def _say_error(message: str) -> None:
    print(f"microbiz-collector: {' '.join(message.split())}", file=sys.stderr)
