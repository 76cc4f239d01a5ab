"""Money is an integer of minor units plus a currency; people and the API read decimal strings."""

from __future__ import annotations

import re
from decimal import Decimal

# ISO 4217 exponents that differ from 2; everything else has cents.
_EXPONENTS = {"JPY": 0, "KRW": 0, "CLP": 0, "ISK": 0, "BHD": 3, "KWD": 3, "OMR": 3, "JOD": 3}


def exponent(currency: str) -> int:
    return _EXPONENTS.get(currency.upper(), 2)


# An amount is typed as digits with an optional decimal point: no exponent ("1e999999999"
# would overflow, "1e-999999999" round to nothing), no sign, and never longer than this.
MAX_AMOUNT_LENGTH = 32
MAX_MINOR_UNITS = 10**15
_AMOUNT = re.compile(r"(?P<whole>[0-9]*)(?:\.(?P<fraction>[0-9]*))?")
# What people type around the number: a currency symbol, spaces, thousands commas.
_DECORATION = str.maketrans("", "", "$€£¥, \u00a0")


def to_minor_units(text: str, currency: str) -> int:
    """Parse "1500.00", "1,500" or "$1,500" into 150000 cents; ValueError in plain words if not."""
    text = str(text).strip()
    if len(text) > MAX_AMOUNT_LENGTH:
        raise ValueError("That amount is too long. Enter an amount like 1500.00.")
    cleaned = text.upper().removeprefix(currency.upper()).translate(_DECORATION)
    if cleaned.startswith("-"):
        raise ValueError("Enter an amount of zero or more.")
    match = _AMOUNT.fullmatch(cleaned)
    if match is None or not (match["whole"] or match["fraction"]):
        raise ValueError("Enter an amount like 1500.00.")
    places = exponent(currency)
    fraction = (match["fraction"] or "").rstrip("0")
    if len(fraction) > places:
        raise ValueError(f"Use at most {places} decimal places.")
    minor = int(match["whole"] or "0") * 10**places + int(fraction.ljust(places, "0") or "0")
    if minor >= MAX_MINOR_UNITS:
        raise ValueError("That amount is too large.")
    return minor


def format_minor_units(minor: int, currency: str) -> str:
    """150000, "USD" -> "1500.00"."""
    places = exponent(currency)
    return f"{Decimal(minor).scaleb(-places):.{places}f}"
