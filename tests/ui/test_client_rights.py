"""A client's copy of their data and their erasure, as the Clients page does them."""

from __future__ import annotations

import json

from microbiz.foundations.backups import automatic_backup
from microbiz.foundations.models import Client
from microbiz.foundations.paths import backups_dir
from ui.clients import client_rights


def test_a_copy_of_their_data_is_saved_where_chosen(clients, tmp_path, monkeypatch):
    target = tmp_path / "margaret.json"
    monkeypatch.setattr(client_rights, "choose_copy_path", lambda parent, suggested: target)
    said = client_rights.save_copy(None, clients["margaret"].id)
    assert said == f"Saved everything held about Margaret Brown to {target}."
    assert json.loads(target.read_text())["client"]["address"] == "4 Mill Lane\nOtley"


def test_erasing_asks_first_then_offers_to_delete_old_backups(qapp, clients, data_dir, answers):
    automatic_backup(data_dir)
    answers.confirm = False
    assert client_rights.erase(None, clients["margaret"].id) == ""
    assert "Margaret Brown's contact details" in answers.asked[-1]
    assert Client.get_by_id(clients["margaret"].id).name == "Margaret Brown"
    answers.confirm = True
    said = client_rights.erase(None, clients["margaret"].id)
    assert said == "Erased Margaret Brown. Deleted 1 older backups."
    assert "1 backups made before now still hold" in answers.asked[-1]
    assert list(backups_dir(data_dir).glob("*.sqlite")) == []
    erased = Client.get_by_id(clients["margaret"].id)
    assert (erased.name, erased.address) == (f"Erased client {erased.id}", "")
