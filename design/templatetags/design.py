"""Template helpers of the design system: times in the firm's zone, the current page in the
navigation, and the error summary of a refused form."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django import forms, template
from django.urls import reverse
from django.utils import dateformat
from django.utils.html import format_html

from design.forms import form_problems

register = template.Library()

TIME_FORMAT = "M j, Y, g:i A T"  # Mar 2, 2026, 3:04 PM EST
DAY_FORMAT = "M j, Y"


@register.filter(expects_localtime=True)
def when(value: datetime.datetime | None, empty: str = "—") -> str:
    """A moment in the firm's time zone (activated per request), with the zone's abbreviation,
    in a <time> element machines can read."""
    if not value:
        return empty
    return format_html(
        '<time datetime="{}">{}</time>',
        value.isoformat(timespec="minutes"),
        dateformat.format(value, TIME_FORMAT),
    )


@register.filter(expects_localtime=True)
def day(value: datetime.date | datetime.datetime | None, empty: str = "—") -> str:
    """A date (or the firm's local date of a moment), e.g. "Mar 2, 2026"."""
    if not value:
        return empty
    as_date = value.date() if isinstance(value, datetime.datetime) else value
    return format_html(
        '<time datetime="{}">{}</time>', as_date.isoformat(), dateformat.format(as_date, DAY_FORMAT)
    )


@register.simple_tag(takes_context=True)
def nav_item(context, url_name: str, label: str, exact: bool = False) -> str:
    """A navigation entry, marked aria-current="page" on its own page and those under it."""
    url = reverse(url_name)
    path = context["request"].path
    current = path == url if exact else path.startswith(url)
    if current:
        return format_html('<li><a href="{}" aria-current="page">{}</a></li>', url, label)
    return format_html('<li><a href="{}">{}</a></li>', url, label)


def problems_of(thing) -> list[tuple[str, str]]:
    if thing is None or thing == "":
        return []
    if hasattr(thing, "error_summary"):
        return thing.error_summary()
    if isinstance(thing, forms.BaseFormSet):
        found = [("", str(e)) for e in thing.non_form_errors()]
        for form in thing.forms:
            found += form_problems(form)
        return found
    if isinstance(thing, forms.BaseForm):
        return form_problems(thing) if thing.is_bound else []
    if isinstance(thing, Iterable) and not isinstance(thing, str):
        return [p for item in thing for p in problems_of(item)]
    return [("", str(thing))]


@register.inclusion_tag("design/error_summary.html")
def error_summary(*things, title: str = "", intro: str = "", anchor: str = "") -> dict:
    """The error summary of every form, formset or list of messages given; nothing if none has
    an error. Messages that name no field link to `anchor`, if given."""
    problems = [(a or anchor, m) for thing in things for a, m in problems_of(thing)]
    return {"problems": problems, "title": title, "intro": intro}


@register.filter
def elided_pages(page) -> list:
    """Page numbers around the current one and at both ends, "…" for the gaps."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))
