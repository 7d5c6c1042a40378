"""A client's rate card: visit types with rates by day band, or a flat fee per visit."""

from __future__ import annotations

from dataclasses import dataclass

import peewee

from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Schedule
from microbiz.foundations.models import VisitType
from microbiz.foundations.models import database
from microbiz.foundations.money import format_money_plain
from microbiz.foundations.validation import Fields

LABELS = {
    "name": "Visit type",
    "weekday_rate": "Weekday rate",
    "weekend_rate": "Weekend rate",
    "bank_holiday_rate": "Bank holiday rate",
    "flat_fee": "Flat fee per visit",
}


@dataclass
class VisitTypeForm:
    """A visit type as typed: hourly rates in pounds, or a flat fee that replaces them."""

    name: str = ""
    weekday_rate: str = ""
    weekend_rate: str = ""
    bank_holiday_rate: str = ""
    flat_fee: str = ""

    @classmethod
    def of(cls, visit_type: VisitType) -> VisitTypeForm:
        fee = visit_type.flat_fee_pence
        return cls(
            name=visit_type.name,
            weekday_rate=format_money_plain(visit_type.weekday_rate_pence),
            weekend_rate=format_money_plain(visit_type.weekend_rate_pence),
            bank_holiday_rate=format_money_plain(visit_type.bank_holiday_rate_pence),
            flat_fee="" if fee is None else format_money_plain(fee),
        )


def validate_visit_type(form: VisitTypeForm) -> dict:
    check = Fields()
    name = check.text("name", LABELS["name"], form.name, required=True)
    flat_fee = check.money("flat_fee", LABELS["flat_fee"], form.flat_fee, default=None)
    rates = read_band_rates(check, form.weekday_rate, form.weekend_rate, form.bank_holiday_rate)
    if flat_fee is None and not str(form.weekday_rate).strip():
        check.fail("weekday_rate", "Weekday rate is required, unless there is a flat fee.")
    check.done()
    return {"name": name, "flat_fee_pence": flat_fee, **rates}


def read_band_rates(check: Fields, weekday: str, weekend: str, bank_holiday: str) -> dict:
    """Pence an hour; a blank weekend rate is the weekday one, a blank bank holiday the weekend."""
    weekday_pence = check.money("weekday_rate", LABELS["weekday_rate"], weekday)
    weekend_pence = check.money("weekend_rate", LABELS["weekend_rate"], weekend, weekday_pence)
    holiday_pence = check.money(
        "bank_holiday_rate", LABELS["bank_holiday_rate"], bank_holiday, weekend_pence
    )
    return {
        "weekday_rate_pence": weekday_pence,
        "weekend_rate_pence": weekend_pence,
        "bank_holiday_rate_pence": holiday_pence,
    }


def save_visit_type(
    client_id: int, form: VisitTypeForm, visit_type_id: int | None = None
) -> VisitType:
    """Create or change a visit type; re-adding a removed one's name brings it back."""
    values = validate_visit_type(form)
    same_name = visit_type_named(client_id, values["name"])
    if same_name is not None and same_name.id != visit_type_id:
        if same_name.active or visit_type_id is not None:
            raise UserError(f"This client already has a visit type called '{values['name']}'.")
        visit_type_id = same_name.id
    with database.atomic():
        if visit_type_id is None:
            return VisitType.create(client=client_id, **values)
        VisitType.update(active=True, **values).where(VisitType.id == visit_type_id).execute()
    return VisitType.get_by_id(visit_type_id)


def visit_types_of(client_id: int, include_retired: bool = False) -> list[VisitType]:
    query = VisitType.select().where(VisitType.client == client_id)
    if not include_retired:
        query = query.where(VisitType.active == True)  # noqa: E712 (peewee expression)
    return list(query.order_by(VisitType.name))


def remove_visit_type(visit_type_id: int) -> bool:
    """Delete an unused visit type, or retire one used on visits; True if it was deleted.

    Refused while weekly visits still use it.
    """
    visit_type = VisitType.get_by_id(visit_type_id)
    if Schedule.select().where(Schedule.visit_type == visit_type).exists():
        raise UserError(
            f"Weekly visits still use '{visit_type.name}'. Change or delete them first."
        )
    try:
        with database.atomic():
            visit_type.delete_instance()
    except peewee.IntegrityError:
        VisitType.update(active=False).where(VisitType.id == visit_type_id).execute()
        return False
    return True


def visit_type_named(client_id: int, name: str) -> VisitType | None:
    """The client's visit type with this name, in any case."""
    return VisitType.get_or_none(
        VisitType.client == client_id, peewee.fn.lower(VisitType.name) == name.strip().lower()
    )
