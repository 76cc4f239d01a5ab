"""Writes to leads and cases. Callers have checked that `actor` works at the matter's firm."""

from __future__ import annotations

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from portico.audit.actions import Actor, changed, describe_actor, record_audit
from portico.clients.models import Contact
from portico.core.errors import InvalidInput
from portico.core.money import format_minor_units
from portico.matters.inputs import (
    CaseInput,
    LeadInput,
    PartyInput,
    clean_case_input,
    clean_lead_input,
    clean_message,
    clean_party_input,
)
from portico.matters.models import (
    Case,
    CaseClient,
    CaseParty,
    Comment,
    Lead,
    LeadContact,
    MatterRecord,
    StageChange,
    StatusUpdate,
    on_matter,
)
from portico.tenancy.models import Firm, StaffMember

LEAD_FIELDS = ("title", "practice_area", "status", "source", "description")
CASE_FIELDS = ("name", "number", "practice_area", "stage", "description", "opened_on", "closed_on")


def matter_record_models() -> list[type[MatterRecord]]:
    return [m for m in apps.get_models() if issubclass(m, MatterRecord)]


def author_fields(actor: Actor) -> dict:
    _kind, _id, label = describe_actor(actor)
    return {
        "author_staff": actor if isinstance(actor, StaffMember) else None,
        "author_contact": actor if isinstance(actor, Contact) else None,
        "author_name": label[:200],
    }


def lead_snapshot(lead: Lead) -> dict:
    data = {name: getattr(lead, name) for name in LEAD_FIELDS}
    data["contacts"] = sorted(
        str(link.contact) for link in lead.lead_contacts.select_related("contact")
    )
    return data


def case_snapshot(case: Case) -> dict:
    data = {name: getattr(case, name) for name in CASE_FIELDS}
    data["minimum_trust_balance"] = (
        f"{format_minor_units(case.minimum_trust_balance, case.currency)} {case.currency}"
    )
    return data


@transaction.atomic
def create_lead(*, firm: Firm, data: LeadInput, actor: Actor) -> Lead:
    clean_lead_input(data, firm_id=firm.id)
    lead = Lead.objects.create(firm=firm, **{name: getattr(data, name) for name in LEAD_FIELDS})
    LeadContact.objects.bulk_create(
        [LeadContact(firm=firm, lead=lead, contact_id=cid) for cid in data.contact_ids]
    )
    record_audit(
        firm_id=firm.id, actor=actor, verb="lead.created", obj=lead, after=lead_snapshot(lead)
    )
    return lead


@transaction.atomic
def update_lead(*, lead: Lead, data: LeadInput, actor: Actor) -> Lead:
    if lead.status == Lead.Status.CONVERTED:
        raise InvalidInput({"status": ["This lead became a case; change the case instead."]})
    clean_lead_input(data, firm_id=lead.firm_id)
    before = lead_snapshot(lead)
    for name in LEAD_FIELDS:
        setattr(lead, name, getattr(data, name))
    lead.save()
    lead.lead_contacts.exclude(contact_id__in=data.contact_ids).delete()
    present = set(lead.lead_contacts.values_list("contact_id", flat=True))
    LeadContact.objects.bulk_create(
        [
            LeadContact(firm_id=lead.firm_id, lead=lead, contact_id=c)
            for c in data.contact_ids
            if c not in present
        ]
    )
    old, new = changed(before, lead_snapshot(lead))
    if old or new:
        record_audit(
            firm_id=lead.firm_id, actor=actor, verb="lead.updated", obj=lead, before=old, after=new
        )
    return lead


def _new_case(firm: Firm, data: CaseInput, actor: Actor) -> Case:
    case = Case.objects.create(
        firm=firm,
        currency=firm.currency,
        minimum_trust_balance=data.minimum_trust_minor,
        **{name: getattr(data, name) for name in CASE_FIELDS},
    )
    CaseClient.objects.bulk_create(
        [CaseClient(firm=firm, case=case, contact_id=cid) for cid in data.client_ids]
    )
    StageChange.objects.create(
        firm=firm,
        case=case,
        from_stage="",
        to_stage=case.stage,
        author_name=describe_actor(actor)[2][:200],
    )
    return case


@transaction.atomic
def create_case(*, firm: Firm, data: CaseInput, actor: Actor) -> Case:
    clean_case_input(data, firm_id=firm.id, currency=firm.currency)
    case = _new_case(firm, data, actor)
    after = case_snapshot(case) | {
        "clients": sorted(str(c.contact) for c in case.case_clients.select_related("contact"))
    }
    record_audit(firm_id=firm.id, actor=actor, verb="case.created", obj=case, after=after)
    return case


@transaction.atomic
def update_case(*, case: Case, data: CaseInput, actor: Actor) -> Case:
    """Change the case's own fields (named clients are added and removed on their own)."""
    clean_case_input(data, firm_id=case.firm_id, currency=case.currency, case=case)
    before = case_snapshot(case)
    previous_stage = case.stage
    for name in CASE_FIELDS:
        setattr(case, name, getattr(data, name))
    case.minimum_trust_balance = data.minimum_trust_minor
    if case.stage == Case.Stage.CLOSED and case.closed_on is None:
        case.closed_on = timezone.localdate()
    case.save()
    if case.stage != previous_stage:
        StageChange.objects.create(
            firm_id=case.firm_id,
            case=case,
            from_stage=previous_stage,
            to_stage=case.stage,
            author_name=describe_actor(actor)[2][:200],
        )
        record_audit(
            firm_id=case.firm_id,
            actor=actor,
            verb="case.stage_changed",
            obj=case,
            before={"stage": previous_stage},
            after={"stage": case.stage},
        )
    old, new = changed(before, case_snapshot(case))
    old.pop("stage", None)
    new.pop("stage", None)
    if old or new:
        record_audit(
            firm_id=case.firm_id, actor=actor, verb="case.updated", obj=case, before=old, after=new
        )
    return case


@transaction.atomic
def convert_lead(*, lead: Lead, data: CaseInput, actor: Actor) -> Case:
    """Open a case from a lead. The lead's contacts become the case's named clients, and
    everything kept on the lead (comments, status updates, and every other MatterRecord) moves
    to the case, so nothing said or filed while it was a lead is lost."""
    lead = Lead.objects.select_for_update().for_firm(lead.firm_id).get(pk=lead.pk)
    if lead.converted_case_id is not None:
        raise InvalidInput({"lead": ["This lead is already a case."]})
    firm = lead.firm
    lead_contacts = list(lead.lead_contacts.values_list("contact_id", flat=True))
    data.client_ids = list(dict.fromkeys([*lead_contacts, *data.client_ids]))
    data.practice_area = data.practice_area or lead.practice_area
    data.name = data.name or lead.title
    data.description = data.description or lead.description
    clean_case_input(data, firm_id=firm.id, currency=firm.currency)
    case = _new_case(firm, data, actor)
    moved = {}
    for model in matter_record_models():
        count = model.objects.for_firm(firm.id).filter(lead=lead).update(lead=None, case=case)
        if count:
            moved[str(model._meta.verbose_name_plural)] = count
    previous_status = lead.status
    lead.status = Lead.Status.CONVERTED
    lead.converted_case = case
    lead.converted_at = timezone.now()
    lead.save(update_fields=["status", "converted_case", "converted_at"])
    record_audit(
        firm_id=firm.id,
        actor=actor,
        verb="lead.converted",
        obj=lead,
        before={"status": previous_status},
        after={"status": lead.status, "case": case.name},
    )
    record_audit(
        firm_id=firm.id,
        actor=actor,
        verb="case.created",
        obj=case,
        after=case_snapshot(case) | {"from_lead": lead.title, "moved": moved},
    )
    return case


@transaction.atomic
def add_case_client(*, case: Case, contact: Contact, actor: Actor) -> CaseClient:
    link, created = CaseClient.objects.for_firm(case.firm_id).get_or_create(
        firm_id=case.firm_id, case=case, contact=contact
    )
    if created:
        record_audit(
            firm_id=case.firm_id,
            actor=actor,
            verb="case.client_added",
            obj=link,
            parent=case,
            after={"client": str(contact)},
        )
    return link


@transaction.atomic
def remove_case_client(*, link: CaseClient, actor: Actor) -> None:
    case, label = link.case, str(link.contact)
    link.delete()
    record_audit(
        firm_id=case.firm_id,
        actor=actor,
        verb="case.client_removed",
        obj=case,
        before={"client": label},
    )


@transaction.atomic
def add_case_party(*, case: Case, data: PartyInput, actor: Actor) -> CaseParty:
    clean_party_input(data, region=case.firm.country)
    party = CaseParty.objects.create(
        firm_id=case.firm_id,
        case=case,
        **{
            name: getattr(data, name)
            for name in ("role", "name", "organization", "email", "phone", "notes")
        },
    )
    record_audit(
        firm_id=case.firm_id,
        actor=actor,
        verb="case.party_added",
        obj=party,
        parent=case,
        after={"name": party.name, "role": party.role},
    )
    return party


@transaction.atomic
def remove_case_party(*, party: CaseParty, actor: Actor) -> None:
    case, label = party.case, str(party)
    party.delete()
    record_audit(
        firm_id=case.firm_id,
        actor=actor,
        verb="case.party_removed",
        obj=case,
        before={"party": label},
    )


@transaction.atomic
def add_comment(*, matter: Lead | Case, body: str, is_private: bool, actor: Actor) -> Comment:
    body = clean_message(body, what="comment")
    comment = Comment.objects.create(
        firm_id=matter.firm_id,
        body=body,
        is_private=is_private,
        **on_matter(matter),
        **author_fields(actor),
    )
    record_audit(
        firm_id=matter.firm_id,
        actor=actor,
        verb="comment.added",
        obj=comment,
        parent=matter,
        after={"private": is_private, "body": body[:500]},
    )
    return comment


@transaction.atomic
def post_status_update(*, matter: Lead | Case, body: str, actor: Actor) -> StatusUpdate:
    body = clean_message(body, what="status update")
    update = StatusUpdate.objects.create(
        firm_id=matter.firm_id, body=body, **on_matter(matter), **author_fields(actor)
    )
    record_audit(
        firm_id=matter.firm_id,
        actor=actor,
        verb="status_update.posted",
        obj=update,
        parent=matter,
        after={"body": body[:500]},
    )
    return update
