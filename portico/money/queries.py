"""Reads of money for the workspace and the staff API, scoped to the firm by construction.

Balances are read from the posted rows: an invoice's balance is its lines less its payments
and the trust applied to it; a client's trust balance on a case is the sum of their entries
(the locked `TrustBalance` row keeps the same number, and reconciliation checks it does).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.db.models import F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from portico.matters.models import Case, CaseClient
from portico.money.models import Invoice, InvoiceLine, Payment, TrustBalance, TrustEntry


def _sum_of(queryset: QuerySet, column: str) -> Coalesce:
    # Grouped by the firm, which every row of one invoice shares: one sum per outer row.
    summed = queryset.order_by().values("firm_id").annotate(s=Sum(column)).values("s")
    return Coalesce(Subquery(summed[:1], output_field=IntegerField()), Value(0))


def with_amounts(invoices: QuerySet[Invoice]) -> QuerySet[Invoice]:
    """Each invoice with `total_minor`, `paid_minor` and `balance_minor`, in the one query."""
    lines = InvoiceLine.objects.filter(invoice=OuterRef("pk"))
    payments = Payment.objects.filter(invoice=OuterRef("pk"))
    applied = TrustEntry.objects.filter(invoice=OuterRef("pk"))
    return invoices.annotate(
        total_minor=_sum_of(lines, "amount_minor"),
        paid_in_minor=_sum_of(payments, "amount_minor"),
        applied_delta=_sum_of(applied, "delta_minor"),
    ).annotate(
        paid_minor=F("paid_in_minor") - F("applied_delta"),
        balance_minor=F("total_minor") - F("paid_in_minor") + F("applied_delta"),
    )


def invoices_for_firm(firm_id: uuid.UUID) -> QuerySet[Invoice]:
    return with_amounts(
        Invoice.objects.for_firm(firm_id).select_related("contact", "case")
    ).order_by("-created_at", "id")


def invoices_on_case(firm_id: uuid.UUID, case: Case) -> QuerySet[Invoice]:
    return invoices_for_firm(firm_id).filter(case=case).prefetch_related("lines")


def get_invoice_for_firm(firm_id: uuid.UUID, invoice_id: uuid.UUID) -> Invoice:
    return get_object_or_404(
        invoices_for_firm(firm_id).prefetch_related("lines", "payments"), pk=invoice_id
    )


def get_invoice_line_for_firm(firm_id: uuid.UUID, line_id: uuid.UUID) -> InvoiceLine:
    return get_object_or_404(
        InvoiceLine.objects.for_firm(firm_id).select_related("invoice__case"), pk=line_id
    )


def get_payment_for_firm(firm_id: uuid.UUID, payment_id: uuid.UUID) -> Payment:
    return get_object_or_404(
        Payment.objects.for_firm(firm_id).select_related("invoice", "case", "contact"),
        pk=payment_id,
    )


def get_entry_for_firm(firm_id: uuid.UUID, entry_id: uuid.UUID) -> TrustEntry:
    return get_object_or_404(
        TrustEntry.objects.for_firm(firm_id).select_related("case", "contact", "invoice"),
        pk=entry_id,
    )


def payments_on_case(firm_id: uuid.UUID, case: Case) -> QuerySet[Payment]:
    return (
        Payment.objects.for_firm(firm_id)
        .filter(case=case)
        .select_related("invoice", "contact")
        .order_by("received_at", "posted_at", "id")
    )


def trust_balance(firm_id: uuid.UUID, case: Case, contact_id: uuid.UUID) -> int:
    """A client's trust balance on a case, summed from their entries."""
    return (
        TrustEntry.objects.for_firm(firm_id)
        .filter(case=case, contact_id=contact_id)
        .aggregate(s=Sum("delta_minor"))["s"]
        or 0
    )


def shortfall(case: Case, balance_minor: int) -> int:
    """How much short of the case's minimum trust balance `balance_minor` is (0 if not)."""
    return max(0, case.minimum_trust_balance - balance_minor)


@dataclass
class LedgerLine:
    entry: TrustEntry
    balance_minor: int  # the client's balance on the case after this entry
    reversed: bool = False


@dataclass
class ClientLedger:
    """One client's trust ledger on a case, oldest first, with the balance after each line."""

    contact: object
    lines: list[LedgerLine] = field(default_factory=list)
    balance_minor: int = 0
    shortfall_minor: int = 0


def ledger_on_case(firm_id: uuid.UUID, case: Case, clients=None) -> list[ClientLedger]:
    """Every client of the case (and anyone with entries on it) with their trust ledger.
    `clients`: the case's clients when the caller has them already."""
    entries = list(
        TrustEntry.objects.for_firm(firm_id)
        .filter(case=case)
        .select_related("contact", "invoice")
        .order_by("posted_at", "id")
    )
    reversed_ids = {e.reverses_id for e in entries if e.reverses_id}
    ledgers: dict = {}
    if clients is None:
        links = CaseClient.objects.for_firm(firm_id).filter(case=case).select_related("contact")
        clients = [link.contact for link in links]
    for contact in clients:
        ledgers[contact.id] = ClientLedger(contact=contact)
    for entry in entries:
        ledger = ledgers.setdefault(entry.contact_id, ClientLedger(contact=entry.contact))
        ledger.balance_minor += entry.delta_minor
        ledger.lines.append(LedgerLine(entry, ledger.balance_minor, entry.id in reversed_ids))
    for ledger in ledgers.values():
        ledger.shortfall_minor = shortfall(case, ledger.balance_minor)
    return list(ledgers.values())


def trust_balances_for_firm(firm_id: uuid.UUID) -> QuerySet[TrustBalance]:
    return TrustBalance.objects.for_firm(firm_id)


def trust_entries_for_firm(firm_id: uuid.UUID, *, until: datetime.datetime | None = None):
    entries = TrustEntry.objects.for_firm(firm_id)
    if until is not None:
        entries = entries.filter(posted_at__lte=until)
    return entries


def open_invoices_on_case(firm_id: uuid.UUID, case: Case) -> list[Invoice]:
    return list(invoices_on_case(firm_id, case).filter(status=Invoice.Status.ISSUED))


def unreversed(entries: QuerySet[TrustEntry]) -> QuerySet[TrustEntry]:
    return entries.filter(~Q(kind=TrustEntry.Kind.REVERSAL), reversed_by__isnull=True)
