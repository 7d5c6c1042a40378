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
    credit_prefix = peewee.TextField(default="CN-")
    next_credit_number = peewee.IntegerField(default=1)
    calendar_quarters = peewee.BooleanField(default=False)
    payment_instructions = peewee.TextField(default="")
    smtp_host = peewee.TextField(default="")
    smtp_port = peewee.IntegerField(default=587)
    smtp_security = peewee.TextField(default="starttls")
    smtp_user = peewee.TextField(default="")
    shared_lives_carer = peewee.BooleanField(default=False)
    carers_in_household = peewee.IntegerField(default=1)
    care_relief_method = peewee.TextField(default="simplified")


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
    invoice_shows = peewee.TextField(default="name")
    erased_on = peewee.DateField(null=True)
    keep_until = peewee.DateField(null=True)


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


class Invoice(BaseModel):
    """A draft until issued; then numbered, with the payer as they were, and never changed.

    A per-payer invoice bills several clients of one payer, a section each; `client` is
    then the first of them, and each line names its own.
    """

    client = peewee.ForeignKeyField(Client, backref="invoices", on_delete="RESTRICT")
    number = peewee.TextField(null=True, unique=True)
    issued = peewee.BooleanField(default=False)
    issue_date = peewee.DateField(null=True)
    due_date = peewee.DateField(null=True)
    period_start = peewee.DateField()
    period_end = peewee.DateField()
    payer_kind = peewee.TextField(default="")
    payer_name = peewee.TextField(default="")
    payer_address = peewee.TextField(default="")
    payer_postcode = peewee.TextField(default="")
    payer_email = peewee.TextField(default="")
    payer_reference = peewee.TextField(default="")
    client_label = peewee.TextField(default="")
    note = peewee.TextField(default="")
    total_pence = peewee.IntegerField(default=0)
    created_at = peewee.DateTimeField(default=datetime.now)
    per_payer = peewee.BooleanField(default=False)


class InvoiceEmail(BaseModel):
    """An issued invoice, or a reminder about it, sent by email: when and to whom."""

    invoice = peewee.ForeignKeyField(Invoice, backref="emails", on_delete="RESTRICT")
    kind = peewee.TextField()
    address = peewee.TextField()
    sent_at = peewee.DateTimeField()


class InvoiceLine(BaseModel):
    """One line: a visit, a week of one visit type, mileage, or a line typed by hand.

    On a per-payer invoice `client` is whose support the line bills, and `section` how the
    invoice heads that client's lines (kept as issued); None and "" on per-client invoices.
    """

    invoice = peewee.ForeignKeyField(Invoice, backref="lines", on_delete="CASCADE")
    position = peewee.IntegerField()
    kind = peewee.TextField()
    description = peewee.TextField()
    quantity = peewee.TextField()
    unit = peewee.TextField(default="")
    unit_price_pence = peewee.IntegerField(null=True)
    amount_pence = peewee.IntegerField()
    client = peewee.ForeignKeyField(Client, null=True, on_delete="RESTRICT")
    section = peewee.TextField(default="")


class InvoiceVisit(BaseModel):
    """Which visits a line bills."""

    line = peewee.ForeignKeyField(InvoiceLine, backref="visits", on_delete="CASCADE")
    visit = peewee.ForeignKeyField(Visit, backref="billed_on", on_delete="RESTRICT")


class Recurring(BaseModel):
    """A fixed amount billed to a client each week, calendar month or 4 weeks."""

    client = peewee.ForeignKeyField(Client, backref="recurring", on_delete="CASCADE")
    amount_pence = peewee.IntegerField()
    every = peewee.TextField()
    starts_on = peewee.DateField()
    ends_on = peewee.DateField(null=True)
    description = peewee.TextField()
    created_at = peewee.DateTimeField(default=datetime.now)


class RecurringBilled(BaseModel):
    """Which days of an arrangement a line bills."""

    recurring = peewee.ForeignKeyField(Recurring, backref="billed", on_delete="CASCADE")
    line = peewee.ForeignKeyField(InvoiceLine, on_delete="CASCADE")
    first_day = peewee.DateField()
    last_day = peewee.DateField()


class Payment(BaseModel):
    invoice = peewee.ForeignKeyField(Invoice, backref="payments", on_delete="RESTRICT")
    paid_on = peewee.DateField()
    amount_pence = peewee.IntegerField()
    method = peewee.TextField()
    reference = peewee.TextField(default="")
    created_at = peewee.DateTimeField(default=datetime.now)


class CreditNote(BaseModel):
    """A correction to an issued invoice, with its own number series; never changed."""

    number = peewee.TextField(unique=True)
    invoice = peewee.ForeignKeyField(Invoice, backref="credit_notes", on_delete="RESTRICT")
    issue_date = peewee.DateField()
    reason = peewee.TextField(default="")
    amount_pence = peewee.IntegerField()
    created_at = peewee.DateTimeField(default=datetime.now)


class Policy(BaseModel):
    """A compliance record: an insurance policy, a DBS certificate, training, the ICO fee…"""

    kind = peewee.TextField()
    provider = peewee.TextField(default="")
    reference = peewee.TextField(default="")
    cover_pence = peewee.IntegerField(null=True)
    starts_on = peewee.DateField(null=True)
    expires_on = peewee.DateField(null=True)
    reminder_days = peewee.IntegerField(default=30)
    notes = peewee.TextField(default="")
    created_at = peewee.DateTimeField(default=datetime.now)
    updated_at = peewee.DateTimeField(default=datetime.now)


class Checklist(BaseModel):
    """A checklist in progress, made from a template."""

    name = peewee.TextField(unique=True)
    title = peewee.TextField()
    version = peewee.TextField(default="")
    author = peewee.TextField(default="")
    started_on = peewee.DateField()
    created_at = peewee.DateTimeField(default=datetime.now)


class ChecklistItem(BaseModel):
    checklist = peewee.ForeignKeyField(Checklist, backref="items", on_delete="CASCADE")
    item_key = peewee.TextField()
    position = peewee.IntegerField()
    title = peewee.TextField()
    why = peewee.TextField(default="")
    guidance = peewee.TextField(default="")
    link = peewee.TextField(default="")
    link_text = peewee.TextField(default="")
    compliance_kind = peewee.TextField(default="")
    course = peewee.TextField(default="")
    status = peewee.TextField(default="todo")
    due_on = peewee.DateField(null=True)
    done_on = peewee.DateField(null=True)
    notes = peewee.TextField(default="")
    policy = peewee.ForeignKeyField(Policy, null=True, on_delete="SET NULL")

    class Meta:
        indexes = ((("checklist", "item_key"), True),)


class Document(BaseModel):
    """A file kept in the data folder's documents folder, for a policy or a checklist item."""

    policy = peewee.ForeignKeyField(Policy, null=True, backref="documents", on_delete="CASCADE")
    checklist_item = peewee.ForeignKeyField(
        ChecklistItem, null=True, backref="documents", on_delete="CASCADE"
    )
    stored_name = peewee.TextField(unique=True)
    original_name = peewee.TextField()
    added_at = peewee.DateTimeField(default=datetime.now)


class Expense(BaseModel):
    """Money spent for the business; counts for tax when paid (cash basis)."""

    spent_on = peewee.DateField()
    amount_pence = peewee.IntegerField()
    category = peewee.TextField()
    description = peewee.TextField()
    supplier = peewee.TextField(default="")
    client = peewee.ForeignKeyField(Client, null=True, on_delete="RESTRICT")
    paid_on = peewee.DateField(null=True)
    receipt_stored_name = peewee.TextField(default="")
    receipt_original_name = peewee.TextField(default="")
    recharged_line = peewee.ForeignKeyField(InvoiceLine, null=True, on_delete="SET NULL")
    created_at = peewee.DateTimeField(default=datetime.now)


class BankLine(BaseModel):
    """A bank statement line already imported, and the payment or expense it became.

    Only a hash of its description is kept, so the same line is known again.
    """

    day = peewee.DateField()
    amount_pence = peewee.IntegerField()
    description_hash = peewee.TextField()
    occurrence = peewee.IntegerField(default=1)
    payment = peewee.ForeignKeyField(Payment, null=True, on_delete="CASCADE")
    expense = peewee.ForeignKeyField(Expense, null=True, on_delete="CASCADE")
    imported_at = peewee.DateTimeField(default=datetime.now)


class BankColumnMap(BaseModel):
    """Which columns of a bank's CSV layout, known by its heading row, hold what (JSON)."""

    header = peewee.TextField(unique=True)
    columns = peewee.TextField()


class Journey(BaseModel):
    """A business journey, for the simplified mileage allowance."""

    travelled_on = peewee.DateField()
    miles_tenths = peewee.IntegerField()
    from_place = peewee.TextField(default="")
    to_place = peewee.TextField(default="")
    purpose = peewee.TextField(default="")
    client = peewee.ForeignKeyField(Client, null=True, on_delete="RESTRICT")
    vehicle = peewee.TextField(default="car")
    created_at = peewee.DateTimeField(default=datetime.now)


class AuditEntry(BaseModel):
    """One change to money or personal data; never changed or deleted, and never names anyone."""

    at = peewee.DateTimeField()
    who = peewee.TextField()
    action = peewee.TextField()
    description = peewee.TextField()

    class Meta:
        table_name = "audit_log"


class WorkforceSettings(BaseModel):
    """Whether, and to whom, anonymous workforce returns are sent: one row, off by default.

    `secret` is made on this computer and only ever leaves it in the X-Return-Secret header.
    """

    opted_in = peewee.BooleanField(default=False)
    organisation_name = peewee.TextField(default="")
    collector_url = peewee.TextField(default="")
    enrolment_code = peewee.TextField(default="")
    send_by = peewee.TextField(default="post")
    consent_given_on = peewee.DateField(null=True)
    questionnaire_version = peewee.TextField(default="")
    answers = peewee.TextField(default="{}")
    secret = peewee.TextField()
    created_at = peewee.DateTimeField(default=datetime.now)


class WorkforceSubmission(BaseModel):
    """One quarter's return: its random id (kept when the return is replaced) and where it is."""

    period = peewee.TextField(unique=True)
    submission_id = peewee.TextField(unique=True)
    state = peewee.TextField(default="not_sent")
    organisation_name = peewee.TextField(default="")
    collector_url = peewee.TextField(default="")
    enrolment_code = peewee.TextField(default="")
    created_at = peewee.DateTimeField(default=datetime.now)
    updated_at = peewee.DateTimeField(default=datetime.now)


class WorkforceOutbox(BaseModel):
    """A request to the collector still to be made: at most one per return, the latest wins."""

    method = peewee.TextField()
    submission_id = peewee.TextField(unique=True)
    body = peewee.TextField(default="")
    organisation_name = peewee.TextField(default="")
    collector_url = peewee.TextField()
    enrolment_code = peewee.TextField(default="")
    attempts = peewee.IntegerField(default=0)
    next_try_at = peewee.DateTimeField()
    last_problem = peewee.TextField(default="")
    created_at = peewee.DateTimeField(default=datetime.now)


POLICY_KINDS = {
    "public_liability": "Public liability insurance",
    "professional_indemnity": "Professional indemnity insurance",
    "employers_liability": "Employers' liability insurance",
    "business_car_use": "Business use on car insurance",
    "dbs_certificate": "DBS certificate",
    "dbs_update_service": "DBS Update Service",
    "training_course": "Training course",
    "ico_fee": "ICO data protection fee",
    "cqc_decision": "CQC registration decision",
    "other": "Other",
}

CHECKLIST_STATUSES = {
    "todo": "To do",
    "doing": "Doing",
    "done": "Done",
    "not_applicable": "Not applicable",
}

PAYMENT_METHODS = {
    "bank_transfer": "Bank transfer",
    "direct_payment_card": "Direct Payment card",
    "cheque": "Cheque",
    "cash": "Cash",
}

INVOICE_SHOWS = {
    "name": "Their name",
    "initials": "Their initials",
    "reference": "The payer's reference",
}

VISIT_STATUSES = {
    "planned": "Planned",
    "delivered": "Delivered",
    "cancelled": "Cancelled",
    "cancelled_chargeable": "Cancelled (charged)",
}

LATE_CANCEL_CHARGES = {"full": "Charge in full", "none": "No charge"}

WORKFORCE_SEND_BY = {"post": "Send it to the collector", "email": "Save a file to email"}

WORKFORCE_STATES = {
    "not_sent": "Not sent",
    "saved_to_file": "Saved to a file",
    "queued": "Waiting in the outbox",
    "sent": "Sent",
    "withdrawn": "Withdrawn",
}

ALL_MODELS = [
    Business,
    Client,
    VisitType,
    Schedule,
    Visit,
    Invoice,
    InvoiceEmail,
    InvoiceLine,
    InvoiceVisit,
    Recurring,
    RecurringBilled,
    Payment,
    CreditNote,
    Policy,
    Checklist,
    ChecklistItem,
    Document,
    Expense,
    BankLine,
    BankColumnMap,
    Journey,
    WorkforceSettings,
    WorkforceSubmission,
    WorkforceOutbox,
    AuditEntry,
]
