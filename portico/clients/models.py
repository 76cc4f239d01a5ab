"""Contacts: the people and organizations a firm works for, and how to reach them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.timezone import now

from portico.core.models import FirmOwned, FirmQuerySet


class PortalStatus(models.TextChoices):
    """Where a contact stands with the client portal (see `queries.with_portal_status`)."""

    NO_ACCESS = "no_access", "No access"
    INVITED = "invited", "Invited"
    ACTIVE = "active", "Active"
    REVOKED = "revoked", "Revoked"


class Contact(FirmOwned):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANIZATION = "organization", "Organization"

    class DocumentType(models.TextChoices):
        PASSPORT = "passport", "Passport"
        DRIVERS_LICENSE = "drivers_license", "Driver's license"
        NATIONAL_ID = "national_id", "National identity card"
        STATE_ID = "state_id", "State ID card"
        OTHER = "other", "Other"

    class BillingMethod(models.TextChoices):
        EMAIL = "email", "Invoice by email"
        MAIL = "mail", "Invoice by post"
        ONLINE = "online", "Pay online (card or bank)"
        BANK_TRANSFER = "bank_transfer", "Bank transfer"
        CHECK = "check", "Check"

    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PERSON)
    first_name = models.CharField(max_length=100, blank=True)
    middle_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    # An organization's own name, or the organization a person works for.
    organization_name = models.CharField(max_length=200, blank=True)
    # Composed from the fields above by the actions; what lists sort and search by.
    display_name = models.CharField(max_length=300)
    date_of_birth = models.DateField(null=True, blank=True)

    identification_type = models.CharField(max_length=20, choices=DocumentType.choices, blank=True)
    # Fernet token (core/crypto.py); the number itself never sits in the database in clear.
    identification_number_encrypted = models.TextField(blank=True)
    identification_number_last4 = models.CharField(max_length=4, blank=True)
    identification_issuer = models.CharField(max_length=200, blank=True)
    identification_expires_on = models.DateField(null=True, blank=True)

    billing_contact_name = models.CharField(
        max_length=200, blank=True, help_text="Who receives invoices, if not the client."
    )
    billing_email = models.EmailField(blank=True)
    billing_address = models.TextField(blank=True)
    billing_method = models.CharField(max_length=20, choices=BillingMethod.choices, blank=True)

    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=now, editable=False)
    updated_at = models.DateTimeField(default=now)

    objects = FirmQuerySet.as_manager()

    class Meta:
        ordering = ["display_name", "id"]
        indexes = [models.Index(fields=["firm", "display_name"], name="contact_by_name")]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("clients:detail", args=[self.id])

    def audit_actor(self) -> tuple[str, object, str]:
        """A contact acting for themselves, in the portal."""
        from portico.audit.models import AuditEvent

        return AuditEvent.ActorKind.CLIENT, self.id, self.display_name

    def compose_display_name(self) -> str:
        if self.kind == self.Kind.ORGANIZATION:
            return self.organization_name.strip()
        return " ".join(
            p.strip() for p in (self.first_name, self.middle_name, self.last_name) if p.strip()
        )

    @property
    def has_identification_number(self) -> bool:
        return bool(self.identification_number_encrypted)

    @property
    def masked_identification_number(self) -> str:
        if not self.identification_number_encrypted:
            return ""
        return "•••• " + self.identification_number_last4


class ContactDetail(FirmOwned):
    """Base of a contact's emails, phones and addresses; each contact has at most one primary."""

    is_primary = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=now, editable=False)

    objects = FirmQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-is_primary", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact"],
                condition=Q(is_primary=True),
                name="%(class)s_one_primary_per_contact",
            )
        ]


class ContactEmail(ContactDetail):
    class Label(models.TextChoices):
        PERSONAL = "personal", "Personal"
        WORK = "work", "Work"
        OTHER = "other", "Other"

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="emails")
    address = models.EmailField(max_length=254)
    label = models.CharField(max_length=10, choices=Label.choices, default=Label.PERSONAL)
    # May the firm write to it? Portal invitations need a primary, contactable address.
    is_contactable = models.BooleanField(default=True)

    class Meta(ContactDetail.Meta):
        pass

    def __str__(self) -> str:
        return self.address


class ContactPhone(ContactDetail):
    class Label(models.TextChoices):
        MOBILE = "mobile", "Mobile"
        HOME = "home", "Home"
        WORK = "work", "Work"
        FAX = "fax", "Fax"
        OTHER = "other", "Other"

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(max_length=20, help_text="E.164, e.g. +14155550123")
    label = models.CharField(max_length=10, choices=Label.choices, default=Label.MOBILE)

    class Meta(ContactDetail.Meta):
        pass

    def __str__(self) -> str:
        return self.number

    @property
    def display(self) -> str:
        from portico.clients.phones import format_phone

        return format_phone(self.number)


class ContactAddress(ContactDetail):
    class Label(models.TextChoices):
        HOME = "home", "Home"
        WORK = "work", "Work"
        MAILING = "mailing", "Mailing"
        OTHER = "other", "Other"

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="addresses")
    label = models.CharField(max_length=10, choices=Label.choices, default=Label.HOME)
    line1 = models.CharField("street address", max_length=200)
    line2 = models.CharField("address line 2", max_length=200, blank=True)
    city = models.CharField(max_length=100)
    region = models.CharField("state or region", max_length=100, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, default="US")

    class Meta(ContactDetail.Meta):
        verbose_name_plural = "contact addresses"

    def __str__(self) -> str:
        parts = [self.line1, self.line2, self.city, f"{self.region} {self.postal_code}".strip()]
        return ", ".join(p for p in parts if p) + f" ({self.country})"
