"""Invoice PDFs in batches: shared among worker processes, the same PDFs as one at a time."""

from __future__ import annotations

import os
from datetime import date
from functools import partial
from pathlib import Path

import pytest
from pypdf import PdfReader

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.clients.details import support_visit_type
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import database
from microbiz.hours.visits import VisitForm
from microbiz.hours.visits import save_visit
from microbiz.invoicing import pdf_batch
from microbiz.invoicing.documents import write_invoice
from microbiz.invoicing.documents import write_invoices
from microbiz.invoicing.invoices import create_draft
from microbiz.invoicing.invoices import issue_invoice

NOV_1, NOV_30 = date(2026, 11, 1), date(2026, 11, 30)
BATCH = pdf_batch.POOL_FROM + 4


def drafts(count: int) -> list[int]:
    """`count` clients with a few visits each in November, and a draft invoice for each."""
    ids = []
    for number in range(count):
        client = save_client(ClientForm(name=f"Client {number:02d}", weekday_rate="18.50"))
        for day in range(2, 2 + number % 4 + 1):
            support = support_visit_type(client).id
            form = VisitForm(client.id, support, f"{day:02d}/11/2026", "09:00", "11:30")
            save_visit(form, allow_overlap=True)
        ids.append(create_draft(client.id, NOV_1, NOV_30).id)
    return ids


@pytest.fixture
def invoices(business):
    """A batch's worth of issued invoices, big enough to be shared among workers."""
    ids = drafts(BATCH)
    for invoice_id in ids:
        issue_invoice(invoice_id, NOV_30)
    return ids


@pytest.fixture
def two_cores(monkeypatch):
    """At least two workers, whatever the machine running the tests has, and a fork server
    taken as started (as after a first batch), so that a batch of POOL_FROM is shared."""
    monkeypatch.setattr(pdf_batch, "_cores", lambda: 2)
    monkeypatch.setattr(pdf_batch, "_fork_server_started", True)


def texts(paths: list[Path]) -> list[str]:
    return ["".join(page.extract_text() for page in PdfReader(path).pages) for path in paths]


def written_with_pid(invoice_ids: list[int], folder: Path) -> list[Path]:
    """Write the invoices' PDFs and, beside each, the id of the process that wrote it."""
    paths = [write_invoice(invoice_id, folder) for invoice_id in invoice_ids]
    for path in paths:
        path.with_suffix(".pid").write_text(str(os.getpid()))
    return paths


def test_a_batch_shared_among_workers_is_the_same_as_one_at_a_time(
    invoices, two_cores, tmp_path, monkeypatch
):
    one_by_one = [write_invoice(invoice_id, tmp_path) for invoice_id in invoices]
    monkeypatch.setattr(pdf_batch, "_write_here", None)  # the pool, or nothing
    calls = []

    batch = write_invoices(invoices, tmp_path / "batch", lambda *call: calls.append(call))

    assert [path.name for path in batch] == [path.name for path in one_by_one]
    assert texts(batch) == texts(one_by_one)
    assert [total for _, total in calls] == [BATCH] * len(calls)
    assert [done for done, _ in calls] == sorted({done for done, _ in calls})
    assert calls[-1] == (BATCH, BATCH) and len(calls) >= 4


def test_workers_in_other_processes_write_part_of_the_batch(invoices, two_cores, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    write_some = partial(written_with_pid, folder=folder)

    paths = pdf_batch.write_batch(write_some, invoices, lambda done, total: None)

    writers = {int(path.with_suffix(".pid").read_text()) for path in paths}
    assert len(paths) == BATCH and all(path.is_file() for path in paths)
    assert writers - {os.getpid()}


def test_a_first_batch_too_small_to_repay_starting_the_fork_server_is_written_here(
    invoices, two_cores, tmp_path, monkeypatch
):
    monkeypatch.setattr(pdf_batch, "_fork_server_started", False)
    monkeypatch.setattr(pdf_batch, "ProcessPoolExecutor", None)  # no workers, or a failure
    assert pdf_batch._pool_from() == pdf_batch.FIRST_POOL_FROM > BATCH

    paths = write_invoices(invoices, tmp_path)

    assert len(paths) == BATCH and all(path.is_file() for path in paths)


def test_a_small_batch_is_written_here(business, two_cores, tmp_path, monkeypatch):
    ids = drafts(3)
    for invoice_id in ids:
        issue_invoice(invoice_id, NOV_30)
    monkeypatch.setattr(pdf_batch, "ProcessPoolExecutor", None)  # no workers, or a failure
    calls = []

    paths = write_invoices(ids, tmp_path, lambda *call: calls.append(call))

    assert [path.name for path in paths] == ["INV-0001.pdf", "INV-0002.pdf", "INV-0003.pdf"]
    assert calls == [(3, 3)]


def test_invoices_issued_in_an_unfinished_transaction_are_written_here(
    business, two_cores, tmp_path, monkeypatch
):
    ids = drafts(BATCH)
    monkeypatch.setattr(pdf_batch, "ProcessPoolExecutor", None)  # workers could not see them
    with database.atomic():
        for invoice_id in ids:
            issue_invoice(invoice_id, NOV_30)
        paths = write_invoices(ids, tmp_path)
    assert len(paths) == BATCH and all(path.is_file() for path in paths)


def test_a_failure_in_a_worker_stops_the_batch_with_its_message(
    invoices, business, two_cores, tmp_path
):
    draft = drafts(1)[0]  # first in the queue, so a worker takes it
    with pytest.raises(UserError, match="Only an issued invoice can be printed"):
        write_invoices([draft, *invoices], tmp_path)
