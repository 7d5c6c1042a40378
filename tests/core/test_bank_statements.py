"""Bank statements: three CSV layouts and an OFX file read, credits matched, never twice."""

from __future__ import annotations

from datetime import date

import pytest
from bank_support import BANK
from bank_support import issue_four_invoices

from microbiz.cli import main
from microbiz.foundations import db as database
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Expense
from microbiz.foundations.models import Payment
from microbiz.foundations.paths import database_path
from microbiz.invoicing.bank_files import read_statement
from microbiz.invoicing.bank_statements import propose_matches
from microbiz.invoicing.bank_statements import read_bank_statement
from microbiz.invoicing.payments import summary_of
from microbiz.records.bank_import import apply_import
from microbiz.records.bank_import import suggest_category


@pytest.fixture
def invoices(business):
    issue_four_invoices()


@pytest.fixture
def folder(data_dir):
    """A data folder with the four invoices, closed, for the command line."""
    database.open_database(database_path(data_dir))
    try:
        issue_four_invoices()
    finally:
        database.close_database()
    return data_dir


def run(folder, *args):
    return main(["--data-dir", str(folder), *args])


def matches(name):
    return [
        (p.invoice_number, p.confidence, p.why)
        for p in propose_matches(read_bank_statement(BANK / name))
    ]


@pytest.mark.parametrize(
    ("name", "amounts"),
    [
        ("barclays.csv", [3600, 5000, -2345, 5400, -1500, 10000]),
        ("monzo.csv", [3600, 5400, -4000]),
        ("starling.csv", [7200, -1250, 5400]),
        ("nationwide.ofx", [7200, -1500]),
    ],
)
def test_three_csv_layouts_and_an_ofx_file_are_read(name, amounts):
    statement = read_statement(BANK / name)
    assert [line.amount_pence for line in statement.lines] == amounts
    assert statement.lines[0].day == date(2026, 11, 20)
    assert all(line.description for line in statement.lines)


def test_separate_paid_in_and_out_columns_with_a_bom_and_semicolons():
    lines = read_statement(BANK / "starling.csv").lines
    assert (lines[1].description, lines[1].amount_pence, lines[1].balance_pence) == (
        "HISCOX / Insurance",
        -1250,
        105950,
    )


def test_matches_by_number_reference_and_amount_with_payer_name(invoices):
    assert matches("barclays.csv") == [
        ("INV-0001", "certain", "by invoice number"),
        ("INV-0002", "likely", "by payer's reference"),
        ("", "", ""),
        ("INV-0003", "likely", "by amount and payer's name"),
        ("", "", ""),
        ("", "", "£100.00 is more than the £90.00 still owed on INV-0004"),
    ]


def test_a_number_written_with_a_space_is_certain_and_amount_alone_only_possible(invoices):
    assert matches("monzo.csv")[:2] == [
        ("INV-0001", "certain", "by invoice number"),
        ("INV-0003", "possible", "by amount only"),
    ]


def test_reference_and_ofx_matches(invoices):
    assert matches("starling.csv")[0] == ("INV-0002", "likely", "by payer's reference")
    assert matches("nationwide.ofx")[0] == ("INV-0002", "certain", "by invoice number")


def test_nothing_is_applied_without_apply(folder, capsys):
    assert run(folder, "import", "bank", str(BANK / "barclays.csv")) == 0
    out = capsys.readouterr().out
    assert "20/11/2026 £36.00 M BROWN INV-0001: INV-0001 (certain, by invoice number)" in out
    assert "Nothing recorded: add --apply" in out
    database.open_database(database_path(folder))
    try:
        assert Payment.select().count() == 0
    finally:
        database.close_database()


def test_apply_records_confident_matches_once_and_a_second_import_skips_them(folder, capsys):
    assert run(folder, "import", "bank", str(BANK / "barclays.csv"), "--apply") == 0
    out = capsys.readouterr().out
    assert "Recorded 3 payments and 0 expenses; 3 lines left." in out
    assert "J PIKE INV-0004: no match (£100.00 is more than the £90.00" in out
    assert run(folder, "import", "bank", str(BANK / "barclays.csv"), "--apply") == 0
    again = capsys.readouterr().out
    assert "3 of the 6 lines were imported before and are skipped." in again
    assert "Recorded 0 payments" in again
    database.open_database(database_path(folder))
    try:
        paid = {p.invoice.number: (p.amount_pence, p.method, p.reference) for p in Payment.select()}
        assert paid == {
            "INV-0001": (3600, "bank_transfer", "M BROWN INV-0001"),
            "INV-0002": (5000, "bank_transfer", "LEEDS CITY COUNCIL PO-7781"),
            "INV-0003": (5400, "bank_transfer", "A LAMB"),
        }
        part = summary_of(Payment.get(Payment.amount_pence == 5000).invoice_id)
        assert (part.status, part.balance_pence) == ("part_paid", 2200)
        assert summary_of(4).paid_pence == 0  # the overpayment is not applied
    finally:
        database.close_database()


def test_a_possible_match_is_listed_not_recorded(folder, capsys):
    assert run(folder, "import", "bank", str(BANK / "monzo.csv"), "--apply") == 0
    out = capsys.readouterr().out
    assert "K Smith / PAYMENT: INV-0003 (possible, by amount only), not recorded" in out
    assert "Recorded 1 payment and 0 expenses" in out


def test_debits_kept_as_expenses_with_a_suggested_category(folder, capsys):
    args = ("import", "bank", str(BANK / "barclays.csv"), "--apply", "--expenses")
    assert run(folder, *args) == 0
    assert "Recorded 3 payments and 2 expenses; 1 line left." in capsys.readouterr().out
    database.open_database(database_path(folder))
    try:
        kept = {(e.description, e.amount_pence, e.category, e.paid_on) for e in Expense.select()}
        assert kept == {
            ("TESCO STORES 2231", 2345, "other", date(2026, 11, 22)),
            ("VODAFONE LTD", 1500, "office", date(2026, 11, 24)),
        }
    finally:
        database.close_database()
    assert run(folder, "import", "bank", str(BANK / "barclays.csv"), "--expenses") == 1
    assert capsys.readouterr().err.count("\n") == 1


@pytest.mark.parametrize(
    ("description", "category"),
    [
        ("VODAFONE LTD", "office"),
        ("EE LIMITED", "office"),
        ("SHELL / SHELL LEEDS", "travel"),
        ("HISCOX / Insurance", "premises"),
        ("NCP CAR PARK", "travel"),
        ("TESCO STORES", "other"),
        ("SHELLEY SMITH", "other"),
    ],
)
def test_category_suggested_only_when_plain(description, category):
    assert suggest_category(description) == category


def test_identical_lines_on_one_day_are_both_recorded(invoices, tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text(
        "Date,Description,Amount\n20/11/2026,J PIKE,45.00\n20/11/2026,J PIKE,45.00\n",
        encoding="utf-8",
    )
    proposals = propose_matches(read_bank_statement(path))
    apply_import(proposals, {0: 4, 1: 4}, {})
    assert summary_of(4).status == "paid"
    again = propose_matches(read_bank_statement(path))
    assert [p.seen for p in again] == [True, True]
    with pytest.raises(UserError, match="Line 2 was imported before; nothing saved."):
        apply_import(again, {0: 4}, {})


def test_a_failed_line_saves_nothing(invoices):
    proposals = propose_matches(read_bank_statement(BANK / "barclays.csv"))
    with pytest.raises(UserError, match="more than the £90.00 still owed on INV-0004"):
        apply_import(proposals, {0: 1, 5: 4}, {2: "other"})
    assert (Payment.select().count(), Expense.select().count()) == (0, 0)


def test_an_unknown_layout_needs_a_column_map_once(folder, tmp_path, capsys):
    path = tmp_path / "other-bank.csv"
    path.write_text(
        "Posted,Memo,Value\n2026-11-20,FP INV-0001,36.00\n2026-11-21,CARD ASDA,-9.99\n",
        encoding="utf-8",
    )
    assert run(folder, "import", "bank", str(path)) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--columns" in err and "Posted, Memo, Value" in err
    columns = "date=Posted,description=Memo,amount=Value"
    assert run(folder, "import", "bank", str(path), "--columns", columns) == 0
    assert "INV-0001 (certain" in capsys.readouterr().out
    assert run(folder, "import", "bank", str(path), "--apply") == 0  # the map is remembered
    assert "Recorded 1 payment and 0 expenses" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "text", "problem"),
    [
        ("notes.csv", "Hello,there\nnot,a statement\n", "cannot tell which columns"),
        ("statement.pdf", "%PDF-1.4", "use a .csv, .ofx or .qfx file"),
        ("broken.ofx", "OFXHEADER:100\nnot really\n", "is not an OFX bank statement"),
        ("dates.csv", "Date,Description,Amount\n31/02/2026,X,1.00\n", "'31/02/2026' is not a date"),
        ("money.csv", "Date,Description,Amount\n20/11/2026,X,lots\n", "row 2: 'lots' is not"),
    ],
)
def test_a_file_that_is_not_a_statement_is_one_line(folder, tmp_path, capsys, name, text, problem):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert run(folder, "import", "bank", str(path)) == 1
    err = capsys.readouterr().err
    assert problem in err and err.count("\n") == 1


def test_an_ofx_2_xml_file_is_read(tmp_path):
    path = tmp_path / "statement.ofx"
    path.write_text(OFX2, encoding="utf-8")
    lines = read_statement(path).lines
    assert [(line.day, line.amount_pence, line.description) for line in lines] == [
        (date(2026, 11, 20), 3600, "MARGARET BROWN / INV-0001")
    ]


OFX2 = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
<DTSERVER>20261130120000</DTSERVER><LANGUAGE>ENG</LANGUAGE></SONRS></SIGNONMSGSRSV1>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY>
</STATUS><STMTRS><CURDEF>GBP</CURDEF><BANKACCTFROM><BANKID>070116</BANKID>
<ACCTID>12345678</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM><BANKTRANLIST>
<DTSTART>20261101</DTSTART><DTEND>20261130</DTEND><STMTTRN><TRNTYPE>CREDIT</TRNTYPE>
<DTPOSTED>20261120</DTPOSTED><TRNAMT>36.00</TRNAMT><FITID>1</FITID>
<NAME>MARGARET BROWN</NAME><MEMO>INV-0001</MEMO></STMTTRN></BANKTRANLIST>
<LEDGERBAL><BALAMT>36.00</BALAMT><DTASOF>20261130</DTASOF></LEDGERBAL></STMTRS>
</STMTTRNRS></BANKMSGSRSV1></OFX>
"""
