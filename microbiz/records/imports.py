"""Import records from a spreadsheet: every row is checked first, then all are saved or none.

Columns may have their plain names ("Who pays") or the internal ones (`payer_kind`); choice
values are read forgivingly ("direct payments" is Direct Payment) and each such reading is
reported back.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Collection
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from microbiz.clients.details import LABELS
from microbiz.clients.details import SUPPORT
from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import set_client_status
from microbiz.clients.details import validate_client
from microbiz.clients.ratecards import LABELS as RATE_LABELS
from microbiz.clients.ratecards import VisitTypeForm
from microbiz.clients.ratecards import save_visit_type
from microbiz.clients.ratecards import validate_visit_type
from microbiz.clients.ratecards import visit_type_named
from microbiz.compliance.policies import LABELS as POLICY_LABELS
from microbiz.compliance.policies import PolicyForm
from microbiz.compliance.policies import provider_label
from microbiz.compliance.policies import save_policy
from microbiz.compliance.policies import validate_policy
from microbiz.foundations.errors import FieldError
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import CLIENT_STATUSES
from microbiz.foundations.models import FUNDING_ROUTES
from microbiz.foundations.models import PAYER_KINDS
from microbiz.foundations.models import POLICY_KINDS
from microbiz.foundations.models import VISIT_STATUSES
from microbiz.foundations.models import Client
from microbiz.foundations.models import database
from microbiz.foundations.spreadsheets import Row
from microbiz.foundations.spreadsheets import read_rows
from microbiz.foundations.validation import Fields
from microbiz.hours.visits import LABELS as VISIT_LABELS
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import save_visit
from microbiz.hours.visits import validate_visit
from microbiz.records.columns import heading
from microbiz.records.columns import renamed
from microbiz.records.columns import renamed_rows
from microbiz.records.matching import Match
from microbiz.records.matching import NoMatch
from microbiz.records.matching import match_choice
from microbiz.tax.expenses import CATEGORY_LABELS
from microbiz.tax.expenses import EXPENSE_LABELS
from microbiz.tax.expenses import JOURNEY_LABELS
from microbiz.tax.expenses import VEHICLES
from microbiz.tax.expenses import ExpenseForm
from microbiz.tax.expenses import JourneyForm
from microbiz.tax.expenses import save_expense
from microbiz.tax.expenses import save_journey
from microbiz.tax.expenses import validate_expense
from microbiz.tax.expenses import validate_journey

# Spreadsheet column -> ClientForm field (DESIGN §4, plus the optional extras).
CLIENT_COLUMNS = {
    "name": "name",
    "funding": "funding_route",
    "payer_kind": "payer_kind",
    "payer_name": "payer_name",
    "payer_address": "payer_address",
    "payer_postcode": "payer_postcode",
    "payer_email": "payer_email",
    "payer_reference": "payer_reference",
    "address": "address",
    "postcode": "postcode",
    "phone": "phone",
    "email": "email",
    "start_date": "start_date",
    "contracted_hours": "contracted_hours",
    "weekday_rate": "weekday_rate",
    "weekend_rate": "weekend_rate",
    "bank_holiday_rate": "bank_holiday_rate",
    "notes": "notes",
}
STATUS_COLUMN = "status"
# Written by the workbook export; ignored, so an exported Clients sheet imports as it is.
IGNORED_COLUMNS = ("added", "last_changed")
STATUS_LABEL = "Status"
COLUMN_OF_FIELD = {field: column for column, field in CLIENT_COLUMNS.items()}
CLIENT_LABELS = {**LABELS, STATUS_COLUMN: STATUS_LABEL}
# Who is sent the invoices when a payer is named but not what kind of payer it is.
PAYER_FOR_FUNDING = {"council": "council", "nhs": "nhs", "shared_lives": "scheme"}


@dataclass(frozen=True)
class RowProblem:
    """One cell's problem: the spreadsheet row number, the column and what is wrong."""

    row: int
    column: str
    message: str
    heading: str = ""

    def line(self) -> str:
        """ "row 3: Who pays: 'bank' is not one of: …", the column by its plain name."""
        return f"row {self.row}: {self.heading or self.column}: {self.message}"


@dataclass(frozen=True)
class Reading:
    """A choice value read forgivingly: row 3's "direct payments" was read as Direct Payment."""

    row: int
    column: str
    match: Match
    heading: str = ""

    def line(self) -> str:
        return f"row {self.row}: {self.heading or self.column}: {self.match.in_words()}"


# Sheet of the exported workbook each kind is read from (else a file's first sheet).
SHEETS = {
    "clients": "Clients",
    "rates": "Rates",
    "visits": "Visits",
    "expenses": "Expenses",
    "journeys": "Journeys",
    "policies": "Insurance and checks",
}
# Import kind -> column -> (its choices, the name of its short names in matching).
CHOICE_COLUMNS: dict[str, dict[str, tuple[Mapping[str, str], str]]] = {
    "clients": {
        "funding": (FUNDING_ROUTES, "funding_route"),
        "payer_kind": (PAYER_KINDS, "payer_kind"),
        "status": (CLIENT_STATUSES, "status"),
    },
    "visits": {"status": (VISIT_STATUSES, "status")},
    "expenses": {"category": (CATEGORY_LABELS, "category")},
    "journeys": {"vehicle": (VEHICLES, "vehicle")},
    "policies": {"kind": (POLICY_KINDS, "kind")},
}


def read_import_rows(
    kind: str,
    path: Path,
    required: Collection[str],
    allowed: Collection[str],
    readings: list[Reading] | None = None,
) -> list[Row]:
    """The file's rows keyed by internal column, choice values read as their keys.

    A value that matches no choice (or several) becomes a problem of its cell; each value
    read other than as written is added to `readings`, if given.
    """
    rows = renamed_rows(kind, read_rows(path, sheet=SHEETS[kind]), required, allowed)
    return [_read_choices(kind, row, readings) for row in rows]


def _read_choices(kind: str, row: Row, readings: list[Reading] | None) -> Row:
    values, problems = dict(row.values), dict(row.problems)
    for column, (choices, name) in CHOICE_COLUMNS.get(kind, {}).items():
        written = row.text(column).strip()
        if not written or column in problems:
            continue
        try:
            match = match_choice(written, choices, name)
        except NoMatch as problem:
            problems[column] = str(problem)
            values.pop(column)
            continue
        values[column] = match.key
        if readings is not None and not match.as_written:
            readings.append(Reading(row.number, column, match, heading(kind, column)))
    return Row(row.number, values, problems)


class ImportProblems(UserError):
    """Rows that failed their checks; nothing was saved. `lines` reads `row N: column: problem`."""

    def __init__(self, problems: list[RowProblem]) -> None:
        count = len(problems)
        super().__init__(f"nothing was imported: {count} problem{'' if count == 1 else 's'} found")
        self.problems = problems
        self.lines = [problem.line() for problem in problems]


@dataclass(frozen=True)
class _PlannedClient:
    form: ClientForm
    status: str


def import_clients(path: Path, dry_run: bool = False, readings: list | None = None) -> int:
    """Add every client in a .csv or .xlsx file, or none if any row has a problem; the count."""
    allowed = [*CLIENT_COLUMNS, STATUS_COLUMN, *IGNORED_COLUMNS]
    rows = read_import_rows("clients", path, ["name"], allowed, readings)
    if not rows:
        raise UserError(f"{path.name} has a heading row but no clients.")
    planned = _check_clients(rows)
    if not dry_run:
        _save_clients(planned)
    return len(planned)


def _check_clients(rows: list[Row]) -> list[_PlannedClient]:
    """Each row as a client to save; ImportProblems listing every problem in every row."""
    duplicates = _duplicate_names(rows)

    def check_row(row: Row) -> tuple[_PlannedClient, list[FieldError]]:
        form = _client_form(row)
        status_check = Fields()
        status = status_check.choice(
            STATUS_COLUMN, STATUS_LABEL, row.text(STATUS_COLUMN) or "active", CLIENT_STATUSES
        )
        problems = _problems(validate_client, form) + status_check.errors
        if row.number in duplicates:
            problems.append(FieldError("name", duplicates[row.number]))
        return _PlannedClient(form, status), problems

    return _check_rows("clients", rows, check_row, COLUMN_OF_FIELD, CLIENT_LABELS)


def _client_form(row: Row) -> ClientForm:
    """The row as a client form; a named payer of no stated kind gets one from the funding."""
    present = {
        field: row.text(column) for column, field in CLIENT_COLUMNS.items() if column in row.values
    }
    form = ClientForm(**present)
    if "payer_kind" not in present:
        form.payer_kind = _payer_kind(form) if form.payer_name.strip() else "person"
    return form


def _payer_kind(form: ClientForm) -> str:
    funding = Fields().choice(
        "funding_route", LABELS["funding_route"], form.funding_route, FUNDING_ROUTES
    )
    return PAYER_FOR_FUNDING.get(funding, "representative")


def _problems(validate: Callable[[object], object], form: object) -> list[FieldError]:
    """The field problems `validate` finds in `form`, as a list (empty when it is right)."""
    try:
        validate(form)
    except ValidationError as invalid:
        return invalid.errors
    return []


def _duplicate_names(rows: list[Row]) -> dict[int, str]:
    """Row number -> problem, for names already in the database or earlier in the file."""
    taken = {_name_key(name) for (name,) in Client.select(Client.name).tuples()}
    first_row: dict[str, int] = {}
    problems: dict[int, str] = {}
    for row in rows:
        name = " ".join(row.text("name").split())
        key = _name_key(name)
        if not key:
            continue
        if key in taken:
            problems[row.number] = f"a client called '{name}' already exists"
        elif key in first_row:
            problems[row.number] = f"a client called '{name}' is already on row {first_row[key]}"
        else:
            first_row[key] = row.number
    return problems


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _row_problem(
    kind: str,
    number: int,
    problem: FieldError,
    column_of: dict[str, str],
    labels: dict[str, str],
) -> RowProblem:
    """`row 3: Email: 'bob@' is not a valid email address ...`: the column, not the label."""
    column = column_of.get(problem.field, problem.field)
    label = labels.get(problem.field, "")
    message = problem.message
    if label and message.startswith(label):
        message = message[len(label) :].lstrip(": ")
    return RowProblem(number, column, message, heading(kind, column))


def _save_clients(planned: list[_PlannedClient]) -> None:
    with database.atomic():
        for client in planned:
            saved = save_client(client.form)
            if client.status != "active":
                set_client_status(saved.id, client.status)


# Spreadsheet column -> VisitForm field (DESIGN §4).
VISIT_COLUMNS = {
    "client": "client_id",
    "date": "day",
    "start": "start",
    "end": "end",
    "break_minutes": "break_minutes",
    "visit_type": "visit_type_id",
    "status": "status",
    "mileage": "mileage",
    "notes": "notes",
}
VISIT_COLUMN_OF_FIELD = {field: column for column, field in VISIT_COLUMNS.items()}
# The workbook export's Visits sheet: "Miles" is the mileage, "Hours" is worked out again.
VISIT_EXPORT_COLUMNS = ("miles", "hours")


def import_visits(path: Path, dry_run: bool = False, readings: list | None = None) -> int:
    """Add every visit in a .csv or .xlsx file, or none if any row has a problem; the count.

    Overlapping visits are accepted: they were had. Visit type defaults to Support and
    status to delivered.
    """
    required = ["client", "date", "start", "end"]
    allowed = [*VISIT_COLUMNS, *VISIT_EXPORT_COLUMNS]
    rows = read_import_rows("visits", path, required, allowed, readings)
    if not rows:
        raise UserError(f"{path.name} has a heading row but no visits.")
    clients = _clients_by_name()

    def check_row(row: Row) -> tuple[VisitForm, list[FieldError]]:
        form, problems = _visit_form(row, clients)
        return form, problems or _problems(validate_visit, form)

    forms = _check_rows("visits", rows, check_row, VISIT_COLUMN_OF_FIELD, VISIT_LABELS)
    if not dry_run:
        with database.atomic():
            for form in forms:
                save_visit(form, allow_overlap=True)
    return len(forms)


def _visit_form(row: Row, clients: dict[str, Client]) -> tuple[VisitForm, list[FieldError]]:
    """The row as a visit form, with problems finding its client or visit type."""
    name = row.text("client")
    type_name = row.text("visit_type") or SUPPORT
    form = VisitForm(
        day=row.text("date"),
        start=row.text("start"),
        end=row.text("end"),
        break_minutes=row.text("break_minutes") or "0",
        status=row.text("status") or "delivered",
        mileage=row.text("mileage") or row.text("miles"),
        notes=row.text("notes"),
    )
    client = clients.get(_name_key(name))
    if client is None:
        return form, [FieldError("client_id", f"there is no client called '{name}'")]
    form.client_id = client.id
    visit_type = visit_type_named(client.id, type_name)
    if visit_type is None:
        problem = f"{client.name} has no visit type called '{type_name}'"
        return form, [FieldError("visit_type_id", problem)]
    form.visit_type_id = visit_type.id
    return form, []


def _check_rows(
    kind: str,
    rows: list[Row],
    check_row: Callable[[Row], tuple[object, list[FieldError]]],
    column_of: dict[str, str],
    labels: dict[str, str],
) -> list:
    """Each row's form; ImportProblems listing every problem of every row, if any.

    A row with a cell that could not be read is not checked further: its reading
    problems are the ones to put right first. A choice that matched nothing is listed
    with the row's other problems.
    """
    found: list[RowProblem] = []
    forms = []
    choices = CHOICE_COLUMNS.get(kind, {})
    for row in rows:
        found += [RowProblem(row.number, c, m, heading(kind, c)) for c, m in row.problems.items()]
        if any(column not in choices for column in row.problems):
            continue
        form, problems = check_row(row)
        found += [
            _row_problem(kind, row.number, p, column_of, labels)
            for p in problems
            if column_of.get(p.field, p.field) not in row.problems
        ]
        forms.append(form)
    if found:
        raise ImportProblems(sorted(found, key=lambda problem: problem.row))
    return forms


# Spreadsheet column -> PolicyForm field (DESIGN §4).
POLICY_COLUMNS = {
    "kind": "kind",
    "provider": "provider",
    "reference": "reference",
    "cover_amount": "cover",
    "start": "starts_on",
    "expiry": "expires_on",
    "reminder_days": "reminder_days",
    "notes": "notes",
}
POLICY_COLUMN_OF_FIELD = {field: column for column, field in POLICY_COLUMNS.items()}


def import_policies(path: Path, dry_run: bool = False, readings: list | None = None) -> int:
    """Add every record of insurance and checks in a .csv or .xlsx file, or none if any is wrong.

    An exported sheet's Documents column is ignored: documents are attached in the app.
    """
    allowed = [*POLICY_COLUMNS, "documents"]
    rows = read_import_rows("policies", path, ["kind", "provider"], allowed, readings)
    if not rows:
        raise UserError(f"{path.name} has a heading row but no insurance or checks.")

    def check_row(row: Row) -> tuple[PolicyForm, list[FieldError]]:
        present = {field: row.text(column) for column, field in POLICY_COLUMNS.items()}
        form = PolicyForm(**{k: v for k, v in present.items() if v or k != "reminder_days"})
        named = provider_label(form.kind)  # "Insurer is required.": said without the name
        return form, [
            FieldError(p.field, p.message.removeprefix(named).lstrip(": "))
            if p.field == "provider"
            else p
            for p in _problems(validate_policy, form)
        ]

    forms = _check_rows("policies", rows, check_row, POLICY_COLUMN_OF_FIELD, POLICY_LABELS)
    if not dry_run:
        with database.atomic():
            for form in forms:
                save_policy(form)
    return len(forms)


# Spreadsheet column -> ExpenseForm field (DESIGN §4, and the export's Expenses sheet).
EXPENSE_COLUMNS = {
    "date": "spent_on",
    "amount": "amount",
    "category": "category",
    "description": "description",
    "supplier": "supplier",
    "date_paid": "paid_on",
    "paid_on": "paid_on",
}
EXPENSE_COLUMN_OF_FIELD = {"spent_on": "date", "paid_on": "date_paid", "client_id": "client"}


def import_expenses(path: Path, dry_run: bool = False, readings: list | None = None) -> int:
    """Add every expense in a .csv or .xlsx file, or none if any row is wrong."""
    required = ["date", "amount", "category", "description"]
    allowed = [*EXPENSE_COLUMNS, "client", "receipt"]
    rows = read_import_rows("expenses", path, required, allowed, readings)
    if not rows:
        raise UserError(f"{path.name} has a heading row but no expenses.")
    clients = _clients_by_name()

    def check_row(row: Row) -> tuple[ExpenseForm, list[FieldError]]:
        form = ExpenseForm(**{f: row.text(c) for c, f in EXPENSE_COLUMNS.items() if row.text(c)})
        form.client_id, problems = _optional_client(row, clients)
        return form, problems or _problems(validate_expense, form)

    forms = _check_rows("expenses", rows, check_row, EXPENSE_COLUMN_OF_FIELD, EXPENSE_LABELS)
    if not dry_run:
        with database.atomic():
            for form in forms:
                save_expense(form)
    return len(forms)


JOURNEY_COLUMNS = {
    "date": "travelled_on",
    "miles": "miles",
    "from": "from_place",
    "to": "to_place",
    "purpose": "purpose",
    "vehicle": "vehicle",
}
JOURNEY_COLUMN_OF_FIELD = {
    "travelled_on": "date",
    "from_place": "from",
    "to_place": "to",
    "client_id": "client",
}


def import_journeys(path: Path, dry_run: bool = False, readings: list | None = None) -> int:
    """Add every journey in a .csv or .xlsx file, or none if any row is wrong."""
    allowed = [*JOURNEY_COLUMNS, "client", "allowance"]
    rows = read_import_rows("journeys", path, ["date", "miles"], allowed, readings)
    if not rows:
        raise UserError(f"{path.name} has a heading row but no journeys.")
    clients = _clients_by_name()

    def check_row(row: Row) -> tuple[JourneyForm, list[FieldError]]:
        form = JourneyForm(**{f: row.text(c) for c, f in JOURNEY_COLUMNS.items() if row.text(c)})
        form.client_id, problems = _optional_client(row, clients)
        return form, problems or _problems(validate_journey, form)

    forms = _check_rows("journeys", rows, check_row, JOURNEY_COLUMN_OF_FIELD, JOURNEY_LABELS)
    if not dry_run:
        with database.atomic():
            for form in forms:
                save_journey(form)
    return len(forms)


def _clients_by_name() -> dict[str, Client]:
    return {_name_key(c.name): c for c in Client.select()}


def _optional_client(row: Row, clients: dict[str, Client]) -> tuple[int | None, list[FieldError]]:
    """The id of the client named in the row's client column, if one is named."""
    name = row.text("client").strip()
    if not name:
        return None, []
    client = clients.get(_name_key(name))
    if client is None:
        return None, [FieldError("client_id", f"there is no client called '{name}'")]
    return client.id, []


RATE_COLUMNS = {
    "visit_type": "name",
    "weekday_rate": "weekday_rate",
    "weekend_rate": "weekend_rate",
    "bank_holiday_rate": "bank_holiday_rate",
    "flat_fee": "flat_fee",
}
RATE_COLUMN_OF_FIELD = {"name": "visit_type", "client_id": "client"}


def import_rates(path: Path, dry_run: bool = False, readings: list | None = None) -> int:
    """Add (or update) clients' visit types from a file like the export's Rates sheet."""
    allowed = [*RATE_COLUMNS, "client"]
    rows = read_import_rows("rates", path, ["client", "visit_type"], allowed, readings)
    if not rows:
        raise UserError(f"{path.name} has a heading row but no rates.")
    clients = _clients_by_name()

    def check_row(row: Row) -> tuple[tuple[int | None, VisitTypeForm], list[FieldError]]:
        form = VisitTypeForm(**{f: row.text(c) for c, f in RATE_COLUMNS.items()})
        client_id, problems = _optional_client(row, clients)
        if client_id is None and not problems:
            problems = [FieldError("client_id", "is required")]
        return (client_id, form), problems or _problems(validate_visit_type, form)

    planned = _check_rows("rates", rows, check_row, RATE_COLUMN_OF_FIELD, RATE_LABELS)
    if not dry_run:
        with database.atomic():
            for client_id, form in planned:
                existing = visit_type_named(client_id, form.name)
                save_visit_type(client_id, form, existing.id if existing else None)
    return len(planned)


IMPORTERS: dict[str, Callable[..., int]] = {
    "clients": import_clients,
    "rates": import_rates,
    "visits": import_visits,
    "expenses": import_expenses,
    "journeys": import_journeys,
    "policies": import_policies,
}


@dataclass(frozen=True)
class ImportPreview:
    """What a file holds and what is wrong with it, before anything is saved.

    `columns` are the internal names the rows are keyed by, `headings` their plain names;
    `readings` say how choice values were read ("direct payments → Direct Payment").
    """

    columns: list[str]
    rows: list[Row]
    problems: list[RowProblem]
    would_import: int
    headings: list[str]
    readings: list[Reading]

    def problems_at(self, row: int) -> dict[str, str]:
        """Column -> problem for one spreadsheet row."""
        return {p.column: p.message for p in self.problems if p.row == row}

    def readings_at(self, row: int) -> dict[str, str]:
        """Column -> how its value was read, for one spreadsheet row."""
        return {r.column: r.match.in_words() for r in self.readings if r.row == row}


def preview_import(kind: str, path: Path) -> ImportPreview:
    """Check every row of a file as `import KIND` would, saving nothing.

    UserError if the file itself cannot be read or misses a column.
    """
    importer = IMPORTERS[kind]
    rows = [renamed(kind, row) for row in read_rows(path, sheet=SHEETS[kind])]
    columns = list(dict.fromkeys(column for row in rows for column in [*row.values, *row.problems]))
    headings = [heading(kind, column) for column in columns]
    readings: list[Reading] = []
    try:
        count = importer(path, dry_run=True, readings=readings)
    except ImportProblems as problems:
        return ImportPreview(columns, rows, problems.problems, 0, headings, readings)
    return ImportPreview(columns, rows, [], count, headings, readings)


def run_import(kind: str, path: Path) -> int:
    """Import a file of this kind, all rows or none."""
    return IMPORTERS[kind](path)
