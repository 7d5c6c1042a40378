"""Expenses and journeys imports, and the tax commands."""

from __future__ import annotations

import json
from datetime import date

from openpyxl import load_workbook

from microbiz.cli import main
from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.foundations import db as database
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import save_visit
from microbiz.invoicing.invoices import create_draft
from microbiz.invoicing.invoices import issue_invoice
from microbiz.invoicing.payments import record_payment

EXPENSES_CSV = (
    "Date,Amount,Category,Description,Supplier\n"
    "03/05/2026,£18.00,office,Phone,Vodafone\n"
    '2026-08-01,"£1,200.00",Rent rates power and insurance costs,Insurance,Hiscox\n'
    ",,,,\n"
)
BAD_EXPENSES_CSV = (
    "date,amount,category,description,client\n"
    "31/13/2026,5,office,Pens,\n"
    "01/05/2026,five pounds,office,Pens,\n"
    "01/05/2026,5,office,Pens,Nobody\n"
)
JOURNEYS_CSV = (
    "date,miles,purpose,client,vehicle\n"
    "10/04/2026,12.5,Visits,,car\n"
    "11/04/2026,10,Visits,,motorcycle\n"
)


def run(folder, *args):
    return main(["--data-dir", str(folder), *args])


def test_expenses_and_journeys_make_the_tax_summary(data_dir, tmp_path, capsys):
    expenses = tmp_path / "expenses.csv"
    expenses.write_text(EXPENSES_CSV, encoding="utf-8")
    journeys = tmp_path / "journeys.csv"
    journeys.write_text(JOURNEYS_CSV, encoding="utf-8")
    assert run(data_dir, "import", "expenses", str(expenses)) == 0
    assert run(data_dir, "import", "journeys", str(journeys)) == 0
    assert capsys.readouterr().out.splitlines() == ["Imported 2 expenses.", "Imported 2 journeys."]

    assert run(data_dir, "tax", "summary", "--year", "2026-27", "--json") == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["tax_year"] == "2026-27"
    assert (summary["start"], summary["end"]) == ("2026-04-06", "2027-04-05")
    assert summary["expenses"] == {"premises": "1200.00", "office": "18.00"}
    # 12.5 miles at 45p = 562.5p -> 563p; 10 motorcycle miles at 24p = 240p
    assert (summary["mileage_miles"], summary["mileage_allowance"]) == ("22.5", "8.03")
    assert summary["total_expenses"] == "1226.03"
    assert summary["profit"] == "-1226.03"
    assert summary["sa103s_boxes"] == {"12": "8.03", "14": "1200.00", "18": "18.00"}
    assert [q["deadline"] for q in summary["quarters"]] == [
        "2026-08-07",
        "2026-11-07",
        "2027-02-07",
        "2027-05-07",
    ]
    assert summary["quarters"][0]["expenses_ytd"] == "26.03"
    assert summary["quarters"][1]["expenses_ytd"] == "1226.03"

    assert run(data_dir, "tax", "summary", "--year", "2026-27", "--quarter", "1", "--json") == 0
    first = json.loads(capsys.readouterr().out)
    assert (first["end"], first["total_expenses"]) == ("2026-07-05", "26.03")

    out = tmp_path / "mtd.xlsx"
    assert run(data_dir, "tax", "export", "--year", "2026-27", "--out", str(out)) == 0
    sheet = load_workbook(out)["MTD 2026-27"]
    rows = {row[0].value: [c.value for c in row[1:]] for row in sheet.iter_rows(min_row=2)}
    assert rows["Phone, fax, stationery and other office costs"] == [18, 18, 18, 18]
    assert rows["Update due by"] == ["07/08/2026", "07/11/2026", "07/02/2027", "07/05/2027"]


def test_bad_expense_rows_import_nothing(data_dir, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_EXPENSES_CSV, encoding="utf-8")
    assert run(data_dir, "import", "expenses", str(bad)) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[:3] == [
        "row 2: Date: '31/13/2026' is not a real date.",
        "row 3: Amount: 'five pounds' is not an amount of money (try 18.50 or £1,234.50).",
        "row 4: Client: there is no client called 'Nobody'",
    ]
    assert run(data_dir, "tax", "summary", "--year", "2026", "--json") == 0
    assert json.loads(capsys.readouterr().out)["expenses"] == {}


def test_a_bad_tax_year_is_one_line(data_dir, capsys):
    assert run(data_dir, "tax", "summary", "--year", "26-27") == 1
    assert "not a tax year like 2026-27" in capsys.readouterr().err


def test_the_summary_says_what_to_set_aside_and_whether_mtd_applies(business, data_dir, capsys):
    client = save_client(ClientForm(name="Edna Shaw", weekday_rate="20000"))
    form = VisitForm(client.id, support_visit_type(client).id, "02/11/2026", "09:00", "10:30")
    save_visit(form)
    invoice = issue_invoice(create_draft(client.id, date(2026, 11, 1), date(2026, 11, 30)).id)
    record_payment(invoice.id, "30000", date(2026, 11, 20))  # a £30,000 profit this year
    database.close_database()

    assert run(data_dir, "tax", "summary", "--year", "2026-27", "--json") == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["income_tax"], summary["class4_nic"], summary["class2_nic"]) == (
        "3486.00",
        "1045.80",
        "0.00",
    )
    assert summary["tax_to_set_aside"] == "4531.80"
    assert summary["mtd_needed"] is False
    assert not any(q["deadline_passed"] for q in summary["quarters"])

    assert run(data_dir, "tax", "summary", "--year", "2026-27") == 0
    lines = capsys.readouterr().out.splitlines()
    assert "Tax to set aside: £4,531.80 (estimate at 2026-27 rates" in lines[2]
    assert "Making Tax Digital: applies to you from 06/04/2028, not this year." in lines
    assert "not needed, would be due 07/08/2026" in lines[-4]
