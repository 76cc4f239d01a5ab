"""Files kept on a matter: a `Document` and its versions, each version one stored file.

A document is a `MatterRecord`, so it follows a lead into the case it becomes. Its bytes live
in Django's default storage under a random key (`storage.py`), never under the name the person
gave it; the name is kept here, cleaned (`names.py`), for showing and for downloading.
"""

from __future__ import annotations

from django.db import models

from portico.matters.models import Authored, MatterRecord

NAME_MAX_LENGTH = 200


class Document(MatterRecord):
    """One file on a matter, in as many versions as it has been replaced. The author fields
    say who uploaded its first version."""

    name = models.CharField(max_length=NAME_MAX_LENGTH)
    # "Accessible to client": the matter's clients see and download it. A client's own upload
    # is always theirs to see; other clients on the matter see it only once the firm shares it.
    shared_with_clients = models.BooleanField(default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta(MatterRecord.Meta):
        pass

    def __str__(self) -> str:
        return self.name

    @property
    def uploaded_by_client(self) -> bool:
        return self.author_contact_id is not None


class ScanState(models.TextChoices):
    NOT_SCANNED = "not_scanned", "Not scanned"
    PENDING = "pending", "Waiting for the virus scan"
    CLEAN = "clean", "No virus found"
    INFECTED = "infected", "A virus was found"
    FAILED = "failed", "The virus scan failed"


class DocumentVersion(Authored):
    """One stored file of a document. `key` is random; `sha256` and `size` are of the bytes
    as they arrived."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    key = models.CharField(max_length=120, unique=True)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=100)
    scan_state = models.CharField(
        max_length=12, choices=ScanState.choices, default=ScanState.NOT_SCANNED
    )
    scan_detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.number})"

    @property
    def downloadable_by_clients(self) -> bool:
        """Clients get a file only once a scanner passed it, or when no scanner is set up."""
        return self.scan_state in {ScanState.CLEAN, ScanState.NOT_SCANNED}
