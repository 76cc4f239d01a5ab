"""Pay Now and Fund Now in the portal API: each answers with the Checkout URL to send the
client to. The portal API's auth (the portal session, CSRF on writes) applies; reads go
through the portal's queries, so another client's invoice or case is a 404."""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from ninja import Router, Status

from portico.api.errors import NotFoundOut, ValidationErrorOut
from portico.core.errors import InvalidInput
from portico.core.money import format_minor_units, to_minor_units
from portico.matters.kinds import MatterKind
from portico.matters.routes import MatterRoute, mount_matter_routes
from portico.money import portal_queries as money_queries
from portico.payments.actions import Purpose, start_checkout
from portico.payments.queries import client_attempt_key, trust_shortfall
from portico.payments.schemas import YourCheckoutIn, YourCheckoutOut
from portico.payments.views.portal import return_url
from portico.portal import queries as portal_queries

router = Router(tags=["payments"])


def _amount(payload: YourCheckoutIn, default: int, currency: str) -> int:
    if payload.amount is None:
        return default
    try:
        return to_minor_units(payload.amount, currency)
    except ValueError as exc:
        raise InvalidInput({"amount": [str(exc)]}) from exc


def _out(attempt) -> YourCheckoutOut:
    return YourCheckoutOut(
        attempt_id=attempt.id,
        checkout_url=attempt.checkout_url,
        amount=format_minor_units(attempt.amount_minor, attempt.currency),
        currency=attempt.currency,
    )


def _key(request: HttpRequest, payload: YourCheckoutIn) -> str | None:
    if payload.idempotency_key is None:
        return None
    return client_attempt_key(request.portal, payload.idempotency_key)


@router.post(
    "/invoices/{uuid:invoice_id}/pay",
    response={201: YourCheckoutOut, 404: NotFoundOut, 422: ValidationErrorOut},
    summary="Pay one of your invoices (all or part of what is owed): a checkout URL",
    url_name="pay_your_invoice",
)
def pay_invoice(request: HttpRequest, invoice_id: uuid.UUID, payload: YourCheckoutIn):
    invoice = money_queries.get_invoice_for_client(request.portal, invoice_id)
    contact = portal_queries.contact_for_client(request.portal)
    attempt = start_checkout(
        purpose=Purpose.INVOICE,
        case=invoice.case,
        contact=contact,
        invoice=invoice,
        amount_minor=_amount(payload, invoice.balance_minor, invoice.currency),
        actor=request.portal,
        return_url=return_url(request),
        idempotency_key=_key(request, payload),
    )
    return Status(201, _out(attempt))


def _fund(request: HttpRequest, matter, payload: YourCheckoutIn):
    contact = portal_queries.contact_for_client(request.portal)
    attempt = start_checkout(
        purpose=Purpose.TRUST,
        case=matter,
        contact=contact,
        amount_minor=_amount(
            payload, trust_shortfall(matter, request.portal.contact_id), matter.currency
        ),
        actor=request.portal,
        return_url=return_url(request),
        idempotency_key=_key(request, payload),
    )
    return Status(201, _out(attempt))


mount_matter_routes(
    router,
    [
        MatterRoute(
            "POST",
            "/trust/fund",
            "fund_trust",
            "Top up your trust balance on a {kind} (the shortfall from the minimum, or less): "
            "a checkout URL",
            _fund,
            response={201: YourCheckoutOut, 404: NotFoundOut, 422: ValidationErrorOut},
            payload=YourCheckoutIn,
            kinds=(MatterKind.CASE,),
        ),
    ],
    lookup=lambda request, kind, matter_id: portal_queries.get_matter_for_client(
        request.portal, kind, matter_id
    ),
)
