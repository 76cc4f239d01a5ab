"""A matter's progress as its clients see it: status updates and stage changes, newest first.

One type, built one way, drawn by the workspace's lead and case pages, the portal's matter page
and the portal API alike. Staff and portal queries differ only in how they fetch the rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from portico.matters.models import StageChange, StatusUpdate


class EntryKind(StrEnum):
    UPDATE = "update"
    STAGE = "stage"


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    kind: EntryKind
    author_name: str
    # A status update's text; empty for a stage change.
    body: str = ""
    # A stage change's stages, as people read them ("" for the first stage's "from").
    from_stage: str = ""
    to_stage: str = ""

    @property
    def is_stage_change(self) -> bool:
        return self.kind == EntryKind.STAGE


def build_timeline(
    updates: Iterable[StatusUpdate], stage_changes: Iterable[StageChange]
) -> list[TimelineEntry]:
    entries = [
        TimelineEntry(u.created_at, EntryKind.UPDATE, u.author_name, body=u.body) for u in updates
    ] + [
        TimelineEntry(
            s.created_at,
            EntryKind.STAGE,
            s.author_name,
            from_stage=s.get_from_stage_display() or "New",
            to_stage=s.get_to_stage_display(),
        )
        for s in stage_changes
    ]
    return sorted(entries, key=lambda e: e.at, reverse=True)
