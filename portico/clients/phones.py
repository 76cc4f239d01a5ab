"""Phone numbers are stored in E.164 (+14155550123) and shown the way people write them."""

from __future__ import annotations

import re

import phonenumbers

COUNTRIES = frozenset(phonenumbers.SUPPORTED_REGIONS)

# How long a number may be as people type it ("+1 (207) 555-0142 ext. 12"); stored as E.164.
PHONE_AS_TYPED_MAX_LENGTH = 40


def normalize_phone(raw: str, region: str) -> str:
    """E.164 for a number typed any way; a number without +country is read in `region`."""
    text = raw.strip()
    if not text:
        raise ValueError("Enter a phone number.")
    try:
        number = phonenumbers.parse(text, region.upper() or "US")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(
            "This is not a phone number we can dial. Enter it with its area code, "
            "e.g. (415) 555-0123, or with the country code, e.g. +44 20 7946 0958."
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError(
            "This is not a phone number we can dial. Check the digits and the area code; "
            "for a number abroad, start with + and the country code."
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def digits_of(text: str) -> str:
    """What a search for a phone number compares: its digits, however they were typed."""
    return re.sub(r"\D", "", text)
