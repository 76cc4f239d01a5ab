"""Stripe's webhook at /payments/webhook. The signature is the credential: it is checked, with
its 5-minute tolerance, on the raw body before anything is read or written; a bad signature,
an altered body or an old timestamp gets 400 and changes nothing."""

from __future__ import annotations

import logging

import stripe
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from portico.payments import gateway
from portico.payments.actions import process_event

log = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> JsonResponse:
    try:
        event = gateway.verify_webhook(request.body, request.headers.get("Stripe-Signature", ""))
    except (ValueError, stripe.SignatureVerificationError) as exc:
        log.warning("Refused a webhook: %s", exc)
        return JsonResponse({"error": "The signature does not match this body."}, status=400)
    return JsonResponse({"received": True, "result": process_event(event=event)})
