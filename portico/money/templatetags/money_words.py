from django import template

from portico.money.amounts import display

register = template.Library()


@register.filter
def money(minor, currency: str = "USD") -> str:
    """{{ invoice.balance_minor|money:invoice.currency }} -> "$1,250.00"."""
    if minor is None or minor == "":
        return ""
    return display(int(minor), currency or "USD")
