"""Documents sealed with a key derived from the passphrase: AES-GCM, the key from scrypt.

A sealed file starts with MAGIC, then the salt its key was derived from, then the AES-GCM
nonce and the ciphertext (MAGIC and salt authenticated too), so each file says what it
needs to be opened. New documents take the folder's salt, kept in SALT_FILE beside them,
so a process derives one key for all of them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from microbiz.foundations.cipher import SALT_BYTES
from microbiz.foundations.cipher import WrongPassphrase

MAGIC = b"MICROBIZ-SEALED1"
NONCE_BYTES = 12
SCRYPT_COST = 2**15  # about 50 ms and 32 MB, once per process and salt
SALT_FILE = "encryption.json"

_keys: dict[tuple[str, bytes], bytes] = {}


def is_sealed(data: bytes) -> bool:
    """Whether `data` (or a file's first bytes) is a sealed document."""
    return data.startswith(MAGIC)


def seal(data: bytes, passphrase: str, salt: bytes) -> bytes:
    """`data` encrypted with a key derived from `passphrase` and `salt`."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(NONCE_BYTES)
    header = MAGIC + salt
    return header + nonce + AESGCM(_document_key(passphrase, salt)).encrypt(nonce, data, header)


def unseal(data: bytes, passphrase: str) -> bytes:
    """The plain bytes of sealed `data`; WrongPassphrase if the passphrase does not fit."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt_end = len(MAGIC) + SALT_BYTES
    nonce_end = salt_end + NONCE_BYTES
    key = _document_key(passphrase, data[len(MAGIC) : salt_end])
    try:
        return AESGCM(key).decrypt(data[salt_end:nonce_end], data[nonce_end:], data[:salt_end])
    except InvalidTag:
        raise WrongPassphrase() from None


def _document_key(passphrase: str, salt: bytes) -> bytes:
    """The AES-256 key for `passphrase` and `salt`, derived once per process."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    if (passphrase, salt) not in _keys:
        kdf = Scrypt(salt=salt, length=32, n=SCRYPT_COST, r=8, p=1)
        _keys[(passphrase, salt)] = kdf.derive(passphrase.encode("utf-8"))
    return _keys[(passphrase, salt)]


def folder_salt(folder: Path) -> bytes:
    """The salt new documents in `folder` are sealed with, made on first use."""
    path = folder / SALT_FILE
    try:
        return bytes.fromhex(json.loads(path.read_text(encoding="utf-8"))["salt"])
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return new_folder_salt(folder)


def new_folder_salt(folder: Path) -> bytes:
    """A fresh salt for the folder's documents, written beside them."""
    salt = os.urandom(SALT_BYTES)
    text = json.dumps({"kdf": "scrypt", "n": SCRYPT_COST, "r": 8, "p": 1, "salt": salt.hex()})
    partial = folder / (SALT_FILE + ".partial")
    partial.write_text(text + "\n", encoding="utf-8")
    os.replace(partial, folder / SALT_FILE)
    return salt
