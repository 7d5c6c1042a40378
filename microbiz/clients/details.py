"""Clients (the people supported): validation, saving, status and search."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from dataclasses import fields
from functools import reduce

import peewee

from microbiz.clients.ratecards import read_band_rates
from microbiz.foundations import clock
from microbiz.foundations.audit_log import log
from microbiz.foundations.dates import format_date
from microbiz.foundations.dates import hours_text
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import CLIENT_STATUSES
from microbiz.foundations.models import FUNDING_ROUTES
from microbiz.foundations.models import INVOICE_SHOWS
from microbiz.foundations.models import LATE_CANCEL_CHARGES
from microbiz.foundations.models import PAYER_KINDS
from microbiz.foundations.models import Client
from microbiz.foundations.models import VisitType
from microbiz.foundations.models import database
from microbiz.foundations.money import format_money_plain
from microbiz.foundations.text_search import contains
from microbiz.foundations.validation import Fields

SUPPORT = "Support"

LABELS = {
    "name": "Name",
    "address": "Address",
    "postcode": "Postcode",
    "phone": "Phone",
    "email": "Email",
    "start_date": "Start date",
    "funding_route": "Funding",
    "payer_kind": "Who pays",
    "payer_name": "Payer name",
    "payer_address": "Payer address",
    "payer_postcode": "Payer postcode",
    "payer_email": "Payer email",
    "payer_reference": "Payer reference",
    "contracted_hours": "Contracted hours a week",
    "weekday_rate": "Weekday rate",
    "weekend_rate": "Weekend rate",
    "bank_holiday_rate": "Bank holiday rate",
    "notes": "Notes",
    "mileage_rate": "Mileage charged (£ per mile)",
    "cancel_notice_hours": "Notice needed to cancel (hours)",
    "late_cancel_charge": "Late cancellation",
    "invoice_shows": "Invoices show",
}


@dataclass
class ClientForm:
    """A client's details as typed, before validation."""

    name: str = ""
    address: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    start_date: str = ""
    funding_route: str = "self_funded"
    payer_kind: str = "person"
    payer_name: str = ""
    payer_address: str = ""
    payer_postcode: str = ""
    payer_email: str = ""
    payer_reference: str = ""
    contracted_hours: str = ""
    weekday_rate: str = ""
    weekend_rate: str = ""
    bank_holiday_rate: str = ""
    notes: str = ""
    mileage_rate: str = ""
    cancel_notice_hours: str = "24"
    late_cancel_charge: str = "full"
    invoice_shows: str = "name"

    @classmethod
    def of(cls, client: Client) -> ClientForm:
        """The form for editing an existing client."""
        form = cls(
            **{f.name: getattr(client, f.name) for f in fields(cls) if hasattr(client, f.name)}
        )
        form.start_date = format_date(client.start_date)
        form.contracted_hours = hours_text(client.contracted_minutes)
        form.cancel_notice_hours = str(client.cancel_notice_hours)
        rate = client.mileage_rate_pence
        form.mileage_rate = "" if rate is None else format_money_plain(rate)
        support = support_visit_type(client)
        if support:
            form.weekday_rate = format_money_plain(support.weekday_rate_pence)
            form.weekend_rate = format_money_plain(support.weekend_rate_pence)
            form.bank_holiday_rate = format_money_plain(support.bank_holiday_rate_pence)
        return form


def validate_client(form: ClientForm) -> dict:
    """Clean values for a Client and its Support rates; raises ValidationError naming each field."""
    check = Fields()
    label = LABELS.__getitem__
    values = {
        "name": check.text("name", label("name"), form.name, required=True),
        "address": check.text("address", label("address"), form.address),
        "postcode": check.postcode("postcode", label("postcode"), form.postcode),
        "phone": check.text("phone", label("phone"), form.phone),
        "email": check.email("email", label("email"), form.email),
        "start_date": check.date("start_date", label("start_date"), form.start_date),
        "funding_route": check.choice(
            "funding_route", label("funding_route"), form.funding_route, FUNDING_ROUTES
        ),
        "payer_kind": check.choice("payer_kind", label("payer_kind"), form.payer_kind, PAYER_KINDS),
        "payer_name": check.text("payer_name", label("payer_name"), form.payer_name),
        "payer_address": check.text("payer_address", label("payer_address"), form.payer_address),
        "payer_postcode": check.postcode(
            "payer_postcode", label("payer_postcode"), form.payer_postcode
        ),
        "payer_email": check.email("payer_email", label("payer_email"), form.payer_email),
        "payer_reference": check.text(
            "payer_reference", label("payer_reference"), form.payer_reference
        ),
        "contracted_minutes": check.hours(
            "contracted_hours", label("contracted_hours"), form.contracted_hours
        ),
        "notes": check.text("notes", label("notes"), form.notes),
        "mileage_rate_pence": check.money(
            "mileage_rate", label("mileage_rate"), form.mileage_rate, default=None
        ),
        "cancel_notice_hours": check.whole_number(
            "cancel_notice_hours", label("cancel_notice_hours"), form.cancel_notice_hours, 0, 720
        ),
        "invoice_shows": check.choice(
            "invoice_shows", label("invoice_shows"), form.invoice_shows, INVOICE_SHOWS
        ),
        "late_cancel_charge": check.choice(
            "late_cancel_charge",
            label("late_cancel_charge"),
            form.late_cancel_charge,
            LATE_CANCEL_CHARGES,
        ),
    }
    if values["contracted_minutes"] > 7 * 24 * 60:
        check.fail("contracted_hours", "Contracted hours a week cannot be more than 168.")
    if values["payer_kind"] != "person" and not values["payer_name"]:
        check.fail("payer_name", "Payer name is required when someone else pays.")
    rates = _validate_rates(check, form)
    check.done()
    return {"client": values, "rates": rates}


def _validate_rates(check: Fields, form: ClientForm) -> dict | None:
    """The Support rates, or None when no rate was typed."""
    typed = (form.weekday_rate, form.weekend_rate, form.bank_holiday_rate)
    if not any(str(rate).strip() for rate in typed):
        return None
    return read_band_rates(check, *typed)


def save_client(form: ClientForm, client_id: int | None = None) -> Client:
    """Create (or update, given `client_id`) a client and their Support rates, all or nothing."""
    clean = validate_client(form)
    with database.atomic():
        if client_id is None:
            client = Client.create(**clean["client"])
            log("client_added", f"client {client.id}")
        else:
            client = get_client(client_id)
            changed = [
                key for key, value in clean["client"].items() if getattr(client, key) != value
            ]
            for key, value in clean["client"].items():
                setattr(client, key, value)
            client.updated_at = clock.now()
            client.save()
            if changed:
                log("client_edited", f"client {client.id}: " + ", ".join(_words(changed)))
        if clean["rates"] is not None:
            _save_support_rates(client, clean["rates"])
    return client


def _words(fields: list[str]) -> list[str]:
    return [name.replace("_", " ") for name in fields]


def _save_support_rates(client: Client, rates: dict) -> None:
    support = support_visit_type(client)
    if support is None:
        VisitType.create(client=client, name=SUPPORT, **rates)
    else:
        VisitType.update(**rates).where(VisitType.id == support.id).execute()


def support_visit_type(client: Client) -> VisitType | None:
    return VisitType.get_or_none(VisitType.client == client, VisitType.name == SUPPORT)


def get_client(client_id: int) -> Client:
    client = Client.get_or_none(Client.id == client_id)
    if client is None:
        raise UserError(f"There is no client number {client_id}.")
    return client


def initials(name: str) -> str:
    """Initials for where the full name should not show: Margaret Brown as "M. B."."""
    return " ".join(f"{part[0]}." for part in name.split())


def find_client(name: str) -> Client:
    """The one client with this name (any case), for the command line."""
    matches = list(Client.select().where(peewee.fn.lower(Client.name) == name.strip().lower()))
    if not matches:
        raise UserError(f"There is no client called '{name}'.")
    if len(matches) > 1:
        raise UserError(f"More than one client is called '{name}'.")
    return matches[0]


def set_client_status(client_id: int, status: str) -> Client:
    """Make a client active, paused or ended; their records are kept."""
    if status not in CLIENT_STATUSES:
        raise UserError(f"'{status}' is not a client status.")
    client = get_client(client_id)
    client.status = status
    client.updated_at = clock.now()
    client.save()
    return client


def delete_client(client_id: int) -> None:
    """Remove a client added by mistake; refused once any record (visit, invoice) refers to them."""
    client = get_client(client_id)
    try:
        with database.atomic():
            client.delete_instance()
    except peewee.IntegrityError:
        raise UserError(
            f"{client.name} has records that must be kept, so they cannot be deleted. "
            "End them instead."
        ) from None


def has_clients() -> bool:
    return Client.select().exists()


def search_clients(
    text: str = "", status: str | None = None, funding_route: str | None = None
) -> list[Client]:
    """Clients whose name, address, postcode, payer or notes contain `text`, by name.

    Each comes with `.support`: their Support visit type, or None.
    """
    support = VisitType.alias()
    query = (
        Client.select(Client, support)
        .join(
            support,
            peewee.JOIN.LEFT_OUTER,
            on=(support.client == Client.id) & (support.name == SUPPORT),
            attr="support",
        )
        .order_by(peewee.fn.lower(Client.name), Client.id)
    )
    if status:
        query = query.where(Client.status == status)
    if funding_route:
        query = query.where(Client.funding_route == funding_route)
    for word in text.split():
        fields = (Client.name, Client.address, Client.postcode, Client.payer_name, Client.notes)
        query = query.where(reduce(operator.or_, (contains(field, word) for field in fields)))
    return list(query)
