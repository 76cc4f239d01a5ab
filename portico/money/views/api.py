"""Money in the staff API: a case's invoices (list, draft with lines), issuing and voiding
them, recording an offline payment, the case's trust ledger per client, deposits, applying
trust to an invoice, refunds and reversals. Amounts are decimal strings in the case's
currency. The case routes are `MatterRoute`s for cases only (only a case has money)."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from portico.api.auth import actor_of
from portico.api.errors import STAFF_ONLY, NotFoundOut, ValidationErrorOut, text
from portico.clients.queries import get_contact_for_firm
from portico.core.errors import InvalidInput
from portico.core.money import MAX_AMOUNT_LENGTH, format_minor_units
from portico.matters.kinds import MatterKind
from portico.matters.queries import get_matter_for_firm
from portico.matters.routes import MatterRoute, mount_matter_routes
from portico.money import actions
from portico.money.inputs import parse_amount, received_at_of
from portico.money.models import (
    DESCRIPTION_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    REFERENCE_MAX_LENGTH,
    Invoice,
    TrustEntry,
)
from portico.money.queries import (
    get_entry_for_firm,
    get_invoice_for_firm,
    invoices_on_case,
    ledger_on_case,
)

router = Router(tags=["money"])

# Every field has a default: the case or invoice is found first, so another firm's is a 404
# whatever is sent, and what is missing is the action's to say in words.
Amount = Field(
    "",
    max_length=MAX_AMOUNT_LENGTH,
    description='A decimal string in the case\'s currency, e.g. "1500.00".',
    examples=["1500.00"],
)
METHODS = "card, check, wire or other."


class ContactRef(Schema):
    id: uuid.UUID
    display_name: str


class LineIn(Schema):
    kind: str = Field("fee", description="fee or expense.")
    description: text(DESCRIPTION_MAX_LENGTH)
    amount: str = Amount


class LineOut(Schema):
    id: uuid.UUID
    kind: str
    description: str
    amount: str


class PaymentOut(Schema):
    id: uuid.UUID
    invoice_id: uuid.UUID
    amount: str
    currency: str
    method: str
    reference: str = Field(json_schema_extra=STAFF_ONLY)
    receipt_number: str
    received_at: datetime.datetime
    recorded_by: str = Field(json_schema_extra=STAFF_ONLY)


class InvoiceOut(Schema):
    id: uuid.UUID
    case_id: uuid.UUID
    contact: ContactRef
    status: str = Field(description="draft, issued, paid or void.")
    number: str = Field(description="Given when issued.")
    currency: str
    issued_on: datetime.date | None
    due_on: datetime.date | None
    total: str
    paid: str
    balance: str
    lines: list[LineOut]
    internal_note: str = Field(json_schema_extra=STAFF_ONLY)
    void_reason: str = Field(json_schema_extra=STAFF_ONLY)


class InvoicesOut(Schema):
    invoices: list[InvoiceOut]


class InvoiceIn(Schema):
    # Checked after the case is found, so another firm's case is a 404 whatever is sent.
    contact_id: uuid.UUID | None = Field(None, description="The client of the case to bill.")
    lines: list[LineIn] = Field(default_factory=list, max_length=actions.MAX_LINES)
    due_on: datetime.date | None = None
    internal_note: text(NOTE_MAX_LENGTH) = Field("", json_schema_extra=STAFF_ONLY)
    issue: bool = Field(False, description="Issue it at once (numbered and dated).")


class IssueIn(Schema):
    issued_on: datetime.date | None = Field(None, description="Today when left out.")
    due_on: datetime.date | None = Field(None, description="30 days after issue when left out.")


class VoidIn(Schema):
    reason: text(DESCRIPTION_MAX_LENGTH) = ""


class PaymentIn(Schema):
    amount: str = Amount
    method: str = Field("check", description=METHODS)
    reference: text(REFERENCE_MAX_LENGTH) = Field(
        "", description="The check number or transfer id; the same reference again posts nothing."
    )
    received_on: datetime.date | None = Field(None, description="Today when left out.")


class ApplyIn(Schema):
    amount: str = Amount
    reference: text(REFERENCE_MAX_LENGTH) = Field(
        "", description="Optional; the same reference again posts nothing."
    )


class DepositIn(Schema):
    contact_id: uuid.UUID | None = Field(None, description="The client whose money it is.")
    amount: str = Amount
    method: str = Field("check", description=METHODS)
    reference: text(REFERENCE_MAX_LENGTH) = Field(
        "", description="The check number or transfer id; the same reference again posts nothing."
    )
    received_on: datetime.date | None = None
    memo: text(DESCRIPTION_MAX_LENGTH) = ""


class RefundIn(Schema):
    contact_id: uuid.UUID | None = None
    amount: str = Amount
    method: str = Field("check", description=METHODS)
    reference: text(REFERENCE_MAX_LENGTH) = ""
    memo: text(DESCRIPTION_MAX_LENGTH) = ""


class ReverseIn(Schema):
    reason: text(DESCRIPTION_MAX_LENGTH) = ""
    reference: text(REFERENCE_MAX_LENGTH) = ""


class EntryOut(Schema):
    id: uuid.UUID
    kind: str = Field(description="deposit, application, refund or reversal.")
    amount: str
    change: str = Field(description="What it did to the balance, signed.")
    balance_after: str
    currency: str
    method: str
    reference: str = Field(json_schema_extra=STAFF_ONLY)
    receipt_number: str
    invoice_id: uuid.UUID | None
    reverses_id: uuid.UUID | None
    reversed: bool
    memo: str = Field(json_schema_extra=STAFF_ONLY)
    received_at: datetime.datetime
    posted_at: datetime.datetime
    recorded_by: str = Field(json_schema_extra=STAFF_ONLY)


class ClientLedgerOut(Schema):
    contact: ContactRef
    balance: str
    shortfall: str = Field(description="How far below the case's minimum trust balance.")
    entries: list[EntryOut]


class LedgerOut(Schema):
    currency: str
    minimum_trust_balance: str
    clients: list[ClientLedgerOut]


def _m(minor: int, currency: str) -> str:
    return format_minor_units(minor, currency)


def payment_out(payment) -> dict:
    return {
        "id": payment.id,
        "invoice_id": payment.invoice_id,
        "amount": _m(payment.amount_minor, payment.currency),
        "currency": payment.currency,
        "method": payment.method,
        "reference": payment.reference,
        "receipt_number": payment.receipt_number,
        "received_at": payment.received_at,
        "recorded_by": payment.recorded_by,
    }


def invoice_out(invoice: Invoice) -> dict:
    c = invoice.currency
    return {
        "id": invoice.id,
        "case_id": invoice.case_id,
        "contact": invoice.contact,
        "status": invoice.status,
        "number": invoice.number,
        "currency": c,
        "issued_on": invoice.issued_on,
        "due_on": invoice.due_on,
        "total": _m(invoice.total_minor, c),
        "paid": _m(invoice.paid_minor, c),
        "balance": _m(invoice.balance_minor, c),
        "lines": [
            {
                "id": line.id,
                "kind": line.kind,
                "description": line.description,
                "amount": _m(line.amount_minor, c),
            }
            for line in invoice.lines.all()
        ],
        "internal_note": invoice.internal_note,
        "void_reason": invoice.void_reason,
    }


def _fresh(request: HttpRequest, invoice: Invoice) -> dict:
    return invoice_out(get_invoice_for_firm(request.firm.id, invoice.id))


def _contact(request: HttpRequest, contact_id: uuid.UUID | None, field: str = "contact_id"):
    if contact_id is None:
        raise InvalidInput({field: ["Choose a client of this case."]})
    try:
        return get_contact_for_firm(request.firm.id, contact_id)
    except Http404 as exc:  # not the firm's contact
        raise InvalidInput({field: ["Choose a client of this case."]}) from exc


def _invoices(request: HttpRequest, case):
    return {"invoices": [invoice_out(i) for i in invoices_on_case(request.firm.id, case)]}


def _create_invoice(request: HttpRequest, case, payload: InvoiceIn):
    contact = _contact(request, payload.contact_id)
    lines = []
    problems: dict = {}
    for i, line in enumerate(payload.lines):
        try:
            amount = parse_amount(line.amount, case.currency, f"lines.{i}.amount")
        except InvalidInput as exc:
            problems.update(exc.errors)
            amount = 0
        lines.append(actions.LineInput(line.description, amount, line.kind))
    if problems:
        raise InvalidInput(problems)
    invoice = actions.create_invoice(
        case=case,
        contact=contact,
        actor=actor_of(request),
        lines=lines,
        due_on=payload.due_on,
        internal_note=payload.internal_note,
    )
    if payload.issue:
        invoice = actions.issue_invoice(invoice=invoice, actor=actor_of(request))
    return Status(201, _fresh(request, invoice))


def _ledger(request: HttpRequest, case):
    c = case.currency
    return {
        "currency": c,
        "minimum_trust_balance": _m(case.minimum_trust_balance, c),
        "clients": [
            {
                "contact": ledger.contact,
                "balance": _m(ledger.balance_minor, c),
                "shortfall": _m(ledger.shortfall_minor, c),
                "entries": [
                    entry_out(line.entry, line.balance_minor, line.reversed)
                    for line in ledger.lines
                ],
            }
            for ledger in ledger_on_case(request.firm.id, case)
        ],
    }


def entry_out(entry, balance_after: int, reversed_: bool) -> dict:
    c = entry.currency
    return {
        "id": entry.id,
        "kind": entry.kind,
        "amount": _m(entry.amount_minor, c),
        "change": ("-" if entry.delta_minor < 0 else "") + _m(abs(entry.delta_minor), c),
        "balance_after": _m(balance_after, c),
        "currency": c,
        "method": entry.method,
        "reference": entry.reference,
        "receipt_number": entry.receipt_number,
        "invoice_id": entry.invoice_id,
        "reverses_id": entry.reverses_id,
        "reversed": reversed_,
        "memo": entry.memo,
        "received_at": entry.received_at,
        "posted_at": entry.posted_at,
        "recorded_by": entry.recorded_by,
    }


def _posted(request: HttpRequest, entry) -> Status:
    """201 with the entry as its line of the ledger, the balance after it included."""
    for ledger in ledger_on_case(request.firm.id, entry.case):
        for line in ledger.lines:
            if line.entry.id == entry.id:
                return Status(201, entry_out(line.entry, line.balance_minor, line.reversed))
    raise AssertionError("a posted entry is on its ledger")


def _post_for_client(
    request: HttpRequest,
    case,
    payload: DepositIn | RefundIn,
    post: Callable[..., TrustEntry],
    **more,
) -> Status:
    """Trust money in or out for the client of the case the payload names."""
    entry = post(
        case=case,
        contact=_contact(request, payload.contact_id),
        amount_minor=parse_amount(payload.amount, case.currency),
        method=payload.method,
        reference=payload.reference,
        memo=payload.memo,
        actor=actor_of(request),
        **more,
    )
    return _posted(request, entry)


def _deposit(request: HttpRequest, case, payload: DepositIn):
    received_at = received_at_of(payload.received_on)
    return _post_for_client(request, case, payload, actions.deposit_trust, received_at=received_at)


def _refund(request: HttpRequest, case, payload: RefundIn):
    return _post_for_client(request, case, payload, actions.refund_trust)


CASE_ONLY = (MatterKind.CASE,)
ENTRY_POSTED = {201: EntryOut, 404: NotFoundOut, 422: ValidationErrorOut}
mount_matter_routes(
    router,
    [
        MatterRoute(
            "GET",
            "/invoices",
            "list_case_invoices",
            "The invoices on a {kind}, drafts included, with their lines and balances",
            _invoices,
            response={200: InvoicesOut, 404: NotFoundOut},
            kinds=CASE_ONLY,
        ),
        MatterRoute(
            "POST",
            "/invoices",
            "create_case_invoice",
            "Draft an invoice to a client of the {kind} (and issue it with `issue`)",
            _create_invoice,
            response={201: InvoiceOut, 404: NotFoundOut, 422: ValidationErrorOut},
            payload=InvoiceIn,
            kinds=CASE_ONLY,
        ),
        MatterRoute(
            "GET",
            "/ledger",
            "get_case_ledger",
            "Each client's trust ledger on the {kind}, with the balance after each entry",
            _ledger,
            response={200: LedgerOut, 404: NotFoundOut},
            kinds=CASE_ONLY,
        ),
        MatterRoute(
            "POST",
            "/trust/deposits",
            "deposit_trust",
            "Record money received into trust for a client of the {kind}",
            _deposit,
            response=ENTRY_POSTED,
            payload=DepositIn,
            kinds=CASE_ONLY,
        ),
        MatterRoute(
            "POST",
            "/trust/refunds",
            "refund_trust",
            "Pay trust money back to a client of the {kind}",
            _refund,
            response=ENTRY_POSTED,
            payload=RefundIn,
            kinds=CASE_ONLY,
        ),
    ],
    lookup=lambda request, kind, matter_id: get_matter_for_firm(request.firm.id, kind, matter_id),
)


@router.get(
    "/invoices/{uuid:invoice_id}",
    response={200: InvoiceOut, 404: NotFoundOut},
    summary="An invoice with its lines and balance",
)
def get_invoice(request: HttpRequest, invoice_id: uuid.UUID):
    return invoice_out(get_invoice_for_firm(request.firm.id, invoice_id))


@router.post(
    "/invoices/{uuid:invoice_id}/issue",
    response={200: InvoiceOut, 404: NotFoundOut, 422: ValidationErrorOut},
    summary="Issue a draft invoice: numbered and dated, its lines fixed, shown to the client",
)
def issue_invoice(request: HttpRequest, invoice_id: uuid.UUID, payload: IssueIn):
    invoice = get_invoice_for_firm(request.firm.id, invoice_id)
    actions.issue_invoice(
        invoice=invoice, actor=actor_of(request), issued_on=payload.issued_on, due_on=payload.due_on
    )
    return _fresh(request, invoice)


@router.post(
    "/invoices/{uuid:invoice_id}/void",
    response={200: InvoiceOut, 404: NotFoundOut, 422: ValidationErrorOut},
    summary="Void an invoice nothing was paid on (it stays on record)",
)
def void_invoice(request: HttpRequest, invoice_id: uuid.UUID, payload: VoidIn):
    invoice = get_invoice_for_firm(request.firm.id, invoice_id)
    actions.void_invoice(invoice=invoice, actor=actor_of(request), reason=payload.reason)
    return _fresh(request, invoice)


@router.post(
    "/invoices/{uuid:invoice_id}/payments",
    response={201: PaymentOut, 404: NotFoundOut, 422: ValidationErrorOut},
    summary="Record a payment received offline (check, wire) into the operating account",
)
def record_payment(request: HttpRequest, invoice_id: uuid.UUID, payload: PaymentIn):
    invoice = get_invoice_for_firm(request.firm.id, invoice_id)
    payment = actions.record_payment(
        invoice=invoice,
        amount_minor=parse_amount(payload.amount, invoice.currency),
        method=payload.method,
        reference=payload.reference,
        received_at=received_at_of(payload.received_on),
        actor=actor_of(request),
    )
    return Status(201, payment_out(payment))


@router.post(
    "/invoices/{uuid:invoice_id}/apply-trust",
    response=ENTRY_POSTED,
    summary="Pay an issued invoice from its client's trust money on the case",
)
def apply_trust(request: HttpRequest, invoice_id: uuid.UUID, payload: ApplyIn):
    invoice = get_invoice_for_firm(request.firm.id, invoice_id)
    entry = actions.apply_trust(
        invoice=invoice,
        amount_minor=parse_amount(payload.amount, invoice.currency),
        reference=payload.reference,
        actor=actor_of(request),
    )
    return _posted(request, entry)


@router.post(
    "/trust-entries/{uuid:entry_id}/reverse",
    response=ENTRY_POSTED,
    summary="Reverse a trust entry (a new entry; the original never changes)",
)
def reverse_entry(request: HttpRequest, entry_id: uuid.UUID, payload: ReverseIn):
    entry = get_entry_for_firm(request.firm.id, entry_id)
    reversal = actions.reverse_entry(
        entry=entry, actor=actor_of(request), reason=payload.reason, reference=payload.reference
    )
    return _posted(request, reversal)
