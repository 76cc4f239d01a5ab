"""Schemas of intake answers shared by the staff API and the portal API."""

from __future__ import annotations

import uuid

from ninja import Schema
from pydantic import Field

QUESTION_KINDS = (
    "short_text, long_text, number, currency, date, yes_no, single_choice, multiple_choice, "
    "email, phone, address (an object: lines, city, region, postal_code, country) or file (the "
    "id of a document on the matter; or upload the file to the intake file route)."
)


class AddressAnswer(Schema):
    """An address answer. Blank parts are allowed only where the address may lack them."""

    lines: list[str] = Field(default_factory=list, max_length=3, description="Street lines.")
    city: str = ""
    region: str = Field("", description="State, province or region.")
    postal_code: str = ""
    country: str = Field("US", description="Two-letter country code, like US or GB.")


type AnswerValue = str | list[str] | AddressAnswer


class AnswerFileOut(Schema):
    """The document a file answer names."""

    id: uuid.UUID
    name: str


def answer_in(value: object) -> object:
    """The answer sent, as the intake actions take it."""
    return value.model_dump() if isinstance(value, AddressAnswer) else value
