"""Field limits come from the model: inputs, forms and API schemas all read them here, so a
column's length is written once."""

from __future__ import annotations

from django.db import models


def max_length(model: type[models.Model], field: str) -> int:
    limit = model._meta.get_field(field).max_length
    if limit is None:
        raise ValueError(f"{model.__name__}.{field} declares no max_length")
    return limit
