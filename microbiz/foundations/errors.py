"""Errors the core raises for things a user can put right."""

from __future__ import annotations


class UserError(Exception):
    """A problem with what the user asked for, told in one plain-English line."""


class FieldError(UserError):
    """One field's problem: `field` is the attribute name, `message` names it in words."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class ValidationError(UserError):
    """Several fields' problems at once; nothing was saved."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors

    def by_field(self) -> dict[str, str]:
        return {e.field: e.message for e in self.errors}
