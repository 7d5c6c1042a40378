"""The words of the visits' text filter, read as the search index reads them.

Each word typed must begin a word of the visit's notes, client name or visit type, as
FTS4's unicode61 tokenizer splits and folds them (letters and digits make words; case and
accents are ignored). A typed word with inner marks ("o'neill") is a phrase: its parts in
a row, the last one a beginning. Names are few, so they are matched here, in Python;
notes are many, so they are matched by the search index, or one visit at a time here.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

Phrase = tuple[str, ...]


@lru_cache(maxsize=32)
def phrases(text: str) -> tuple[Phrase, ...]:
    """The typed words as runs of folded parts, one run per word that has any."""
    found = (tuple(tokens(word)) for word in text.split())
    return tuple(phrase for phrase in found if phrase)


@lru_cache(maxsize=4096)
def tokens(text: str) -> list[str]:
    """The words of `text` folded as unicode61 folds them: lower case, no accents."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words, word = [], []
    for c in plain.lower():
        if c.isalnum() or unicodedata.category(c) == "Co":
            word.append(c)
        elif word:
            words.append("".join(word))
            word = []
    if word:
        words.append("".join(word))
    return words


def has_phrase(text: str, phrase: Phrase) -> bool:
    """Whether the phrase's parts are words of `text` in a row, the last one a beginning."""
    *whole, start = phrase
    if text.isascii() and phrase[0] not in text.lower():
        return False  # quickly, for most texts: ASCII text folds by lower() alone
    words = tokens(text)
    size = len(whole)
    for i in range(len(words) - size):
        if words[i + size].startswith(start) and words[i : i + size] == whole:
            return True
    return False


def notes_have(phrase: str, notes: str | None) -> bool:
    """`has_phrase` for SQLite: the phrase as its parts joined by spaces."""
    return bool(notes) and has_phrase(notes, tuple(phrase.split(" ")))


def index_query(phrase: Phrase) -> str:
    """An FTS4 query for the phrase: "o neill*"."""
    return f'"{" ".join(phrase)}*"'
