"""Send, replace and withdraw anonymous workforce returns; the outbox for when offline.

The collector's protocol (microbiz/collector/app.py):
- POST {url}/v1/returns -> 201 stored, 200 the same again, 409 another return with that id
- PUT {url}/v1/returns/{id} -> 200 replaced, 403 wrong secret, 404 unknown
- DELETE {url}/v1/returns/{id} -> 204 deleted
each with the X-Enrolment-Code and X-Return-Secret headers; errors are {"detail": "..."}.

A request that cannot get through (no connection, a timeout, 5xx, 429) waits in the outbox
and is tried again after 1 minute, then 2, 4, ... at most a day apart. A refusal (another 4xx)
is the member's to put right, so it is told to them. The outbox holds at most one request
per return: the latest thing asked (send, replace or withdraw) replaces any earlier one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta

import httpx

from microbiz.foundations import clock
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import WorkforceOutbox
from microbiz.foundations.models import WorkforceSubmission
from microbiz.foundations.models import database
from microbiz.workforce.membership import LIVE_STATES
from microbiz.workforce.membership import clear_consent
from microbiz.workforce.membership import parse_period
from microbiz.workforce.membership import return_quarter
from microbiz.workforce.membership import set_state
from microbiz.workforce.membership import submission_for
from microbiz.workforce.membership import workforce_settings
from microbiz.workforce.returns import build_return
from microbiz.workforce.returns import return_bytes

TIMEOUT_SECONDS = 20
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(days=1)
CODE_HEADER = "X-Enrolment-Code"
SECRET_HEADER = "X-Return-Secret"
RETURNS_PATH = "/v1/returns"
LONGEST_DETAIL = 300


@dataclass(frozen=True)
class Delivery:
    """What became of asking to send or withdraw one quarter's return.

    `action` is "send" or "withdraw"; `outcome` is "done", "waiting" (in the outbox) or
    "refused" (the collector said no: `problem` says why).
    """

    period: str
    action: str
    outcome: str
    organisation: str
    problem: str = ""


@dataclass(frozen=True)
class _Reply:
    outcome: str  # "done", "waiting" or "refused"
    problem: str = ""
    retry_after: timedelta | None = None
    unreachable: bool = False


@dataclass(frozen=True)
class _Request:
    method: str
    submission_id: str
    body: str
    collector_url: str
    enrolment_code: str


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after `attempts` failed tries: 1 minute, 2, 4, ... at most a day."""
    delay = FIRST_RETRY * 2 ** min(max(attempts - 1, 0), 20)
    return min(delay, LONGEST_RETRY)


def submit(
    period: str | None = None, client: httpx.Client | None = None, now: datetime | None = None
) -> Delivery:
    """Send the quarter's return (default: the last complete quarter) to the collector.

    Replaces it (PUT) when it was sent before. Offline, it waits in the outbox; a refusal
    raises UserError with the collector's reason.
    """
    now = now or clock.now()
    settings = workforce_settings()
    if not settings.opted_in:
        raise UserError(
            "Opt in first: choose the organisation to send your anonymous return to "
            "(nothing is sent until you do)."
        )
    if settings.send_by != "post":
        raise UserError(
            f"You chose to email your return: use save to write it to a file, "
            f"then email it to {settings.organisation_name}."
        )
    quarter = return_quarter(period, now.date())
    data = build_return(quarter.label, now.date())
    submission = submission_for(quarter.label)
    if (
        submission.state in LIVE_STATES
        and submission.collector_url
        and submission.collector_url != settings.collector_url
    ):
        raise UserError(
            f"Your return for {quarter.label} is with {submission.organisation_name}: "
            "withdraw it from them first, then send it again."
        )
    waiting = _waiting(submission.submission_id)
    was_sent = submission.state == "sent" or (waiting is not None and waiting.method == "PUT")
    destination = {
        "organisation_name": settings.organisation_name,
        "collector_url": settings.collector_url,
        "enrolment_code": settings.enrolment_code,
    }
    request = _Request(
        method="PUT" if was_sent else "POST",
        submission_id=data["submission_id"],
        body=return_bytes(data).decode("ascii"),
        collector_url=settings.collector_url,
        enrolment_code=settings.enrolment_code,
    )
    with _client(client) as http:
        reply = _attempt(http, request, settings.secret)
    organisation = settings.organisation_name
    if reply.outcome == "refused":
        raise UserError(f"{organisation} did not accept your return: {reply.problem}")
    with database.atomic():
        if reply.outcome == "done":
            _forget(request.submission_id)
            set_state(submission, "sent", **destination)
        else:
            _keep(request, organisation, reply, now)
            set_state(submission, "queued", **destination)
    return Delivery(quarter.label, "send", reply.outcome, organisation, reply.problem)


def withdraw(
    period: str | None = None, client: httpx.Client | None = None, now: datetime | None = None
) -> Delivery:
    """Ask the collector to delete the quarter's return (default: the latest one sent).

    Offline, the request waits in the outbox; the return counts as withdrawn at once.
    """
    now = now or clock.now()
    submission = _live_submission(period)
    with _client(client) as http:
        return _withdraw(http, submission, workforce_settings().secret, now)


def withdraw_consent(
    client: httpx.Client | None = None, now: datetime | None = None
) -> list[Delivery]:
    """Withdraw every return with a collector, then forget the consent.

    The consent is forgotten even if a collector refuses to delete a return; the refusal
    is in the result so that the member can take it up with the organisation.
    """
    now = now or clock.now()
    secret = workforce_settings().secret
    live = WorkforceSubmission.select().where(WorkforceSubmission.state.in_(LIVE_STATES))
    results = []
    with _client(client) as http:
        for submission in live.order_by(WorkforceSubmission.period):
            try:
                results.append(_withdraw(http, submission, secret, now))
            except UserError as refused:
                results.append(
                    Delivery(
                        submission.period,
                        "withdraw",
                        "refused",
                        submission.organisation_name,
                        str(refused),
                    )
                )
    clear_consent()
    return results


def send_outbox(client: httpx.Client | None = None, now: datetime | None = None) -> list[Delivery]:
    """Make the waiting requests that are due, oldest first; what became of each."""
    now = now or clock.now()
    due = (
        WorkforceOutbox.select()
        .where(WorkforceOutbox.next_try_at <= now)
        .order_by(WorkforceOutbox.id)
    )
    secret = workforce_settings().secret
    unreachable: set[str] = set()
    results = []
    with _client(client) as http:
        for row in list(due):
            if row.collector_url in unreachable:
                continue
            request = _Request(
                row.method, row.submission_id, row.body, row.collector_url, row.enrolment_code
            )
            reply = _attempt(http, request, secret)
            if reply.unreachable:
                unreachable.add(row.collector_url)
            results.append(_settle(row, reply, now))
    return results


def _settle(row: WorkforceOutbox, reply: _Reply, now: datetime) -> Delivery:
    """Record what became of one waiting request."""
    submission = WorkforceSubmission.get_or_none(
        WorkforceSubmission.submission_id == row.submission_id
    )
    period = submission.period if submission is not None else ""
    action = "withdraw" if row.method == "DELETE" else "send"
    with database.atomic():
        if reply.outcome == "done":
            row.delete_instance()
            if submission is not None:
                set_state(submission, "withdrawn" if action == "withdraw" else "sent")
        else:
            row.attempts += 1
            row.last_problem = reply.problem
            row.next_try_at = now + _wait(row.attempts, reply)
            row.save()
    return Delivery(period, action, reply.outcome, row.organisation_name, reply.problem)


def _withdraw(
    http: httpx.Client, submission: WorkforceSubmission, secret: str, now: datetime
) -> Delivery:
    request = _Request(
        method="DELETE",
        submission_id=submission.submission_id,
        body="",
        collector_url=submission.collector_url,
        enrolment_code=submission.enrolment_code,
    )
    organisation = submission.organisation_name
    reply = _attempt(http, request, secret)
    if reply.outcome == "refused":
        raise UserError(f"{organisation} did not delete your return: {reply.problem}")
    with database.atomic():
        if reply.outcome == "done":
            _forget(request.submission_id)
        else:
            _keep(request, organisation, reply, now)
        set_state(submission, "withdrawn")
    return Delivery(submission.period, "withdraw", reply.outcome, organisation, reply.problem)


def _live_submission(period: str | None) -> WorkforceSubmission:
    """The quarter's return if it is with a collector; by default the latest such quarter."""
    if period is None:
        latest = (
            WorkforceSubmission.select()
            .where(WorkforceSubmission.state.in_(LIVE_STATES))
            .order_by(WorkforceSubmission.period.desc())
            .first()
        )
        if latest is None:
            raise UserError("You have not sent a return, so there is nothing to withdraw.")
        return latest
    label = parse_period(period).label
    found = WorkforceSubmission.get_or_none(WorkforceSubmission.period == label)
    if found is not None and found.state in LIVE_STATES:
        return found
    if found is not None and found.state == "saved_to_file":
        raise UserError(
            f"Your return for {label} was saved to a file, not sent from here: to withdraw it, "
            f"ask the organisation you emailed it to to delete return {found.submission_id}."
        )
    if found is not None and found.state == "withdrawn":
        raise UserError(f"Your return for {label} has already been withdrawn.")
    raise UserError(f"You have not sent a return for {label}, so there is nothing to withdraw.")


# --- the outbox ----------------------------------------------------------------------------


def _waiting(submission_id: str) -> WorkforceOutbox | None:
    return WorkforceOutbox.get_or_none(WorkforceOutbox.submission_id == submission_id)


def _forget(submission_id: str) -> None:
    WorkforceOutbox.delete().where(WorkforceOutbox.submission_id == submission_id).execute()


def _keep(request: _Request, organisation: str, reply: _Reply, now: datetime) -> None:
    """Put the request in the outbox, in place of any earlier one for the same return."""
    row = _waiting(request.submission_id)
    if row is None:
        row = WorkforceOutbox(submission_id=request.submission_id, attempts=0)
    row.method = request.method
    row.body = request.body
    row.organisation_name = organisation
    row.collector_url = request.collector_url
    row.enrolment_code = request.enrolment_code
    row.attempts += 1
    row.last_problem = reply.problem
    row.next_try_at = now + _wait(row.attempts, reply)
    row.save()


def _wait(attempts: int, reply: _Reply) -> timedelta:
    delay = retry_delay(attempts)
    if reply.retry_after is not None:
        delay = min(max(delay, reply.retry_after), LONGEST_RETRY)
    return delay


# --- talking to the collector --------------------------------------------------------------


@contextmanager
def _client(client: httpx.Client | None) -> Iterator[httpx.Client]:
    if client is not None:
        yield client
        return
    with httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False) as made:
        yield made


def _attempt(http: httpx.Client, request: _Request, secret: str) -> _Reply:
    """Make the request; a POST of a return already there becomes a PUT, and the reverse."""
    try:
        if request.method == "DELETE":
            response = _send(http, "DELETE", request, secret)
            if response.status_code in (200, 204, 404):  # 404: it is gone already
                return _Reply("done")
            return _problem(response)
        first, second = ("POST", "PUT") if request.method == "POST" else ("PUT", "POST")
        response = _send(http, first, request, secret)
        # 409: our own earlier return, not yet replaced; 404 to a PUT: it was never stored
        if (first, response.status_code) in (("POST", 409), ("PUT", 404)):
            response = _send(http, second, request, secret)
        if response.status_code in (200, 201):
            return _Reply("done")
        return _problem(response)
    except httpx.RequestError as problem:
        unreachable = isinstance(problem, httpx.TransportError)
        return _Reply(
            "waiting",
            f"the collector could not be reached ({_describe(problem)})",
            None,
            unreachable,
        )


def _send(http: httpx.Client, method: str, request: _Request, secret: str) -> httpx.Response:
    headers = {CODE_HEADER: request.enrolment_code, SECRET_HEADER: secret}
    url = request.collector_url + RETURNS_PATH
    if method == "POST":
        content = request.body.encode("ascii")
    else:
        url += f"/{request.submission_id}"
        content = request.body.encode("ascii") if method == "PUT" else None
    if content is not None:
        headers["Content-Type"] = "application/json"
    return http.request(method, url, content=content, headers=headers)


def _problem(response: httpx.Response) -> _Reply:
    detail = _detail(response)
    status = response.status_code
    if status == 429 or status >= 500:
        return _Reply("waiting", f"{detail} ({status})", _retry_after(response))
    return _Reply("refused", f"{detail} ({status})")


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        detail = None
    text = str(detail) if detail else (response.reason_phrase or "no reason given")
    text = " ".join(text.split())
    return text if len(text) <= LONGEST_DETAIL else text[: LONGEST_DETAIL - 1] + "…"


def _retry_after(response: httpx.Response) -> timedelta | None:
    value = response.headers.get("Retry-After", "").strip()
    return timedelta(seconds=int(value)) if value.isdigit() else None


def _describe(problem: httpx.RequestError) -> str:
    if isinstance(problem, httpx.TimeoutException):
        return "it took too long to answer"
    return str(problem) or type(problem).__name__
