"""The firm's side of portal access: who may be granted it, and where each contact stands."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse

from portico.audit.models import AuditEvent
from portico.clients.models import Contact, ContactEmail
from portico.matters.models import CaseClient, LeadContact
from portico.portal.models import PortalAccount


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    fix_url: str
    fix_label: str


def eligibility_problems(contact: Contact) -> list[Problem]:
    """Why `contact` cannot be given portal access yet, in plain words; empty when they can."""
    problems = []
    name = contact.display_name
    firm_id = contact.firm_id
    on_a_matter = (
        CaseClient.objects.for_firm(firm_id).filter(contact=contact).exists()
        or LeadContact.objects.for_firm(firm_id).filter(contact=contact).exists()
    )
    if not on_a_matter:
        problems.append(
            Problem(
                "no_matter",
                f"{name} is not on any lead or case yet, so the portal would have nothing to "
                "show. Add them to a lead, or name them as a client on a case.",
                reverse("matters:lead_new") + f"?contact={contact.id}",
                "Open a lead for them",
            )
        )
    primary = (
        ContactEmail.objects.for_firm(firm_id).filter(contact=contact, is_primary=True).first()
    )
    edit = reverse("clients:edit", args=[contact.id])
    if primary is None:
        problems.append(
            Problem(
                "no_primary_email",
                f"{name} has no primary email address. The invitation and the sign-in both "
                "use it, so add one and mark it primary.",
                edit,
                "Add an email",
            )
        )
    elif not primary.is_contactable:
        problems.append(
            Problem(
                "email_not_contactable",
                f"{name}'s primary email ({primary.address}) is marked as not to be contacted. "
                "Mark it contactable, or choose another primary email.",
                edit,
                "Edit emails",
            )
        )
    return problems


def primary_email_of(contact: Contact) -> str:
    email = (
        ContactEmail.objects.for_firm(contact.firm_id)
        .filter(contact=contact, is_primary=True)
        .first()
    )
    return email.address if email else ""


def portal_account_for_contact(firm_id: uuid.UUID, contact_id: uuid.UUID) -> PortalAccount | None:
    return PortalAccount.objects.for_firm(firm_id).filter(contact_id=contact_id).first()


def portal_history_for_contact(firm_id: uuid.UUID, contact_id: uuid.UUID) -> QuerySet[AuditEvent]:
    """Granted, invitation sent, signed in, revoked, granted again: who and when."""
    account = portal_account_for_contact(firm_id, contact_id)
    if account is None:
        return AuditEvent.objects.none()
    return (
        AuditEvent.objects.for_firm(firm_id)
        .filter(object_type=PortalAccount._meta.label_lower, object_id=account.id)
        .order_by("-created_at")
    )


def pending_invitations_for_firm(firm_id: uuid.UUID) -> QuerySet[PortalAccount]:
    """Clients given access who have not signed in yet, longest waiting first."""
    return (
        PortalAccount.objects.for_firm(firm_id)
        .filter(status=PortalAccount.Status.INVITED)
        .select_related("contact")
        .order_by("invited_at")
    )


def open_accounts_for_sub(sub: str) -> QuerySet[PortalAccount]:
    """A signed-in identity's open portal accounts, across firms (the caller activated `sub`)."""
    return (
        PortalAccount.objects.dangerously_all_firms()
        .filter(
            identity_user_id=sub,
            status__in=[PortalAccount.Status.INVITED, PortalAccount.Status.ACTIVE],
        )
        .select_related("firm")
    )


@dataclass(frozen=True)
class AccessSummary:
    account: PortalAccount | None
    problems: list[Problem]
    history: list[AuditEvent]

    @property
    def status(self) -> str:
        return self.account.status if self.account else "no_access"

    @property
    def can_grant(self) -> bool:
        return not self.problems and (self.account is None or not self.account.is_open)

    @property
    def can_resend(self) -> bool:
        return self.account is not None and self.account.status == PortalAccount.Status.INVITED

    @property
    def can_revoke(self) -> bool:
        return self.account is not None and self.account.is_open


def access_summary_for_contact(contact: Contact) -> AccessSummary:
    account = portal_account_for_contact(contact.firm_id, contact.id)
    problems = [] if account is not None and account.is_open else eligibility_problems(contact)
    history = list(portal_history_for_contact(contact.firm_id, contact.id)[:20])
    return AccessSummary(account, problems, history)


def contacts_with_open_access(firm_id: uuid.UUID, contact_ids) -> set[uuid.UUID]:
    """Those of `contact_ids` who may sign in to the portal (invited or active)."""
    return set(
        PortalAccount.objects.for_firm(firm_id)
        .filter(
            contact_id__in=list(contact_ids),
            status__in=[PortalAccount.Status.INVITED, PortalAccount.Status.ACTIVE],
        )
        .values_list("contact_id", flat=True)
    )


def accounts_with_contacts_for_firm(firm_id: uuid.UUID) -> QuerySet[PortalAccount]:
    """Every portal account of the firm (open or not), with its contact."""
    return PortalAccount.objects.for_firm(firm_id).select_related("contact")
