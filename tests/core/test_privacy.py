"""Subject access, erasure that leaves no trace in the file, and the append-only audit log."""

from __future__ import annotations

import json
from datetime import date

import peewee
import pytest

from microbiz.cli import main
from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.foundations import db as database
from microbiz.foundations.audit_log import entries
from microbiz.foundations.backups import automatic_backup
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import AuditEntry
from microbiz.foundations.models import Client
from microbiz.foundations.models import Invoice
from microbiz.foundations.models import InvoiceEmail
from microbiz.foundations.models import Journey
from microbiz.foundations.models import Visit
from microbiz.foundations.paths import database_path
from microbiz.hours.schedules import ScheduleForm
from microbiz.hours.schedules import save_schedule
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import save_visit
from microbiz.invoicing.invoices import create_draft
from microbiz.invoicing.invoices import issue_invoice
from microbiz.invoicing.payments import credit_invoice
from microbiz.invoicing.payments import delete_payment
from microbiz.invoicing.payments import record_payment
from microbiz.privacy.erasure import erase_client
from microbiz.privacy.erasure import erase_due
from microbiz.privacy.erasure import erasure_plan
from microbiz.privacy.erasure import keep_until
from microbiz.privacy.subject_access import client_data

NAME = "Zebediah Quillfeather"
NOTE = "prefers Earl Grey at ten"
PHONE = "07700 900461"


def zebediah(invoiced=True):
    """A client with a schedule, noted visits, an issued invoice (if asked) and a journey."""
    client = save_client(
        ClientForm(
            name=NAME,
            address="17 Larkspur Mews\nLeeds",
            postcode="LS6 2QT",
            phone=PHONE,
            email="zeb@quill.example",
            notes="Daughter has a key",
            weekday_rate="18",
        )
    )
    support = support_visit_type(client)
    save_visit(VisitForm(client.id, support.id, "02/11/2026", "09:00", "11:00", notes=NOTE))
    save_visit(VisitForm(client.id, support.id, "24/11/2026", "09:00", "10:00", notes=NOTE))
    save_schedule(
        ScheduleForm(client.id, support.id, "3", "14:00", "15:00", starts_on="26/11/2026")
    )
    Journey.create(travelled_on=date(2026, 11, 2), miles_tenths=45, client=client,
                   from_place="Home", to_place="Larkspur Mews", purpose="Visit Z.")  # fmt: skip
    if invoiced:
        invoice = issue_invoice(
            create_draft(client.id, date(2026, 11, 1), date(2026, 11, 15)).id, date(2026, 11, 16)
        )
        InvoiceEmail.create(invoice=invoice, kind="invoice", address="zeb@quill.example",
                            sent_at=date(2026, 11, 16))  # fmt: skip
    return client


def file_bytes(data_dir):
    """Every file under the data folder but the backups made before the erasure."""
    files = [p for p in data_dir.rglob("*") if p.is_file() and "backups" not in p.parts]
    assert database_path(data_dir) in files
    return b"".join(p.read_bytes() for p in files)


def test_the_copy_of_their_data_holds_everything(business):
    client = zebediah()
    data = client_data(client.id)
    assert data["client"]["name"] == NAME and data["client"]["phone"] == PHONE
    assert [v["notes"] for v in data["visits"][:2]] == [NOTE, NOTE]
    assert len(data["schedules"]) == 1 and data["rates"][0]["name"] == "Support"
    [invoice] = data["invoices"]
    assert invoice["payer_name"] == NAME and invoice["lines"][0]["amount_pence"] == 3600
    assert invoice["emails"][0]["address"] == "zeb@quill.example"
    assert data["journeys"][0]["to_place"] == "Larkspur Mews"
    assert data["workforce_returns"].startswith("None: workforce returns are anonymous")
    json.dumps(data)  # plain JSON values throughout


def test_erasing_a_client_with_no_invoices_leaves_no_trace_in_the_file(business, data_dir):
    client = zebediah(invoiced=False)
    plan = erase_client(client.id)
    assert plan.kept_invoices == [] and plan.unbilled_delivered == 2
    stored = file_bytes(data_dir)
    traces = (b"Zebediah", b"Quillfeather", b"Larkspur", b"Earl Grey", b"900461", b"Daughter")
    for trace in (*traces, b"zeb@quill"):
        assert trace not in stored, trace
    erased = Client.get_by_id(client.id)
    assert (erased.name, erased.status, erased.erased_on) == (
        f"Erased client {client.id}",
        "ended",
        date(2026, 11, 25),
    )
    assert Visit.select().where(Visit.client == client).count() == 0
    journey = Journey.get()
    assert (journey.client, journey.to_place, journey.miles_tenths) == (None, "", 45)


def test_issued_invoices_are_kept_until_hmrc_allows_then_anonymised(business, data_dir):
    client = zebediah()
    record_payment(Invoice.get().id, "10.00", "20/11/2026", reference="FROM Z QUILLFEATHER")
    plan = erasure_plan(client.id)
    assert plan.kept_invoices == ["INV-0001"] and plan.keep_until == date(2033, 1, 31)
    assert any("must be kept for HMRC until 31/01/2033" in line for line in plan.words())
    erase_client(client.id)
    kept = Invoice.get()
    assert (kept.number, kept.total_pence, kept.payer_name) == ("INV-0001", 3600, NAME)
    assert Visit.get().notes == "" and Visit.select().count() == 1  # the billed one
    stored = file_bytes(data_dir)
    for trace in (b"Earl Grey", b"900461", b"Daughter"):
        assert trace not in stored, trace
    assert erase_due(date(2033, 1, 31)) == []
    assert erase_due(date(2033, 2, 1)) == ["INV-0001"]
    kept = Invoice.get()
    assert (kept.number, kept.total_pence, kept.payer_name) == ("INV-0001", 3600, "Erased")
    stored = file_bytes(data_dir)
    for trace in (b"Zebediah", b"Quillfeather", b"QUILLFEATHER", b"Larkspur", b"zeb@quill"):
        assert trace not in stored, trace


@pytest.mark.parametrize(
    ("issued", "until"),
    [(date(2027, 4, 5), date(2033, 1, 31)), (date(2027, 4, 6), date(2034, 1, 31))],
)
def test_invoices_are_kept_five_years_after_their_filing_date(issued, until):
    assert keep_until(issued) == until


def test_money_and_client_changes_are_logged_and_the_log_never_changes(business):
    client = zebediah()
    payment = record_payment(Invoice.get().id, "10.00", "20/11/2026")
    delete_payment(payment.id)
    credit_invoice(Invoice.get().id, "5.00", "late")
    save_client(ClientForm(name=NAME, phone="07700 900462", weekday_rate="18"), client.id)
    logged = [(e.action, e.description) for e in entries()]
    assert logged[0] == ("client_added", f"client {client.id}")
    assert ("invoice_issued", "INV-0001 for £36.00") in logged
    assert ("payment_added", "£10.00 against INV-0001, paid 2026-11-20") in logged
    assert ("payment_removed", "£10.00 against INV-0001, paid 2026-11-20") in logged
    assert ("credit_note", "CN-0001 for £5.00 against INV-0001") in logged
    edited = logged[-1]
    assert edited[0] == "client_edited" and "phone" in edited[1] and NAME not in edited[1]
    with pytest.raises(peewee.IntegrityError, match="never changed"):
        AuditEntry.update(description="nothing happened").execute()
    with pytest.raises(peewee.IntegrityError, match="never changed"):
        AuditEntry.delete().execute()


def test_client_commands_export_erase_and_log(data_dir, tmp_path, capsys):
    database.open_database(database_path(data_dir))
    try:
        from microbiz.foundations.business import start_business

        start_business("Kind Hands Care", "Sam Carter")
        zebediah(invoiced=False)
    finally:
        database.close_database()
    base = ["--data-dir", str(data_dir)]
    out = tmp_path / "zeb.json"
    assert main([*base, "client", "export", "zebediah quillfeather", "--out", str(out)]) == 0
    assert json.loads(out.read_text())["client"]["phone"] == PHONE
    assert main([*base, "client", "erase", NAME]) == 1
    assert "Nothing was erased: add --yes" in capsys.readouterr().err
    automatic_backup(data_dir)
    assert main([*base, "client", "erase", NAME, "--yes"]) == 0
    said = capsys.readouterr().out
    assert "2 of them were delivered but not yet invoiced" in said and f"Erased {NAME}." in said
    assert "1 backups made before the erasure still hold their data" in said
    assert main([*base, "client", "erase", NAME, "--yes"]) == 1
    assert f"There is no client called '{NAME}'" in capsys.readouterr().err
    assert main([*base, "log", "--json"]) == 0
    actions = [row["action"] for row in json.loads(capsys.readouterr().out)]
    assert actions == ["client_added", "client_exported", "client_erased"]


def test_an_erased_client_cannot_be_erased_twice(business):
    client = zebediah(invoiced=False)
    erase_client(client.id)
    with pytest.raises(UserError, match="was erased on 25/11/2026"):
        erase_client(client.id)
