"""Background work on documents: the virus scan of new files, and the sweep of files a crash
left without a record. Tasks take ids and are safe to run again."""

from __future__ import annotations

import datetime
import logging
import uuid

from django.conf import settings
from django.db import transaction
from django.tasks import default_task_backend, task
from django.utils import timezone

from portico.core.rls import activate_firm
from portico.documents.actions import record_scan
from portico.documents.models import DocumentVersion, ScanState
from portico.documents.scan import scan_stream
from portico.documents.storage import (
    delete_stored,
    open_stored,
    stale_temp_files,
    stored_keys,
)

logger = logging.getLogger(__name__)
# A stored file younger than this may belong to an upload still being recorded.
SWEEP_GRACE = datetime.timedelta(hours=1)


@task
def scan_document(firm_id: str, document_id: str) -> None:
    """Scan every version of the document still waiting for the scanner."""
    if not settings.CLAMD_URL:
        return
    with transaction.atomic():
        activate_firm(firm_id)
        waiting = list(
            DocumentVersion.objects.for_firm(firm_id)
            .filter(document_id=document_id, scan_state=ScanState.PENDING)
            .select_related("document")
        )
    for version in waiting:
        with open_stored(version.key) as stream:
            result = scan_stream(settings.CLAMD_URL, stream)
        with transaction.atomic():
            activate_firm(firm_id)
            record_scan(version=version, result=result)


def enqueue_scan(event) -> None:
    if settings.CLAMD_URL:
        scan_document.enqueue(str(event.firm_id), str(event.document_id))


@task
def sweep_orphans(grace_seconds: int | None = None) -> int:
    """Delete stored files no document version names, and temporary files of uploads that never
    finished, once older than the grace period. Returns how many files were deleted."""
    grace = SWEEP_GRACE if grace_seconds is None else datetime.timedelta(seconds=grace_seconds)
    cutoff = timezone.now() - grace
    deleted = 0
    for path in stale_temp_files(grace):
        path.unlink(missing_ok=True)
        deleted += 1
    by_firm: dict[str, list[str]] = {}
    for key, modified in stored_keys():
        if modified is not None and modified > cutoff:
            continue
        by_firm.setdefault(key.split("/")[1], []).append(key)
    for firm_id, keys in by_firm.items():
        try:
            uuid.UUID(firm_id)
        except ValueError:
            continue
        with transaction.atomic():
            activate_firm(firm_id)
            known = set(
                DocumentVersion.objects.for_firm(firm_id)
                .filter(key__in=keys)
                .values_list("key", flat=True)
            )
        for key in keys:
            if key not in known:
                logger.warning("deleting %s: stored without a record", key)
                delete_stored(key)
                deleted += 1
    return deleted


def schedule_sweep(_event=None) -> None:
    """After an upload: have the worker sweep once the grace period is over, so what a crash
    during that upload left is removed (where the queue can defer; `manage.py
    sweep_documents` does the same from cron)."""
    if default_task_backend.supports_defer:
        sweep_orphans.using(run_after=timezone.now() + SWEEP_GRACE).enqueue()
