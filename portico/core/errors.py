"""Input that cannot be saved, with what is wrong with each field, in the user's words.

Actions validate everything before writing anything and raise `InvalidInput` with every
problem at once; pages show the messages beside the fields, the API answers 422 with them.
Field paths are dotted: `name`, `emails.1.address`, `emails` (for the group as a whole).
"""

from __future__ import annotations


class InvalidInput(Exception):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


class ErrorCollector:
    """Gather problems while checking input; `raise_if_any()` once everything was looked at."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise InvalidInput(self.errors)
