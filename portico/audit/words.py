"""The audit trail in a person's words: field names and choice labels from the model the event
is about, so history never shows a stored code like `drivers_license`."""

from __future__ import annotations

import datetime

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import dateformat


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    # Related rows (a contact's emails) are kept as already readable text.
    return field if field.concrete else None


def _word(field: models.Field | None, value):
    if value is None or field is None:
        return value
    if isinstance(value, list):
        return [_word(field, v) for v in value]
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return dateformat.format(datetime.date.fromisoformat(value[:10]), "M j, Y")
        except ValueError:
            return value
    return value


def readable_changes(event) -> list[tuple[str, object, object]]:
    model = _model(event.object_type)
    out = []
    for name, before, after in event.changes:
        field = _field(model, name)
        label = str(field.verbose_name) if field is not None else name.replace("_", " ")
        out.append((label, _word(field, before), _word(field, after)))
    return out
