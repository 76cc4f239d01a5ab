"""A client's door into their own matters: one account per contact, kept after revocation."""

from __future__ import annotations

from django.db import models
from django.utils.timezone import now

from portico.core.models import FirmOwned, FirmQuerySet


class PortalAccount(FirmOwned):
    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACTIVE = "active", "Active"
        REVOKED = "revoked", "Revoked"

    contact = models.OneToOneField(
        "clients.Contact", on_delete=models.PROTECT, related_name="portal_account"
    )
    # The identity service's user (`auth0|...`); the client's `sub` when they sign in.
    identity_user_id = models.CharField(max_length=255, blank=True, db_index=True)
    # The address the invitation went to (the primary email when access was granted).
    email = models.EmailField()
    status = models.CharField(max_length=10, choices=Status.choices)
    invited_at = models.DateTimeField(default=now)
    invitation_sent_at = models.DateTimeField(null=True, blank=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = FirmQuerySet.as_manager()

    class Meta:
        ordering = ["-invited_at"]

    def __str__(self) -> str:
        return f"Portal access for {self.email}"

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.INVITED, self.Status.ACTIVE}
