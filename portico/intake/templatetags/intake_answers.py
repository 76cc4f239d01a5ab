"""How an intake answer reads on a page: several choices joined, an address on its lines."""

from __future__ import annotations

from django import template

from portico.intake.answers import address_lines, answer_text

register = template.Library()


@register.filter
def answer_as_text(value) -> str:
    return answer_text(value)


@register.filter
def address_as_lines(value) -> list[str]:
    return address_lines(value)
