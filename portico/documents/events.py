"""What happens to documents: the events actions publish after commit, and the audit verbs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from portico.audit.verbs import AuditVerb, audit_verbs
from portico.core.events import domain_event


@audit_verbs
class DocumentVerb(AuditVerb):
    UPLOADED = "document.uploaded", "uploaded a document"
    VERSION_ADDED = "document.version_added", "replaced a document with a new version"
    SHARED = "document.shared", "shared a document with the client"
    UNSHARED = "document.unshared", "stopped sharing a document with the client"
    DELETED = "document.deleted", "deleted a document"
    DOWNLOADED = "document.downloaded", "downloaded a document"
    SCANNED = "document.scanned", "scanned a document for viruses"


# Every document event says whether the document is shared with the matter's clients, and
# which client uploaded it (None for the firm's): the clients who see it are told of it.


@domain_event
@dataclass(frozen=True)
class DocumentUploaded:
    """`shared`: the matter's clients see it (a client's own upload is always seen by them)."""

    firm_id: uuid.UUID
    matter_id: uuid.UUID
    document_id: uuid.UUID
    shared: bool
    by_contact_id: uuid.UUID | None = None


@domain_event
@dataclass(frozen=True)
class DocumentVersionAdded:
    firm_id: uuid.UUID
    matter_id: uuid.UUID
    document_id: uuid.UUID
    version_id: uuid.UUID
    shared: bool
    by_contact_id: uuid.UUID | None = None


@domain_event
@dataclass(frozen=True)
class DocumentSharingChanged:
    firm_id: uuid.UUID
    matter_id: uuid.UUID
    document_id: uuid.UUID
    shared: bool
    by_contact_id: uuid.UUID | None = None


@domain_event
@dataclass(frozen=True)
class DocumentDeleted:
    firm_id: uuid.UUID
    matter_id: uuid.UUID
    document_id: uuid.UUID
    shared: bool = False
    by_contact_id: uuid.UUID | None = None


@domain_event
@dataclass(frozen=True)
class DocumentScanned:
    firm_id: uuid.UUID
    matter_id: uuid.UUID
    document_id: uuid.UUID
    version_id: uuid.UUID
    state: str
    shared: bool = False
    by_contact_id: uuid.UUID | None = None
