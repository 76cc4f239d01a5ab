"""Reading what a client of the API actually sent."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


def sent_fields(payload: BaseModel) -> dict[str, Any]:
    """The fields the request named (a PATCH changes only those), as plain values: a nested
    object sent is whole, with its own defaults for what it left out."""
    return {name: _plain(getattr(payload, name)) for name in payload.model_fields_set}


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
