"""Money as a signed-in client sees it. Each read takes the portal principal (anything with
`firm_id` and `contact_id`: the portal app's `PortalPrincipal`) and answers only for the
client's own invoices and trust money on cases they are a named client of; never a draft,
never an internal note, never another client's. The portal app's `portal/queries.py` hands
these to its views, which read nothing else.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.db.models import IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from portico.matters.models import Case
from portico.money.models import Invoice, Payment, TrustEntry
from portico.money.queries import shortfall, trust_balance, with_amounts

# What a client sees of an invoice: never a draft (the firm's work in progress).
SHOWN_TO_CLIENTS = (Invoice.Status.ISSUED, Invoice.Status.PAID, Invoice.Status.VOID)


def _own_cases(principal) -> QuerySet[Case]:
    return Case.objects.for_firm(principal.firm_id).filter(
        case_clients__contact_id=principal.contact_id
    )


def invoices_for_client(principal, case: Case, *, with_lines: bool = True) -> QuerySet[Invoice]:
    """The client's own issued, paid and void invoices on the case (one of theirs), newest
    first; with their lines unless a page only needs the totals."""
    invoices = (
        with_amounts(Invoice.objects.for_firm(principal.firm_id))
        .filter(
            case=case,
            case__in=_own_cases(principal),
            contact_id=principal.contact_id,
            status__in=SHOWN_TO_CLIENTS,
        )
        .select_related("case", "contact")
        .order_by("-issued_on", "-number")
    )
    return invoices.prefetch_related("lines") if with_lines else invoices


def get_invoice_for_client(principal, invoice_id: uuid.UUID) -> Invoice:
    """One of the client's own invoices they may see, or 404: the same for missing, a draft,
    another client's and another firm's."""
    return get_object_or_404(
        with_amounts(Invoice.objects.for_firm(principal.firm_id))
        .filter(
            case__in=_own_cases(principal),
            contact_id=principal.contact_id,
            status__in=SHOWN_TO_CLIENTS,
        )
        .select_related("case", "contact")
        .prefetch_related("lines"),
        pk=invoice_id,
    )


def payments_for_client(principal, case: Case) -> QuerySet[Payment]:
    return (
        Payment.objects.for_firm(principal.firm_id)
        .filter(case=case, case__in=_own_cases(principal), contact_id=principal.contact_id)
        .select_related("invoice")
        .order_by("received_at", "posted_at", "id")
    )


def get_payment_for_client(principal, payment_id: uuid.UUID) -> Payment:
    """One of the client's own payments (for its receipt), or 404."""
    return get_object_or_404(
        Payment.objects.for_firm(principal.firm_id)
        .filter(case__in=_own_cases(principal), contact_id=principal.contact_id)
        .select_related("invoice", "case", "contact"),
        pk=payment_id,
    )


def get_deposit_for_client(principal, entry_id: uuid.UUID) -> TrustEntry:
    """One of the client's own trust deposits (for its receipt), or 404: the same for missing,
    an application, a refund, a reversal, another client's and another firm's."""
    return get_object_or_404(
        TrustEntry.objects.for_firm(principal.firm_id)
        .filter(
            case__in=_own_cases(principal),
            contact_id=principal.contact_id,
            kind=TrustEntry.Kind.DEPOSIT,
        )
        .select_related("case", "contact"),
        pk=entry_id,
    )


def trust_balance_for_client(principal, case: Case) -> int:
    """The client's own trust balance on the case (0 on a case not theirs). A case read with
    `client_trust_balance()` carries it already, and costs no query here."""
    annotated = getattr(case, "client_trust_minor", None)
    if annotated is not None:
        return annotated
    if not _own_cases(principal).filter(pk=case.pk).exists():
        return 0
    return trust_balance(principal.firm_id, case, principal.contact_id)


def client_trust_balance(principal) -> Coalesce:
    """An annotation for a read of the client's cases: their own trust balance on each, summed
    in the same query (`client_trust_minor`)."""
    entries = (
        TrustEntry.objects.filter(
            firm_id=principal.firm_id, case_id=OuterRef("pk"), contact_id=principal.contact_id
        )
        .order_by()
        .values("case_id")
        .annotate(s=Sum("delta_minor"))
        .values("s")
    )
    return Coalesce(Subquery(entries, output_field=IntegerField()), Value(0))


@dataclass
class MoneySummary:
    """What the portal's case page says about money, in numbers (the page words them)."""

    currency: str
    owed_minor: int = 0
    next_due_on: datetime.date | None = None
    open_invoices: list[Invoice] = field(default_factory=list)
    invoices: list[Invoice] = field(default_factory=list)  # every one the client may see
    trust_balance_minor: int = 0
    minimum_trust_minor: int = 0
    shortfall_minor: int = 0

    @property
    def has_anything(self) -> bool:
        return bool(self.open_invoices or self.trust_balance_minor or self.minimum_trust_minor)


def money_summary_for_client(principal, case: Case, *, with_lines: bool = False) -> MoneySummary:
    """What the client owes on the case and when, and their trust balance against the
    minimum the firm asks them to keep."""
    invoices = list(invoices_for_client(principal, case, with_lines=with_lines))
    open_invoices = [i for i in invoices if i.status == Invoice.Status.ISSUED]
    open_invoices.sort(key=lambda i: (i.due_on or datetime.date.max, i.number))
    balance = trust_balance_for_client(principal, case)
    return MoneySummary(
        currency=case.currency,
        owed_minor=sum(i.balance_minor for i in open_invoices),
        next_due_on=open_invoices[0].due_on if open_invoices else None,
        open_invoices=open_invoices,
        invoices=invoices,
        trust_balance_minor=balance,
        minimum_trust_minor=case.minimum_trust_balance,
        shortfall_minor=shortfall(case, balance),
    )


@dataclass
class HistoryRow:
    """One line of the client's financial history on a case."""

    at: datetime.datetime
    kind: str  # invoice, payment, deposit, application, refund, reversal
    description: str
    amount_minor: int
    trust_balance_minor: int  # the client's trust balance after this line
    invoice: Invoice | None = None
    payment: Payment | None = None
    entry: TrustEntry | None = None


def _day(value: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(value, datetime.time(), datetime.UTC)


def financial_history_for_client(
    principal, case: Case, *, invoices: list[Invoice] | None = None
) -> list[HistoryRow]:
    """Invoices, payments and trust entries, oldest first, with the trust balance after each.
    `invoices`: the client's invoices on the case as `money_summary_for_client` read them, so a
    page showing both reads them once."""
    rows: list[HistoryRow] = []
    if invoices is None:
        invoices = invoices_for_client(principal, case, with_lines=False)
    for invoice in invoices:
        when = invoice.issued_at or _day(invoice.issued_on)
        words = f"{invoice} issued, due {invoice.due_on:%-d %B %Y}"
        if invoice.status == Invoice.Status.VOID:
            words = f"{invoice} issued (since voided)"
        rows.append(HistoryRow(when, "invoice", words, invoice.total_minor, 0, invoice=invoice))
    for payment in payments_for_client(principal, case):
        words = f"Payment on {payment.invoice} ({payment.get_method_display().lower()})"
        rows.append(
            HistoryRow(
                payment.received_at, "payment", words, payment.amount_minor, 0, payment=payment
            )
        )
    entries = (
        TrustEntry.objects.for_firm(principal.firm_id)
        .filter(case=case, case__in=_own_cases(principal), contact_id=principal.contact_id)
        .select_related("invoice", "reverses")
        .order_by("posted_at", "id")
    )
    for entry in entries:
        if entry.kind == TrustEntry.Kind.DEPOSIT:
            words = f"Deposit into trust ({entry.get_method_display().lower()})"
        elif entry.kind == TrustEntry.Kind.APPLICATION:
            words = f"Trust applied to {entry.invoice}"
        elif entry.kind == TrustEntry.Kind.REFUND:
            words = "Trust money refunded to you"
        else:
            words = f"Correction: reverses the {entry.reverses.get_kind_display().lower()} of {entry.reverses.posted_at:%-d %B %Y}"
        # In posting order, so the running balance is the ledger's and never dips below zero.
        rows.append(
            HistoryRow(entry.posted_at, entry.kind, words, entry.delta_minor, 0, entry=entry)
        )
    rows.sort(key=lambda r: r.at)
    balance = 0
    for row in rows:
        if row.entry is not None:
            balance += row.entry.delta_minor
        row.trust_balance_minor = balance
    return rows
