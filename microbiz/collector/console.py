"""The support organisation's console at /console: server-rendered pages and plain forms.

Signed-in staff see how many returns each quarter holds (a count only; under the
threshold, "fewer than k"), make and withdraw enrolment codes, release quarters and
download the released tables. No page shows a return, its submission id or its answers.
Every form carries the session's CSRF token; sign-in attempts are rate-limited; every
action goes in the audit log (`accounts.record`); pages are sent with a strict CSP.
"""

from __future__ import annotations

import datetime
import json
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from microbiz.collector import releases
from microbiz.collector import report
from microbiz.collector import store
from microbiz.collector.periods import quarter_of
from microbiz.collector.ratelimit import RateLimiter
from microbiz.collector.sessions import COOKIE
from microbiz.collector.sessions import Session
from microbiz.collector.sessions import Sessions
from microbiz.collector.sessions import tokens_match
from microbiz.collector.suppression import Unprotectable

HERE = Path(__file__).parent
PREFIX = "/console"
LOGIN_WINDOW_SECONDS = 300
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
NAV = (
    ("/console/quarters", "Returns"),
    ("/console/codes", "Enrolment codes"),
    ("/console/releases", "Releases"),
    ("/console/activity", "Activity"),
    ("/console/privacy", "What we can see"),
)
DOWNLOADS = {
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pdf": ("PDF", "application/pdf"),
    "json": ("JSON", "application/json"),
}

templates = Jinja2Templates(directory=HERE / "templates")


@dataclass(frozen=True)
class ConsoleSettings:
    """How the console runs: idle minutes before a session ends, sign-in attempts allowed
    per 5 minutes (per address and per name), Secure cookies (behind HTTPS), the clock."""

    idle_minutes: float = 30
    login_attempts: int = 5
    secure_cookies: bool = False
    clock: Callable[[], float] = time.time


class SignInNeeded(Exception):
    """The request needs a signed-in session; `ended` when its session has ended."""

    def __init__(self, ended: bool) -> None:
        super().__init__("sign in needed")
        self.ended = ended


class FormRefused(Exception):
    """A form posted without the session's CSRF token."""


class Console:
    """The console's state for one running service."""

    def __init__(
        self,
        sessions: Sessions,
        limiter: RateLimiter,
        settings: ConsoleSettings,
        today: Callable[[], datetime.date],
        address_of: Callable[[Request], str],
    ) -> None:
        self.sessions = sessions
        self.limiter = limiter
        self.settings = settings
        self.today = today
        self.address_of = address_of

    def session(self, request: Request) -> Session:
        """The request's signed-in session, else SignInNeeded."""
        session, ended = self.sessions.find(request.cookies.get(COOKIE))
        if session is None:
            raise SignInNeeded(ended)
        return session

    async def form(self, request: Request, session: Session) -> dict[str, str]:
        """The posted form, once its CSRF token is the session's; else FormRefused."""
        form = await request.form()
        fields = {name: str(value) for name, value in form.items()}
        if not tokens_match(session.csrf, fields.get("csrf_token", "")):
            raise FormRefused()
        return fields

    def set_cookie(self, response: Response, name: str, value: str) -> None:
        response.set_cookie(
            name,
            value,
            httponly=True,
            samesite="strict",
            secure=self.settings.secure_cookies,
            path=PREFIX,
        )


def console_of(request: Request) -> Console:
    return request.app.state.console


def render(
    request: Request,
    template: str,
    title: str,
    session: Session | None,
    status_code: int = 200,
    **context,
) -> Response:
    """A console page, with the navigation and the session's CSRF token."""
    return templates.TemplateResponse(
        request,
        template,
        {
            "title": title,
            "user": session.user if session else None,
            "csrf": session.csrf if session else "",
            "nav": NAV,
            "here": request.url.path,
            **context,
        },
        status_code=status_code,
    )


def shown_count(count: int, k: int = releases.DEFAULT_THRESHOLD) -> str:
    """A count of returns as the console shows it: "fewer than k" under the threshold."""
    return f"fewer than {k}" if count < k else str(count)


@dataclass(frozen=True)
class CodeRow:
    """One enrolment code's returns for a quarter, as shown."""

    label: str
    state: str
    received: str
    cap: str


@dataclass(frozen=True)
class QuarterRow:
    """One quarter's returns, in all and by code, as shown."""

    period: str
    current: bool
    released: bool
    received: str
    codes: list[CodeRow]


def quarter_rows(today: datetime.date) -> list[QuarterRow]:
    """This quarter and every quarter with returns held, latest first."""
    current = quarter_of(today)
    periods = sorted({current, *store.periods_held()}, reverse=True)
    released = {r.period for r in store.list_releases()}
    codes = store.list_codes()
    rows = []
    for period in periods:
        counts = store.returns_by_code(period)
        rows.append(
            QuarterRow(
                period,
                period == current,
                period in released,
                shown_count(sum(counts.values())),
                _code_rows(codes, counts),
            )
        )
    return rows


def _code_rows(codes: list[store.EnrolmentCode], counts: dict[int | None, int]) -> list[CodeRow]:
    rows = [
        CodeRow(
            c.label,
            "withdrawn" if c.revoked else "in use",
            shown_count(counts.get(c.id, 0)),
            "no cap" if c.members is None else str(c.members),
        )
        for c in codes
        if not c.revoked or counts.get(c.id)
    ]
    if counts.get(None):
        rows.append(CodeRow("Imported from files", "", shown_count(counts[None]), "no cap"))
    return rows


def masked(code: str) -> str:
    """An enrolment code with all but its first group hidden, for lists."""
    first, *rest = code.split("-")
    return "-".join([first, *("····" for _ in rest)])


def releasable(today: datetime.date) -> list[str]:
    """The finished quarters with returns held that have not been released yet."""
    current = quarter_of(today)
    released = {r.period for r in store.list_releases()}
    return [p for p in store.periods_held() if p < current and p not in released]


@dataclass(frozen=True)
class ReleaseRow:
    """A kept release, as listed."""

    id: int
    name: str
    stem: str
    rule: str
    threshold: int
    made_on: str
    returns: str


def release_rows() -> list[ReleaseRow]:
    rows = []
    for kept in reversed(store.list_releases()):
        document = json.loads(kept.published)
        returns = document["returns"]
        rows.append(
            ReleaseRow(
                kept.id,
                release_name(kept.period),
                release_file_stem(kept.period),
                kept.rule,
                kept.threshold,
                kept.made_on.isoformat(),
                f"<{kept.threshold}" if returns is None else str(returns),
            )
        )
    return rows


def release_name(period: str) -> str:
    """A release's name for people: its quarter, or the quarters it adds up."""
    if period.startswith("all:"):
        return "All released quarters: " + ", ".join(period.removeprefix("all:").split(","))
    return period


def release_file_stem(period: str) -> str:
    return "microbiz-returns-" + period.replace("all:", "all-").replace(",", "_")


def make_release(period: str, rule: str, threshold: int, today: datetime.date) -> str:
    """Release `period` ("all" for the released quarters together); what happened, in words.
    Raises ReleaseError, ValueError or Unprotectable with the reason it cannot be made."""
    if period == releases.ALL_PERIODS:
        made = releases.release_all_periods(today)
    else:
        made = releases.release_period(period, today, rule, threshold)
    if not made["published"]:
        return made["notes"][0]
    return f"Released {release_name(made['period'])}: the tables are ready to download."


def download(release_id: int, name: str) -> bytes | None:
    """A kept release's file `name` (its stem and .xlsx, .pdf or .json); None if none."""
    kept = next((r for r in store.list_releases() if r.id == release_id), None)
    stem, _, kind = name.rpartition(".")
    if kept is None or kind not in DOWNLOADS or stem != release_file_stem(kept.period):
        return None
    document = json.loads(kept.published)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        if kind == "json":
            report.write_release_json(document, path)
        elif kind == "xlsx":
            report.write_report_xlsx(report.tables_of(document), path)
        else:
            report.write_report_pdf(report.tables_of(document), path)
        return path.read_bytes()


async def in_thread(function: Callable, *args):
    """Run store work off the event loop."""
    return await run_in_threadpool(function, *args)


RELEASE_PROBLEMS = (releases.ReleaseError, ValueError, Unprotectable)
