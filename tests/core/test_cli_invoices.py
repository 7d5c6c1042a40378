"""The invoicing commands: generate, list, pdf, credit and payment add."""

from __future__ import annotations

import json

from pypdf import PdfReader

from microbiz.cli import main
from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.foundations import db as database
from microbiz.foundations.business import BusinessForm
from microbiz.foundations.business import save_business
from microbiz.foundations.paths import database_path
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import save_visit


def run(folder, *args):
    return main(["--data-dir", str(folder), *args])


def setup_month(folder):
    database.open_database(database_path(folder))
    try:
        save_business(
            BusinessForm(
                trading_name="Kind Hands Care",
                owner_name="Jo Whitaker",
                address="14 Moorland Avenue, Leeds",
                postcode="LS6 1AL",
                bank_account_name="J Whitaker",
                bank_sort_code="601613",
                bank_account_number="31926819",
            )
        )
        people = (
            ("Margaret Brown", ""),
            ("Tom Jones", "Leeds City Council"),
            ("Vera Lamb", "Leeds City Council"),
        )
        for name, payer in people:
            kind = "council" if payer else "person"
            client = save_client(
                ClientForm(
                    name=name,
                    weekday_rate="18",
                    payer_kind=kind,
                    payer_name=payer,
                    payer_address="Merrion House, Leeds" if payer else "",
                )
            )
            form = VisitForm(
                client.id, support_visit_type(client).id, "02/11/2026", "09:00", "11:00"
            )
            save_visit(form, allow_overlap=True)
        save_client(ClientForm(name="Ann Idle", weekday_rate="18"))
    finally:
        database.close_database()


def test_month_end_from_the_command_line(data_dir, tmp_path, capsys):
    setup_month(data_dir)
    args = ["invoice", "generate", "--period", "2026-11", "--issue", "--date", "30/11/2026"]
    assert run(data_dir, *args) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "Skipped Ann Idle: no delivered visits to invoice in this period.",
        "Made 3 drafts, £108.00 in all.",
        "Issued INV-0001 to Margaret Brown: £36.00",
        "Issued INV-0002 to Leeds City Council: £36.00",
        "Issued INV-0003 to Leeds City Council: £36.00",
    ]

    assert run(data_dir, "payment", "add", "inv-0002", "£10", "--date", "01/12/2026") == 0
    assert "£26.00 still owed (Part-paid)" in capsys.readouterr().out
    assert run(data_dir, "payment", "add", "INV-0002", "30") == 1
    assert "£30.00 is more than the £26.00 still owed" in capsys.readouterr().err

    assert run(data_dir, "invoice", "credit", "INV-0001", "--reason", "Wrong rate") == 0
    assert "Issued credit note CN-0001 for £36.00 against INV-0001." in capsys.readouterr().out

    assert run(data_dir, "invoice", "list", "--json") == 0
    listed = {i["number"]: i for i in json.loads(capsys.readouterr().out)}
    assert listed["INV-0001"]["status"] == "credited"
    assert (listed["INV-0002"]["paid"], listed["INV-0002"]["balance"]) == ("10.00", "26.00")
    assert listed["INV-0002"]["period"] == ["2026-11-01", "2026-11-30"]

    out_dir = tmp_path / "pdfs"
    assert run(data_dir, "invoice", "pdf", "--all", "--out", str(out_dir)) == 0
    assert sorted(p.name for p in out_dir.iterdir()) == [f"INV-000{n}.pdf" for n in (1, 2, 3)]
    text = PdfReader(out_dir / "INV-0002.pdf").pages[0].extract_text()
    assert "INV-0002" in text and "Leeds City Council" in text and "31926819" in text


def test_invoice_command_errors_are_one_line(data_dir, capsys):
    setup_month(data_dir)
    assert run(data_dir, "invoice", "generate", "--period", "2026-13") == 1
    assert "not a month like 2026-11" in capsys.readouterr().err
    assert run(data_dir, "invoice", "pdf", "--out", "x") == 1
    assert "give invoice numbers or --all" in capsys.readouterr().err
    assert run(data_dir, "payment", "add", "INV-0099", "5") == 1
    assert capsys.readouterr().err.strip() == "microbiz: There is no invoice INV-0099."


def test_one_invoice_per_payer_from_the_command_line(data_dir, capsys):
    setup_month(data_dir)
    args = ["invoice", "generate", "--period", "2026-11", "--per", "payer", "--issue"]
    assert run(data_dir, *args) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1:] == [
        "Made 2 drafts, £108.00 in all.",
        "Issued INV-0001 to Margaret Brown: £36.00",
        "Issued INV-0002 to Leeds City Council: £72.00",
    ]
    assert run(data_dir, "invoice", "generate", "--period", "2026-11", "--per", "month") == 1
    assert "invalid choice: 'month'" in capsys.readouterr().err


def test_drafts_are_listed_with_a_number_and_issued_by_it(data_dir, capsys):
    setup_month(data_dir)
    assert run(data_dir, "invoice", "generate", "--period", "2026-11") == 0
    capsys.readouterr()
    assert run(data_dir, "invoice", "list") == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in listed] == [["Draft", "3"], ["Draft", "2"], ["Draft", "1"]]
    assert run(data_dir, "invoice", "list", "--json") == 0
    assert [i["draft"] for i in json.loads(capsys.readouterr().out)] == [3, 2, 1]

    assert run(data_dir, "invoice", "issue", "2", "Draft 1", "--date", "30/11/2026") == 0
    assert capsys.readouterr().out.splitlines() == [
        "Issued INV-0001 to Leeds City Council: £36.00",
        "Issued INV-0002 to Margaret Brown: £36.00",
    ]
    assert run(data_dir, "invoice", "issue", "--drafts", "--period", "2026-10") == 1
    assert capsys.readouterr().err.strip() == "microbiz: There are no drafts to issue."
    assert run(data_dir, "invoice", "issue", "--drafts", "--period", "2026-11") == 0
    assert capsys.readouterr().out.splitlines() == ["Issued INV-0003 to Leeds City Council: £36.00"]
    assert run(data_dir, "invoice", "issue", "1") == 1
    assert "has been issued, so it cannot be changed" in capsys.readouterr().err


def test_an_issue_date_a_year_away_needs_confirming(data_dir, capsys):
    setup_month(data_dir)
    args = ["invoice", "generate", "--period", "2026-11", "--issue", "--date", "30/11/2028"]
    assert run(data_dir, *args) == 1
    err = capsys.readouterr().err
    assert "The issue date 30/11/2028 is more than a year from today (25/11/2026)" in err
    assert "Add --confirm-date" in err
    assert run(data_dir, "invoice", "list", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []  # nothing was made or issued
    assert run(data_dir, *args, "--confirm-date") == 0
    assert "Issued INV-0001" in capsys.readouterr().out


def test_issue_needs_drafts_named_or_all(data_dir, capsys):
    setup_month(data_dir)
    assert run(data_dir, "invoice", "issue") == 1
    assert "give draft numbers or --drafts" in capsys.readouterr().err
    assert run(data_dir, "invoice", "issue", "x7") == 1
    assert "'x7' is not a draft number like 12" in capsys.readouterr().err
    assert run(data_dir, "invoice", "issue", "7", "--period", "2026-11") == 1
    assert "--period goes with --drafts" in capsys.readouterr().err
