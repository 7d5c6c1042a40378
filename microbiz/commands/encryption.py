"""Commands that encrypt the data folder, stop encrypting it, or change its passphrase.

The passphrase comes from MICROBIZ_PASSPHRASE, else the OS keyring, else it is asked for
at the terminal. A new passphrase is asked twice, or read from MICROBIZ_PASSPHRASE (for
`encrypt`) or MICROBIZ_NEW_PASSPHRASE (for `passphrase`) in scripts.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from microbiz.foundations import cipher
from microbiz.foundations.encryption import Converted
from microbiz.foundations.encryption import change_passphrase
from microbiz.foundations.encryption import decrypt_folder
from microbiz.foundations.encryption import encrypt_folder
from microbiz.foundations.encryption import is_encrypted
from microbiz.foundations.errors import UserError
from microbiz.foundations.instance import AlreadyOpen
from microbiz.foundations.instance import hold_instance_lock
from microbiz.foundations.paths import own_dir

NEW_ENVIRONMENT = "MICROBIZ_NEW_PASSPHRASE"
NO_TERMINAL = "There is no terminal to ask for the passphrase in; set {name} to it."
KEEP_IT_SAFE = "Keep the passphrase safe: without it, nobody can open this data, you included."


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register encrypt, decrypt and passphrase."""
    commands.add_parser(
        "encrypt", help="encrypt your data, its backups and documents with a passphrase"
    ).set_defaults(run=_encrypt)
    commands.add_parser(
        "decrypt", help="stop encrypting: make your data, backups and documents plain again"
    ).set_defaults(run=_decrypt)
    commands.add_parser("passphrase", help="change the passphrase of encrypted data").set_defaults(
        run=_change
    )


def unlock_folder(folder: Path) -> None:
    """Give this process the passphrase of an encrypted folder (a plain one needs none)."""
    if is_encrypted(folder):
        current_passphrase(folder)


def current_passphrase(folder: Path) -> str:
    """The passphrase that opens the folder, checked: MICROBIZ_PASSPHRASE, keyring or asked."""
    passphrase = cipher.passphrase_for(folder)
    if passphrase is None:
        passphrase = _ask("Passphrase: ", cipher.ENVIRONMENT)
    cipher.unlock(folder, passphrase)
    return passphrase


def new_passphrase(environment: str) -> str:
    """A passphrase to set: from `environment` if set, else asked twice; long enough."""
    passphrase = os.environ.get(environment)
    if passphrase is None:
        passphrase = _ask("New passphrase (at least 8 characters): ", environment)
        cipher.check_new_passphrase(passphrase)
        if _ask("The same passphrase again: ", environment) != passphrase:
            raise UserError("The two passphrases are not the same; nothing was changed.")
    cipher.check_new_passphrase(passphrase)
    return passphrase


def _ask(prompt: str, environment: str) -> str:
    if not sys.stdin.isatty():
        raise UserError(NO_TERMINAL.format(name=environment))
    return getpass.getpass(prompt)


@contextmanager
def _no_window_open(folder: Path) -> Iterator[None]:
    """While the block runs, no Microbiz window can open the folder (or has it open)."""
    try:
        lock = hold_instance_lock(own_dir(folder))
    except AlreadyOpen:
        raise UserError("Microbiz is open: close its window first.") from None
    try:
        yield
    finally:
        lock.release()


def _encrypt(args: argparse.Namespace, folder: Path) -> None:
    with _no_window_open(folder):
        if is_encrypted(folder):
            raise UserError("This Microbiz data is encrypted already.")
        done = encrypt_folder(folder, new_passphrase(cipher.ENVIRONMENT))
    print(f"Encrypted the data in {folder}{_counts(done)}.")
    print(KEEP_IT_SAFE)
    _say_left(done)


def _decrypt(args: argparse.Namespace, folder: Path) -> None:
    with _no_window_open(folder):
        if not is_encrypted(folder):
            raise UserError("This Microbiz data is not encrypted.")
        done = decrypt_folder(folder, current_passphrase(folder))
    cipher.remember(folder, None)
    print(f"Stopped encrypting the data in {folder}{_counts(done)}.")
    _say_left(done)


def _change(args: argparse.Namespace, folder: Path) -> None:
    with _no_window_open(folder):
        if not is_encrypted(folder):
            raise UserError("This Microbiz data is not encrypted; use microbiz encrypt.")
        old = current_passphrase(folder)
        new = new_passphrase(NEW_ENVIRONMENT)
        done = change_passphrase(folder, old, new)
    if cipher.remembered(folder) is not None:
        cipher.remember(folder, new)
    print(f"Changed the passphrase of the data in {folder}{_counts(done)}.")
    _say_left(done)


def _counts(done: Converted) -> str:
    """', with 3 backups and 2 documents' (or nothing)."""
    parts = [_count(done.backups, "backup"), _count(done.documents, "document")]
    said = " and ".join(part for part in parts if part)
    return f", with {said}" if said else ""


def _count(number: int, noun: str) -> str:
    return "" if number == 0 else f"{number} {noun}" + ("" if number == 1 else "s")


def _say_left(done: Converted) -> None:
    for name in done.left:
        print(f"The backup {name} opens with neither passphrase, so it was left as it was.")
