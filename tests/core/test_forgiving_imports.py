"""Forgiving imports: plain column names, and choice values read by each matching rule."""

from __future__ import annotations

import pytest

from microbiz.cli import main
from microbiz.foundations.models import FUNDING_ROUTES
from microbiz.foundations.models import PAYER_KINDS
from microbiz.foundations.models import POLICY_KINDS
from microbiz.foundations.models import Client
from microbiz.foundations.models import Expense
from microbiz.records.imports import ImportProblems
from microbiz.records.imports import import_clients
from microbiz.records.imports import import_expenses
from microbiz.records.imports import preview_import
from microbiz.records.matching import NoMatch
from microbiz.records.matching import match_choice
from microbiz.tax.expenses import CATEGORY_LABELS


def key(value: str, choices, field: str = "") -> str:
    return match_choice(value, choices, field).key


def test_key_or_label_in_any_case_spacing_or_punctuation():
    assert key("Direct Payment", FUNDING_ROUTES) == "direct_payment"
    assert key("  DIRECT_PAYMENT ", FUNDING_ROUTES) == "direct_payment"
    assert key("self-funded", FUNDING_ROUTES, "funding_route") == "self_funded"
    assert key("Self funded", FUNDING_ROUTES, "funding_route") == "self_funded"
    assert match_choice("Direct Payment", FUNDING_ROUTES).as_written


def test_plurals():
    match = match_choice("direct payments", FUNDING_ROUTES, "funding_route")
    assert (match.key, match.in_words()) == ("direct_payment", "direct payments → Direct Payment")
    assert not match.as_written
    assert key("Bank charges", CATEGORY_LABELS) == "bank_charges"


def test_short_names():
    assert key("insurance", CATEGORY_LABELS, "category") == "premises"
    assert key("Phone", CATEGORY_LABELS, "category") == "office"
    assert key("travel", CATEGORY_LABELS, "category") == "travel"
    assert key("council", FUNDING_ROUTES, "funding_route") == "council"
    assert key("NHS", FUNDING_ROUTES, "funding_route") == "nhs"
    assert key("private", FUNDING_ROUTES, "funding_route") == "self_funded"
    assert key("council", PAYER_KINDS, "payer_kind") == "council"
    assert key("ICO", POLICY_KINDS, "kind") == "ico_fee"


def test_unique_starts():
    assert key("prof", CATEGORY_LABELS) == "professional"
    assert key("Council-comm", FUNDING_ROUTES) == "council"
    assert key("public liab", POLICY_KINDS) == "public_liability"


def test_an_ambiguous_start_is_refused_with_the_choices():
    with pytest.raises(NoMatch) as raised:
        match_choice("the", PAYER_KINDS, "payer_kind")
    assert str(raised.value) == (
        "'the' could be The person supported or The council or The NHS or "
        "The Shared Lives scheme; write more of it (The person supported, "
        "A family member or representative, A managed-account provider, The council, "
        "The NHS, The Shared Lives scheme, Someone else)."
    )
    assert key("the council", PAYER_KINDS) == "council"


def test_too_short_a_start_is_no_guess():
    with pytest.raises(NoMatch, match="^'di' is not one of: Self-funded, Direct Payment"):
        match_choice("di", FUNDING_ROUTES)


def test_plain_headings_and_forgiving_values_import(db, tmp_path):
    path = tmp_path / "clients.csv"
    path.write_text(
        "Name,Funding,Who pays,Payer name,Hourly rate\n"
        "Margaret Brown,direct payments,Family,Ann Brown,18.50\n"
        "Joe Bloggs,self funded,,,\n",
        encoding="utf-8",
    )
    readings: list = []
    assert import_clients(path, readings=readings) == 2
    margaret = Client.get(Client.name == "Margaret Brown")
    assert (margaret.funding_route, margaret.payer_kind) == ("direct_payment", "representative")
    assert [reading.line() for reading in readings] == [
        "row 2: Funding: direct payments → Direct Payment",
        "row 2: Who pays: Family → A family member or representative",
    ]


def test_old_internal_column_names_still_import(db, tmp_path):
    path = tmp_path / "clients.csv"
    path.write_text("name,funding,payer_kind,payer_name\nAl,council,council,Leeds\n", "utf-8")
    assert import_clients(path) == 1
    assert Client.get().payer_kind == "council"


def test_an_unknown_value_is_one_problem_naming_row_column_and_choices(db, tmp_path):
    path = tmp_path / "expenses.csv"
    path.write_text(
        "Date,Amount,Category,Description\n"
        "01/11/2026,5.00,sweets,Treats\n"
        "31/02/2026,5.00,re,Mend\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportProblems) as raised:
        import_expenses(path)
    lines = raised.value.lines
    assert lines[0].startswith("row 2: Category: 'sweets' is not one of: Cost of goods")
    assert lines[1].startswith("row 3: Category: 're' is not one of:")
    assert lines[2] == "row 3: Date: '31/02/2026' is not a real date."
    assert len(lines) == 3
    assert Expense.select().count() == 0


def test_the_preview_and_the_dry_run_say_what_values_were_read_as(data_dir, tmp_path, capsys):
    path = tmp_path / "expenses.csv"
    path.write_text(
        "Date,Amount,Category,Description\n"
        "01/11/2026,12.00,phone,Mobile\n"
        "02/11/2026,3.00,Other business expenses,Stamps\n",
        encoding="utf-8",
    )
    assert main(["--data-dir", str(data_dir), "import", "expenses", str(path), "--dry-run"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Read row 2: Category: phone → Phone, fax, stationery and other office costs",
        "2 expenses would be imported.",
    ]


def test_the_preview_keeps_what_was_written_and_what_it_was_read_as(db, tmp_path):
    path = tmp_path / "clients.csv"
    path.write_text("Name,Who pays,Payer name\nAl,nhs trust,NHS Leeds\n", encoding="utf-8")
    preview = preview_import("clients", path)
    assert preview.columns == ["name", "payer_kind", "payer_name"]
    assert preview.headings == ["Name", "Who pays", "Payer name"]
    assert preview.rows[0].text("payer_kind") == "nhs trust"
    assert preview.readings_at(2) == {}
    assert preview.problems_at(2)["payer_kind"].startswith("'nhs trust' is not one of: ")
    path.write_text("Name,Who pays,Payer name\nAl,family,Bo\n", encoding="utf-8")
    preview = preview_import("clients", path)
    assert preview.readings_at(2) == {"payer_kind": "family → A family member or representative"}
    assert preview.would_import == 1
