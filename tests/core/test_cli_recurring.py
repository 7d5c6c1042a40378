"""`invoice recurring add|list|end`, the Shared Lives settings and the relief in `tax summary`."""

from __future__ import annotations

import json
from datetime import date

from microbiz.cli import main
from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.foundations import db as database
from microbiz.foundations.models import Invoice
from microbiz.invoicing.invoices import add_manual_line
from microbiz.invoicing.invoices import issue_invoice
from microbiz.invoicing.payments import record_payment


def run(folder, *args):
    return main(["--data-dir", str(folder), *args])


def shared_lives_client():
    return save_client(
        ClientForm(
            name="Owen Jones",
            funding_route="shared_lives",
            payer_kind="scheme",
            payer_name="Leeds Shared Lives",
            payer_address="Merrion House, Leeds",
            weekday_rate="18",
        )
    )


def test_recurring_arrangements_from_the_command_line(business, data_dir, capsys):
    shared_lives_client()
    database.close_database()
    add = ["invoice", "recurring", "add", "owen jones", "--amount", "620", "--every", "month"]
    assert run(data_dir, *add, "--from", "16/12/2026", "--description", "Shared Lives") == 0
    assert capsys.readouterr().out == (
        "Added arrangement 1 for Owen Jones: £620.00 every calendar month from 16/12/2026: "
        "Shared Lives.\n"
    )
    assert run(data_dir, "invoice", "generate", "--period", "2026-12") == 0
    assert "Made 1 draft, £320.00 in all." in capsys.readouterr().out
    assert run(data_dir, "invoice", "recurring", "end", "1", "--on", "10/01/2027") == 0
    assert capsys.readouterr().out == "Arrangement 1 ends on 10/01/2027.\n"
    assert run(data_dir, "invoice", "recurring", "list", "--json") == 0
    assert json.loads(capsys.readouterr().out) == [
        {
            "number": 1,
            "client": "Owen Jones",
            "amount": "620.00",
            "every": "month",
            "from": "2026-12-16",
            "to": "2027-01-10",
            "description": "Shared Lives",
        }
    ]


def test_bad_arrangements_are_one_line_each_and_save_nothing(business, data_dir, capsys):
    shared_lives_client()
    database.close_database()
    add = ["invoice", "recurring", "add", "Owen Jones", "--every", "week", "--description", " "]
    assert run(data_dir, *add, "--amount", "-5", "--from", "32/12/2026") == 1
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 3
    assert errors[0].startswith("microbiz: Amount")
    assert errors[1].startswith("microbiz: From")
    assert errors[2] == "microbiz: Description is required."
    assert run(data_dir, "invoice", "recurring", "end", "9") == 1
    assert "There is no recurring arrangement number 9." in capsys.readouterr().err
    assert run(data_dir, "invoice", "recurring", "list") == 0
    assert capsys.readouterr().out == "No recurring arrangements.\n"


def test_a_shared_lives_carer_sees_the_relief_in_the_tax_summary(business, data_dir, capsys):
    client = shared_lives_client()
    invoice = Invoice.create(
        client=client, period_start=date(2026, 12, 1), period_end=date(2026, 12, 31)
    )
    add_manual_line(invoice.id, "Shared Lives care", "1", "50000")
    issue_invoice(invoice.id, date(2026, 12, 31), date_confirmed=True)
    record_payment(invoice.id, "50000", date(2026, 12, 31))
    database.close_database()
    setting = ["business", "set", "--shared-lives-carer", "yes", "--households-sharing", "1"]
    assert run(data_dir, *setting) == 0
    assert capsys.readouterr().out == (
        "Shared Lives carer: yes, 1 carer in the household, "
        "simplified method for qualifying care relief.\n"
    )
    add = ["invoice", "recurring", "add", "Owen Jones", "--amount", "4000", "--every", "month"]
    assert run(data_dir, *add, "--from", "01/04/2026", "--description", "Arrangement") == 0
    capsys.readouterr()
    assert run(data_dir, "tax", "summary", "--year", "2026-27", "--json") == 0
    summary = json.loads(capsys.readouterr().out)
    relief = summary["qualifying_care_relief"]
    assert relief["limit"] == "45925.00"  # £19,690 + 53 weeks x £495
    assert relief["weeks_placed"] == {"Owen Jones": 53}
    assert relief["method"] == "simplified"
    assert "SI 2025/51" in relief["source"]
    assert summary["profit"] == "50000.00"
    assert summary["taxable_profit"] == "4075.00"
    assert summary["tax_to_set_aside"] == "0.00"  # within the Personal Allowance
    assert run(data_dir, "tax", "summary", "--year", "2026-27") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[2].startswith("Qualifying care relief: Shared Lives receipts £50,000.00")
    assert lines[3].startswith("Over the limit: simplified method chosen, taxable profit £4,075.00")
    assert run(data_dir, "business", "set", "--care-relief-method", "best") == 1
    assert "Care relief method: simplified or normal." in capsys.readouterr().err
