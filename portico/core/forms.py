"""Showing an action's InvalidInput on a page, beside the fields it names."""

from __future__ import annotations

from django import forms


def add_input_errors(
    form: forms.Form, errors: dict[str, list[str]], rename: dict | None = None
) -> None:
    """Put each message on the form field its path names; the rest on the form as a whole."""
    rename = rename or {}
    for path, messages in errors.items():
        name = rename.get(path, path)
        for message in messages:
            form.add_error(name if name in form.fields else None, message)
