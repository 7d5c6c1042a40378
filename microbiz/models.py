"""The whole schema in one place; bound to a database at start-up, never at import.

Every change here needs a numbered migration in migrations.py and a fixture in
tests/fixtures/schema/.
"""

from __future__ import annotations

from datetime import datetime

import peewee

database = peewee.DatabaseProxy()

CLIENT_STATUSES = {"active": "Active", "paused": "Paused", "ended": "Ended"}

FUNDING_ROUTES = {
    "self_funded": "Self-funded",
    "direct_payment": "Direct Payment",
    "council": "Council-commissioned",
    "nhs": "NHS / personal health budget",
    "shared_lives": "Shared Lives scheme",
    "other": "Other",
}

PAYER_KINDS = {
    "person": "The person supported",
    "representative": "A family member or representative",
    "managed_account": "A managed-account provider",
    "council": "The council",
    "nhs": "The NHS",
    "scheme": "The Shared Lives scheme",
    "other": "Someone else",
}


class BaseModel(peewee.Model):
    class Meta:
        database = database
        legacy_table_names = False


class Business(BaseModel):
    """The one business this data folder belongs to."""

    trading_name = peewee.TextField()
    owner_name = peewee.TextField(default="")
    address = peewee.TextField(default="")
    postcode = peewee.TextField(default="")
    phone = peewee.TextField(default="")
    email = peewee.TextField(default="")
    bank_account_name = peewee.TextField(default="")
    bank_sort_code = peewee.TextField(default="")
    bank_account_number = peewee.TextField(default="")
    invoice_prefix = peewee.TextField(default="INV-")
    next_invoice_number = peewee.IntegerField(default=1)
    payment_terms_days = peewee.IntegerField(default=14)
    logo_path = peewee.TextField(default="")
    utr = peewee.TextField(default="")
    mileage_method = peewee.TextField(default="simplified")
    created_at = peewee.DateTimeField(default=datetime.now)


class Client(BaseModel):
    """A person supported, and who pays for their support."""

    name = peewee.TextField()
    address = peewee.TextField(default="")
    postcode = peewee.TextField(default="")
    phone = peewee.TextField(default="")
    email = peewee.TextField(default="")
    start_date = peewee.DateField(null=True)
    status = peewee.TextField(default="active")
    funding_route = peewee.TextField(default="self_funded")
    payer_kind = peewee.TextField(default="person")
    payer_name = peewee.TextField(default="")
    payer_address = peewee.TextField(default="")
    payer_postcode = peewee.TextField(default="")
    payer_email = peewee.TextField(default="")
    payer_reference = peewee.TextField(default="")
    contracted_minutes = peewee.IntegerField(default=0)
    notes = peewee.TextField(default="")
    created_at = peewee.DateTimeField(default=datetime.now)
    updated_at = peewee.DateTimeField(default=datetime.now)
    mileage_rate_pence = peewee.IntegerField(null=True)
    cancel_notice_hours = peewee.IntegerField(default=24)
    late_cancel_charge = peewee.TextField(default="full")


class VisitType(BaseModel):
    """One line of a client's rate card: hourly rates by day band, or a flat fee."""

    client = peewee.ForeignKeyField(Client, backref="visit_types", on_delete="CASCADE")
    name = peewee.TextField()
    weekday_rate_pence = peewee.IntegerField(default=0)
    weekend_rate_pence = peewee.IntegerField(default=0)
    bank_holiday_rate_pence = peewee.IntegerField(default=0)
    flat_fee_pence = peewee.IntegerField(null=True)
    active = peewee.BooleanField(default=True)

    class Meta:
        indexes = ((("client", "name"), True),)


class Schedule(BaseModel):
    """A weekly pattern that plans visits ahead: every `weekday` (0 = Monday) from `starts_on`."""

    client = peewee.ForeignKeyField(Client, backref="schedules", on_delete="CASCADE")
    visit_type = peewee.ForeignKeyField(VisitType, on_delete="RESTRICT")
    weekday = peewee.IntegerField()
    start_time = peewee.TimeField(formats=["%H:%M"])
    end_time = peewee.TimeField(formats=["%H:%M"])
    break_minutes = peewee.IntegerField(default=0)
    mileage_tenths = peewee.IntegerField(default=0)
    starts_on = peewee.DateField()
    ends_on = peewee.DateField(null=True)
    planned_until = peewee.DateField(null=True)
    created_at = peewee.DateTimeField(default=datetime.now)


class Visit(BaseModel):
    """A visit or shift: local wall-clock start and end, which may cross midnight."""

    client = peewee.ForeignKeyField(Client, backref="visits", on_delete="RESTRICT")
    visit_type = peewee.ForeignKeyField(VisitType, on_delete="RESTRICT")
    schedule = peewee.ForeignKeyField(Schedule, null=True, on_delete="SET NULL")
    schedule_day = peewee.DateField(null=True)
    start = peewee.DateTimeField()
    end = peewee.DateTimeField()
    break_minutes = peewee.IntegerField(default=0)
    status = peewee.TextField(default="planned")
    mileage_tenths = peewee.IntegerField(default=0)
    notes = peewee.TextField(default="")
    created_at = peewee.DateTimeField(default=datetime.now)
    updated_at = peewee.DateTimeField(default=datetime.now)


VISIT_STATUSES = {
    "planned": "Planned",
    "delivered": "Delivered",
    "cancelled": "Cancelled",
    "cancelled_chargeable": "Cancelled (charged)",
}

LATE_CANCEL_CHARGES = {"full": "Charge in full", "none": "No charge"}

ALL_MODELS = [Business, Client, VisitType, Schedule, Visit]
