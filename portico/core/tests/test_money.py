import pytest

from portico.core.money import format_minor_units, to_minor_units


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("1500", 150000),
        ("1500.00", 150000),
        ("1,500", 150000),
        ("1,500.00", 150000),
        ("$1,500", 150000),
        (" $ 1,500.50 ", 150050),
        ("USD 1,500", 150000),
        ("0.5", 50),
        (".5", 50),
    ],
)
def test_amounts_are_read_as_people_type_them(typed, cents):
    assert to_minor_units(typed, "USD") == cents


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1e999999999", "Enter an amount like 1500.00."),
        ("1e-999999999", "Enter an amount like 1500.00."),
        ("9" * 1_000_000, "That amount is too long."),
        ("Infinity", "Enter an amount like 1500.00."),
        ("NaN", "Enter an amount like 1500.00."),
        ("12.3.4", "Enter an amount like 1500.00."),
        ("", "Enter an amount like 1500.00."),
        ("-5", "Enter an amount of zero or more."),
        ("1.005", "Use at most 2 decimal places."),
        ("1" + "0" * 16, "That amount is too large."),
    ],
)
def test_anything_else_is_refused_in_plain_words(typed, message):
    with pytest.raises(ValueError, match=message.replace(".", r"\.")):
        to_minor_units(typed, "USD")


def test_currencies_without_cents_refuse_them():
    assert to_minor_units("1,500", "JPY") == 1500
    with pytest.raises(ValueError, match="Use at most 0 decimal places"):
        to_minor_units("1.5", "JPY")
    assert format_minor_units(1500, "JPY") == "1500"
