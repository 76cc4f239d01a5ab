"""Writes to leads and cases. Callers have checked that `actor` works at the matter's firm.

Each action checks its whole input before writing, records what it did in the audit trail,
and publishes what happened once the transaction commits.
"""

from __future__ import annotations

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from portico.audit.actions import Actor, changed, describe_actor, record_audit
from portico.clients.models import Contact
from portico.core.errors import InvalidInput
from portico.core.events import publish_on_commit
from portico.core.money import format_minor_units
from portico.matters.events import (
    CaseChanged,
    CaseClientAdded,
    CaseClientRemoved,
    CaseOpened,
    CasePartyAdded,
    CasePartyRemoved,
    CaseStageChanged,
    CaseVerb,
    CommentAdded,
    LeadChanged,
    LeadConverted,
    LeadOpened,
    LeadVerb,
    MatterRecordVerb,
    StatusUpdatePosted,
)
from portico.matters.inputs import (
    CaseInput,
    LeadInput,
    PartyInput,
    clean_case_input,
    clean_lead_input,
    clean_message,
    clean_party_input,
)
from portico.matters.kinds import MatterFace
from portico.matters.models import (
    Case,
    CaseClient,
    CaseParty,
    Comment,
    Lead,
    LeadContact,
    Matter,
    MatterRecord,
    StageChange,
    StatusUpdate,
)
from portico.tenancy.models import Firm, StaffMember


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
    data = {name: getattr(lead, name) for name in LeadInput.FIELDS}
    data["contacts"] = sorted(
        str(link.contact) for link in lead.lead_contacts.select_related("contact")
    )
    return data


def case_snapshot(case: Case) -> dict:
    data = {name: getattr(case, name) for name in CaseInput.FIELDS}
    data["minimum_trust_balance"] = (
        f"{format_minor_units(case.minimum_trust_balance, case.currency)} {case.currency}"
    )
    return data


@transaction.atomic
def create_lead(*, firm: Firm, data: LeadInput, actor: Actor) -> Lead:
    clean_lead_input(data, firm_id=firm.id)
    lead = Lead.objects.create(
        firm=firm,
        matter=Matter.objects.create(firm=firm),
        **{name: getattr(data, name) for name in LeadInput.FIELDS},
    )
    LeadContact.objects.bulk_create(
        [LeadContact(firm=firm, lead=lead, contact_id=cid) for cid in data.contact_ids]
    )
    record_audit(
        firm_id=firm.id, actor=actor, verb=LeadVerb.CREATED, obj=lead, after=lead_snapshot(lead)
    )
    publish_on_commit(LeadOpened(firm_id=firm.id, matter_id=lead.matter_id, lead_id=lead.id))
    return lead


@transaction.atomic
def update_lead(*, lead: Lead, data: LeadInput, actor: Actor) -> Lead:
    if lead.status == Lead.Status.CONVERTED:
        raise InvalidInput({"status": ["This lead became a case; change the case instead."]})
    clean_lead_input(data, firm_id=lead.firm_id)
    before = lead_snapshot(lead)
    for name in LeadInput.FIELDS:
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
            firm_id=lead.firm_id,
            actor=actor,
            verb=LeadVerb.UPDATED,
            obj=lead,
            before=old,
            after=new,
        )
        publish_on_commit(
            LeadChanged(firm_id=lead.firm_id, matter_id=lead.matter_id, lead_id=lead.id)
        )
    return lead


def _new_case(firm: Firm, data: CaseInput, actor: Actor, *, matter: Matter) -> Case:
    case = Case.objects.create(
        firm=firm,
        matter=matter,
        currency=firm.currency,
        minimum_trust_balance=data.minimum_trust_minor,
        **{name: getattr(data, name) for name in CaseInput.FIELDS},
    )
    CaseClient.objects.bulk_create(
        [CaseClient(firm=firm, case=case, contact_id=cid) for cid in data.client_ids]
    )
    _record_stage(case, from_stage="", actor=actor)
    return case


def _record_stage(case: Case, *, from_stage: str, actor: Actor) -> StageChange:
    change = StageChange.objects.create(
        firm_id=case.firm_id,
        matter_id=case.matter_id,
        from_stage=from_stage,
        to_stage=case.stage,
        **author_fields(actor),
    )
    publish_on_commit(
        CaseStageChanged(
            firm_id=case.firm_id,
            matter_id=case.matter_id,
            case_id=case.id,
            stage_change_id=change.id,
            to_stage=case.stage,
        )
    )
    return change


@transaction.atomic
def create_case(*, firm: Firm, data: CaseInput, actor: Actor) -> Case:
    clean_case_input(data, firm_id=firm.id, currency=firm.currency)
    case = _new_case(firm, data, actor, matter=Matter.objects.create(firm=firm))
    after = case_snapshot(case) | {
        "clients": sorted(str(c.contact) for c in case.case_clients.select_related("contact"))
    }
    record_audit(firm_id=firm.id, actor=actor, verb=CaseVerb.CREATED, obj=case, after=after)
    publish_on_commit(CaseOpened(firm_id=firm.id, matter_id=case.matter_id, case_id=case.id))
    return case


@transaction.atomic
def update_case(*, case: Case, data: CaseInput, actor: Actor) -> Case:
    """Change the case's own fields (named clients are added and removed on their own)."""
    clean_case_input(data, firm_id=case.firm_id, currency=case.currency, case=case)
    before = case_snapshot(case)
    previous_stage = case.stage
    for name in CaseInput.FIELDS:
        setattr(case, name, getattr(data, name))
    case.minimum_trust_balance = data.minimum_trust_minor
    if case.stage == Case.Stage.CLOSED and case.closed_on is None:
        case.closed_on = timezone.localdate()
    case.save()
    if case.stage != previous_stage:
        _record_stage(case, from_stage=previous_stage, actor=actor)
        record_audit(
            firm_id=case.firm_id,
            actor=actor,
            verb=CaseVerb.STAGE_CHANGED,
            obj=case,
            before={"stage": previous_stage},
            after={"stage": case.stage},
        )
    old, new = changed(before, case_snapshot(case))
    old.pop("stage", None)
    new.pop("stage", None)
    if old or new:
        record_audit(
            firm_id=case.firm_id,
            actor=actor,
            verb=CaseVerb.UPDATED,
            obj=case,
            before=old,
            after=new,
        )
        publish_on_commit(
            CaseChanged(firm_id=case.firm_id, matter_id=case.matter_id, case_id=case.id)
        )
    return case


@transaction.atomic
def convert_lead(*, lead: Lead, data: CaseInput, actor: Actor) -> Case:
    """Open a case from a lead. The lead's contacts become the case's named clients, and the
    case takes the lead's matter over: its comments, status updates and everything else kept on
    it are the case's from now on, so nothing said or filed while it was a lead is lost.

    Whatever `data` leaves empty comes from the lead; the case opens today unless told."""
    lead = Lead.objects.select_for_update().for_firm(lead.firm_id).get(pk=lead.pk)
    if lead.converted_case_id is not None:
        raise InvalidInput({"lead": ["This lead is already a case."]})
    firm = lead.firm
    lead_contacts = list(lead.lead_contacts.values_list("contact_id", flat=True))
    data.client_ids = list(dict.fromkeys([*lead_contacts, *data.client_ids]))
    data.practice_area = data.practice_area or lead.practice_area
    data.name = data.name or lead.title
    data.description = data.description or lead.description
    data.opened_on = data.opened_on or timezone.localdate()
    clean_case_input(data, firm_id=firm.id, currency=firm.currency)
    matter = lead.matter or Matter.objects.create(firm=firm)
    kept = {
        str(model._meta.verbose_name_plural): count
        for model in matter_record_models()
        if (count := model.objects.for_firm(firm.id).filter(matter=matter).count())
    }
    case = _new_case(firm, data, actor, matter=matter)
    previous_status = lead.status
    lead.status = Lead.Status.CONVERTED
    lead.matter = None
    lead.converted_case = case
    lead.converted_at = timezone.now()
    lead.save(update_fields=["status", "matter", "converted_case", "converted_at"])
    record_audit(
        firm_id=firm.id,
        actor=actor,
        verb=LeadVerb.CONVERTED,
        obj=lead,
        before={"status": previous_status},
        after={"status": lead.status, "case": case.name},
    )
    record_audit(
        firm_id=firm.id,
        actor=actor,
        verb=CaseVerb.CREATED,
        obj=case,
        after=case_snapshot(case) | {"from_lead": lead.title, "carried_over": kept},
    )
    publish_on_commit(CaseOpened(firm_id=firm.id, matter_id=matter.id, case_id=case.id))
    publish_on_commit(
        LeadConverted(firm_id=firm.id, matter_id=matter.id, lead_id=lead.id, case_id=case.id)
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
            verb=CaseVerb.CLIENT_ADDED,
            obj=link,
            parent=case,
            after={"client": str(contact)},
        )
        publish_on_commit(
            CaseClientAdded(
                firm_id=case.firm_id,
                matter_id=case.matter_id,
                case_id=case.id,
                contact_id=contact.id,
            )
        )
    return link


@transaction.atomic
def remove_case_client(*, link: CaseClient, actor: Actor) -> None:
    case, label, contact_id = link.case, str(link.contact), link.contact_id
    link.delete()
    record_audit(
        firm_id=case.firm_id,
        actor=actor,
        verb=CaseVerb.CLIENT_REMOVED,
        obj=case,
        before={"client": label},
    )
    publish_on_commit(
        CaseClientRemoved(
            firm_id=case.firm_id, matter_id=case.matter_id, case_id=case.id, contact_id=contact_id
        )
    )


@transaction.atomic
def add_case_party(*, case: Case, data: PartyInput, actor: Actor) -> CaseParty:
    clean_party_input(data, region=case.firm.country)
    party = CaseParty.objects.create(
        firm_id=case.firm_id, case=case, **{name: getattr(data, name) for name in data.FIELDS}
    )
    record_audit(
        firm_id=case.firm_id,
        actor=actor,
        verb=CaseVerb.PARTY_ADDED,
        obj=party,
        parent=case,
        after={"name": party.name, "role": party.role},
    )
    publish_on_commit(
        CasePartyAdded(
            firm_id=case.firm_id, matter_id=case.matter_id, case_id=case.id, party_id=party.id
        )
    )
    return party


@transaction.atomic
def remove_case_party(*, party: CaseParty, actor: Actor) -> None:
    case, label, party_id = party.case, str(party), party.id
    party.delete()
    record_audit(
        firm_id=case.firm_id,
        actor=actor,
        verb=CaseVerb.PARTY_REMOVED,
        obj=case,
        before={"party": label},
    )
    publish_on_commit(
        CasePartyRemoved(
            firm_id=case.firm_id, matter_id=case.matter_id, case_id=case.id, party_id=party_id
        )
    )


@transaction.atomic
def add_comment(*, matter: MatterFace, body: str, is_private: bool, actor: Actor) -> Comment:
    """Comment on a lead or a case. Private comments stay in the firm; the others are the
    thread the matter's clients read (a client's own messages are never private)."""
    # A client writes a message to the firm; staff add comments.
    body = clean_message(body, what="message" if isinstance(actor, Contact) else "comment")
    comment = Comment.objects.create(
        firm_id=matter.firm_id,
        matter_id=matter.records_matter_id,
        body=body,
        is_private=is_private,
        **author_fields(actor),
    )
    record_audit(
        firm_id=matter.firm_id,
        actor=actor,
        verb=MatterRecordVerb.COMMENT_ADDED,
        obj=comment,
        parent=matter,
        after={"private": is_private, "body": body[:500]},
    )
    publish_on_commit(
        CommentAdded(
            firm_id=matter.firm_id,
            matter_id=comment.matter_id,
            comment_id=comment.id,
            shared=not is_private,
        )
    )
    return comment


@transaction.atomic
def post_status_update(*, matter: MatterFace, body: str, actor: Actor) -> StatusUpdate:
    body = clean_message(body, what="status update")
    update = StatusUpdate.objects.create(
        firm_id=matter.firm_id,
        matter_id=matter.records_matter_id,
        body=body,
        **author_fields(actor),
    )
    record_audit(
        firm_id=matter.firm_id,
        actor=actor,
        verb=MatterRecordVerb.STATUS_UPDATE_POSTED,
        obj=update,
        parent=matter,
        after={"body": body[:500]},
    )
    publish_on_commit(
        StatusUpdatePosted(
            firm_id=matter.firm_id, matter_id=update.matter_id, status_update_id=update.id
        )
    )
    return update
