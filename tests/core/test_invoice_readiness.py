"""Nothing is issued until complete: the seller's address, a way to pay, the payer's address."""

from __future__ import annotations

from datetime import date

import pytest

from microbiz.cli import main
from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.foundations.business import BusinessForm
from microbiz.foundations.business import save_business
from microbiz.foundations.business import start_business
from microbiz.foundations.models import Business
from microbiz.foundations.models import Invoice
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import save_visit
from microbiz.invoicing.documents import issue_and_write
from microbiz.invoicing.invoices import create_draft
from microbiz.invoicing.invoices import issue_invoice
from microbiz.invoicing.readiness import CLIENT
from microbiz.invoicing.readiness import SETTINGS
from microbiz.invoicing.readiness import NotReady
from microbiz.invoicing.readiness import missing_to_issue

NOV_1, NOV_30 = date(2026, 11, 1), date(2026, 11, 30)
COMPLETE = {
    "trading_name": "Kind Hands Care",
    "owner_name": "Jo Whitaker",
    "address": "14 Moorland Avenue, Leeds",
    "postcode": "LS6 1AL",
    "bank_account_name": "J Whitaker",
    "bank_sort_code": "60-16-13",
    "bank_account_number": "31926819",
}


def draft_for(payer_kind="person", payer_name="", payer_address="", name="Margaret Brown"):
    client = client_with_a_visit(payer_kind, payer_name, payer_address, name)
    return create_draft(client.id, NOV_1, NOV_30)


def client_with_a_visit(
    payer_kind="person", payer_name="", payer_address="", name="Margaret Brown"
):
    client = save_client(
        ClientForm(
            name=name,
            weekday_rate="18",
            payer_kind=payer_kind,
            payer_name=payer_name,
            payer_address=payer_address,
        )
    )
    form = VisitForm(client.id, support_visit_type(client).id, "02/11/2026", "09:00", "11:00")
    save_visit(form, allow_overlap=True)
    return client


def words(invoice):
    return [item.words for item in missing_to_issue([invoice])]


def test_a_complete_business_and_a_private_payer_can_issue(business):
    assert words(draft_for()) == []


def test_a_new_business_is_told_every_missing_item_and_nothing_is_issued(db):
    start_business("Kind Hands Care", "Jo Whitaker")
    draft = draft_for()
    with pytest.raises(NotReady) as refused:
        issue_invoice(draft.id, NOV_30)
    assert str(refused.value) == (
        "cannot issue yet: add your business address and postcode, and your bank details "
        "(or how to pay you) (Settings, or microbiz business set ...)"
    )
    assert [item.where for item in refused.value.missing] == [SETTINGS, SETTINGS]
    kept = Invoice.get_by_id(draft.id)
    assert (kept.issued, kept.number) == (False, None)
    assert Business.get().next_invoice_number == 1


@pytest.mark.parametrize(
    "blank, missing",
    [
        ("address", "your business address"),
        ("postcode", "your business postcode"),
        ("bank_account_number", "your bank details (or how to pay you)"),
    ],
)
def test_each_missing_business_detail_is_named(db, blank, missing):
    details = {**COMPLETE}
    if blank == "bank_account_number":
        details.update(bank_account_name="", bank_sort_code="", bank_account_number="")
    else:
        details[blank] = ""
    save_business(BusinessForm(**details))
    assert words(draft_for()) == [missing]


def test_payment_instructions_stand_in_for_bank_details(db):
    details = {**COMPLETE, "bank_account_name": "", "bank_sort_code": "", "bank_account_number": ""}
    save_business(
        BusinessForm(**details, payment_instructions="Direct Payment card, 0113 000 0000")
    )
    assert words(draft_for()) == []


@pytest.mark.parametrize("kind", ["council", "nhs", "scheme", "managed_account"])
def test_an_organisation_payer_needs_its_address(business, kind):
    draft = draft_for(kind, "Leeds City Council")
    [missing] = missing_to_issue([draft])
    assert missing.words == "the address of Leeds City Council, who pays for Margaret Brown"
    assert (missing.where, missing.client_id) == (CLIENT, draft.client_id)


@pytest.mark.parametrize("kind", ["person", "representative", "other"])
def test_a_person_paying_needs_no_address(business, kind):
    assert words(draft_for(kind, "" if kind == "person" else "Sarah Brown")) == []


def test_month_end_issues_none_when_one_payer_lacks_an_address(business, tmp_path):
    fine = draft_for(name="Edna Jones")
    lacking = draft_for("council", "Leeds City Council", name="Tom Jones")
    with pytest.raises(NotReady, match="the address of Leeds City Council, who pays for Tom"):
        issue_and_write([fine.id, lacking.id], NOV_30, tmp_path / "pdf")
    assert not Invoice.select().where(Invoice.issued == True).exists()  # noqa: E712
    assert not (tmp_path / "pdf").exists()


def test_the_command_line_names_every_missing_item_on_one_line(data_dir, capsys):
    from microbiz.foundations import db as database
    from microbiz.foundations.paths import database_path

    database.open_database(database_path(data_dir))
    start_business("Kind Hands Care", "Jo Whitaker")
    client_with_a_visit("council", "Leeds City Council")
    database.close_database()
    code = main(["invoice", "generate", "--period", "2026-11", "--issue"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert err == [
        "microbiz: cannot issue yet: add your business address and postcode, your bank details "
        "(or how to pay you), and the address of Leeds City Council, who pays for Margaret Brown "
        "(Settings, or microbiz business set ...; the client's details on the Clients page)"
    ]
