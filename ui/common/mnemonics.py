"""Alt+letter shortcuts for labels and buttons, each letter used once per window."""

from __future__ import annotations


class Mnemonics:
    """Marks a free letter in each text with '&', preferring the first letter of a word."""

    def __init__(self, taken: str = "") -> None:
        self._taken = set(taken.lower())

    def mark(self, text: str) -> str:
        escaped = text.replace("&", "&&")
        position = self._free_position(text)
        if position is None:
            return escaped
        self._taken.add(text[position].lower())
        before = text[:position].replace("&", "&&")
        return f"{before}&{escaped[len(before) :]}"

    def _free_position(self, text: str) -> int | None:
        starts = [i for i, c in enumerate(text) if c.isalnum() and (i == 0 or text[i - 1] == " ")]
        others = [i for i, c in enumerate(text) if c.isalnum() and i not in starts]
        for i in starts + others:
            if text[i].lower() not in self._taken:
                return i
        return None
