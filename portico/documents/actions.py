"""Writes to documents. Callers have found the matter or document through the caller's own
query (the firm's, or the signed-in client's), so the actor may act on it.

An upload is atomic: the file is stored first under a new random key, then the record is
written in one transaction; if that transaction fails the stored file is deleted at once, and
if the process dies in between, the worker's sweep (`tasks.sweep_orphans`) deletes it later.
A record therefore never exists without its file, and a file never outlives a missing record.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from portico.audit.actions import Actor, record_audit
from portico.core.errors import InvalidInput
from portico.core.events import publish_on_commit
from portico.documents.events import (
    DocumentDeleted,
    DocumentScanned,
    DocumentSharingChanged,
    DocumentUploaded,
    DocumentVerb,
    DocumentVersionAdded,
)
from portico.documents.models import Document, DocumentVersion, ScanState
from portico.documents.names import UploadRefused, check_content, clean_name
from portico.documents.scan import ScanResult
from portico.documents.storage import Incoming, delete_stored, new_key
from portico.matters.actions import author_fields
from portico.matters.kinds import MatterFace
from portico.matters.queries import face_of

logger = logging.getLogger(__name__)

# Higher apps may keep a document from being shared with clients: each guard returns why not,
# or None (intake: the file answering a private question stays the firm's).
sharing_guards: list[Callable[[Document], str | None]] = []


def _checked(name: str, incoming: Incoming) -> tuple[str, str]:
    """The cleaned name and content type, or `UploadRefused` (the temporary file discarded)."""
    try:
        name = clean_name(name)
        return name, check_content(name, incoming.head).content_type
    except UploadRefused:
        incoming.discard()
        raise


def _store_then_record(firm_id, incoming: Incoming, write):
    """Store the file, then run `write(key)` in a transaction; undo the file if it fails."""
    key = new_key(firm_id)
    try:
        incoming.store(key)
    except BaseException:
        incoming.discard()
        raise
    try:
        with transaction.atomic():
            return write(key)
    except BaseException:
        delete_stored(key)
        raise


def _new_version(document: Document, *, number: int, name, key, incoming, content_type, actor):
    version = DocumentVersion.objects.create(
        firm_id=document.firm_id,
        document=document,
        number=number,
        name=name,
        key=key,
        size=incoming.size,
        sha256=incoming.sha256,
        content_type=content_type,
        scan_state=ScanState.PENDING if settings.CLAMD_URL else ScanState.NOT_SCANNED,
        **author_fields(actor),
    )
    # With a scanner set up, `tasks.scan_document` scans it once this commits (apps.py).
    return version


def _page(document: Document):
    """The lead or case the document is on: its audit entries are kept under it, so its page's
    trail and the client activity feed show them."""
    return face_of(document.matter)


def _facts(version: DocumentVersion) -> dict:
    return {"name": version.name, "size": version.size, "sha256": version.sha256}


def upload_document(
    *, matter: MatterFace, name: str, incoming: Incoming, shared: bool, actor: Actor
) -> Document:
    """A new document on the matter from a received file. `shared` is the firm's choice; a
    client's own upload is always theirs to see, and other clients see it once shared."""
    name, content_type = _checked(name, incoming)

    def write(key: str) -> Document:
        document = Document.objects.create(
            firm_id=matter.firm_id,
            matter_id=matter.records_matter_id,
            name=name,
            shared_with_clients=shared,
            **author_fields(actor),
        )
        version = _new_version(
            document,
            number=1,
            name=name,
            key=key,
            incoming=incoming,
            content_type=content_type,
            actor=actor,
        )
        record_audit(
            firm_id=document.firm_id,
            actor=actor,
            verb=DocumentVerb.UPLOADED,
            obj=document,
            after=_facts(version) | {"shared with the client": shared},
            parent=matter,
        )
        publish_on_commit(
            DocumentUploaded(
                firm_id=document.firm_id,
                matter_id=document.matter_id,
                document_id=document.id,
                shared=shared,
                by_contact_id=document.author_contact_id,
            )
        )
        return document

    return _store_then_record(matter.firm_id, incoming, write)


def add_document_version(
    *, document: Document, name: str, incoming: Incoming, actor: Actor
) -> DocumentVersion:
    """Replace the document's file with a new version; the earlier ones stay in its history."""
    name, content_type = _checked(name, incoming)

    def write(key: str) -> DocumentVersion:
        locked = Document.objects.select_for_update().get(pk=document.pk)
        if locked.deleted_at is not None:
            raise UploadRefused("This document was deleted; upload it as a new document.")
        number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = _new_version(
            locked,
            number=number,
            name=name,
            key=key,
            incoming=incoming,
            content_type=content_type,
            actor=actor,
        )
        locked.name = name
        locked.save(update_fields=["name"])
        record_audit(
            firm_id=locked.firm_id,
            actor=actor,
            verb=DocumentVerb.VERSION_ADDED,
            obj=locked,
            after=_facts(version) | {"version": number},
            parent=_page(locked),
        )
        publish_on_commit(
            DocumentVersionAdded(
                firm_id=locked.firm_id,
                matter_id=locked.matter_id,
                document_id=locked.id,
                version_id=version.id,
                shared=locked.shared_with_clients,
                by_contact_id=locked.author_contact_id,
            )
        )
        document.name = name
        return version

    return _store_then_record(document.firm_id, incoming, write)


@transaction.atomic
def set_document_sharing(*, document: Document, shared: bool, actor: Actor) -> Document:
    """Make the document accessible to the matter's clients, or stop; unchanged says nothing."""
    if document.shared_with_clients == shared:
        return document
    if shared:
        for guard in sharing_guards:
            if why_not := guard(document):
                raise InvalidInput({"shared": [why_not]})
    document.shared_with_clients = shared
    document.save(update_fields=["shared_with_clients"])
    record_audit(
        firm_id=document.firm_id,
        actor=actor,
        verb=DocumentVerb.SHARED if shared else DocumentVerb.UNSHARED,
        obj=document,
        before={"shared with the client": not shared},
        after={"shared with the client": shared},
        parent=_page(document),
    )
    publish_on_commit(
        DocumentSharingChanged(
            firm_id=document.firm_id,
            matter_id=document.matter_id,
            document_id=document.id,
            shared=shared,
            by_contact_id=document.author_contact_id,
        )
    )
    return document


@transaction.atomic
def delete_document(*, document: Document, actor: Actor) -> Document:
    """Soft delete: gone from every page and the portal at once; the record and its files are
    kept for the audit trail."""
    if document.deleted_at is not None:
        return document
    document.deleted_at = timezone.now()
    document.save(update_fields=["deleted_at"])
    record_audit(
        firm_id=document.firm_id,
        actor=actor,
        verb=DocumentVerb.DELETED,
        obj=document,
        after={"name": document.name},
        parent=_page(document),
    )
    publish_on_commit(
        DocumentDeleted(
            firm_id=document.firm_id,
            matter_id=document.matter_id,
            document_id=document.id,
            shared=document.shared_with_clients,
            by_contact_id=document.author_contact_id,
        )
    )
    return document


@transaction.atomic
def record_download(*, version: DocumentVersion, actor: Actor) -> None:
    """Who downloaded which version, in the audit trail (staff see it on the document)."""
    record_audit(
        firm_id=version.firm_id,
        actor=actor,
        verb=DocumentVerb.DOWNLOADED,
        obj=version.document,
        after={"version": version.number, "name": version.name},
        parent=_page(version.document),
    )


@transaction.atomic
def record_scan(*, version: DocumentVersion, result: ScanResult) -> DocumentVersion:
    """The virus scanner's verdict on one stored version."""
    if result.clean:
        state = ScanState.CLEAN
    elif result.failed:
        state = ScanState.FAILED
    else:
        state = ScanState.INFECTED
    version.scan_state = state
    version.scan_detail = result.detail
    version.save(update_fields=["scan_state", "scan_detail"])
    record_audit(
        firm_id=version.firm_id,
        actor=None,
        verb=DocumentVerb.SCANNED,
        obj=version.document,
        after={"version": version.number, "result": ScanState(state).label}
        | ({"found": result.detail} if result.detail else {}),
        parent=_page(version.document),
    )
    publish_on_commit(
        DocumentScanned(
            firm_id=version.firm_id,
            matter_id=version.document.matter_id,
            document_id=version.document_id,
            version_id=version.id,
            state=state,
            shared=version.document.shared_with_clients,
            by_contact_id=version.document.author_contact_id,
        )
    )
    return version
