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


def check_choice(
    errors: ErrorCollector,
    path: str,
    value: str,
    choices,
    *,
    required: bool = False,
    what: str = "",
) -> None:
    """`value` must be one of `choices` (a TextChoices); the messages name the choices by their
    labels, as the person saw them, never by their stored codes."""
    what = what or path.rsplit(".", 1)[-1].replace("_", " ")
    if not value:
        if required:
            errors.add(path, f"Choose the {what}.")
        return
    if value not in choices.values:
        labels = ", ".join(str(label) for label in choices.labels)
        errors.add(path, f"Choose one of these for the {what}: {labels}.")
