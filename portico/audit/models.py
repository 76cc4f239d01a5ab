"""The audit trail: who changed what, from what to what, and when. Rows are only ever added."""

from __future__ import annotations

from django.db import models
from django.utils.timezone import now

from portico.audit.verbs import verb_label
from portico.core.models import FirmOwned, FirmQuerySet


class AuditEvent(FirmOwned):
    class ActorKind(models.TextChoices):
        STAFF = "staff", "Staff member"
        API_KEY = "api_key", "API key"
        CLIENT = "client", "Client"
        SYSTEM = "system", "System"

    actor_kind = models.CharField(max_length=10, choices=ActorKind.choices)
    actor_id = models.UUIDField(null=True, blank=True)
    # Kept as written at the time: renaming a person later does not rewrite history.
    actor_label = models.CharField(max_length=200)
    verb = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.UUIDField()
    object_label = models.CharField(max_length=300, blank=True)
    # The record whose history this belongs to (the contact of an email, the case of a comment),
    # so one query finds a contact's or a case's whole trail.
    parent_type = models.CharField(max_length=64, blank=True)
    parent_id = models.UUIDField(null=True, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=now, editable=False)

    objects = FirmQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["firm", "object_id"], name="audit_by_object"),
            models.Index(fields=["firm", "parent_id"], name="audit_by_parent"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_label} {self.verb} {self.object_label}"

    @property
    def summary(self) -> str:
        return verb_label(self.verb)

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field either side mentions, in a stable order."""
        fields = list(dict.fromkeys([*self.before, *self.after]))
        return [(f, self.before.get(f), self.after.get(f)) for f in fields]

    @property
    def readable_changes(self) -> list[tuple[str, object, object]]:
        """The changes as a person reads them: the field's own name ("identification type")
        and each stored code as its label ("Driver's license"), dates written out."""
        from portico.audit.words import readable_changes

        return readable_changes(self)
