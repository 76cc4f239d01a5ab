"""Who hears of an event, and what each audience is told.

The firm's workspace hears of everything in the firm. A client hears of what their portal
shows: their matters' shared messages, status updates, stage changes and details, being named
on a matter, and changes to their own contact; never a private comment, another party or an
internal note. What is told is a payload of ids and words chosen here (topics a page listens
to and a sentence to announce), never a record's text.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from portico.core.events import event_to_json
from portico.live.models import WORKSPACE, client_audience
from portico.matters.queries import client_ids_on_matter, comment_author_contact_id
from portico.portal.access import contacts_with_open_access


@dataclass
class Told:
    """What one audience is told of one event."""

    audience: str
    payload: dict = field(default_factory=dict)


# The sentence announced to each side (aria-live), per event type: (workspace, client).
SAY: dict[str, tuple[str, str]] = {
    "matters.CommentAdded": ("New comment", "New message"),
    "matters.StatusUpdatePosted": ("New status update", "New status update"),
    "matters.CaseStageChanged": ("The case moved to another stage", "Your case moved forward"),
    "matters.CaseChanged": ("The case changed", "The details of your case changed"),
    "matters.LeadChanged": ("The lead changed", "The details of your matter changed"),
    "matters.LeadConverted": ("The lead became a case", "Your matter is now a case"),
    "matters.CaseOpened": ("A case was opened", "A new case is open"),
    "matters.LeadOpened": ("A lead was opened", "A new matter is open"),
    "matters.CaseClientAdded": ("A client was named on the case", "You are on a new case"),
    "matters.CaseClientRemoved": ("A client was removed from the case", "Your cases changed"),
    "matters.CasePartyAdded": ("Another party was added", ""),
    "matters.CasePartyRemoved": ("Another party was removed", ""),
    "clients.ContactCreated": ("A contact was added", ""),
    "clients.ContactChanged": ("Contact details changed", "Your details changed"),
    "portal.PortalAccessGranted": ("Portal access given", ""),
    "portal.PortalAccessRevoked": ("Portal access revoked", ""),
    "portal.PortalInvitationSent": ("Portal invitation sent", ""),
    "portal.PortalInvitationResent": ("Portal invitation sent again", ""),
    "portal.PortalSignedIn": ("A client signed in to the portal", ""),
    "portal.IntakeReminderSent": ("A reminder to answer the intake questions was sent", ""),
    "documents.DocumentUploaded": ("New document", "New document"),
    "documents.DocumentVersionAdded": ("A document has a new version", "A document was updated"),
    "documents.DocumentSharingChanged": ("Document sharing changed", "Your documents changed"),
    "documents.DocumentDeleted": ("A document was deleted", "Your documents changed"),
    "documents.DocumentScanned": ("A document's virus scan finished", "Your documents changed"),
    "intake.IntakeFormChanged": ("An intake form changed", ""),
    "intake.IntakeFormAttached": ("An intake form was given", "New questions from the firm"),
    "intake.IntakeAnswerSaved": ("An intake answer was saved", "An answer was saved"),
    "money.InvoiceDrafted": ("An invoice was drafted", ""),
    "money.InvoiceChanged": ("A draft invoice changed", ""),
    "money.InvoiceIssued": ("An invoice was issued", "You have a new invoice"),
    "money.InvoiceVoided": ("An invoice was voided", "An invoice was voided"),
    "money.PaymentRecorded": ("A payment was recorded", "Your payment was recorded"),
    "money.TrustDeposited": ("A trust deposit was recorded", "Your trust deposit was recorded"),
    "money.TrustApplied": ("Trust money was applied to an invoice", "Trust money paid an invoice"),
    "money.TrustRefunded": ("Trust money was refunded", "Trust money was refunded to you"),
    "money.EntryReversed": ("A trust entry was reversed", "A correction was made to your trust"),
    "payments.CheckoutStarted": ("A client started an online payment", ""),
    "payments.CheckoutPaid": ("A client paid online", "Your payment was received"),
    "payments.CheckoutDeclined": (
        "A client's card was declined",
        "Your payment did not go through",
    ),
    "payments.CheckoutExpired": ("A client's online payment expired", ""),
}
# Document events: told to the matter's clients when the document is shared with them (or
# stopped being), and to the client who uploaded it; never of the firm's private files.
DOCUMENT_EVENTS = {k for k in SAY if k.startswith("documents.")}
# What the clients' activity feed shows (portico/live/views.py): what clients did.
CLIENT_ACTIVITY = {"matters.CommentAdded", "clients.ContactChanged", "portal.PortalSignedIn"}
# Online payments: the client who paid hears of their own payment (the page Stripe sent them
# back to updates when the webhook posts it); never of another client's on the same case.
PAYMENTS_FOR_PAYER = {"payments.CheckoutPaid", "payments.CheckoutDeclined"}
# Events that only ask open streams to look their principal up again; nothing to keep.
RECHECK_ONLY = {"accounts.SignedOut"}
# Intake events the matter's clients hear of: a form given, and answers to questions that are
# not private (the answer itself never rides on the payload).
INTAKE_FOR_CLIENTS = {"intake.IntakeFormAttached", "intake.IntakeAnswerSaved"}
# Money events the client whose money it is hears of (never a draft: the firm's own work).
MONEY_FOR_CLIENT = {k for k, (_staff, client) in SAY.items() if k.startswith("money.") and client}
# Matter events the matter's clients hear of (a shared comment only: see below).
FOR_MATTER_CLIENTS = {
    "matters.CommentAdded",
    "matters.StatusUpdatePosted",
    "matters.CaseStageChanged",
    "matters.CaseChanged",
    "matters.LeadChanged",
    "matters.LeadConverted",
    "matters.CaseOpened",
    "matters.LeadOpened",
}


def audiences_of(event: object) -> list[Told]:
    """Each audience of `event` with what it is told; the firm's workspace first."""
    wire = event_to_json(event)
    kind, data = wire["type"], wire["data"]
    firm_id = uuid.UUID(data["firm_id"])
    matter, contact = data.get("matter_id"), data.get("contact_id")
    topics = ["firm"]
    if matter:
        topics.append(f"matter:{matter}")
    if contact:
        topics.append(f"contact:{contact}")
    from_client = kind in CLIENT_ACTIVITY
    if kind == "matters.CommentAdded":
        from_client = comment_author_contact_id(firm_id, uuid.UUID(data["comment_id"])) is not None
    if from_client:
        topics.append("activity")
    staff_say, client_say = SAY.get(kind, ("Something changed", ""))
    if kind == "intake.IntakeAnswerSaved" and data.get("by_contact_id"):
        staff_say = "A client answered an intake question"
    if kind == "documents.DocumentUploaded" and data.get("by_contact_id"):
        from_client = True
        topics.append("activity")
        staff_say = "New document from a client"
    if kind == "matters.CommentAdded" and from_client:
        staff_say = "New message from a client"
    staff = {"type": kind, "topics": topics, "say": staff_say}
    if matter:
        staff["matter"] = matter
    if contact:
        staff["contact"] = contact
    told = [Told(WORKSPACE, staff)]
    told += [Told(client_audience(c), p) for c, p in _for_clients(kind, data, firm_id, client_say)]
    return told


def _for_clients(kind: str, data: dict, firm_id: uuid.UUID, say: str) -> list[tuple]:
    matter, contact = data.get("matter_id"), data.get("contact_id")
    if kind in DOCUMENT_EVENTS and matter:
        payload = {"type": kind, "topics": [f"matter:{matter}"], "say": say, "matter": matter}
        if data.get("shared") or kind == "documents.DocumentSharingChanged":
            clients = client_ids_on_matter(firm_id, uuid.UUID(matter))
        elif data.get("by_contact_id"):
            clients = [uuid.UUID(data["by_contact_id"])]
        else:
            return []
        return [(c, payload) for c in sorted(contacts_with_open_access(firm_id, clients))]
    if kind in INTAKE_FOR_CLIENTS and matter:
        # Never of a private question: not its words, not its answer, not that it changed.
        if data.get("private", True) and kind == "intake.IntakeAnswerSaved":
            return []
        payload = {"type": kind, "topics": ["home", f"matter:{matter}"], "say": say}
        payload["matter"] = matter
        clients = client_ids_on_matter(firm_id, uuid.UUID(matter))
        return [(c, payload) for c in sorted(contacts_with_open_access(firm_id, clients))]
    if kind in FOR_MATTER_CLIENTS and matter:
        if kind == "matters.CommentAdded" and not data.get("shared"):
            return []
        payload = {"type": kind, "topics": ["home", f"matter:{matter}"], "say": say}
        payload["matter"] = matter
        if kind == "matters.CommentAdded":
            payload["comment"] = data["comment_id"]
        clients = client_ids_on_matter(firm_id, uuid.UUID(matter))
        return [(c, payload) for c in sorted(contacts_with_open_access(firm_id, clients))]
    if (kind in MONEY_FOR_CLIENT or kind in PAYMENTS_FOR_PAYER) and matter and contact:
        # Only the client the invoice, payment or trust money is theirs, while on the case.
        if uuid.UUID(contact) not in client_ids_on_matter(firm_id, uuid.UUID(matter)):
            return []
        payload = {"type": kind, "topics": ["home", f"matter:{matter}"], "say": say}
        payload.update(matter=matter, contact=contact)
        return [(c, payload) for c in contacts_with_open_access(firm_id, [uuid.UUID(contact)])]
    if kind in {"matters.CaseClientAdded", "matters.CaseClientRemoved"} and contact:
        payload = {"type": kind, "topics": ["home"], "say": say, "contact": contact}
        return [(c, payload) for c in contacts_with_open_access(firm_id, [uuid.UUID(contact)])]
    if kind == "clients.ContactChanged" and contact:
        payload = {"type": kind, "topics": [f"contact:{contact}"], "say": say}
        payload["contact"] = contact
        return [(c, payload) for c in contacts_with_open_access(firm_id, [uuid.UUID(contact)])]
    return []
