"""A matter's progress as its clients see it: status updates and stage changes, newest first.

One type, built one way, drawn by the workspace's lead and case pages, the portal's matter page
and the portal API alike. Staff and portal queries differ only in how they fetch the rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import QuerySet, TextField, Value

from portico.matters.models import Case, Comment, StageChange, StatusUpdate


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
    # The id a page gives the entry, so "#update-<id>" opens on a status update just posted.
    anchor: str = ""
    # Written by a person (staff or client), not by the system or an API key: the portal
    # names the firm for those instead.
    author_is_person: bool = True

    @property
    def is_stage_change(self) -> bool:
        return self.kind == EntryKind.STAGE


def build_timeline(
    updates: Iterable[StatusUpdate], stage_changes: Iterable[StageChange]
) -> list[TimelineEntry]:
    entries = [
        TimelineEntry(
            u.created_at,
            EntryKind.UPDATE,
            u.author_name,
            body=u.body,
            anchor=f"update-{u.id}",
            author_is_person=bool(u.author_staff_id or u.author_contact_id),
        )
        for u in updates
    ] + [
        TimelineEntry(
            s.created_at,
            EntryKind.STAGE,
            s.author_name,
            from_stage=s.get_from_stage_display() or "New",
            to_stage=s.get_to_stage_display(),
            author_is_person=bool(s.author_staff_id or s.author_contact_id),
        )
        for s in stage_changes
    ]
    return sorted(entries, key=lambda e: e.at, reverse=True)


MESSAGE = "message"


def read_timeline(
    updates: QuerySet[StatusUpdate], stage_changes: QuerySet[StageChange]
) -> list[TimelineEntry]:
    """The same entries as `build_timeline`, read in one query (a UNION of the two kinds), for
    a page that has not fetched the rows already."""
    timeline, _thread = read_timeline_and_thread(updates, stage_changes)
    return timeline


def read_timeline_and_thread(
    updates: QuerySet[StatusUpdate],
    stage_changes: QuerySet[StageChange],
    comments: QuerySet[Comment] | None = None,
) -> tuple[list[TimelineEntry], list[Comment]]:
    """A matter's timeline (newest first) and, when `comments` is given, the comments it
    selects (oldest first), all read in one query: a UNION ALL of the three tables."""
    columns = ("created_at", "author_name", "author_staff_id", "author_contact_id", "id")
    text = {"output_field": TextField()}
    rows = (
        updates.order_by()
        .annotate(
            t_from=Value("", **text),
            t_to=Value("", **text),
            t_kind=Value(EntryKind.UPDATE.value, **text),
        )
        .values_list(*columns, "body", "t_from", "t_to", "t_kind")
    )
    parts = [
        stage_changes.order_by()
        .annotate(t_body=Value("", **text), t_kind=Value(EntryKind.STAGE.value, **text))
        .values_list(*columns, "t_body", "from_stage", "to_stage", "t_kind")
    ]
    if comments is not None:
        parts.append(
            comments.order_by()
            .annotate(
                t_from=Value("", **text), t_to=Value("", **text), t_kind=Value(MESSAGE, **text)
            )
            .values_list(*columns, "body", "t_from", "t_to", "t_kind")
        )
    entries, thread = [], []
    for at, author, staff_id, contact_id, pk, body, from_stage, to_stage, kind in rows.union(
        *parts, all=True
    ):
        person = bool(staff_id or contact_id)
        if kind == MESSAGE:
            thread.append(
                Comment(
                    id=pk,
                    author_name=author,
                    author_staff_id=staff_id,
                    author_contact_id=contact_id,
                    created_at=at,
                    body=body,
                    is_private=False,
                )
            )
        elif kind == EntryKind.UPDATE:
            entries.append(
                TimelineEntry(
                    at,
                    EntryKind.UPDATE,
                    author,
                    body=body,
                    anchor=f"update-{pk}",
                    author_is_person=person,
                )
            )
        else:
            entries.append(
                TimelineEntry(
                    at,
                    EntryKind.STAGE,
                    author,
                    from_stage=Case.Stage(from_stage).label if from_stage else "New",
                    to_stage=Case.Stage(to_stage).label,
                    author_is_person=person,
                )
            )
    thread.sort(key=lambda c: (c.created_at, c.id))
    return sorted(entries, key=lambda e: e.at, reverse=True), thread
