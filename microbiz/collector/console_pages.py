"""The console's pages and forms (the routes), added to the service by `install`; what
they show is worked out in `console`."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from fastapi import APIRouter
from fastapi import FastAPI
from fastapi import Request
from fastapi.responses import RedirectResponse
from fastapi.responses import Response

from microbiz.collector import accounts
from microbiz.collector import releases
from microbiz.collector import store
from microbiz.collector.console import DOWNLOADS
from microbiz.collector.console import HEADERS
from microbiz.collector.console import HERE
from microbiz.collector.console import LOGIN_WINDOW_SECONDS
from microbiz.collector.console import PREFIX
from microbiz.collector.console import RELEASE_PROBLEMS
from microbiz.collector.console import Console
from microbiz.collector.console import ConsoleSettings
from microbiz.collector.console import FormRefused
from microbiz.collector.console import SignInNeeded
from microbiz.collector.console import console_of
from microbiz.collector.console import download
from microbiz.collector.console import in_thread
from microbiz.collector.console import make_release
from microbiz.collector.console import masked
from microbiz.collector.console import quarter_rows
from microbiz.collector.console import releasable
from microbiz.collector.console import release_rows
from microbiz.collector.console import render
from microbiz.collector.ratelimit import RateLimiter
from microbiz.collector.sessions import COOKIE
from microbiz.collector.sessions import LOGIN_COOKIE
from microbiz.collector.sessions import Sessions
from microbiz.collector.suppression import SUPPRESS

router = APIRouter(prefix="/console")
STYLESHEET = (HERE / "static" / "console.css").read_bytes()
MAX_CAP = 100_000


def install(
    app: FastAPI,
    settings: ConsoleSettings,
    today: Callable[[], datetime.date],
    address_of: Callable[[Request], str],
) -> None:
    """Add the console's pages, its headers and its error pages to `app`."""
    sessions = Sessions(settings.idle_minutes * 60, settings.clock)
    limiter = RateLimiter(settings.login_attempts, LOGIN_WINDOW_SECONDS, settings.clock)
    app.state.console = Console(sessions, limiter, settings, today, address_of)

    @app.middleware("http")
    async def console_headers(request: Request, call_next):
        response = await call_next(request)
        if request.url.path.startswith(PREFIX):
            response.headers.update(HEADERS)
        return response

    @app.exception_handler(SignInNeeded)
    async def sign_in_needed(request: Request, problem: SignInNeeded) -> Response:
        target = "/console/sign-in?ended=1" if problem.ended else "/console/sign-in"
        return RedirectResponse(target, status_code=303)

    @app.exception_handler(FormRefused)
    async def form_refused(request: Request, problem: FormRefused) -> Response:
        return render(
            request,
            "refused.html",
            "This form was not accepted",
            None,
            status_code=403,
        )

    app.include_router(router)


def _redirect(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


@router.get("")
async def home(request: Request) -> Response:
    console_of(request).session(request)
    return _redirect("/console/quarters")


@router.get("/static/console.css")
async def stylesheet() -> Response:
    return Response(STYLESHEET, media_type="text/css")


@router.get("/sign-in")
async def sign_in_page(request: Request, ended: str = "") -> Response:
    note = "Your session has ended; please sign in again." if ended else ""
    return _sign_in_form(request, notice=note)


def _sign_in_form(request: Request, status_code: int = 200, **context) -> Response:
    cookie, token = console_of(request).sessions.login_token()
    page = render(
        request,
        "sign_in.html",
        "Sign in",
        None,
        status_code=status_code,
        login_token=token,
        **context,
    )
    console_of(request).set_cookie(page, LOGIN_COOKIE, cookie)
    return page


@router.post("/sign-in")
async def sign_in(request: Request) -> Response:
    console = console_of(request)
    form = {k: str(v) for k, v in (await request.form()).items()}
    if not console.sessions.login_token_matches(
        request.cookies.get(LOGIN_COOKIE), form.get("csrf_token", "")
    ):
        return render(request, "refused.html", "This form was not accepted", None, 403)
    name = form.get("name", "").strip()
    address = console.address_of(request)
    allowed = console.limiter.allow("address:" + address)
    allowed = console.limiter.allow("name:" + name) and allowed
    if not allowed:
        return _sign_in_form(
            request,
            429,
            name=name,
            error="Too many attempts to sign in; please wait five minutes and try again.",
        )
    if not await in_thread(accounts.check_password, name, form.get("password", "")):
        who = name if await in_thread(accounts.is_user, name) else accounts.UNKNOWN_USER
        await in_thread(accounts.record, who, "sign-in refused: wrong name or password")
        return _sign_in_form(
            request, 401, name=name, error="The name or password is not right; try again."
        )
    await in_thread(accounts.record, name, "signed in")
    response = _redirect("/console/quarters")
    console.set_cookie(response, COOKIE, console.sessions.start(name))
    response.delete_cookie(LOGIN_COOKIE, path="/console")
    return response


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    console = console_of(request)
    session = console.session(request)
    await console.form(request, session)
    console.sessions.end(request.cookies.get(COOKIE))
    await in_thread(accounts.record, session.user, "signed out")
    response = _redirect("/console/sign-in")
    response.delete_cookie(COOKIE, path="/console")
    return response


@router.get("/quarters")
async def quarters(request: Request) -> Response:
    console = console_of(request)
    session = console.session(request)
    rows = await in_thread(quarter_rows, console.today())
    return render(
        request,
        "quarters.html",
        "Returns received",
        session,
        quarters=rows,
        k=releases.DEFAULT_THRESHOLD,
    )


@router.get("/codes")
async def codes(request: Request) -> Response:
    session = console_of(request).session(request)
    return await _codes_page(request, session, new_code=session.shown_once.pop("code", None))


async def _codes_page(request: Request, session, status_code: int = 200, **context) -> Response:
    codes = await in_thread(store.list_codes)
    shown = [(c, masked(c.code)) for c in reversed(codes)]
    return render(
        request, "codes.html", "Enrolment codes", session, status_code, codes=shown, **context
    )


@router.post("/codes")
async def make_code(request: Request) -> Response:
    console = console_of(request)
    session = console.session(request)
    form = await console.form(request, session)
    label = " ".join(form.get("label", "").split())
    members = form.get("members", "").strip()
    error = _code_problem(label, members)
    if error:
        return await _codes_page(request, session, 400, error=error, label=label, members=members)
    made = await in_thread(store.add_code, label, int(members), console.today())
    await in_thread(
        accounts.record,
        session.user,
        f"made enrolment code {masked(made.code)} for {label!r} (at most {members} members)",
    )
    session.shown_once["code"] = made.code
    return _redirect("/console/codes")


def _code_problem(label: str, members: str) -> str:
    if not label:
        return "Who is the code for: give it a label, such as a group or area."
    if not members.isdigit() or not 1 <= int(members) <= MAX_CAP:
        return f"Most members each quarter: give a whole number from 1 to {MAX_CAP:,}."
    return ""


@router.post("/codes/{code_id}/withdraw")
async def withdraw_code(code_id: int, request: Request) -> Response:
    console = console_of(request)
    session = console.session(request)
    await console.form(request, session)
    codes = await in_thread(store.list_codes)
    found = next((c for c in codes if c.id == code_id), None)
    if found is None:
        return await _codes_page(request, session, 404, error="There is no such code.")
    await in_thread(store.revoke_code, found.code)
    await in_thread(
        accounts.record,
        session.user,
        f"withdrew enrolment code {masked(found.code)} for {found.label!r}",
    )
    return _redirect("/console/codes")


@router.get("/releases")
async def releases_page(request: Request) -> Response:
    session = console_of(request).session(request)
    return await _releases_page(request, session, notice=session.shown_once.pop("notice", ""))


async def _releases_page(request: Request, session, status_code: int = 200, **context):
    today = console_of(request).today()
    return render(
        request,
        "releases.html",
        "Releases",
        session,
        status_code,
        periods=await in_thread(releasable, today),
        kept=await in_thread(release_rows),
        rules=releases.RULES,
        default_rule=SUPPRESS,
        default_threshold=releases.DEFAULT_THRESHOLD,
        kinds=DOWNLOADS,
        **context,
    )


@router.post("/releases")
async def release(request: Request) -> Response:
    console = console_of(request)
    session = console.session(request)
    form = await console.form(request, session)
    period = form.get("period", "")
    rule = form.get("rule", SUPPRESS)
    threshold = form.get("threshold", "").strip()
    if not threshold.isdigit():
        return await _releases_page(
            request, session, 400, error="Threshold: give a whole number, such as 5."
        )
    try:
        said = await in_thread(make_release, period, rule, int(threshold), console.today())
    except RELEASE_PROBLEMS as problem:
        return await _releases_page(request, session, 400, error=f"Not released: {problem}")
    await in_thread(
        accounts.record, session.user, f"asked to release {period} ({rule}, k={threshold}): {said}"
    )
    session.shown_once["notice"] = said
    return _redirect("/console/releases")


@router.get("/releases/{release_id}/{name}")
async def download_release(release_id: int, name: str, request: Request) -> Response:
    console = console_of(request)
    session = console.session(request)
    content = await in_thread(download, release_id, name)
    if content is None:
        return await _releases_page(request, session, 404, error="There is no such download.")
    await in_thread(accounts.record, session.user, f"downloaded {name}")
    return Response(
        content,
        media_type=DOWNLOADS[name.rpartition(".")[2]][1],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/activity")
async def activity(request: Request) -> Response:
    session = console_of(request).session(request)
    actions = await in_thread(accounts.recent_actions)
    return render(request, "activity.html", "Activity", session, actions=actions)


@router.get("/privacy")
async def privacy(request: Request) -> Response:
    session, _ = console_of(request).sessions.find(request.cookies.get(COOKIE))
    return render(
        request,
        "privacy.html",
        "What we can and cannot see",
        session,
        k=releases.DEFAULT_THRESHOLD,
    )
