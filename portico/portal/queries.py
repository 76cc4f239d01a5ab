"""Portal queries: the only reads portal views make. Each takes the signed-in principal, so a
client reaches their own contact and the matters they are on, and nothing else.

Inside a matter only what is meant for the client comes back: shared comments (never private
ones), status updates and stage changes. Other parties, internal notes and other clients stay out.
"""

from __future__ import annotations

import uuid

from django.db.models import (
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.shortcuts import get_object_or_404

from portico.clients.models import Contact
from portico.clients.queries import prefetch_details
from portico.documents.models import Document, DocumentVersion
from portico.intake.models import IntakeQuestion, MatterIntake
from portico.intake.queries import AskedForm, intake_remaining_by_matter, public_intake_on_matter
from portico.matters.kinds import MatterFace, MatterKind
from portico.matters.models import Case, Comment, Lead, StageChange, StatusUpdate
from portico.matters.timeline import TimelineEntry, read_timeline, read_timeline_and_thread
from portico.money import portal_queries as money_reads
from portico.portal.principal import PortalPrincipal


def contact_for_client(principal: PortalPrincipal) -> Contact:
    """The client's own contact with their emails, phones and addresses. The first call of a
    request takes the contact its middleware read with the portal account (one query fewer);
    any later call (after a change, say) reads it afresh."""
    contact = principal.contact
    if contact is None or hasattr(contact, "_prefetched_objects_cache"):
        contact = get_object_or_404(
            Contact.objects.for_firm(principal.firm_id), pk=principal.contact_id
        )
    prefetch_details([contact])  # emails, phones and addresses in one query
    return contact


def cases_for_client(principal: PortalPrincipal) -> QuerySet[Case]:
    return Case.objects.for_firm(principal.firm_id).filter(
        case_clients__contact_id=principal.contact_id
    )


def leads_for_client(principal: PortalPrincipal) -> QuerySet[Lead]:
    # A converted lead lives on as its case; the client follows it there.
    return (
        Lead.objects.for_firm(principal.firm_id)
        .filter(lead_contacts__contact_id=principal.contact_id)
        .exclude(status=Lead.Status.CONVERTED)
    )


def matters_for_client(
    principal: PortalPrincipal, kind: MatterKind
) -> QuerySet[Lead] | QuerySet[Case]:
    return leads_for_client(principal) if kind == MatterKind.LEAD else cases_for_client(principal)


def get_matter_for_client(
    principal: PortalPrincipal, kind: MatterKind, matter_id: uuid.UUID
) -> MatterFace:
    """The client's own lead or case `matter_id`, or 404: the same for missing, another
    client's and another firm's."""
    matters = matters_for_client(principal, kind).annotate(has_intake=_has_intake())
    if kind == MatterKind.CASE:
        matters = matters.annotate(client_trust_minor=money_reads.client_trust_balance(principal))
    return get_object_or_404(matters, pk=matter_id)


def get_case_for_client(principal: PortalPrincipal, case_id: uuid.UUID) -> Case:
    return get_matter_for_client(principal, MatterKind.CASE, case_id)


def get_lead_for_client(principal: PortalPrincipal, lead_id: uuid.UUID) -> Lead:
    return get_matter_for_client(principal, MatterKind.LEAD, lead_id)


def _latest_update() -> Subquery:
    updates = StatusUpdate.objects.filter(matter_id=OuterRef("matter_id")).order_by(
        "-created_at", "-id"
    )
    return Subquery(updates.values("body")[:1])


def home_for_client(principal: PortalPrincipal) -> tuple[Contact, list[Case], list[Lead]]:
    """Everything the portal home shows, in a fixed number of queries however many matters."""
    contact = contact_for_client(principal)
    cases, leads = matters_listed_for_client(principal)
    return contact, cases, leads


def _has_intake() -> Exists:
    return Exists(MatterIntake.objects.filter(matter_id=OuterRef("matter_id")))


def matters_listed_for_client(principal: PortalPrincipal) -> tuple[list[Case], list[Lead]]:
    """The client's cases and leads with their latest update and whether the firm gave them an
    intake form (`has_intake`), in two queries."""
    cases = list(
        cases_for_client(principal)
        .annotate(latest_update=_latest_update(), has_intake=_has_intake())
        .order_by("-opened_on", "name")
    )
    leads = list(
        leads_for_client(principal)
        .annotate(latest_update=_latest_update(), has_intake=_has_intake())
        .order_by("-created_at")
    )
    return cases, leads


def messages_for_client(principal: PortalPrincipal, matter: MatterFace) -> QuerySet[Comment]:
    """The matter's shared thread: comments the firm shared and the clients' own messages."""
    return (
        Comment.objects.for_firm(principal.firm_id)
        .filter(is_private=False, matter_id=matter.matter_id)
        .order_by("created_at", "id")
    )


def timeline_for_client(principal: PortalPrincipal, matter: MatterFace) -> list[TimelineEntry]:
    """Status updates and stage changes, newest first."""
    on = {"matter_id": matter.matter_id}
    return read_timeline(
        StatusUpdate.objects.for_firm(principal.firm_id).filter(**on),
        StageChange.objects.for_firm(principal.firm_id).filter(**on),
    )


def timeline_and_thread_for_client(
    principal: PortalPrincipal, matter: MatterFace
) -> tuple[list[TimelineEntry], list[Comment]]:
    """The matter's timeline (newest first) and its shared thread (oldest first), as
    `timeline_for_client` and `messages_for_client` read them, in one query."""
    on = {"matter_id": matter.matter_id}
    return read_timeline_and_thread(
        StatusUpdate.objects.for_firm(principal.firm_id).filter(**on),
        StageChange.objects.for_firm(principal.firm_id).filter(**on),
        messages_for_client(principal, matter),
    )


def live_event_visible_to_client(principal: PortalPrincipal, payload: dict) -> bool:
    """Whether a live event kept for this client still concerns what they may see now, by the
    same reads as the pages: a matter they are on, a message of its shared thread, their own
    contact."""
    matter_id = payload.get("matter")
    if matter_id is not None:
        on = {"matter_id": matter_id}
        if not (
            cases_for_client(principal).filter(**on).exists()
            or leads_for_client(principal).filter(**on).exists()
        ):
            return False
    comment_id = payload.get("comment")
    if comment_id is not None and not (
        Comment.objects.for_firm(principal.firm_id)
        .filter(pk=comment_id, matter_id=matter_id, is_private=False)
        .exists()
    ):
        return False
    contact_id = payload.get("contact")
    return contact_id is None or contact_id == str(principal.contact_id)


def documents_for_client(principal: PortalPrincipal, matter: MatterFace) -> list[Document]:
    """The matter's documents the client may see: those the firm shared with its clients and
    the client's own uploads (another client's upload only once the firm shares it). Deleted
    ones are gone at once. Newest first, each with its latest version as `latest`, in one
    query (the latest versions, each with its document)."""
    versions = (
        DocumentVersion.objects.for_firm(principal.firm_id)
        .filter(
            document__firm_id=principal.firm_id,
            document__matter_id=matter.matter_id,
            document__deleted_at__isnull=True,
        )
        .filter(
            Q(document__shared_with_clients=True)
            | Q(document__author_contact_id=principal.contact_id)
        )
        .exclude(
            Exists(
                DocumentVersion.objects.filter(
                    document_id=OuterRef("document_id"), number__gt=OuterRef("number")
                )
            )
        )
        .select_related("document")
        .order_by("-document__created_at", "document_id")
    )
    documents = []
    for version in versions:
        document = version.document
        document.latest = version
        documents.append(document)
    return documents


def get_document_for_client(principal: PortalPrincipal, document_id: uuid.UUID) -> Document:
    """A document on one of the client's own leads or cases that they may see, or 404: the
    same for missing, deleted, unshared, another client's and another firm's."""
    matters = [
        *cases_for_client(principal).values_list("matter_id", flat=True),
        *leads_for_client(principal).values_list("matter_id", flat=True),
    ]
    return get_object_or_404(
        Document.objects.for_firm(principal.firm_id)
        .filter(matter_id__in=matters, deleted_at__isnull=True)
        .filter(Q(shared_with_clients=True) | Q(author_contact_id=principal.contact_id)),
        pk=document_id,
    )


def latest_version_for_client(document: Document) -> DocumentVersion:
    """The version a client downloads: the latest (earlier ones are the firm's history). From
    the version `documents_for_client` read with each document when it did, so
    a list of documents costs no query per document."""
    read = getattr(document, "latest", None)
    if read is not None:
        return read
    return document.versions.order_by("-number").first()


def intake_for_client(principal: PortalPrincipal, matter: MatterFace) -> list[AskedForm]:
    """The matter's intake forms as the client sees them: never a private question. A question
    their earlier answers hide is there with `shown` False (the page shows it as they answer;
    the API leaves it out), and no answer to it is taken. No query when the matter, as read by
    `get_matter_for_client`, has no intake form."""
    if not getattr(matter, "has_intake", True):
        return []
    forms = public_intake_on_matter(principal.firm_id, matter.matter_id)
    for asked in forms:
        for q in asked.questions:
            # A file the firm added is not the client's to see until the firm shares it.
            if q.document is not None and not (
                q.document.shared_with_clients
                or q.document.author_contact_id == principal.contact_id
            ):
                q.document = None
    return forms


def get_question_for_client(
    principal: PortalPrincipal, matter: MatterFace, question_id: uuid.UUID
) -> IntakeQuestion:
    """A question of the firm's, or 404. Whether it is on this matter, not private and shown
    is the answering action's to say (`intake.actions.save_answer`)."""
    return get_object_or_404(IntakeQuestion.objects.for_firm(principal.firm_id), pk=question_id)


def matters_needing_answers(principal: PortalPrincipal, matters: list[MatterFace]) -> set:
    """The matter ids among `matters` (the client's own) with required questions still to
    answer, in three queries however many matters, and none when none of them has an intake
    form (`has_intake`, as `matters_listed_for_client` reads it)."""
    with_intake = [m.matter_id for m in matters if getattr(m, "has_intake", True)]
    return intake_remaining_by_matter(principal.firm_id, with_intake) if with_intake else set()


# Money: the client's own invoices, payments and trust money on their cases
# (portico/money/portal_queries.py reads them, scoped to this principal).


def money_summary_for_client(
    principal: PortalPrincipal, case: Case, *, with_lines: bool = False
) -> money_reads.MoneySummary:
    """What the client owes on the case and when, and their trust balance against the minimum;
    `summary.invoices` holds every invoice the client may see (with lines if asked)."""
    return money_reads.money_summary_for_client(principal, case, with_lines=with_lines)


def invoices_for_client(principal: PortalPrincipal, case: Case):
    """The client's own issued, paid and void invoices on one of their cases (never a draft)."""
    return money_reads.invoices_for_client(principal, case)


def get_invoice_for_client(principal: PortalPrincipal, invoice_id: uuid.UUID):
    """One of the client's own invoices, or 404 (missing, a draft, another client's)."""
    return money_reads.get_invoice_for_client(principal, invoice_id)


def get_payment_for_client(principal: PortalPrincipal, payment_id: uuid.UUID):
    """One of the client's own payments, for its receipt, or 404."""
    return money_reads.get_payment_for_client(principal, payment_id)


def get_deposit_for_client(principal: PortalPrincipal, entry_id: uuid.UUID):
    """One of the client's own trust deposits, for its receipt, or 404."""
    return money_reads.get_deposit_for_client(principal, entry_id)


def financial_history_for_client(
    principal: PortalPrincipal, case: Case, *, summary: money_reads.MoneySummary | None = None
) -> list[money_reads.HistoryRow]:
    """Invoices, payments and trust entries on the case, oldest first, with the running trust
    balance. With the page's `summary`, its invoices are not read again."""
    return money_reads.financial_history_for_client(
        principal, case, invoices=summary.invoices if summary is not None else None
    )
