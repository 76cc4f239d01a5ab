"""Leads (prospective matters) and cases, who is on them, and what is said about them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.timezone import now

from portico.core.models import FirmOwned, FirmQuerySet


class PracticeArea(models.TextChoices):
    BANKRUPTCY = "bankruptcy", "Bankruptcy"
    BUSINESS = "business", "Business and corporate"
    CIVIL_LITIGATION = "civil_litigation", "Civil litigation"
    CRIMINAL_DEFENSE = "criminal_defense", "Criminal defense"
    EMPLOYMENT = "employment", "Employment"
    ESTATE_PLANNING = "estate_planning", "Wills, trusts and estates"
    FAMILY = "family", "Family"
    IMMIGRATION = "immigration", "Immigration"
    PERSONAL_INJURY = "personal_injury", "Personal injury"
    REAL_ESTATE = "real_estate", "Real estate"
    OTHER = "other", "Other"


class Lead(FirmOwned):
    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        QUALIFIED = "qualified", "Qualified"
        DECLINED = "declined", "Declined"
        CONVERTED = "converted", "Converted to a case"

    class Source(models.TextChoices):
        REFERRAL = "referral", "Referral"
        WEBSITE = "website", "Website"
        PHONE = "phone", "Phone call"
        WALK_IN = "walk_in", "Walk-in"
        ADVERTISING = "advertising", "Advertising"
        OTHER = "other", "Other"

    title = models.CharField(max_length=200)
    practice_area = models.CharField(max_length=20, choices=PracticeArea.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    source = models.CharField(max_length=12, choices=Source.choices, blank=True)
    description = models.TextField(blank=True)
    converted_case = models.OneToOneField(
        "matters.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="source_lead"
    )
    converted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=now, editable=False)

    objects = FirmQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("matters:lead", args=[self.id])

    @property
    def is_open(self) -> bool:
        return self.status not in {self.Status.CONVERTED, self.Status.DECLINED}


class LeadContact(FirmOwned):
    """A contact on a lead: the prospective client (and anyone else asking with them)."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="lead_contacts")
    contact = models.ForeignKey(
        "clients.Contact", on_delete=models.PROTECT, related_name="lead_links"
    )
    created_at = models.DateTimeField(default=now, editable=False)

    objects = FirmQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["lead", "contact"], name="lead_contact_once")
        ]


class Case(FirmOwned):
    class Stage(models.TextChoices):
        INTAKE = "intake", "Intake"
        INVESTIGATION = "investigation", "Investigation"
        NEGOTIATION = "negotiation", "Negotiation"
        LITIGATION = "litigation", "Litigation"
        RESOLUTION = "resolution", "Resolution"
        CLOSED = "closed", "Closed"

    name = models.CharField(max_length=200, help_text="e.g. “State v. Marsh”")
    number = models.CharField(max_length=40, blank=True)
    practice_area = models.CharField(max_length=20, choices=PracticeArea.choices)
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.INTAKE)
    description = models.TextField(blank=True)
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    # Money in minor units of `currency` (cents for USD).
    minimum_trust_balance = models.BigIntegerField(default=0)
    currency = models.CharField(max_length=3, default="USD")
    created_at = models.DateTimeField(default=now, editable=False)

    objects = FirmQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["firm", "number"],
                condition=~Q(number=""),
                name="case_number_unique_in_firm",
            ),
            models.CheckConstraint(
                condition=Q(minimum_trust_balance__gte=0), name="case_minimum_trust_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("matters:case", args=[self.id])


class CaseClient(FirmOwned):
    """A named client of a case: who the firm represents in it, and who the portal shows it to."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_clients")
    contact = models.ForeignKey(
        "clients.Contact", on_delete=models.PROTECT, related_name="case_links"
    )
    created_at = models.DateTimeField(default=now, editable=False)

    objects = FirmQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "contact"], name="case_client_once")]

    def __str__(self) -> str:
        return f"{self.contact} on {self.case}"


class CaseParty(FirmOwned):
    """Someone in a case who is not the firm's client. Never shown in the portal."""

    class Role(models.TextChoices):
        OPPOSING_PARTY = "opposing_party", "Opposing party"
        OPPOSING_COUNSEL = "opposing_counsel", "Opposing counsel"
        WITNESS = "witness", "Witness"
        CO_COUNSEL = "co_counsel", "Co-counsel"
        OTHER = "other", "Other"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(max_length=20, choices=Role.choices)
    name = models.CharField(max_length=200)
    organization = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=now, editable=False)

    objects = FirmQuerySet.as_manager()

    class Meta:
        ordering = ["role", "name", "id"]
        verbose_name_plural = "case parties"

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


def on_matter(matter: Lead | Case) -> dict:
    """The keyword that points a MatterRecord (or a filter on one) at `matter`."""
    return {"case": matter} if isinstance(matter, Case) else {"lead": matter}


class MatterRecord(FirmOwned):
    """Base of everything kept on a lead or a case: comments, status updates, and later
    documents and intake answers. Exactly one of `lead` and `case` is set; converting a lead
    moves every subclass's rows to the new case (`actions.convert_lead`), so a model that
    subclasses this is carried over without anyone remembering to."""

    lead = models.ForeignKey(
        Lead, null=True, blank=True, on_delete=models.CASCADE, related_name="%(class)s_records"
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="%(class)s_records"
    )
    author_staff = models.ForeignKey(
        "tenancy.StaffMember", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_contact = models.ForeignKey(
        "clients.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # As written at the time, for an API key, the system, or someone since removed.
    author_name = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=now, editable=False)

    objects = FirmQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lead__isnull=True, case__isnull=False)
                | Q(lead__isnull=False, case__isnull=True),
                name="%(class)s_on_a_lead_or_a_case",
            )
        ]

    @property
    def matter(self) -> Lead | Case:
        return self.case if self.case_id else self.lead


class Comment(MatterRecord):
    body = models.TextField()
    # Private comments stay inside the firm; the others are the thread the matter's clients see.
    is_private = models.BooleanField(default=True)

    class Meta(MatterRecord.Meta):
        pass

    def __str__(self) -> str:
        return (
            "Private comment" if self.is_private else "Shared comment"
        ) + f" by {self.author_name}"


class StatusUpdate(MatterRecord):
    """A progress note written for the matter's clients (always visible to them)."""

    body = models.TextField()

    class Meta(MatterRecord.Meta):
        pass

    def __str__(self) -> str:
        return f"Status update by {self.author_name}"


class StageChange(FirmOwned):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=16, choices=Case.Stage.choices, blank=True)
    to_stage = models.CharField(max_length=16, choices=Case.Stage.choices)
    author_name = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=now, editable=False)

    objects = FirmQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_stage_display() or 'New'} → {self.get_to_stage_display()}"
