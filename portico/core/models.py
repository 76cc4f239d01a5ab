"""The firm wall in the ORM: every firm-owned row carries its firm, and reads name it."""

from __future__ import annotations

import uuid
from typing import Self

from django.db import models


class FirmQuerySet(models.QuerySet):
    def for_firm(self, firm_id: uuid.UUID | str) -> Self:
        return self.filter(firm_id=firm_id)

    def dangerously_all_firms(self) -> Self:
        """Every firm's rows. Only for the rare cross-firm job (seeding, system tasks)."""
        return self.all()


class FirmOwned(models.Model):
    """Base of every row that belongs to one firm.

    Migrations of subclasses add `EnableFirmRowSecurity` so PostgreSQL refuses rows of any
    firm but the one set for the transaction, whatever the code above it does.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    firm = models.ForeignKey("tenancy.Firm", on_delete=models.PROTECT, related_name="+")

    objects = FirmQuerySet.as_manager()

    class Meta:
        abstract = True


def firm_owned_models() -> list[type[models.Model]]:
    from django.apps import apps

    return [m for m in apps.get_models() if issubclass(m, FirmOwned)]
