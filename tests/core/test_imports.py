"""Importing clients from spreadsheets: all rows checked, then all saved or none."""

from __future__ import annotations

from datetime import date
from datetime import datetime

import pytest
from openpyxl import Workbook

from microbiz.clients.details import ClientForm
from microbiz.clients.details import find_client
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Client
from microbiz.records.imports import ImportProblems
from microbiz.records.imports import import_clients

GOOD_CSV = (
    "Name,Funding,Payer Name,Payer Address,Payer Email,Address,Postcode,Phone,Email,"
    "Contracted Hours,Weekday Rate,Weekend Rate,Bank Holiday Rate,Start Date,Payer Reference\n"
    "Margaret Brown,Direct Payment,,,,4 Mill Lane,ls21 1ab,0113 496 0001,m.brown@example.com,"
    "12.5,£18.50,£20.35,£27.75,31/12/2026,\n"
    "Arjun Patel,council,Leeds City Council,Merrion House,asc@leeds.example,2 Beck Road,,,,"
    "7:30,20,,,2026-01-05,PO 4500123\n"
    "Siobhan O'Neill,Shared Lives scheme,Leeds Shared Lives,,,,,,,,,,,,\n"
    "Harold Wood,Direct Payment,Karen Wood,,,,,,,,,,,,\n"
    "Dorothy Smith,,,,,,,,,,,,,,\n"
    ",,,,,,,,,,,,,,\n"
    ",,,,,,,,,,,,,,\n"
)


def write_csv(tmp_path, text, name="clients.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8-sig")
    return path


def write_xlsx(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_good_csv_imports_every_client(db, tmp_path):
    assert import_clients(write_csv(tmp_path, GOOD_CSV)) == 5
    margaret = find_client("Margaret Brown")
    assert margaret.postcode == "LS21 1AB"
    assert margaret.funding_route == "direct_payment"
    assert margaret.payer_kind == "person"
    assert margaret.contracted_minutes == 750
    assert margaret.start_date == date(2026, 12, 31)
    support = support_visit_type(margaret)
    assert (
        support.weekday_rate_pence,
        support.weekend_rate_pence,
        support.bank_holiday_rate_pence,
    ) == (1850, 2035, 2775)
    arjun = find_client("Arjun Patel")
    assert (arjun.payer_kind, arjun.payer_reference) == ("council", "PO 4500123")
    assert arjun.contracted_minutes == 450
    assert support_visit_type(arjun).bank_holiday_rate_pence == 2000
    assert find_client("Siobhan O'Neill").payer_kind == "scheme"
    assert find_client("Harold Wood").payer_kind == "representative"
    dorothy = find_client("Dorothy Smith")
    assert (dorothy.funding_route, dorothy.payer_kind) == ("self_funded", "person")
    assert support_visit_type(dorothy) is None


def test_good_xlsx_with_numbers_and_real_dates(db, tmp_path):
    path = write_xlsx(
        tmp_path / "clients.xlsx",
        [
            ["NAME", "Funding", "Contracted-Hours", "Weekday rate", "Start date", "Payer name"],
            ["Margaret Brown", "Direct Payment", 12.5, 18.5, datetime(2026, 12, 31), None],
            ["Raymond Lewis", "NHS", 40, 24, date(2025, 4, 6), "NHS West Yorkshire ICB"],
            [None, None, None, None, None, None],
        ],
    )
    assert import_clients(path) == 2
    margaret = find_client("Margaret Brown")
    assert margaret.start_date == date(2026, 12, 31)
    assert margaret.contracted_minutes == 750
    assert support_visit_type(margaret).weekday_rate_pence == 1850
    raymond = find_client("Raymond Lewis")
    assert (raymond.funding_route, raymond.payer_kind) == ("nhs", "nhs")
    assert support_visit_type(raymond).weekend_rate_pence == 2400


def test_bad_rows_are_all_listed_and_nothing_is_imported(db, tmp_path):
    save_client(ClientForm(name="Joan Walker"))
    path = write_csv(
        tmp_path,
        "name,email,contracted_hours,weekday_rate,funding\n"
        "Margaret Brown,m@example.com,12,18.50,Direct Payment\n"
        "Bob Smith,bob@,12,abc,Direct Payment\n"
        "joan walker,,200,,lottery\n",
    )
    with pytest.raises(ImportProblems) as raised:
        import_clients(path)
    assert raised.value.lines == [
        "row 3: Email: 'bob@' is not a valid email address (like name@example.com).",
        "row 3: Weekday rate: 'abc' is not an amount of money (try 18.50 or £1,234.50).",
        "row 4: Funding: 'lottery' is not one of: Self-funded, Direct Payment, "
        "Council-commissioned, NHS / personal health budget, Shared Lives scheme, Other.",
        "row 4: Contracted hours: cannot be more than 168.",
        "row 4: Name: a client called 'joan walker' already exists",
    ]
    assert str(raised.value) == "nothing was imported: 5 problems found"
    assert Client.select().count() == 1


def test_a_name_twice_in_the_file_is_refused(db, tmp_path):
    path = write_csv(tmp_path, "name\nMargaret Brown\nArjun Patel\nmargaret  brown\n")
    with pytest.raises(ImportProblems) as raised:
        import_clients(path)
    assert raised.value.lines == [
        "row 4: Name: a client called 'margaret brown' is already on row 2"
    ]
    assert Client.select().count() == 0


def test_blank_name_in_a_row_with_other_values(db, tmp_path):
    path = write_csv(tmp_path, "name,phone\nMargaret Brown,\n,0113 496 0000\n")
    with pytest.raises(ImportProblems) as raised:
        import_clients(path)
    assert raised.value.lines == ["row 3: Name: is required."]


def test_payer_kind_given_needs_a_payer_name(db, tmp_path):
    path = write_csv(tmp_path, "name,payer_kind\nMargaret Brown,The council\n")
    with pytest.raises(ImportProblems) as raised:
        import_clients(path)
    assert raised.value.lines == ["row 2: Payer name: is required when someone else pays."]


def test_status_column_sets_the_status(db, tmp_path):
    path = write_csv(
        tmp_path, "name,status\nMargaret Brown,Ended\nArjun Patel,\nJoan Walker,gone\n"
    )
    with pytest.raises(ImportProblems) as raised:
        import_clients(path)
    assert raised.value.lines == ["row 4: Status: 'gone' is not one of: Active, Paused, Ended."]
    import_clients(write_csv(tmp_path, "name,status\nMargaret Brown,Ended\nArjun Patel,\n"))
    assert find_client("Margaret Brown").status == "ended"
    assert find_client("Arjun Patel").status == "active"


def test_dry_run_checks_but_saves_nothing(db, tmp_path):
    assert import_clients(write_csv(tmp_path, GOOD_CSV), dry_run=True) == 5
    assert Client.select().count() == 0


def test_missing_name_column(db, tmp_path):
    path = write_csv(tmp_path, "Full name,Email\nMargaret Brown,m@example.com\n")
    with pytest.raises(UserError, match="^missing column: Name$"):
        import_clients(path)


def test_unknown_column_is_refused_so_nothing_is_silently_dropped(db, tmp_path):
    path = write_csv(tmp_path, "name,weekday rates\nMargaret Brown,18.50\n")
    with pytest.raises(UserError, match="unknown column: weekday_rates"):
        import_clients(path)


def test_heading_row_only(db, tmp_path):
    with pytest.raises(UserError, match="has a heading row but no clients"):
        import_clients(write_csv(tmp_path, "name,email\n,\n"))


def test_wrong_extension_and_missing_file(db, tmp_path):
    with pytest.raises(UserError, match="use a .csv or .xlsx file"):
        import_clients(write_csv(tmp_path, GOOD_CSV, name="clients.txt"))
    with pytest.raises(UserError, match="There is no file at"):
        import_clients(tmp_path / "missing.xlsx")
