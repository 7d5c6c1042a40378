"""Checklist templates: validation by line and field, starting, progress and completing items."""

from __future__ import annotations

from datetime import date

import pytest

from microbiz.compliance.checklists import ItemForm
from microbiz.compliance.checklists import TemplateProblems
from microbiz.compliance.checklists import complete_with_policy
from microbiz.compliance.checklists import import_template
from microbiz.compliance.checklists import items_of
from microbiz.compliance.checklists import progress_of
from microbiz.compliance.checklists import read_template
from microbiz.compliance.checklists import start_checklist
from microbiz.compliance.checklists import template_paths
from microbiz.compliance.checklists import update_item
from microbiz.compliance.policies import PolicyForm
from microbiz.compliance.policies import save_policy
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Checklist

GOOD = """\
title = "Getting going in Leeds"
version = "2"
author = "Leeds Micro-enterprise Programme"

[[items]]
id = "insurance"
title = "Get public liability insurance"
why = "Councils ask for it."
compliance_kind = "public_liability"
due_days = 14

[[items]]
id = "network"
title = "Come to a members' meeting"
link = "https://example.org/meetings"
link_text = "Meeting dates"
"""

BAD = """\
version = "2"
colour = "blue"

[[items]]
id = "insurance"
title = "Get insurance"

[[items]]
id = "insurance"
title = "Again"
due_days = -3

[[items]]
id = "Bad Id"
link = "example.org"
compliance_kind = "magic"
"""


def write(tmp_path, text, name="leeds-start.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_template_is_read(tmp_path):
    template = read_template(write(tmp_path, GOOD))
    assert (template.name, template.title, template.author) == (
        "leeds-start",
        "Getting going in Leeds",
        "Leeds Micro-enterprise Programme",
    )
    assert [i.id for i in template.items] == ["insurance", "network"]
    assert template.items[0].due_days == 14


def test_every_problem_is_named_by_line_and_field(tmp_path):
    with pytest.raises(TemplateProblems) as raised:
        read_template(write(tmp_path, BAD))
    assert raised.value.lines == [
        "line 1: title: missing (the checklist needs a title)",
        "line 2: colour: unknown field",
        "line 9: items[2].id: 'insurance' is already used by items[1]",
        "line 11: items[2].due_days: must be a whole number of days, 0 or more",
        "line 13: items[3].title: missing",
        "line 14: items[3].id: 'Bad Id' must be lower-case letters, digits and dashes",
        "line 15: items[3].link: must start with https:// or http://",
        "line 13: items[3].link_text: missing (say what the link is)",
        "line 16: items[3].compliance_kind: 'magic' is not one of: public_liability, "
        "professional_indemnity, employers_liability, business_car_use, dbs_certificate, "
        "dbs_update_service, training_course, ico_fee, cqc_decision, other",
    ]


def test_bad_toml_names_its_line(tmp_path):
    with pytest.raises(TemplateProblems) as raised:
        read_template(write(tmp_path, 'title = "x"\n\n[[items]]\nid = \n'))
    assert len(raised.value.lines) == 1
    assert raised.value.lines[0].startswith("line 4: not valid TOML: ")


def test_importing_installs_and_starts_or_installs_nothing(db, data_dir, tmp_path):
    with pytest.raises(TemplateProblems):
        import_template(write(tmp_path, BAD), data_dir)
    assert not (data_dir / "checklists").exists() or not list((data_dir / "checklists").iterdir())
    assert Checklist.select().count() == 0

    checklist = import_template(write(tmp_path, GOOD), data_dir, today=date(2026, 11, 1))
    assert (data_dir / "checklists" / "leeds-start.toml").exists()
    assert "leeds-start" in template_paths(data_dir)
    items = items_of(checklist)
    assert [(i.item_key, i.due_on, i.status) for i in items] == [
        ("insurance", date(2026, 11, 15), "todo"),
        ("network", None, "todo"),
    ]
    with pytest.raises(UserError, match="already a checklist called 'leeds-start'"):
        import_template(write(tmp_path, GOOD), data_dir)


def test_progress_and_completing_items(db, data_dir, tmp_path):
    checklist = import_template(write(tmp_path, GOOD), data_dir)
    insurance, network = items_of(checklist)
    assert progress_of(checklist).in_words() == "0 of 2 done"
    held = save_policy(PolicyForm(kind="public_liability", provider="Hiscox"))
    done = complete_with_policy(insurance.id, held.id, today=date(2026, 11, 29))
    assert (done.status, done.done_on, done.policy_id) == ("done", date(2026, 11, 29), held.id)
    update_item(network.id, ItemForm(status="Not applicable", notes="No meetings near me"))
    assert progress_of(checklist).in_words() == "1 of 2 done, 1 not applicable"
    again = update_item(insurance.id, ItemForm(status="doing"))
    assert (again.done_on, again.policy_id) == (None, None)
    with pytest.raises(UserError, match="no checklist item number 999"):
        complete_with_policy(999, held.id)


def test_the_default_template_starts(db, data_dir):
    checklist = start_checklist("england-start-up", data_dir, today=date(2026, 11, 29))
    assert checklist.title == "Starting a care micro-enterprise in England"
    assert len(items_of(checklist)) >= 20
    with pytest.raises(UserError, match="already have the checklist"):
        start_checklist("england-start-up", data_dir)
    with pytest.raises(UserError, match="no checklist template called 'nope'"):
        start_checklist("nope", data_dir)
