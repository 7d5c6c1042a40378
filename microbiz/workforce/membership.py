"""Anonymous workforce returns, the member's side: settings, consent, answers and quarters.

DESIGN.md section 5. Off by default: nothing is sent until the member opts in, naming the
organisation that collects returns. The questions and their allowed answers come from the
return's JSON Schema (resources/workforce/return.schema.json), the one definition shared
with the collector. Building the return is in workforce_return.py; sending, the outbox and
withdrawal are in workforce_sending.py.
"""

from __future__ import annotations

import json
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from urllib.parse import urlsplit

from microbiz.collector.schema import enum_fields
from microbiz.foundations import clock
from microbiz.foundations.dates import FIRST_DAY
from microbiz.foundations.dates import LAST_DAY
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import WorkforceOutbox
from microbiz.foundations.models import WorkforceSettings
from microbiz.foundations.models import WorkforceSubmission
from microbiz.foundations.models import database
from microbiz.foundations.validation import Fields

PREFER_NOT_TO_SAY = "prefer_not_to_say"
SECRET_BYTES = 32
# http is allowed only to this computer, for trying a collector out; anything else is https
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
MAX_ORGANISATION_LENGTH = 200
_CODE = re.compile(r"^[A-Za-z0-9_-]{1,100}$")
_PERIOD = re.compile(r"^(\d{4})-Q([1-4])$")
# states in which a copy of the return is (or may be) with a collector
LIVE_STATES = ("sent", "queued")


# --- quarters ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Quarter:
    """A calendar quarter: Q1 is January to March."""

    year: int
    number: int

    @property
    def label(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def first(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last(self) -> date:
        if self.number == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.number + 1, 1) - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def parse_period(text: str) -> Quarter:
    """A quarter from "2026-Q3" (any case, spaces ignored)."""
    match = _PERIOD.match(re.sub(r"\s+", "", str(text)).upper())
    if not match or not FIRST_DAY.year <= int(match.group(1)) <= LAST_DAY.year:
        raise UserError(f"'{text}' is not a quarter like 2026-Q3 (Q1 is January to March).")
    return Quarter(int(match.group(1)), int(match.group(2)))


def quarter_of(day: date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def last_complete_quarter(today: date) -> Quarter:
    """The latest calendar quarter that ended before `today`."""
    return quarter_of(quarter_of(today).first - timedelta(days=1))


def return_quarter(period: str | None, today: date | None = None) -> Quarter:
    """The quarter a return is for: `period`, or the last complete one; it must have ended."""
    today = today or clock.today()
    if period is None:
        return last_complete_quarter(today)
    quarter = parse_period(period)
    if quarter.last >= today:
        raise UserError(
            f"{quarter.label} has not ended yet: a return covers a whole quarter, "
            f"so the latest you can send is {last_complete_quarter(today).label}."
        )
    return quarter


# --- the questions -------------------------------------------------------------------------


def questionnaire_version() -> str:
    """The version of the questions this app asks (the schema's only allowed version)."""
    return enum_fields()["questionnaire_version"][-1]


def self_reported_fields() -> dict[str, list[str]]:
    """The questions the member answers (each allows "prefer not to say"), with their answers."""
    return {
        field: answers for field, answers in enum_fields().items() if PREFER_NOT_TO_SAY in answers
    }


def field_label(field: str) -> str:
    """A field's name in words: "years_in_care" -> "Years in care"."""
    return field.replace("_", " ").capitalize()


def _clean_answer(value: str) -> str:
    """ "Prefer not to say" -> "prefer_not_to_say"; "45-54" -> "45_54"."""
    return re.sub(r"[\s-]+", "_", str(value).strip().lower())


# --- settings and consent ------------------------------------------------------------------


def workforce_settings() -> WorkforceSettings:
    """The one settings row, made (not opted in, every answer "prefer not to say") if need be."""
    with database.atomic():
        found = WorkforceSettings.get_or_none(WorkforceSettings.id == 1)
        if found is not None:
            return found
        defaults = {field: PREFER_NOT_TO_SAY for field in self_reported_fields()}
        return WorkforceSettings.create(
            id=1, answers=json.dumps(defaults), secret=secrets.token_hex(SECRET_BYTES)
        )


def current_answers() -> dict[str, str]:
    """The member's answers to every self-reported question, in the schema's order."""
    stored = json.loads(workforce_settings().answers or "{}")
    return {field: stored.get(field, PREFER_NOT_TO_SAY) for field in self_reported_fields()}


def set_answers(answers: dict[str, str]) -> dict[str, str]:
    """Change some self-reported answers; each must be one of its question's answers.

    Raises ValidationError naming each bad field; nothing is saved then. Returns all answers.
    """
    questions = self_reported_fields()
    check = Fields()
    cleaned: dict[str, str] = {}
    for field, value in answers.items():
        if field not in questions:
            check.fail(
                field,
                f"'{field}' is not a question you answer; the questions are: "
                f"{', '.join(questions)}.",
            )
            continue
        answer = _clean_answer(value)
        if answer not in questions[field]:
            check.fail(
                field,
                f"{field_label(field)} '{value}' is not one of: {', '.join(questions[field])}.",
            )
            continue
        cleaned[field] = answer
    check.done()
    with database.atomic():
        settings = workforce_settings()
        merged = {**current_answers(), **cleaned}
        settings.answers = json.dumps(merged)
        settings.save()
    return merged


def check_collector_url(url: str) -> str:
    """The collector's address without a trailing slash: https, or http to this computer."""
    cleaned = (url or "").strip().rstrip("/")
    if not cleaned:
        raise UserError("The collector's address is required (it starts with https://).")
    parts = urlsplit(cleaned)
    try:
        host = parts.hostname or ""
        parts.port  # noqa: B018 - reading it checks the port is a number
    except ValueError:
        host = ""
    local = parts.scheme == "http" and host in LOCAL_HOSTS
    if not (parts.scheme == "https" or local) or not host:
        raise UserError(
            f"'{cleaned}' is not a secure collector address: it must start with https://."
        )
    if parts.username or parts.password or parts.query or parts.fragment:
        raise UserError(f"'{cleaned}' must be just the collector's address, as given to you.")
    return cleaned


def opt_in(
    organisation: str,
    collector_url: str | None = None,
    enrolment_code: str | None = None,
    by_email: bool = False,
    today: date | None = None,
) -> WorkforceSettings:
    """Consent to sending anonymous returns to `organisation`, recorded with today's date.

    Either to its collector (https address and the enrolment code it gave you), or
    `by_email`: returns are saved as files that you email yourself.
    """
    check = Fields()
    name = check.text("organisation", "Organisation", organisation, required=True)
    if len(name) > MAX_ORGANISATION_LENGTH:
        check.fail("organisation", "Organisation is too long.")
    url = code = ""
    if not by_email:
        try:
            url = check_collector_url(collector_url or "")
        except UserError as problem:
            check.fail("collector_url", str(problem))
        code = (enrolment_code or "").strip()
        if not code:
            check.fail(
                "enrolment_code",
                "The enrolment code is required: the organisation gives it to its members "
                "(or choose to email your returns).",
            )
        elif not _CODE.match(code):
            check.fail(
                "enrolment_code",
                f"'{code}' is not an enrolment code (letters, digits and dashes only).",
            )
    check.done()
    with database.atomic():
        settings = workforce_settings()
        settings.opted_in = True
        settings.organisation_name = name
        settings.collector_url = url
        settings.enrolment_code = code
        settings.send_by = "email" if by_email else "post"
        settings.consent_given_on = today or clock.today()
        settings.questionnaire_version = questionnaire_version()
        settings.save()
        if url:
            # a new code for the same collector: what is waiting goes with the new code
            WorkforceOutbox.update(enrolment_code=code, organisation_name=name).where(
                WorkforceOutbox.collector_url == url
            ).execute()
            WorkforceSubmission.update(enrolment_code=code, organisation_name=name).where(
                WorkforceSubmission.collector_url == url
            ).execute()
    return settings


def clear_consent() -> WorkforceSettings:
    """Forget the consent and the organisation (the answers and the secret are kept)."""
    with database.atomic():
        settings = workforce_settings()
        settings.opted_in = False
        settings.organisation_name = ""
        settings.collector_url = ""
        settings.enrolment_code = ""
        settings.send_by = "post"
        settings.consent_given_on = None
        settings.questionnaire_version = ""
        settings.save()
    return settings


# --- one record per quarter ----------------------------------------------------------------


def submission_for(period: str) -> WorkforceSubmission:
    """The quarter's record, made with a new random submission id the first time."""
    with database.atomic():
        found = WorkforceSubmission.get_or_none(WorkforceSubmission.period == period)
        if found is not None:
            return found
        return WorkforceSubmission.create(period=period, submission_id=str(uuid.uuid4()))


def submissions() -> list[WorkforceSubmission]:
    """Every quarter's record, newest quarter first."""
    return list(WorkforceSubmission.select().order_by(WorkforceSubmission.period.desc()))


def set_state(submission: WorkforceSubmission, state: str, **destination: str) -> None:
    submission.state = state
    for key, value in destination.items():
        setattr(submission, key, value)
    submission.updated_at = clock.now()
    submission.save()


def outbox() -> list[WorkforceOutbox]:
    """The requests waiting to be made, in the order they will be tried."""
    return list(WorkforceOutbox.select().order_by(WorkforceOutbox.id))
