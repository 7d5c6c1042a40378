"""The compliance register, reminders around their boundaries, and attached documents."""

from __future__ import annotations

from datetime import date

import pytest

from microbiz.compliance.policies import PolicyForm
from microbiz.compliance.policies import current_policies
from microbiz.compliance.policies import reminders
from microbiz.compliance.policies import save_policy
from microbiz.foundations.attachments import attach_document
from microbiz.foundations.attachments import delete_policy
from microbiz.foundations.attachments import document_path
from microbiz.foundations.attachments import documents_of
from microbiz.foundations.attachments import remove_document
from microbiz.foundations.errors import UserError
from microbiz.foundations.errors import ValidationError
from microbiz.foundations.models import Policy

TODAY = date(2026, 11, 29)


def policy(kind="public_liability", provider="Hiscox", expires="", **more):
    return save_policy(PolicyForm(kind=kind, provider=provider, expires_on=expires, **more))


def states(today=TODAY, within=None):
    return [(r.kind, r.state, r.days_left) for r in reminders(today, within)]


def test_a_policy_is_saved_clean(db):
    saved = policy(
        cover="£5,000,000", starts_on="01/12/2025", expires="30/11/2026", reference="PL-1"
    )
    stored = Policy.get_by_id(saved.id)
    assert (stored.cover_pence, stored.starts_on, stored.expires_on) == (
        500_000_000,
        date(2025, 12, 1),
        date(2026, 11, 30),
    )
    assert PolicyForm.of(stored).cover == "5000000.00"


def test_bad_policies_name_the_field(db):
    with pytest.raises(ValidationError) as raised:
        save_policy(
            PolicyForm(
                kind="magic",
                provider="",
                cover="-1",
                starts_on="02/01/2026",
                expires_on="01/01/2026",
                reminder_days="400",
            )
        )
    problems = raised.value.by_field()
    assert problems["provider"] == "Insurer, issuer or course is required."
    assert problems["cover"] == "Cover amount cannot be negative."
    assert problems["expires_on"] == "Expires or renews on cannot be before Valid from."
    assert (
        problems["reminder_days"] == "Remind me (days before) must be a whole number from 0 to 365."
    )
    assert problems["kind"].startswith("Kind 'magic' is not one of: Public liability insurance")
    assert Policy.select().count() == 0


def test_reminders_at_their_boundaries(db):
    policy("public_liability", expires="29/11/2026")  # due today
    policy("dbs_certificate", "DBS", expires="29/12/2026")  # in exactly 30 days
    policy("ico_fee", "ICO", expires="28/11/2026")  # expired yesterday
    policy("business_car_use", "Aviva", expires="30/12/2026")  # 31 days: not yet
    assert states() == [
        ("ico_fee", "overdue", -1),
        ("public_liability", "due", 0),
        ("dbs_certificate", "due", 30),
    ]
    words = [r.in_words() for r in reminders(TODAY)]
    assert words == ["Expired 1 day ago", "Due today", "Due in 30 days"]


def test_missing_essentials_are_reminded(db):
    policy("dbs_certificate", "DBS")  # no expiry
    assert states() == [("public_liability", "missing", None), ("ico_fee", "missing", None)]
    assert reminders(TODAY)[0].in_words() == "Not on record yet: Public liability insurance"


def test_a_renewed_policy_silences_the_old_one(db):
    policy(expires="01/11/2026")
    assert ("public_liability", "overdue", -28) in states()
    policy(expires="01/11/2027")
    assert [s for s in states() if s[0] == "public_liability"] == []
    assert [p.expires_on for p in current_policies(TODAY) if p.kind == "public_liability"] == [
        date(2027, 11, 1)
    ]


def test_each_training_course_is_its_own(db):
    policy("training_course", "Safeguarding adults", expires="01/12/2026")
    policy("training_course", "First aid", expires="01/06/2028")
    assert [(s[0], s[2]) for s in states() if s[0] == "training_course"] == [("training_course", 2)]


def test_within_overrides_each_items_lead(db):
    policy(expires="20/12/2026", reminder_days="7")
    assert ("public_liability", "due", 21) not in states()
    assert ("public_liability", "due", 21) in states(within=30)


def test_a_document_survives_deleting_the_original(db, data_dir, tmp_path):
    saved = policy()
    scan = tmp_path / "Certificate.PDF"
    scan.write_bytes(b"%PDF-1.4 pretend")
    document = attach_document(scan, data_dir, policy_id=saved.id)
    scan.unlink()
    kept = document_path(document, data_dir)
    assert kept.read_bytes() == b"%PDF-1.4 pretend"
    assert kept.suffix == ".pdf" and document.original_name == "Certificate.PDF"
    assert [d.id for d in documents_of(saved.id)] == [document.id]
    remove_document(document.id, data_dir)
    assert not kept.exists()


def test_deleting_a_policy_removes_its_documents(db, data_dir, tmp_path):
    saved = policy()
    scan = tmp_path / "scan.png"
    scan.write_bytes(b"png")
    kept = document_path(attach_document(scan, data_dir, policy_id=saved.id), data_dir)
    delete_policy(saved.id, data_dir)
    assert not kept.exists() and Policy.select().count() == 0


def test_attaching_a_missing_file_is_refused(db, data_dir, tmp_path):
    saved = policy()
    with pytest.raises(UserError, match="There is no file"):
        attach_document(tmp_path / "gone.pdf", data_dir, policy_id=saved.id)
