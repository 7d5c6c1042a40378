"""Checklist items about a register record take their state from the register."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader

from microbiz.cli import main
from microbiz.compliance.checklists import ItemForm
from microbiz.compliance.checklists import TemplateProblems
from microbiz.compliance.checklists import complete_with_policy
from microbiz.compliance.checklists import import_template
from microbiz.compliance.checklists import items_of
from microbiz.compliance.checklists import progress_of
from microbiz.compliance.checklists import start_checklist
from microbiz.compliance.checklists import update_item
from microbiz.compliance.evidence import print_checklist
from microbiz.compliance.policies import PolicyForm
from microbiz.compliance.policies import save_policy
from microbiz.compliance.standing import standing_of
from microbiz.foundations import db as database
from microbiz.foundations.models import ChecklistItem
from microbiz.foundations.paths import database_path

TODAY = date(2026, 11, 25)
SHARED = """\
title = "Leeds carers"

[[items]]
id = "food-hygiene"
title = "Take food hygiene training"
compliance_kind = "training_course"
"""


def record(kind: str, provider: str, expires: str = "", reminder: str = "30"):
    return save_policy(
        PolicyForm(kind=kind, provider=provider, expires_on=expires, reminder_days=reminder)
    )


def item(key: str) -> ChecklistItem:
    return ChecklistItem.get(ChecklistItem.item_key == key)


@pytest.fixture
def england(db, data_dir):
    return start_checklist("england-start-up", data_dir, today=date(2026, 6, 1))


def test_an_expired_ico_fee_shows_expired_even_when_ticked_done(england):
    fee = record("ico_fee", "Information Commissioner's Office", "20/11/2026")
    complete_with_policy(item("ico-fee").id, fee.id, today=date(2026, 1, 2))
    standing = standing_of(item("ico-fee"), TODAY)
    assert (standing.state, standing.words) == ("expired", "Expired on 20/11/2026")
    assert standing.policy == fee
    assert not standing.done


def test_current_training_shows_current_with_its_date(england):
    record("training_course", "Emergency First Aid at Work", "14/03/2028")
    standing = standing_of(item("first-aid-training"), TODAY)
    assert (standing.state, standing.words) == ("current", "Current until 14/03/2028")
    assert (standing.label, standing.brief) == ("Current", "Current to 14/03/2028")
    assert standing_of(item("safeguarding-training"), TODAY).state == "missing"


def test_missing_records_show_missing_and_soon_ones_expiring(england):
    assert standing_of(item("dbs-check"), TODAY).words == "Missing: not in your register yet"
    record("public_liability", "Hiscox", "10/12/2026", reminder="30")
    soon = standing_of(item("public-liability"), TODAY)
    assert (soon.state, soon.words) == ("expires_soon", "Expires soon, on 10/12/2026")
    assert soon.done
    record("dbs_certificate", "DBS (via uCheck)")
    assert standing_of(item("dbs-check"), TODAY).words == "Current, no expiry date"


def test_the_latest_record_of_a_kind_decides(england):
    record("ico_fee", "ICO", "20/11/2026")
    record("ico_fee", "ICO", "20/11/2027")
    assert standing_of(item("ico-fee"), TODAY).words == "Current until 20/11/2027"


def test_not_applicable_holds_only_while_nothing_is_on_record(england):
    employers = item("employers-liability")
    update_item(employers.id, ItemForm(status="not_applicable"))
    assert standing_of(item("employers-liability"), TODAY).state == "not_applicable"
    record("employers_liability", "Hiscox", "01/01/2027")
    assert standing_of(item("employers-liability"), TODAY).state == "current"


def test_progress_counts_the_register(england):
    assert progress_of(england, TODAY).in_words() == "0 of 26 done"
    record("ico_fee", "ICO", "20/11/2027")
    record("training_course", "First aid", "20/11/2020")
    update_item(item("paye").id, ItemForm(status="not_applicable"))
    assert progress_of(england, TODAY).in_words() == "1 of 26 done, 1 not applicable"


def test_a_shared_template_course_follows_the_record_linked_to_it(db, data_dir, tmp_path):
    path = tmp_path / "leeds.toml"
    path.write_text(SHARED, encoding="utf-8")
    checklist = import_template(path, data_dir)
    (hygiene,) = items_of(checklist)
    record("training_course", "Level 2 food safety", "01/01/2027")
    assert standing_of(hygiene, TODAY).state == "missing"
    linked = record("training_course", "Food hygiene", "01/01/2026")
    hygiene = complete_with_policy(hygiene.id, linked.id)
    assert standing_of(hygiene, TODAY).words == "Expired on 01/01/2026"
    record("training_course", "food hygiene", "01/01/2029")
    assert standing_of(hygiene, TODAY).words == "Current until 01/01/2029"


def test_course_words_are_only_for_courses(tmp_path, db, data_dir):
    path = tmp_path / "odd.toml"
    path.write_text(SHARED.replace("training_course", "ico_fee") + 'course = "x"\n')
    with pytest.raises(TemplateProblems) as raised:
        import_template(path, data_dir)
    assert raised.value.lines == [
        "line 7: items[1].course: only for a compliance_kind of training_course or other"
    ]


def test_the_cli_listing_says_the_same(data_dir, capsys, monkeypatch):
    monkeypatch.setenv("MICROBIZ_NOW", "2026-11-25T12:00")
    database.open_database(database_path(data_dir))
    try:
        start_checklist("england-start-up", data_dir, today=date(2026, 6, 1))
        record("ico_fee", "ICO", "20/11/2026")
        record("training_course", "First aid at work", "14/03/2028")
    finally:
        database.close_database()
    assert main(["--data-dir", str(data_dir), "checklist", "show", "england-start-up"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Starting a care micro-enterprise in England: 1 of 26 done"
    assert "[Expired on 20/11/2026] Pay the ICO data protection fee, due 01/07/2026" in out
    assert "[Current until 14/03/2028] Take first aid training" in out
    assert (
        "[Missing: not in your register yet] Get public liability insurance, due 08/06/2026" in out
    )


def test_the_printed_checklist_takes_the_register_state(england, business, tmp_path):
    fee = record("ico_fee", "Information Commissioner's Office", "20/11/2026")
    complete_with_policy(item("ico-fee").id, fee.id, today=date(2026, 1, 2))
    record("training_course", "Emergency First Aid at Work", "14/03/2028")
    path = print_checklist(england.name, tmp_path / "list.pdf", TODAY)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)
    assert "Expired on 20/11/2026" in text and "Current until 14/03/2028" in text
    assert "1 of 26 done" in text
