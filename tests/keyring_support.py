"""OS keyrings for tests, through the keyring library's own backend interface."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import keyring
from keyring.backend import KeyringBackend
from keyring.backends.null import Keyring as NoKeyring


class MemoryKeyring(KeyringBackend):
    """A keyring kept in memory."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.kept.pop((service, username), None)


@contextmanager
def using_keyring(backend: KeyringBackend | None = None) -> Iterator[KeyringBackend]:
    """While the block runs, `backend` (by default none at all) is the OS keyring."""
    previous = keyring.get_keyring()
    chosen = backend or NoKeyring()
    keyring.set_keyring(chosen)
    try:
        yield chosen
    finally:
        keyring.set_keyring(previous)
