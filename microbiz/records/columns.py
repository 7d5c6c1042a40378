"""Import columns by their plain names ("Who pays"), and the older internal ones (`payer_kind`).

A heading is matched in any case and punctuation, so "Who pays", "who_pays" and
"WHO PAYS" are one column; an old export's internal name still imports.
"""

from __future__ import annotations

from collections.abc import Collection

from microbiz.foundations.spreadsheets import Row
from microbiz.foundations.spreadsheets import check_columns
from microbiz.foundations.spreadsheets import normalise_header

# Import kind -> internal column -> the heading a person sees and writes.
HEADINGS: dict[str, dict[str, str]] = {
    "clients": {
        "name": "Name",
        "status": "Status",
        "funding": "Funding",
        "payer_kind": "Who pays",
        "payer_name": "Payer name",
        "payer_address": "Payer address",
        "payer_postcode": "Payer postcode",
        "payer_email": "Payer email",
        "payer_reference": "Payer reference",
        "address": "Address",
        "postcode": "Postcode",
        "phone": "Phone",
        "email": "Email",
        "start_date": "Start date",
        "contracted_hours": "Contracted hours",
        "weekday_rate": "Weekday rate",
        "weekend_rate": "Weekend rate",
        "bank_holiday_rate": "Bank holiday rate",
        "notes": "Notes",
        "added": "Added",
        "last_changed": "Last changed",
    },
    "rates": {
        "client": "Client",
        "visit_type": "Visit type",
        "weekday_rate": "Weekday rate",
        "weekend_rate": "Weekend rate",
        "bank_holiday_rate": "Bank holiday rate",
        "flat_fee": "Flat fee",
    },
    "visits": {
        "date": "Date",
        "start": "Start",
        "end": "End",
        "client": "Client",
        "visit_type": "Visit type",
        "break_minutes": "Break (minutes)",
        "hours": "Hours",
        "status": "Status",
        "mileage": "Mileage",
        "miles": "Miles",
        "notes": "Notes",
    },
    "expenses": {
        "date": "Date",
        "amount": "Amount",
        "category": "Category",
        "description": "Description",
        "supplier": "Supplier",
        "client": "Client",
        "date_paid": "Date paid",
        "paid_on": "Paid on",
        "receipt": "Receipt",
    },
    "journeys": {
        "date": "Date",
        "miles": "Miles",
        "from": "From",
        "to": "To",
        "purpose": "Purpose",
        "client": "Client",
        "vehicle": "Vehicle",
        "allowance": "Allowance",
    },
    "policies": {
        "kind": "Kind",
        "provider": "Insurer, issuer or course",
        "reference": "Reference",
        "cover_amount": "Cover amount",
        "start": "Valid from",
        "expiry": "Expires or renews on",
        "reminder_days": "Remind me (days before)",
        "documents": "Documents",
        "notes": "Notes",
    },
}
# Other names a column is known by: earlier exports' headings and everyday words.
ALIASES: dict[str, dict[str, str]] = {
    "clients": {"hourly_rate": "weekday_rate", "funding_route": "funding"},
    "visits": {"break": "break_minutes"},
    "policies": {
        "provider_issuer_or_course": "provider",
        "cover": "cover_amount",
        "expires_or_renews": "expiry",
        "expires": "expiry",
        "reminder_days_before": "reminder_days",
    },
}


def heading(kind: str, column: str) -> str:
    """The plain name of an import column: "Who pays" for `payer_kind`."""
    return HEADINGS.get(kind, {}).get(column, column)


def column_of(kind: str, header: str) -> str:
    """The internal column a written heading stands for (itself if none)."""
    name = normalise_header(header)
    by_heading = {normalise_header(shown): column for column, shown in HEADINGS[kind].items()}
    return by_heading.get(name) or ALIASES.get(kind, {}).get(name) or name


def renamed_rows(
    kind: str, rows: list[Row], required: Collection[str], allowed: Collection[str]
) -> list[Row]:
    """The rows keyed by internal column; UserError (in plain names) for a missing or odd one.

    A column no row fills in counts as missing.
    """
    keyed = [renamed(kind, row) for row in rows]
    if not keyed:
        return keyed
    present = {column for row in keyed for column in (*row.values, *row.problems)}
    missing = [heading(kind, column) for column in required if column not in present]
    unknown = sorted(column for column in present if column not in allowed)
    check_columns(missing, unknown, [heading(kind, column) for column in allowed])
    return keyed


def renamed(kind: str, row: Row) -> Row:
    """The row keyed by internal column names."""
    values = {column_of(kind, name): value for name, value in row.values.items()}
    problems = {column_of(kind, name): text for name, text in row.problems.items()}
    return Row(row.number, values, problems)
