"""Money is an integer of minor units plus a currency; people and the API read decimal strings."""

from __future__ import annotations

import re
from decimal import Decimal, DecimalException

# Longer than any amount a firm bills (a quadrillion, with cents, commas and a symbol).
MAX_AMOUNT_TEXT = 32
# What people type around the number: a currency symbol or code, spaces, thousands commas.
_DECORATION = str.maketrans("", "", "$€£¥, \u00a0")

# ISO 4217 exponents that differ from 2; everything else has cents.
_EXPONENTS = {"JPY": 0, "KRW": 0, "CLP": 0, "ISK": 0, "BHD": 3, "KWD": 3, "OMR": 3, "JOD": 3}


def exponent(currency: str) -> int:
    return _EXPONENTS.get(currency.upper(), 2)


def to_minor_units(text: str, currency: str) -> int:
    """Parse "1500.00", "1,500" or "$1,500" into 150000 cents; ValueError in plain words if not.

    Only plain decimal notation is read: no exponents ("1e9"), no infinities, nothing longer
    than `MAX_AMOUNT_TEXT`, so no input can make the arithmetic below overflow or round.
    """
    text = str(text).strip()
    if len(text) > MAX_AMOUNT_TEXT:
        raise ValueError("That amount is too large.")
    cleaned = text.upper().removeprefix(currency.upper()).translate(_DECORATION)
    if not re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)", cleaned):
        raise ValueError("Enter an amount like 1500.00.")
    try:
        amount = Decimal(cleaned)
    except DecimalException as exc:
        raise ValueError("Enter an amount like 1500.00.") from exc
    if amount < 0:
        raise ValueError("Enter an amount of zero or more.")
    places = exponent(currency)
    scaled = amount.scaleb(places)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"Use at most {places} decimal places.")
    if scaled >= 10**15:
        raise ValueError("That amount is too large.")
    return int(scaled)


def format_minor_units(minor: int, currency: str) -> str:
    """150000, "USD" -> "1500.00"."""
    places = exponent(currency)
    return f"{Decimal(minor).scaleb(-places):.{places}f}"
