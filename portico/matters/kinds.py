"""The two kinds of matter, and what pages and APIs may ask of either without knowing which."""

from __future__ import annotations

from typing import ClassVar

from django.db import models


class MatterKind(models.TextChoices):
    LEAD = "lead", "Lead"
    CASE = "case", "Case"


class MatterFace:
    """What the pages and the APIs need of a lead or a case, whichever it is."""

    kind: ClassVar[MatterKind]
    matter_id: object

    @property
    def heading(self) -> str:
        raise NotImplementedError

    @property
    def stage_label(self) -> str | None:
        """Where the matter stands, as its clients read it (a lead has no stage)."""
        return None

    @property
    def records_matter_id(self):
        """The matter that new comments and updates on this lead or case belong to."""
        return self.matter_id
