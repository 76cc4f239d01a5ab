"""Pages that write: a form parses what was typed, an action decides what is allowed.

`submit_form` is the one way a workspace or portal view runs an action from a form: parse,
act, and on `InvalidInput` put each message beside the field it names (nothing was saved).
"""

from __future__ import annotations

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
