from __future__ import annotations

import uuid

from django.db import models
from django.utils.timezone import now

from portico.core.models import FirmOwned, FirmQuerySet


def firm_logo_path(firm: Firm, filename: str) -> str:
    # A fresh name per upload, so a cached old logo is never served for the new one.
    return f"firms/{firm.id}/logo-{uuid.uuid4().hex[:12]}.png"


class Firm(models.Model):
    """The tenant. Everything a firm keeps hangs off one of these."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    currency = models.CharField(max_length=3, default="USD")
    timezone = models.CharField(max_length=64, default="America/New_York")
    # Where the firm practises: phone numbers typed without a country code are read as local.
    country = models.CharField(max_length=2, default="US")
    created_at = models.DateTimeField(default=now, editable=False)

    # The firm's face (tenancy/branding.py): shown in its portal, its emails and on the sign-in
    # page when sign-in starts from its portal or an invitation. Blank means Portico's own.
    # (Database defaults too, so rows written by code that predates these columns still fit.)
    logo = models.ImageField(upload_to=firm_logo_path, blank=True, default="", db_default="")
    accent_colour = models.CharField(max_length=7, blank=True, default="", db_default="")
    email_sender_name = models.CharField(max_length=100, blank=True, default="", db_default="")
    # The firm as an Organization at the identity service (Auth0's `org_...`), which carries
    # the same branding to the sign-in page; empty until it has been made there.
    identity_organization_id = models.CharField(
        max_length=64, blank=True, default="", db_default=""
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def accent(self) -> str:
        from portico.tenancy.branding import DEFAULT_ACCENT

        return self.accent_colour or DEFAULT_ACCENT

    @property
    def sender_name(self) -> str:
        """Who the practice app's emails to this firm's clients come from."""
        return self.email_sender_name or self.name


class StaffMember(FirmOwned):
    """A person working at a firm, known to Portico only by their identity `sub`."""

    class Role(models.TextChoices):
        PARTNER = "partner", "Partner"
        ASSOCIATE = "associate", "Associate"
        PARALEGAL = "paralegal", "Paralegal"
        ASSISTANT = "assistant", "Assistant"

    sub = models.CharField("identity subject", max_length=255, db_index=True)
    email = models.EmailField()
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.ASSOCIATE)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=now, editable=False)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)
    # Invited by email (accounts/actions.py): pending until their first sign-in.
    invited_at = models.DateTimeField(null=True, blank=True)
    invitation_sent_at = models.DateTimeField(null=True, blank=True)
    # Removed from the firm: kept (records name who wrote them), never signs in here again
    # unless invited anew.
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = FirmQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["firm", "sub"], name="staff_one_membership_per_firm"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def can_manage_firm(self) -> bool:
        """Only partners manage staff, API keys and the firm's settings."""
        return self.role == self.Role.PARTNER

    @property
    def is_pending(self) -> bool:
        """Invited and not signed in yet."""
        return self.is_active and self.invited_at is not None and self.last_sign_in_at is None


class ApiKey(FirmOwned):
    """A firm's key for the staff API. Only its SHA-256 fingerprint is kept; the key is shown once."""

    name = models.CharField(max_length=100)
    prefix = models.CharField(
        max_length=16, help_text="The key's first characters, to tell keys apart."
    )
    fingerprint = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = FirmQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class SignInCutoff(models.Model):
    """Every session of `sub` that signed in before `not_before`, and every access token of
    theirs issued before it, is refused for good, at `firm_id` (None: at every firm); with a
    `sid`, only what came from that one sign-in at the identity service.

    Not firm-owned: it is read before the firm is known, and one row may cover every firm.
    Rows are only added; the newest that applies wins (portico/tenancy/revocation.py).
    """

    sub = models.CharField("identity subject", max_length=255, db_index=True)
    firm_id = models.UUIDField(null=True, blank=True)
    # One sign-in at the identity service (its `sid`) when only that one ended; blank: all.
    sid = models.CharField(max_length=255, blank=True, default="", db_default="")
    not_before = models.DateTimeField(default=now)
    reason = models.CharField(max_length=200)

    def __str__(self) -> str:
        return f"{self.sub} before {self.not_before:%Y-%m-%d %H:%M:%S} ({self.reason})"
