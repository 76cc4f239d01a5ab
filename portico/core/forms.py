"""Pages that write: a form parses what was typed, an action decides what is allowed.

`submit_form` is the one way a workspace or portal view runs an action from a form: parse,
act, and on `InvalidInput` put each message beside the field it names (nothing was saved).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Protocol

from django import forms

from portico.core.errors import InvalidInput


class Submittable(Protocol):
    def is_valid(self) -> bool: ...


def submit_form[T](form: Submittable, act: Callable[[], T]) -> T | None:
    """What `act()` returned, or None when the form or the action refused the input.

    A form with `show_errors(errors)` places the action's messages itself (a profile with
    row groups); any other form gets them by field path (`add_input_errors`)."""
    if not form.is_valid():
        return None
    try:
        return act()
    except InvalidInput as exc:
        show = getattr(form, "show_errors", None)
        if show is not None:
            show(exc.errors)
        else:
            add_input_errors(form, exc.errors)
        return None


def add_input_errors(
    form: forms.Form, errors: dict[str, list[str]], rename: dict | None = None
) -> None:
    """Put each message on the form field its path names (`contact_ids.0` on `contact_ids`);
    the rest on the form as a whole."""
    rename = rename or {}
    for path, messages in errors.items():
        name = rename.get(path, path)
        if name not in form.fields:
            name = name.split(".", 1)[0]
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


def limited_text(*, max_length: int, **kwargs) -> forms.CharField:
    """A text field no longer than its column, refusing more in the actions' own words."""
    return forms.CharField(
        max_length=max_length,
        error_messages={"max_length": "Use at most %(limit_value)d characters."},
        **kwargs,
    )


# A date typed into a native date input that is no real date ("02/31/1984") reaches the
# server as nothing at all; portico.js sends `<name>-invalid` with it so it is refused instead
# of being taken for a cleared date.
IMPOSSIBLE = "impossible"
EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2100, 12, 31)
type Bound = datetime.date | Callable[[], datetime.date]


def _day(bound: Bound) -> datetime.date:
    return bound() if callable(bound) else bound


class NativeDateInput(forms.DateInput):
    """The browser's own date picker (type=date), bounded by the field's earliest and latest."""

    input_type = "date"

    def __init__(self, attrs=None, earliest: Bound = EARLIEST, latest: Bound = LATEST):
        super().__init__(attrs, format="%Y-%m-%d")
        self.earliest, self.latest = earliest, latest

    def get_context(self, name, value, attrs):
        attrs = {**(attrs or {}), "min": _day(self.earliest), "max": _day(self.latest)}
        return super().get_context(name, value, attrs)

    def value_from_datadict(self, data, files, name):
        if data.get(f"{name}-invalid"):
            return IMPOSSIBLE
        return super().value_from_datadict(data, files, name)


class DateField(forms.DateField):
    """A date from a native date input, refused in plain words when it is no real date or
    falls outside `earliest`..`latest` (which may be callables, e.g. today)."""

    def __init__(
        self, *, earliest: Bound = EARLIEST, latest: Bound = LATEST, too_late: str = "", **kwargs
    ):
        self.earliest, self.latest, self.too_late = earliest, latest, too_late
        kwargs.setdefault("widget", NativeDateInput(earliest=earliest, latest=latest))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value == IMPOSSIBLE:
            raise forms.ValidationError(
                "That is not a real date. Check the day and the month.", code="impossible"
            )
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            raise forms.ValidationError(
                f"“{value}” is not a real date. Enter it like {_day(self.latest):%m/%d/%Y}.",
                code="invalid",
            ) from error

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        earliest, latest = _day(self.earliest), _day(self.latest)
        if value < earliest:
            raise forms.ValidationError(
                f"Enter a date on or after {earliest:%B} {earliest.day}, {earliest.year}.",
                code="too_early",
            )
        if value > latest:
            raise forms.ValidationError(
                self.too_late
                or f"Enter a date on or before {latest:%B} {latest.day}, {latest.year}.",
                code="too_late",
            )
