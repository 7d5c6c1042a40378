"""The passphrase at start-up, and encrypting from the Settings page, with real widgets."""

from __future__ import annotations

import hashlib

import pytest
from keyring_support import MemoryKeyring
from keyring_support import using_keyring
from PySide6.QtWidgets import QDialog

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.foundations import cipher
from microbiz.foundations import db as database
from microbiz.foundations.backups import automatic_backup
from microbiz.foundations.encryption import encrypt_folder
from microbiz.foundations.encryption import is_encrypted
from microbiz.foundations.models import Client
from microbiz.foundations.paths import database_path
from ui.settings import passphrase_dialog
from ui.settings.new_passphrase_dialog import ChosenPassphrase
from ui.settings.new_passphrase_dialog import NewPassphraseDialog
from ui.settings.passphrase_dialog import CLOSING
from ui.settings.passphrase_dialog import PassphraseDialog
from ui.settings.passphrase_dialog import unlock_at_start
from ui.settings.settings_page import SettingsPage

RIGHT, NEW = "correct horse battery", "staple gun lighthouse"


@pytest.fixture(autouse=True)
def no_keyring_or_passphrase(monkeypatch):
    monkeypatch.delenv(cipher.ENVIRONMENT, raising=False)
    with using_keyring():
        yield


@pytest.fixture
def encrypted(business, data_dir):
    """Encrypted data with one client and a backup; closed, its passphrase not given."""
    save_client(ClientForm(name="Edna Shaw", notes="Insulin at eight"))
    automatic_backup(data_dir)
    database.close_database()
    encrypt_folder(data_dir, RIGHT)
    cipher.forget(data_dir)
    return data_dir


def files_and_hashes(folder):
    return {
        path: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_three_wrong_tries_close_without_changing_a_file(encrypted, qtbot, answers):
    before = files_and_hashes(encrypted)
    dialog = PassphraseDialog(encrypted)
    qtbot.addWidget(dialog)
    dialog.show()

    dialog.field.setText("not the passphrase")
    dialog.accept()
    assert dialog.problem.isVisible()
    assert "does not open this Microbiz data. You have 2 more tries." in dialog.problem.text()
    dialog.accept()
    assert "You have one more try." in dialog.problem.text()
    dialog.accept()

    assert dialog.result() == QDialog.DialogCode.Rejected
    assert answers.warnings == [CLOSING]
    assert files_and_hashes(encrypted) == before
    assert cipher.passphrase_for(encrypted) is None


def test_the_right_passphrase_opens_the_data_and_can_be_remembered(encrypted, qtbot):
    with using_keyring(MemoryKeyring()):
        dialog = PassphraseDialog(encrypted)
        qtbot.addWidget(dialog)
        dialog.field.setText(RIGHT)
        dialog.remember_box.setChecked(True)
        dialog.accept()

        assert dialog.result() == QDialog.DialogCode.Accepted
        assert cipher.remembered(encrypted) == RIGHT
    database.open_database(database_path(encrypted))
    assert [c.name for c in Client.select()] == ["Edna Shaw"]
    database.close_database()


def test_every_control_is_named_and_labelled(encrypted, qtbot):
    dialog = PassphraseDialog(encrypted)
    qtbot.addWidget(dialog)
    assert dialog.field.accessibleName() == "Passphrase"
    assert dialog.remember_box.accessibleName() == "Remember on this computer"
    assert dialog.open_button.accessibleName() == "Open my data"
    label = dialog.layout().itemAt(1).layout().labelForField(dialog.field)
    assert label.buddy() is dialog.field


def test_start_up_asks_only_when_no_right_passphrase_is_given(encrypted, monkeypatch):
    asked = []
    monkeypatch.setattr(
        passphrase_dialog.PassphraseDialog, "ask", lambda folder, parent=None: asked.append(1)
    )
    monkeypatch.setenv(cipher.ENVIRONMENT, RIGHT)
    assert unlock_at_start(encrypted) is True
    cipher.forget(encrypted)
    monkeypatch.setenv(cipher.ENVIRONMENT, "not the passphrase")
    assert not unlock_at_start(encrypted)
    assert asked == [1]


def test_a_new_passphrase_is_typed_twice_and_long_enough(encrypted, qtbot):
    dialog = NewPassphraseDialog(encrypted, changing=True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fields["current"].setText("not the passphrase")
    dialog.fields["new"].setText("short")
    dialog.accept()
    assert dialog.problems["current"].isVisible()
    assert "at least 8 characters" in dialog.problems["new"].text()

    dialog.fields["current"].setText(RIGHT)
    dialog.fields["new"].setText(NEW)
    dialog.fields["again"].setText(NEW + "!")
    dialog.accept()
    assert dialog.problems["again"].text() == "⚠ The two passphrases are not the same."
    assert dialog.chosen is None

    dialog.fields["again"].setText(NEW)
    dialog.accept()
    assert dialog.chosen == ChosenPassphrase(RIGHT, NEW, remember=False)


def test_settings_encrypts_changes_the_passphrase_and_stops(
    business, data_dir, qtbot, answers, monkeypatch
):
    save_client(ClientForm(name="Edna Shaw"))
    page = SettingsPage(data_dir)
    qtbot.addWidget(page)
    section = page.encryption
    chosen = [ChosenPassphrase(None, RIGHT, False), ChosenPassphrase(RIGHT, NEW, False)]
    monkeypatch.setattr(
        NewPassphraseDialog, "ask", lambda folder, changing, parent=None: chosen.pop(0)
    )
    with qtbot.waitSignal(page.message) as said:
        section.encrypt_button.click()
    assert is_encrypted(data_dir)
    assert said.args[0].startswith("Encrypted your data")
    assert section.change_button.isVisibleTo(page)
    assert [c.name for c in Client.select()] == ["Edna Shaw"]

    section.change_button.click()
    with pytest.raises(cipher.WrongPassphrase):
        cipher.check_opens(database_path(data_dir), RIGHT)
    cipher.check_opens(database_path(data_dir), NEW)

    section.stop_button.click()
    assert answers.asked[-1].startswith("Stop encrypting?")
    assert not is_encrypted(data_dir)
    assert section.encrypt_button.isVisibleTo(page)
    assert [c.name for c in Client.select()] == ["Edna Shaw"]
