"""Amounts and dates as people and the API type them, turned into what the actions take.

Amounts are decimal strings in the case's currency ("1500.00", "1,500", "$1,500"), parsed by
`core.money` (no exponent, at most 32 characters); a problem is an `InvalidInput` naming the
field, in the same words on the pages and in the API."""

from __future__ import annotations

import datetime

from django.utils import timezone

from portico.core.errors import InvalidInput
from portico.core.money import to_minor_units


def parse_amount(text, currency: str, field: str = "amount") -> int:
    text = "" if text is None else str(text)
    if not text.strip():
        raise InvalidInput({field: ["Enter an amount like 1500.00."]})
    try:
        return to_minor_units(text, currency)
    except ValueError as exc:
        raise InvalidInput({field: [str(exc)]}) from exc


def received_at_of(day: datetime.date | None) -> datetime.datetime | None:
    """A day received, as noon UTC on it, never later than now for today or a day before
    (None: now). A day after today stays in the future, for the action to refuse."""
    if day is None:
        return None
    moment = datetime.datetime.combine(day, datetime.time(12), datetime.UTC)
    if day <= timezone.localdate():
        return min(moment, timezone.now())
    return moment
