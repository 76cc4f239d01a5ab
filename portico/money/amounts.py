"""Amounts as people read them: 150000 cents of USD is "$1,500.00"."""

from __future__ import annotations

from portico.core.money import format_minor_units

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$", "AUD": "A$"}


def display(minor: int, currency: str) -> str:
    """150000, "USD" -> "$1,500.00"; a currency without a symbol here: "1,500.00 CHF"."""
    currency = currency.upper()
    text = format_minor_units(abs(minor), currency)
    whole, _, fraction = text.partition(".")
    text = f"{int(whole):,}" + (f".{fraction}" if fraction else "")
    sign = "-" if minor < 0 else ""
    symbol = SYMBOLS.get(currency)
    return f"{sign}{symbol}{text}" if symbol else f"{sign}{text} {currency}"
