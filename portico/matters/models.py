"""Leads (prospective matters) and cases, who is on them, and what is said about them.

A lead and a case are two faces of one `Matter`: everything said or kept on them (comments,
status updates, stage changes, and later documents and intake answers) is a `MatterRecord` that
points at the matter, never at the lead or the case. Converting a lead hands its matter to the
new case, so all of it follows without being copied or moved.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.timezone import now

from portico.core.models import FirmOwned, FirmQuerySet
from portico.matters.kinds import MatterFace, MatterKind


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


class Matter(FirmOwned):
    """What a lead and the case it may become share. A lead holds its matter while it is a
    lead; converting it hands the matter to the case."""

    created_at = models.DateTimeField(default=now, editable=False)

    objects = FirmQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Matter {self.pk}"


class Lead(MatterFace, FirmOwned):
    kind = MatterKind.LEAD

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
    # Empty once converted: the case took the matter over, with everything kept on it.
    matter = models.OneToOneField(
        Matter, null=True, blank=True, on_delete=models.PROTECT, related_name="lead"
    )
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

    @property
    def heading(self) -> str:
        return self.title

    @property
    def opened_on(self):
        return self.created_at.date()

    @property
    def records_matter_id(self):
        # Written to a converted lead, a comment joins the case it became.
        if self.matter_id is None and self.converted_case_id is not None:
            return self.converted_case.matter_id
        return self.matter_id


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


class Case(MatterFace, FirmOwned):
    kind = MatterKind.CASE

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
    matter = models.OneToOneField(Matter, on_delete=models.PROTECT, related_name="case")
    created_at = models.DateTimeField(default=now, editable=False)

    objects = FirmQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "name", "id"]
        # The case list reads a page in this order without sorting every case of the firm.
        indexes = [
            models.Index(fields=["firm", "-opened_on", "name", "id"], name="case_list_order")
        ]
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

    @property
    def heading(self) -> str:
        return self.name

    @property
    def stage_label(self) -> str:
        return self.get_stage_display()


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


class Authored(FirmOwned):
    """Base of a firm's row that someone wrote, and when: a member of staff, a client, or
    neither (an API key, the system). `actions.author_fields(actor)` fills it in."""

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


class MatterRecord(Authored):
    """Base of everything kept on a matter: comments, status updates, stage changes, and later
    documents and intake answers. It points at the matter, so it belongs to the lead and then
    to the case the lead becomes, without anyone remembering to carry it over."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="%(class)s_records")

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]


# Long enough for any message a person writes, short enough that one post cannot fill a page.
MESSAGE_MAX_LENGTH = 20_000


class Comment(MatterRecord):
    body = models.TextField(max_length=MESSAGE_MAX_LENGTH)
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

    body = models.TextField(max_length=MESSAGE_MAX_LENGTH)

    class Meta(MatterRecord.Meta):
        pass

    def __str__(self) -> str:
        return f"Status update by {self.author_name}"


class StageChange(MatterRecord):
    """A case moving from one stage to the next; its clients see these in their portal."""

    from_stage = models.CharField(max_length=16, choices=Case.Stage.choices, blank=True)
    to_stage = models.CharField(max_length=16, choices=Case.Stage.choices)

    class Meta(MatterRecord.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.get_from_stage_display() or 'New'} → {self.get_to_stage_display()}"
