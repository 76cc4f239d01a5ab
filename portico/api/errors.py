"""The staff API's error bodies, and input types every write endpoint shares."""

from __future__ import annotations

from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, Field


class NotFoundOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(
        description="Messages by field path, e.g. `emails.1.address` or `emails` for the group."
    )


def _plain_text(value: str) -> str:
    # PostgreSQL cannot store NUL, and lone surrogates are not text: refuse them here, as input
    # errors, rather than fail at the database.
    if "\x00" in value:
        raise ValueError("Remove the NUL character (\\u0000); it cannot be stored.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("This text holds a character that is not valid Unicode.") from exc
    return value


Text = Annotated[str, AfterValidator(_plain_text)]


# Marks a field the firm keeps to itself; the portal's schema test refuses any portal field of
# the same name.
STAFF_ONLY = {"x-staff-only": True}


def text(max_length: int):
    """Text no longer than its column (`max_length` from the model, via the domain's LIMITS)."""
    return Annotated[str, Field(max_length=max_length), AfterValidator(_plain_text)]


def field_errors_from_ninja(errors: list[dict]) -> dict[str, list[str]]:
    """Ninja's pydantic errors keyed like ours: ["body", "payload", "emails", 0, "address"]
    becomes "emails.0.address"."""
    out: dict[str, list[str]] = {}
    for error in errors:
        loc = list(error.get("loc", ()))
        if loc and loc[0] == "body":
            loc = loc[2:]  # the location and the body parameter's own name
        elif loc:
            loc = loc[1:]  # query or path: the parameter name follows
        path = ".".join(str(p) for p in loc) or "body"
        out.setdefault(path, []).append(_in_plain_words(error))
    return out


def _in_plain_words(error: dict) -> str:
    """Pydantic's message, or ours where we say the same thing elsewhere (the actions say
    "Use at most 200 characters.", so a schema's length limit says it too)."""
    context = error.get("ctx") or {}
    if error.get("type") == "string_too_long":
        return f"Use at most {context.get('max_length')} characters."
    message = str(error.get("msg", "This value is not valid."))
    return message.removeprefix("Value error, ")


def payload_problem() -> str:
    return "Some fields need attention; nothing was saved."


def choice(choices, *, blank: bool = False):
    """The values of a TextChoices as a Literal. Enum classes would become OpenAPI components
    named after the class, and several models have a `Label` or a `Role`: the document would
    then describe one with the other's values."""
    values = tuple(choices.values) + (("",) if blank else ())
    return Literal[values]
