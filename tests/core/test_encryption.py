"""Encryption at rest: the database, its backups and documents, on real files in tmp_path."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date

import keyring
import pytest
from keyring_support import MemoryKeyring
from keyring_support import using_keyring

from microbiz.cli import main
from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.commands.encryption import NO_TERMINAL
from microbiz.compliance.policies import PolicyForm
from microbiz.compliance.policies import save_policy
from microbiz.demo.sample_business import create_demo
from microbiz.foundations import cipher
from microbiz.foundations import db as database
from microbiz.foundations import sealing
from microbiz.foundations.attachments import attach_document
from microbiz.foundations.attachments import document_path
from microbiz.foundations.attachments import documents_dir
from microbiz.foundations.attachments import reseal_documents
from microbiz.foundations.audit_log import entries
from microbiz.foundations.backups import automatic_backup
from microbiz.foundations.backups import restore_database
from microbiz.foundations.encryption import change_passphrase
from microbiz.foundations.encryption import decrypt_folder
from microbiz.foundations.encryption import encrypt_folder
from microbiz.foundations.encryption import is_encrypted
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Client
from microbiz.foundations.models import Document
from microbiz.foundations.paths import backups_dir
from microbiz.foundations.paths import database_path
from microbiz.tax.expenses import ExpenseForm
from microbiz.tax.expenses import receipt_path
from microbiz.tax.expenses import receipt_to_open
from microbiz.tax.expenses import save_expense

NAME = "Edna Quigglesworth"
NOTES = "Insulin at eight; daughter Maureen holds the key safe code"
SECRETS = (NAME.encode(), b"Quigglesworth", b"Insulin at eight", b"Maureen")
OLD, NEW = "correct horse battery", "staple gun lighthouse"
WRONG_LINE = "microbiz: That passphrase does not open this Microbiz data."


@pytest.fixture(autouse=True)
def no_keyring_or_passphrase(monkeypatch):
    """No passphrase in the environment, and no OS keyring, unless a test sets one."""
    monkeypatch.delenv(cipher.ENVIRONMENT, raising=False)
    with using_keyring():
        yield


@pytest.fixture
def records(business, data_dir, tmp_path):
    """A client with care notes, a scan that names them, and a backup; database closed."""
    save_client(ClientForm(name=NAME, notes=NOTES))
    scan = tmp_path / "care-plan.txt"
    scan.write_bytes(b"Care plan for " + NAME.encode() + b": " + NOTES.encode())
    policy = save_policy(PolicyForm(kind="dbs_certificate", provider="DBS"))
    attach_document(scan, data_dir, policy_id=policy.id)
    automatic_backup(data_dir)
    database.close_database()
    return data_dir


def every_file(folder):
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".lock"))


def hashes(folder):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in every_file(folder)}


def rows(path, passphrase=None):
    """Every row of every table, by table."""
    conn = cipher.connect(path, passphrase)
    try:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"'))) for t in tables}
    finally:
        conn.close()


def test_encrypted_database_backups_and_documents_hold_no_name_or_notes(records):
    encrypt_folder(records, OLD)
    database.open_database(database_path(records))
    save_client(ClientForm(name="Wilfred Tumbleby", notes=NOTES))  # into the WAL
    automatic_backup(records)
    files = every_file(records)
    assert database_path(records).with_name("microbiz.sqlite-wal") in files
    assert len(list(backups_dir(records).glob("*.sqlite"))) == 2
    assert len(list(documents_dir(records).iterdir())) == 1
    for path in files:
        data = path.read_bytes()
        assert not any(secret in data for secret in (*SECRETS, b"Tumbleby")), path
    document = Document.get()
    assert NAME in document_path(document, records).read_text()
    database.close_database()


def test_encrypt_then_decrypt_round_trips_every_row(data_dir):
    database.open_database(database_path(data_dir))
    create_demo(clients=3, today=date(2026, 11, 25), years=0)
    database.close_database()
    before = rows(database_path(data_dir))

    encrypt_folder(data_dir, OLD)
    assert is_encrypted(data_dir)
    decrypt_folder(data_dir, OLD)

    assert not is_encrypted(data_dir)
    after = rows(database_path(data_dir))
    logged = after.pop("audit_log")
    assert after == {t: r for t, r in before.items() if t != "audit_log"}
    assert len(logged) == len(before["audit_log"]) + 2
    assert not (data_dir / sealing.SALT_FILE).exists()


def test_encrypting_logs_each_change(records):
    encrypt_folder(records, OLD)
    change_passphrase(records, OLD, NEW)
    decrypt_folder(records, NEW)
    database.open_database(database_path(records))
    logged = [e.description for e in entries() if e.action == "encryption"]
    database.close_database()
    assert logged == [
        "the data was encrypted",
        "the passphrase was changed",
        "the data was decrypted",
    ]


def test_changing_the_passphrase_rekeys_database_backups_and_documents(records):
    encrypt_folder(records, OLD)
    done = change_passphrase(records, OLD, NEW)
    assert (done.backups, done.documents, done.left) == (1, 1, [])

    for path in [database_path(records), *backups_dir(records).glob("*.sqlite")]:
        with pytest.raises(cipher.WrongPassphrase):
            cipher.check_opens(path, OLD)
        cipher.check_opens(path, NEW)
    (sealed,) = documents_dir(records).iterdir()
    with pytest.raises(cipher.WrongPassphrase):
        sealing.unseal(sealed.read_bytes(), OLD)
    assert NAME.encode() in sealing.unseal(sealed.read_bytes(), NEW)
    database.open_database(database_path(records))
    assert [c.name for c in Client.select()] == [NAME]
    database.close_database()


def test_a_wrong_passphrase_changes_nothing(records):
    encrypt_folder(records, OLD)
    cipher.forget(records)
    before = hashes(records)
    with pytest.raises(cipher.WrongPassphrase, match="does not open this Microbiz data"):
        decrypt_folder(records, "not the passphrase")
    with pytest.raises(cipher.WrongPassphrase):
        change_passphrase(records, "not the passphrase", NEW)
    with pytest.raises(cipher.WrongPassphrase):
        cipher.unlock(records, "not the passphrase")
    assert hashes(records) == before


def test_encrypted_data_needs_its_passphrase_to_open(records):
    encrypt_folder(records, OLD)
    cipher.forget(records)
    with pytest.raises(UserError, match="encrypted: give its passphrase"):
        database.open_database(database_path(records))


def test_short_passphrases_are_refused(records):
    with pytest.raises(UserError, match="at least 8 characters"):
        encrypt_folder(records, "short")
    assert not is_encrypted(records)


def test_restoring_a_backup_keeps_the_data_encrypted(records, tmp_path):
    plain_backup = next(backups_dir(records).glob("*.sqlite"))
    kept_plain = tmp_path / "plain-backup.sqlite"
    kept_plain.write_bytes(plain_backup.read_bytes())
    encrypt_folder(records, OLD)

    restore_database(kept_plain, records)

    assert is_encrypted(records)
    assert all(cipher.is_encrypted_file(p) for p in backups_dir(records).glob("*.sqlite"))
    assert rows(database_path(records), OLD)["client"] == rows(kept_plain)["client"]


def test_a_remembered_passphrase_opens_the_data(records):
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    encrypt_folder(records, OLD)
    assert cipher.remember(records, OLD)
    cipher.forget(records)

    database.open_database(database_path(records))
    assert [c.name for c in Client.select()] == [NAME]
    database.close_database()


def test_a_keyring_that_fails_is_no_keyring(records):
    keyring.set_keyring(keyring.backends.fail.Keyring())
    assert cipher.remember(records, OLD) is False
    assert cipher.remembered(records) is None


def test_the_command_line_encrypts_and_a_wrong_passphrase_is_one_line(records, monkeypatch, capfd):
    monkeypatch.setenv(cipher.ENVIRONMENT, OLD)
    assert main(["--data-dir", str(records), "encrypt"]) == 0
    assert "Encrypted the data" in capfd.readouterr().out
    cipher.forget(records)

    monkeypatch.setenv(cipher.ENVIRONMENT, "not the passphrase")
    assert main(["--data-dir", str(records), "visits", "list", "--json"]) == 1
    captured = capfd.readouterr()
    assert captured.err.splitlines() == [WRONG_LINE]
    assert captured.out == ""


def test_the_command_line_changes_the_passphrase_then_decrypts(records, monkeypatch, capfd):
    monkeypatch.setenv(cipher.ENVIRONMENT, OLD)
    assert main(["--data-dir", str(records), "encrypt"]) == 0
    monkeypatch.setenv("MICROBIZ_NEW_PASSPHRASE", NEW)
    assert main(["--data-dir", str(records), "passphrase"]) == 0
    cipher.forget(records)
    monkeypatch.setenv(cipher.ENVIRONMENT, NEW)
    assert main(["--data-dir", str(records), "decrypt"]) == 0
    assert "Stopped encrypting" in capfd.readouterr().out
    assert not is_encrypted(records)
    assert (
        rows(database_path(records))["client"]
        == rows(next(backups_dir(records).glob("*.sqlite")))["client"]
    )


def test_no_terminal_and_no_passphrase_is_one_line(records, capfd, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    assert main(["--data-dir", str(records), "encrypt"]) == 1
    (line,) = capfd.readouterr().err.splitlines()
    assert line == f"microbiz: {NO_TERMINAL.format(name='MICROBIZ_PASSPHRASE')}"


def test_a_plain_backup_file_is_still_plain_sqlite(records):
    backup = next(backups_dir(records).glob("*.sqlite"))
    conn = sqlite3.connect(backup)
    assert conn.execute("SELECT name FROM client").fetchall() == [(NAME,)]
    conn.close()


def test_a_conversion_that_stopped_part_way_can_run_again(records):
    reseal_documents(records, None, OLD)  # as if encrypting stopped after the documents

    done = encrypt_folder(records, OLD)

    assert (done.backups, done.documents, done.left) == (1, 0, [])
    (sealed,) = documents_dir(records).iterdir()
    assert NAME.encode() in sealing.unseal(sealed.read_bytes(), OLD)
    assert not [p for p in every_file(records) if p.name.endswith((".old", ".converting"))]


def test_a_batch_of_invoice_pdfs_and_a_receipt_open_from_encrypted_data(
    data_dir, tmp_path, monkeypatch
):
    database.open_database(database_path(data_dir))
    create_demo(clients=3, today=date(2026, 11, 25), years=1)
    photo = tmp_path / "receipt.txt"
    photo.write_bytes(b"Receipt: gloves for " + NAME.encode())
    expense = save_expense(
        ExpenseForm("03/11/2026", "4.50", "office", "Gloves"), receipt=photo, folder=data_dir
    )
    database.close_database()
    encrypt_folder(data_dir, OLD)
    monkeypatch.setenv(cipher.ENVIRONMENT, OLD)
    out = tmp_path / "pdfs"
    assert main(["--data-dir", str(data_dir), "invoice", "pdf", "--all", "--out", str(out)]) == 0
    assert len(list(out.glob("*.pdf"))) >= 8
    database.open_database(database_path(data_dir))
    try:
        assert NAME.encode() not in receipt_path(expense, data_dir).read_bytes()
        assert receipt_to_open(expense, data_dir).read_bytes() == photo.read_bytes()
    finally:
        database.close_database()
