"""The portal API's payment shapes: what a client sends to start paying and what they get
back. Portal-only (the staff API has no payment routes), never a staff schema."""

from __future__ import annotations

import uuid

from ninja import Schema
from pydantic import Field

from portico.api.errors import text
from portico.core.money import MAX_AMOUNT_LENGTH


class YourCheckoutIn(Schema):
    amount: text(MAX_AMOUNT_LENGTH) | None = Field(
        None,
        description='How much to pay now, as a decimal string ("250.00"); left out, the '
        "whole amount due (or the trust shortfall). Never more than that.",
    )
    idempotency_key: text(64) | None = Field(
        None, description="Send the same key again (a retry) to get the same checkout."
    )


class YourCheckoutOut(Schema):
    attempt_id: uuid.UUID
    checkout_url: str
    amount: str
    currency: str
