"""Settings: the mail server's settings with a password kept in the keyring, and the audit log."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail

from microbiz.invoicing.emailing import mail_settings
from microbiz.invoicing.payments import record_payment
from ui.settings.audit_log_panel import AuditLogPanel
from ui.settings.mail_panel import MailPanel


@pytest.fixture
def no_keyring():
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


def test_mail_settings_are_checked_then_saved(qtbot, business):
    panel = MailPanel()
    qtbot.addWidget(panel)
    panel.fields.widgets["host"].setText("smtp example")
    panel.fields.widgets["port"].setText("0")
    assert not panel.save()
    assert "no spaces" in panel.fields.problems["host"].text()
    assert "1 to 65535" in panel.fields.problems["port"].text()
    assert mail_settings().host == ""
    panel.fields.widgets["host"].setText("smtp.example.com")
    panel.fields.widgets["port"].setText("465")
    panel.fields.widgets["security"].setCurrentIndex(1)
    with qtbot.waitSignal(panel.message) as said:
        assert panel.save()
    assert said.args == ["Saved your email settings."]
    assert mail_settings() == mail_settings().__class__("smtp.example.com", 465, "ssl", "")


def test_a_password_with_no_keyring_is_refused_under_its_field(qtbot, business, no_keyring):
    panel = MailPanel()
    qtbot.addWidget(panel)
    panel.fields.widgets["host"].setText("smtp.example.com")
    panel.fields.widgets["user"].setText("sam")
    panel.fields.widgets["password"].setText("secret")
    assert not panel.save()
    assert "set MICROBIZ_SMTP_PASSWORD instead" in panel.fields.problems["password"].text()


def test_the_log_shows_the_latest_changes_first(qtbot, issued):
    record_payment(issued["margaret"], "10.00", "01/12/2026")
    panel = AuditLogPanel()
    qtbot.addWidget(panel)
    model = panel.model
    first = [model.index(0, column).data() for column in range(4)]
    assert first[2:] == ["Payment added", "£10.00 against INV-0002, paid 2026-12-01"]
    assert model.rowCount() == 3 + 2 + 1  # three clients added, two invoices issued, a payment
