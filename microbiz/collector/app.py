"""The collector's web service: receives, replaces and withdraws anonymous returns.

Endpoints (JSON in and out; errors are {"detail": "plain English"}):
- GET /health -> 200 {"status": "ok"}
- POST /v1/returns, headers X-Enrolment-Code and X-Return-Secret -> 201 stored,
  200 the same return again, or "replaced" when the same secret already sent a return
  for that quarter (one live return per member per quarter), 409 another return with
  that id, 403 when the code's cap of members for the quarter is reached
- PUT /v1/returns/{submission_id}, the same headers -> 200 replaced
- DELETE /v1/returns/{submission_id}, header X-Return-Secret -> 204 withdrawn
- /console: the support organisation's web pages (`console_pages`), unless turned off
Periods from 2020-Q1 to the next quarter are accepted; a body must arrive within
`body_seconds` (else 408) and nest no deeper than schema.MAX_JSON_DEPTH (else 400);
405 says what is allowed (Allow), 429 when to come back (Retry-After).

No client address or header is stored or logged: the rate limit keeps salted hashes of
addresses in memory only, and `serve` runs uvicorn with its access log off. The rate
limit counts the direct peer's address; X-Forwarded-For is read only when the peer is
the `trusted_proxy` given, and then only its last address (the one that proxy added).
"""

from __future__ import annotations

import asyncio
import datetime
import logging
from collections.abc import Callable
from typing import Any

import peewee
from fastapi import FastAPI
from fastapi import Request
from fastapi.responses import JSONResponse
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from microbiz.collector import store
from microbiz.collector.console import ConsoleSettings
from microbiz.collector.console_pages import install as install_console
from microbiz.collector.periods import period_problem
from microbiz.collector.ratelimit import RateLimiter
from microbiz.collector.schema import check_return
from microbiz.collector.schema import parse_json

MAX_BODY_BYTES = 32 * 1024
CODE_HEADER = "X-Enrolment-Code"
SECRET_HEADER = "X-Return-Secret"
RATE_LIMITED_PREFIX = "/v1/"
BODY_SECONDS = 10
DEFAULT_CONSOLE = ConsoleSettings()

log = logging.getLogger(__name__)


class Refusal(Exception):
    """A request the service turns down, with its status and a plain-English reason."""

    def __init__(self, status: int, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.extra = extra


def create_app(
    store_url: str,
    rate_limit: int = 60,
    window_seconds: int = 60,
    trusted_proxy: str | None = None,
    today: Callable[[], datetime.date] = datetime.date.today,
    body_seconds: float = BODY_SECONDS,
    console: ConsoleSettings | None = DEFAULT_CONSOLE,
) -> FastAPI:
    """The service, with its store opened at `store_url` (SQLite path or PostgreSQL URL),
    and the console at /console unless `console` is None."""
    store.open_store(store_url)
    limiter = RateLimiter(rate_limit, window_seconds)
    app = FastAPI(
        title="Microbiz workforce returns collector",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.limiter = limiter

    @app.middleware("http")
    async def rate_limit_requests(request: Request, call_next):
        if request.url.path.startswith(RATE_LIMITED_PREFIX):
            address = _client_address(request, trusted_proxy)
            if not limiter.allow(address):
                wait = str(limiter.seconds_to_wait(address))
                return _problem(
                    429,
                    "Too many requests from here; please try again later.",
                    headers={"Retry-After": wait},
                )
        return await call_next(request)

    @app.exception_handler(Refusal)
    async def refused(request: Request, refusal: Refusal) -> JSONResponse:
        return _problem(refusal.status, refusal.detail, **refusal.extra)

    @app.exception_handler(StarletteHTTPException)
    async def http_problem(request: Request, problem: StarletteHTTPException) -> JSONResponse:
        detail = {404: "There is nothing here.", 405: "That method is not allowed here."}.get(
            problem.status_code, str(problem.detail)
        )
        headers = dict(problem.headers or {})
        if problem.status_code == 405:
            headers["Allow"] = _allowed_methods(request)
        return _problem(problem.status_code, detail, headers=headers)

    @app.exception_handler(peewee.DatabaseError)
    async def store_unavailable(request: Request, problem: peewee.DatabaseError) -> JSONResponse:
        log.error("store error: %s", type(problem).__name__)
        return _problem(503, "The collector cannot reach its store just now; please try later.")

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/v1/returns")
    async def submit(request: Request) -> JSONResponse:
        _check_declared_size(request)
        code = await _enrolment_code(request)
        secret = _new_secret(request)
        answers = await _valid_return(request, today(), body_seconds)
        outcome = await run_in_threadpool(store.store_return, answers, secret, code, today())
        _refuse_unless_done(outcome)
        if outcome.status == "stored":
            return _stated(201, "stored", answers["submission_id"])
        if outcome.status in ("already stored", "replaced"):
            return _stated(200, outcome.status, answers["submission_id"])
        raise Refusal(
            409,
            "A different return with this submission id is already stored; "
            "replace it with PUT and its secret.",
        )

    @app.put("/v1/returns/{submission_id}")
    async def replace(submission_id: str, request: Request) -> JSONResponse:
        _check_declared_size(request)
        code = await _enrolment_code(request)
        secret = _given_secret(request)
        answers = await _valid_return(request, today(), body_seconds)
        if answers["submission_id"] != submission_id:
            raise Refusal(422, "The return's submission_id is not the one in the address.")
        outcome = await run_in_threadpool(
            store.replace_return, submission_id, answers, secret, code
        )
        _refuse_unless_done(outcome)
        return _stated(200, "replaced", submission_id)

    @app.delete("/v1/returns/{submission_id}")
    async def withdraw(submission_id: str, request: Request) -> Response:
        secret = _given_secret(request)
        outcome = await run_in_threadpool(store.withdraw_return, submission_id, secret)
        _refuse_unless_done(outcome)
        return Response(status_code=204)

    if console is not None:
        install_console(app, console, today, lambda r: _client_address(r, trusted_proxy))
    return app


def _problem(
    status: int, detail: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    return JSONResponse({"detail": detail, **extra}, status_code=status, headers=headers)


def _client_address(request: Request, trusted_proxy: str | None) -> str:
    """The direct peer, or the address the trusted proxy says it forwarded for."""
    peer = request.client.host if request.client else "unknown"
    if trusted_proxy is None or peer != trusted_proxy:
        return peer
    forwarded = request.headers.get("x-forwarded-for", "").split(",")[-1].strip()
    return forwarded or peer


def _allowed_methods(request: Request) -> str:
    """The methods the routes at this address take, for a 405's Allow header."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return ", ".join(sorted(methods))


def _stated(status: int, what: str, submission_id: str) -> JSONResponse:
    return JSONResponse({"status": what, "submission_id": submission_id}, status_code=status)


def _refuse_unless_done(outcome: store.Outcome) -> None:
    if outcome.status == "not found":
        raise Refusal(404, "There is no return with that submission id.")
    if outcome.status == "wrong secret":
        raise Refusal(403, "The return secret does not match the one the return was sent with.")
    if outcome.status == "code full":
        raise Refusal(
            403,
            "This enrolment code has taken returns from as many members as it allows for "
            "this quarter; please ask the organisation that gave it to you.",
        )
    if outcome.status == "period taken":
        raise Refusal(409, "You have already sent a return for that quarter; replace that one.")


def _check_declared_size(request: Request) -> None:
    declared = request.headers.get("content-length")
    if declared is None:
        return
    if not declared.strip().isdigit():
        raise Refusal(400, "The Content-Length header is not a number.")
    if int(declared) > MAX_BODY_BYTES:
        raise Refusal(413, f"The return is larger than {MAX_BODY_BYTES // 1024} KiB.")


async def _enrolment_code(request: Request) -> store.EnrolmentCode:
    given = request.headers.get(CODE_HEADER, "").strip()
    if not given:
        raise Refusal(403, f"An enrolment code is needed ({CODE_HEADER}).")
    code = await run_in_threadpool(store.active_code, given)
    if code is None:
        raise Refusal(403, "That enrolment code is not known here, or has been withdrawn.")
    return code


def _new_secret(request: Request) -> str:
    secret = request.headers.get(SECRET_HEADER, "")
    if not store.MIN_SECRET_LENGTH <= len(secret) <= store.MAX_SECRET_LENGTH:
        raise Refusal(
            400,
            f"A return secret of {store.MIN_SECRET_LENGTH} to {store.MAX_SECRET_LENGTH} "
            f"characters is needed ({SECRET_HEADER}).",
        )
    return secret


def _given_secret(request: Request) -> str:
    secret = request.headers.get(SECRET_HEADER, "")
    if not secret:
        raise Refusal(403, f"The return's secret is needed ({SECRET_HEADER}).")
    return secret


async def _valid_return(request: Request, today: datetime.date, body_seconds: float) -> dict:
    try:
        async with asyncio.timeout(body_seconds):
            body = await _read_body(request)
    except TimeoutError:
        raise Refusal(408, "The return took too long to arrive; please send it again.") from None
    try:
        data = parse_json(body)
    except ValueError as problem:
        raise Refusal(400, f"The return is not valid JSON: {problem}") from None
    problems = check_return(data)
    if not problems and period_problem(data["period"], today):
        problems = [period_problem(data["period"], today)]
    if problems:
        raise Refusal(
            422, "The return was not accepted: " + "; ".join(problems) + ".", problems=problems
        )
    return data


async def _read_body(request: Request) -> bytes:
    """The body, read no further than the size limit."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise Refusal(413, f"The return is larger than {MAX_BODY_BYTES // 1024} KiB.")
        chunks.append(chunk)
    return b"".join(chunks)
