"""Numbered schema migrations, each run once, in order, in its own transaction.

A migration is frozen once released: never edit one, add the next. Each one also
gets a fixture database in tests/fixtures/schema/ made at the version before it.
"""

from __future__ import annotations

import sqlite3

from microbiz.foundations.errors import UserError

V1_INITIAL = """
CREATE TABLE business (
    id INTEGER NOT NULL PRIMARY KEY,
    trading_name TEXT NOT NULL,
    owner_name TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    postcode TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    bank_account_name TEXT NOT NULL DEFAULT '',
    bank_sort_code TEXT NOT NULL DEFAULT '',
    bank_account_number TEXT NOT NULL DEFAULT '',
    invoice_prefix TEXT NOT NULL DEFAULT 'INV-',
    next_invoice_number INTEGER NOT NULL DEFAULT 1 CHECK (next_invoice_number >= 1),
    payment_terms_days INTEGER NOT NULL DEFAULT 14 CHECK (payment_terms_days >= 0),
    logo_path TEXT NOT NULL DEFAULT '',
    utr TEXT NOT NULL DEFAULT '',
    mileage_method TEXT NOT NULL DEFAULT 'simplified',
    created_at DATETIME NOT NULL
);
CREATE TABLE client (
    id INTEGER NOT NULL PRIMARY KEY,
    name TEXT NOT NULL CHECK (trim(name) <> ''),
    address TEXT NOT NULL DEFAULT '',
    postcode TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    start_date DATE,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'ended')),
    funding_route TEXT NOT NULL DEFAULT 'self_funded',
    payer_kind TEXT NOT NULL DEFAULT 'person',
    payer_name TEXT NOT NULL DEFAULT '',
    payer_address TEXT NOT NULL DEFAULT '',
    payer_postcode TEXT NOT NULL DEFAULT '',
    payer_email TEXT NOT NULL DEFAULT '',
    payer_reference TEXT NOT NULL DEFAULT '',
    contracted_minutes INTEGER NOT NULL DEFAULT 0 CHECK (contracted_minutes >= 0),
    notes TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX client_name ON client (name);
CREATE INDEX client_status ON client (status);
CREATE TABLE visit_type (
    id INTEGER NOT NULL PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (trim(name) <> ''),
    weekday_rate_pence INTEGER NOT NULL DEFAULT 0 CHECK (weekday_rate_pence >= 0),
    weekend_rate_pence INTEGER NOT NULL DEFAULT 0 CHECK (weekend_rate_pence >= 0),
    bank_holiday_rate_pence INTEGER NOT NULL DEFAULT 0 CHECK (bank_holiday_rate_pence >= 0),
    flat_fee_pence INTEGER CHECK (flat_fee_pence IS NULL OR flat_fee_pence >= 0),
    active INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX visit_type_client_id_name ON visit_type (client_id, name);
"""

V2_HOURS = """
ALTER TABLE client ADD COLUMN mileage_rate_pence INTEGER CHECK (mileage_rate_pence >= 0);
ALTER TABLE client ADD COLUMN cancel_notice_hours INTEGER NOT NULL DEFAULT 24
    CHECK (cancel_notice_hours >= 0);
ALTER TABLE client ADD COLUMN late_cancel_charge TEXT NOT NULL DEFAULT 'full'
    CHECK (late_cancel_charge IN ('full', 'none'));
CREATE TABLE schedule (
    id INTEGER NOT NULL PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    visit_type_id INTEGER NOT NULL REFERENCES visit_type (id) ON DELETE RESTRICT,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    start_time TEXT NOT NULL,
    end_time TEXT NOT NULL,
    break_minutes INTEGER NOT NULL DEFAULT 0 CHECK (break_minutes >= 0),
    mileage_tenths INTEGER NOT NULL DEFAULT 0 CHECK (mileage_tenths >= 0),
    starts_on DATE NOT NULL,
    ends_on DATE,
    planned_until DATE,
    created_at DATETIME NOT NULL
);
CREATE INDEX schedule_client_id ON schedule (client_id);
CREATE TABLE visit (
    id INTEGER NOT NULL PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES client (id) ON DELETE RESTRICT,
    visit_type_id INTEGER NOT NULL REFERENCES visit_type (id) ON DELETE RESTRICT,
    schedule_id INTEGER REFERENCES schedule (id) ON DELETE SET NULL,
    schedule_day DATE,
    start DATETIME NOT NULL,
    "end" DATETIME NOT NULL CHECK ("end" > start),
    break_minutes INTEGER NOT NULL DEFAULT 0 CHECK (break_minutes >= 0),
    status TEXT NOT NULL DEFAULT 'planned'
        CHECK (status IN ('planned', 'delivered', 'cancelled', 'cancelled_chargeable')),
    mileage_tenths INTEGER NOT NULL DEFAULT 0 CHECK (mileage_tenths >= 0),
    notes TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX visit_start ON visit (start);
CREATE INDEX visit_client_id_start ON visit (client_id, start);
CREATE INDEX visit_status_start ON visit (status, start);
CREATE UNIQUE INDEX visit_schedule_id_schedule_day ON visit (schedule_id, schedule_day);
"""

V3_INVOICES = """
ALTER TABLE business ADD COLUMN credit_prefix TEXT NOT NULL DEFAULT 'CN-';
ALTER TABLE business ADD COLUMN next_credit_number INTEGER NOT NULL DEFAULT 1
    CHECK (next_credit_number >= 1);
ALTER TABLE client ADD COLUMN invoice_shows TEXT NOT NULL DEFAULT 'name'
    CHECK (invoice_shows IN ('name', 'initials', 'reference'));
CREATE TABLE invoice (
    id INTEGER NOT NULL PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES client (id) ON DELETE RESTRICT,
    number TEXT UNIQUE,
    issued INTEGER NOT NULL DEFAULT 0 CHECK (issued IN (0, 1)),
    issue_date DATE,
    due_date DATE,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    payer_kind TEXT NOT NULL DEFAULT '',
    payer_name TEXT NOT NULL DEFAULT '',
    payer_address TEXT NOT NULL DEFAULT '',
    payer_postcode TEXT NOT NULL DEFAULT '',
    payer_email TEXT NOT NULL DEFAULT '',
    payer_reference TEXT NOT NULL DEFAULT '',
    client_label TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    total_pence INTEGER NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL,
    CHECK (issued = 0 OR (number IS NOT NULL AND issue_date IS NOT NULL AND due_date IS NOT NULL))
);
CREATE INDEX invoice_client_id ON invoice (client_id);
CREATE INDEX invoice_issue_date ON invoice (issue_date);
CREATE TABLE invoice_line (
    id INTEGER NOT NULL PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoice (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('visit', 'visits', 'mileage', 'manual')),
    description TEXT NOT NULL,
    quantity TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    unit_price_pence INTEGER,
    amount_pence INTEGER NOT NULL
);
CREATE INDEX invoice_line_invoice_id ON invoice_line (invoice_id);
CREATE TABLE invoice_visit (
    id INTEGER NOT NULL PRIMARY KEY,
    line_id INTEGER NOT NULL REFERENCES invoice_line (id) ON DELETE CASCADE,
    visit_id INTEGER NOT NULL REFERENCES visit (id) ON DELETE RESTRICT
);
CREATE INDEX invoice_visit_visit_id ON invoice_visit (visit_id);
CREATE INDEX invoice_visit_line_id ON invoice_visit (line_id);
CREATE TABLE payment (
    id INTEGER NOT NULL PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoice (id) ON DELETE RESTRICT,
    paid_on DATE NOT NULL,
    amount_pence INTEGER NOT NULL CHECK (amount_pence > 0),
    method TEXT NOT NULL,
    reference TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL
);
CREATE INDEX payment_invoice_id ON payment (invoice_id);
CREATE INDEX payment_paid_on ON payment (paid_on);
CREATE TABLE credit_note (
    id INTEGER NOT NULL PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    invoice_id INTEGER NOT NULL REFERENCES invoice (id) ON DELETE RESTRICT,
    issue_date DATE NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    amount_pence INTEGER NOT NULL CHECK (amount_pence > 0),
    created_at DATETIME NOT NULL
);
CREATE INDEX credit_note_invoice_id ON credit_note (invoice_id);
CREATE TRIGGER invoice_issued_is_final BEFORE UPDATE ON invoice WHEN OLD.issued = 1
BEGIN
    SELECT RAISE(ABORT, 'An issued invoice cannot be changed');
END;
CREATE TRIGGER invoice_issued_is_kept BEFORE DELETE ON invoice WHEN OLD.issued = 1
BEGIN
    SELECT RAISE(ABORT, 'An issued invoice cannot be deleted');
END;
CREATE TRIGGER invoice_line_added_when_issued BEFORE INSERT ON invoice_line
WHEN (SELECT issued FROM invoice WHERE id = NEW.invoice_id) = 1
BEGIN
    SELECT RAISE(ABORT, 'An issued invoice cannot be changed');
END;
CREATE TRIGGER invoice_line_changed_when_issued BEFORE UPDATE ON invoice_line
WHEN (SELECT issued FROM invoice WHERE id = OLD.invoice_id) = 1
BEGIN
    SELECT RAISE(ABORT, 'An issued invoice cannot be changed');
END;
CREATE TRIGGER invoice_line_deleted_when_issued BEFORE DELETE ON invoice_line
WHEN (SELECT issued FROM invoice WHERE id = OLD.invoice_id) = 1
BEGIN
    SELECT RAISE(ABORT, 'An issued invoice cannot be changed');
END;
CREATE TRIGGER invoice_visit_added_when_issued BEFORE INSERT ON invoice_visit
WHEN (SELECT i.issued FROM invoice i JOIN invoice_line l ON l.invoice_id = i.id
      WHERE l.id = NEW.line_id) = 1
BEGIN
    SELECT RAISE(ABORT, 'An issued invoice cannot be changed');
END;
CREATE TRIGGER invoice_visit_removed_when_issued BEFORE DELETE ON invoice_visit
WHEN (SELECT i.issued FROM invoice i JOIN invoice_line l ON l.invoice_id = i.id
      WHERE l.id = OLD.line_id) = 1
BEGIN
    SELECT RAISE(ABORT, 'An issued invoice cannot be changed');
END;
CREATE TRIGGER credit_note_is_final BEFORE UPDATE ON credit_note
BEGIN
    SELECT RAISE(ABORT, 'A credit note cannot be changed');
END;
CREATE TRIGGER credit_note_is_kept BEFORE DELETE ON credit_note
BEGIN
    SELECT RAISE(ABORT, 'A credit note cannot be deleted');
END;
"""

V4_COMPLIANCE = """
CREATE TABLE policy (
    id INTEGER NOT NULL PRIMARY KEY,
    kind TEXT NOT NULL,
    provider TEXT NOT NULL DEFAULT '',
    reference TEXT NOT NULL DEFAULT '',
    cover_pence INTEGER CHECK (cover_pence IS NULL OR cover_pence >= 0),
    starts_on DATE,
    expires_on DATE,
    reminder_days INTEGER NOT NULL DEFAULT 30 CHECK (reminder_days >= 0),
    notes TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX policy_kind ON policy (kind);
CREATE TABLE checklist (
    id INTEGER NOT NULL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    version TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    started_on DATE NOT NULL,
    created_at DATETIME NOT NULL
);
CREATE TABLE checklist_item (
    id INTEGER NOT NULL PRIMARY KEY,
    checklist_id INTEGER NOT NULL REFERENCES checklist (id) ON DELETE CASCADE,
    item_key TEXT NOT NULL,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    why TEXT NOT NULL DEFAULT '',
    guidance TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    link_text TEXT NOT NULL DEFAULT '',
    compliance_kind TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'todo'
        CHECK (status IN ('todo', 'doing', 'done', 'not_applicable')),
    due_on DATE,
    done_on DATE,
    notes TEXT NOT NULL DEFAULT '',
    policy_id INTEGER REFERENCES policy (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX checklist_item_checklist_id_item_key ON checklist_item (checklist_id, item_key);
CREATE TABLE document (
    id INTEGER NOT NULL PRIMARY KEY,
    policy_id INTEGER REFERENCES policy (id) ON DELETE CASCADE,
    checklist_item_id INTEGER REFERENCES checklist_item (id) ON DELETE CASCADE,
    stored_name TEXT NOT NULL UNIQUE,
    original_name TEXT NOT NULL,
    added_at DATETIME NOT NULL,
    CHECK ((policy_id IS NULL) <> (checklist_item_id IS NULL))
);
CREATE INDEX document_policy_id ON document (policy_id);
CREATE INDEX document_checklist_item_id ON document (checklist_item_id);
"""

V5_EXPENSES = """
ALTER TABLE business ADD COLUMN calendar_quarters INTEGER NOT NULL DEFAULT 0;
CREATE TABLE expense (
    id INTEGER NOT NULL PRIMARY KEY,
    spent_on DATE NOT NULL,
    amount_pence INTEGER NOT NULL CHECK (amount_pence > 0),
    category TEXT NOT NULL,
    description TEXT NOT NULL,
    supplier TEXT NOT NULL DEFAULT '',
    client_id INTEGER REFERENCES client (id) ON DELETE RESTRICT,
    paid_on DATE,
    receipt_stored_name TEXT NOT NULL DEFAULT '',
    receipt_original_name TEXT NOT NULL DEFAULT '',
    recharged_line_id INTEGER REFERENCES invoice_line (id) ON DELETE SET NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX expense_spent_on ON expense (spent_on);
CREATE INDEX expense_paid_on ON expense (paid_on);
CREATE TABLE journey (
    id INTEGER NOT NULL PRIMARY KEY,
    travelled_on DATE NOT NULL,
    miles_tenths INTEGER NOT NULL CHECK (miles_tenths > 0),
    from_place TEXT NOT NULL DEFAULT '',
    to_place TEXT NOT NULL DEFAULT '',
    purpose TEXT NOT NULL DEFAULT '',
    client_id INTEGER REFERENCES client (id) ON DELETE RESTRICT,
    vehicle TEXT NOT NULL DEFAULT 'car' CHECK (vehicle IN ('car', 'motorcycle')),
    created_at DATETIME NOT NULL
);
CREATE INDEX journey_travelled_on ON journey (travelled_on);
"""

V6_WORKFORCE = """
CREATE TABLE workforce_settings (
    id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    opted_in INTEGER NOT NULL DEFAULT 0 CHECK (opted_in IN (0, 1)),
    organisation_name TEXT NOT NULL DEFAULT '',
    collector_url TEXT NOT NULL DEFAULT '',
    enrolment_code TEXT NOT NULL DEFAULT '',
    send_by TEXT NOT NULL DEFAULT 'post' CHECK (send_by IN ('post', 'email')),
    consent_given_on DATE,
    questionnaire_version TEXT NOT NULL DEFAULT '',
    answers TEXT NOT NULL DEFAULT '{}',
    secret TEXT NOT NULL CHECK (length(secret) >= 32),
    created_at DATETIME NOT NULL
);
CREATE TABLE workforce_submission (
    id INTEGER NOT NULL PRIMARY KEY,
    period TEXT NOT NULL UNIQUE,
    submission_id TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL DEFAULT 'not_sent'
        CHECK (state IN ('not_sent', 'saved_to_file', 'queued', 'sent', 'withdrawn')),
    organisation_name TEXT NOT NULL DEFAULT '',
    collector_url TEXT NOT NULL DEFAULT '',
    enrolment_code TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE TABLE workforce_outbox (
    id INTEGER NOT NULL PRIMARY KEY,
    method TEXT NOT NULL CHECK (method IN ('POST', 'PUT', 'DELETE')),
    submission_id TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL DEFAULT '',
    organisation_name TEXT NOT NULL DEFAULT '',
    collector_url TEXT NOT NULL,
    enrolment_code TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_try_at DATETIME NOT NULL,
    last_problem TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL
);
CREATE INDEX workforce_outbox_next_try_at ON workforce_outbox (next_try_at);
"""

V7_DOCUMENTS = """
ALTER TABLE business ADD COLUMN payment_instructions TEXT NOT NULL DEFAULT '';
ALTER TABLE invoice ADD COLUMN per_payer INTEGER NOT NULL DEFAULT 0;
ALTER TABLE invoice_line ADD COLUMN client_id INTEGER REFERENCES client (id) ON DELETE RESTRICT;
ALTER TABLE invoice_line ADD COLUMN section TEXT NOT NULL DEFAULT '';
CREATE INDEX invoice_line_client_id ON invoice_line (client_id);
"""

V8_BILLED_ONCE = """
CREATE TRIGGER invoice_visit_billed_once BEFORE INSERT ON invoice_visit
WHEN EXISTS (
    SELECT 1 FROM invoice_visit AS other
    JOIN invoice_line AS line ON line.id = other.line_id
    JOIN invoice ON invoice.id = line.invoice_id
    WHERE other.visit_id = NEW.visit_id
      AND line.invoice_id <> (SELECT invoice_id FROM invoice_line WHERE id = NEW.line_id)
      AND (NOT EXISTS (SELECT 1 FROM credit_note WHERE credit_note.invoice_id = invoice.id)
           OR invoice.total_pence > (SELECT SUM(amount_pence) FROM credit_note
                                     WHERE credit_note.invoice_id = invoice.id))
)
BEGIN
    SELECT RAISE(ABORT, 'this visit is already on a live invoice');
END;
"""

V9_VISIT_SEARCH = """
CREATE INDEX visit_visit_type_id ON visit (visit_type_id);
CREATE VIRTUAL TABLE visit_search USING fts4(notes, client, kind, tokenize=unicode61);
INSERT INTO visit_search (docid, notes, client, kind)
SELECT visit.id, visit.notes, client.name, visit_type.name FROM visit
JOIN client ON client.id = visit.client_id
JOIN visit_type ON visit_type.id = visit.visit_type_id;
CREATE TRIGGER visit_search_insert AFTER INSERT ON visit BEGIN
    INSERT INTO visit_search (docid, notes, client, kind) VALUES (
        NEW.id, NEW.notes,
        (SELECT name FROM client WHERE id = NEW.client_id),
        (SELECT name FROM visit_type WHERE id = NEW.visit_type_id)
    );
END;
CREATE TRIGGER visit_search_delete AFTER DELETE ON visit BEGIN
    DELETE FROM visit_search WHERE docid = OLD.id;
END;
CREATE TRIGGER visit_search_update AFTER UPDATE OF notes, client_id, visit_type_id ON visit
WHEN OLD.notes IS NOT NEW.notes OR OLD.client_id <> NEW.client_id
    OR OLD.visit_type_id <> NEW.visit_type_id
BEGIN
    UPDATE visit_search SET
        notes = NEW.notes,
        client = (SELECT name FROM client WHERE id = NEW.client_id),
        kind = (SELECT name FROM visit_type WHERE id = NEW.visit_type_id)
    WHERE docid = NEW.id;
END;
CREATE TRIGGER visit_search_client_name AFTER UPDATE OF name ON client
WHEN OLD.name IS NOT NEW.name
BEGIN
    UPDATE visit_search SET client = NEW.name
    WHERE docid IN (SELECT id FROM visit WHERE client_id = NEW.id);
END;
CREATE TRIGGER visit_search_type_name AFTER UPDATE OF name ON visit_type
WHEN OLD.name IS NOT NEW.name
BEGIN
    UPDATE visit_search SET kind = NEW.name
    WHERE docid IN (SELECT id FROM visit WHERE visit_type_id = NEW.id);
END;
"""

# A training item names the course a training record must be for; built-in items get theirs.
V10_CHECKLIST_COURSE = """
ALTER TABLE checklist_item ADD COLUMN course TEXT NOT NULL DEFAULT '';
UPDATE checklist_item SET course = CASE item_key
    WHEN 'safeguarding-training' THEN 'safeguarding'
    WHEN 'care-certificate' THEN 'care certificate'
    WHEN 'first-aid-training' THEN 'first aid'
    WHEN 'moving-handling-training' THEN 'moving handling'
    WHEN 'medication-training' THEN 'medication, medicines'
    WHEN 'mental-capacity-training' THEN 'mental capacity'
    ELSE '' END
WHERE compliance_kind = 'training_course'
    AND checklist_id IN (SELECT id FROM checklist WHERE name = 'england-start-up');
"""

# The mail server to send invoices through (its password is never here), and each email sent.
V11_INVOICE_EMAIL = """
ALTER TABLE business ADD COLUMN smtp_host TEXT NOT NULL DEFAULT '';
ALTER TABLE business ADD COLUMN smtp_port INTEGER NOT NULL DEFAULT 587;
ALTER TABLE business ADD COLUMN smtp_security TEXT NOT NULL DEFAULT 'starttls'
    CHECK (smtp_security IN ('starttls', 'ssl', 'none'));
ALTER TABLE business ADD COLUMN smtp_user TEXT NOT NULL DEFAULT '';
CREATE TABLE invoice_email (
    id INTEGER NOT NULL PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoice (id) ON DELETE RESTRICT,
    kind TEXT NOT NULL CHECK (kind IN ('invoice', 'reminder')),
    address TEXT NOT NULL,
    sent_at DATETIME NOT NULL
);
CREATE INDEX invoice_email_invoice_id ON invoice_email (invoice_id);
"""

# Erasure on request (UK GDPR), and an append-only log of changes to money and personal data.
V12_PRIVACY = """
ALTER TABLE client ADD COLUMN erased_on DATE;
ALTER TABLE client ADD COLUMN keep_until DATE;
CREATE TABLE audit_log (
    id INTEGER NOT NULL PRIMARY KEY,
    at DATETIME NOT NULL,
    who TEXT NOT NULL,
    action TEXT NOT NULL,
    description TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE TRIGGER audit_log_never_changed BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is never changed');
END;
CREATE TRIGGER audit_log_never_deleted BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is never changed');
END;
DROP TRIGGER invoice_issued_is_final;
CREATE TRIGGER invoice_issued_is_final BEFORE UPDATE ON invoice WHEN OLD.issued = 1 AND NOT (
    -- only the payer's details of an erased client's invoice, anonymised when its time is up
    (SELECT erased_on FROM client WHERE id = OLD.client_id) IS NOT NULL
    AND NEW.issued = 1 AND NEW.client_id = OLD.client_id AND NEW.number IS OLD.number
    AND NEW.issue_date IS OLD.issue_date AND NEW.due_date IS OLD.due_date
    AND NEW.period_start = OLD.period_start AND NEW.period_end = OLD.period_end
    AND NEW.total_pence = OLD.total_pence AND NEW.per_payer = OLD.per_payer
    AND NEW.payer_kind = OLD.payer_kind AND NEW.note = OLD.note
)
BEGIN
    SELECT RAISE(ABORT, 'An issued invoice cannot be changed');
END;
DROP TRIGGER invoice_line_changed_when_issued;
CREATE TRIGGER invoice_line_changed_when_issued BEFORE UPDATE ON invoice_line
WHEN (SELECT issued FROM invoice WHERE id = OLD.invoice_id) = 1 AND NOT (
    -- only the section heading naming an erased client
    (SELECT erased_on FROM client WHERE id = OLD.client_id) IS NOT NULL
    AND NEW.invoice_id = OLD.invoice_id AND NEW.position = OLD.position
    AND NEW.kind = OLD.kind AND NEW.description = OLD.description
    AND NEW.quantity = OLD.quantity AND NEW.unit = OLD.unit
    AND NEW.unit_price_pence IS OLD.unit_price_pence AND NEW.amount_pence = OLD.amount_pence
    AND NEW.client_id IS OLD.client_id
)
BEGIN
    SELECT RAISE(ABORT, 'An issued invoice cannot be changed');
END;
"""

# The invoices list's order (drafts first, then newest issued), so a page is read in order.
V13_INVOICE_LIST = """
CREATE INDEX invoice_listed ON invoice (issued, issue_date DESC, number DESC, id DESC);
"""

# Fixed-amount arrangements billed each week, month or 4 weeks; the days each line billed
# (kept once, as visits are); and the Shared Lives carer's qualifying care relief settings.
V14_RECURRING = """
CREATE TABLE recurring (
    id INTEGER NOT NULL PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    amount_pence INTEGER NOT NULL CHECK (amount_pence > 0),
    every TEXT NOT NULL CHECK (every IN ('week', 'month', '4-weeks')),
    starts_on DATE NOT NULL,
    ends_on DATE CHECK (ends_on IS NULL OR ends_on >= starts_on),
    description TEXT NOT NULL CHECK (trim(description) <> ''),
    created_at DATETIME NOT NULL
);
CREATE INDEX recurring_client_id ON recurring (client_id);
CREATE TABLE recurring_billed (
    id INTEGER NOT NULL PRIMARY KEY,
    recurring_id INTEGER NOT NULL REFERENCES recurring (id) ON DELETE CASCADE,
    line_id INTEGER NOT NULL REFERENCES invoice_line (id) ON DELETE CASCADE,
    first_day DATE NOT NULL,
    last_day DATE NOT NULL CHECK (last_day >= first_day)
);
CREATE INDEX recurring_billed_recurring_id ON recurring_billed (recurring_id);
CREATE INDEX recurring_billed_line_id ON recurring_billed (line_id);
CREATE TRIGGER recurring_billed_once BEFORE INSERT ON recurring_billed
WHEN EXISTS (
    SELECT 1 FROM recurring_billed AS other
    JOIN invoice_line AS line ON line.id = other.line_id
    JOIN invoice ON invoice.id = line.invoice_id
    WHERE other.recurring_id = NEW.recurring_id
      AND other.first_day <= NEW.last_day AND other.last_day >= NEW.first_day
      AND (NOT EXISTS (SELECT 1 FROM credit_note WHERE credit_note.invoice_id = invoice.id)
           OR invoice.total_pence > (SELECT SUM(amount_pence) FROM credit_note
                                     WHERE credit_note.invoice_id = invoice.id))
)
BEGIN
    SELECT RAISE(ABORT, 'these days of the arrangement are already on a live invoice');
END;
CREATE TRIGGER recurring_billed_added_when_issued BEFORE INSERT ON recurring_billed
WHEN (SELECT i.issued FROM invoice i JOIN invoice_line l ON l.invoice_id = i.id
      WHERE l.id = NEW.line_id) = 1
BEGIN
    SELECT RAISE(ABORT, 'An issued invoice cannot be changed');
END;
ALTER TABLE business ADD COLUMN shared_lives_carer INTEGER NOT NULL DEFAULT 0
    CHECK (shared_lives_carer IN (0, 1));
ALTER TABLE business ADD COLUMN carers_in_household INTEGER NOT NULL DEFAULT 1
    CHECK (carers_in_household >= 1);
ALTER TABLE business ADD COLUMN care_relief_method TEXT NOT NULL DEFAULT 'simplified'
    CHECK (care_relief_method IN ('simplified', 'normal'));
"""

# Bank statement lines already imported (by day, amount, a hash of the description and
# which of identical lines) and the payment or expense each became, forgotten with it;
# and column maps for banks' CSV layouts.
V15_BANK_LINES = """
CREATE TABLE bank_line (
    id INTEGER NOT NULL PRIMARY KEY,
    day DATE NOT NULL,
    amount_pence INTEGER NOT NULL,
    description_hash TEXT NOT NULL,
    occurrence INTEGER NOT NULL DEFAULT 1 CHECK (occurrence >= 1),
    payment_id INTEGER REFERENCES payment (id) ON DELETE CASCADE,
    expense_id INTEGER REFERENCES expense (id) ON DELETE CASCADE,
    imported_at DATETIME NOT NULL,
    UNIQUE (day, amount_pence, description_hash, occurrence)
);
CREATE INDEX bank_line_payment_id ON bank_line (payment_id);
CREATE INDEX bank_line_expense_id ON bank_line (expense_id);
CREATE TABLE bank_column_map (
    id INTEGER NOT NULL PRIMARY KEY,
    header TEXT NOT NULL UNIQUE,
    columns TEXT NOT NULL
);
"""

MIGRATIONS: list[str] = [
    V1_INITIAL,
    V2_HOURS,
    V3_INVOICES,
    V4_COMPLIANCE,
    V5_EXPENSES,
    V6_WORKFORCE,
    V7_DOCUMENTS,
    V8_BILLED_ONCE,
    V9_VISIT_SEARCH,
    V10_CHECKLIST_COURSE,
    V11_INVOICE_EMAIL,
    V12_PRIVACY,
    V13_INVOICE_LIST,
    V14_RECURRING,
    V15_BANK_LINES,
]
LATEST_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    """The version a database is at: 0 for an empty one."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not found:
        return 0
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return row[0] or 0


def migrate(conn: sqlite3.Connection, target: int | None = None) -> int:
    """Bring the database up to `target` (the latest); returns the version it started at."""
    target = LATEST_VERSION if target is None else target
    start = schema_version(conn)
    if start > LATEST_VERSION:
        raise UserError(
            f"This data was written by a newer Microbiz (schema {start}); please update the app."
        )
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY)")
    for version in range(start + 1, target + 1):
        _apply(conn, version, MIGRATIONS[version - 1])
    return start


def tables_and_columns(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """Each table's name with its column names."""
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        name: {row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')} for name in names
    }


def schema_at(version: int) -> dict[str, set[str]]:
    """The tables and columns a database at `version` has, from the migrations themselves."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(conn, version)
        return tables_and_columns(conn)
    finally:
        conn.close()


def _apply(conn: sqlite3.Connection, version: int, script: str) -> None:
    """Run one migration script and record it, all or nothing, unless another process has."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if schema_version(conn) >= version:
            conn.execute("COMMIT")
            return
        for statement in _statements(script):
            conn.execute(statement)
        conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    """Split a migration script into whole statements (a trigger's body holds semicolons)."""
    statements: list[str] = []
    pending = ""
    for part in script.split(";"):
        pending += part + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                statements.append(pending.strip())
            pending = ""
    return statements
