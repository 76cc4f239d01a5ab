"""Webhook deliveries, signed as Stripe signs them (reference/stripe-sandbox.md section 4):
`Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, f"{t}.{body}")>`, a new `t` for every
attempt, retried on failure through the worker (default after 5 s, 30 s and 2 min).

`STRIPE_SANDBOX_WEBHOOKS` says how: "deliver" (each event once, when its transaction commits),
"duplicate" (each event twice), or "hold" (kept until `POST /_sandbox/webhooks/flush`, which can
shuffle them: Stripe promises no order)."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import random
import time

import httpx
from django.conf import settings
from django.db import transaction
from django.tasks import default_task_backend, task
from django.utils import timezone

from portico.stripe_sandbox.models import SandboxObject
from portico.stripe_sandbox.routers import sandbox_db

log = logging.getLogger(__name__)


def signature_header(body: bytes, secret: str, timestamp: int | None = None) -> str:
    t = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def endpoint_url() -> str:
    return settings.STRIPE_SANDBOX_WEBHOOK_URL or f"{settings.PORTICO_BASE_URL}/payments/webhook"


def transport(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST one delivery; the response's status (0 when nothing answered)."""
    try:
        return httpx.post(url, content=body, headers=headers, timeout=10).status_code
    except httpx.HTTPError as exc:
        log.info("webhook delivery to %s failed: %s", url, exc)
        return 0


def mode() -> str:
    return getattr(settings, "STRIPE_SANDBOX_WEBHOOKS", "deliver")


def deliver_on_commit(event_id: str) -> None:
    SandboxObject.objects.create(
        id=f"dl_{event_id}",
        kind="delivery",
        account="",
        data={"event": event_id, "attempts": 0, "delivered": False, "statuses": []},
        created=int(time.time()),
    )
    if mode() == "hold":
        return
    copies = 2 if mode() == "duplicate" else 1
    for _ in range(copies):
        transaction.on_commit(lambda: deliver_event.enqueue(event_id=event_id), using=sandbox_db())


def send(event_id: str) -> int:
    """One signed attempt; records it on the delivery and returns the status."""
    event = SandboxObject.objects.get(pk=event_id).data
    body = json.dumps(event, indent=2).encode()
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        "Stripe-Signature": signature_header(body, settings.STRIPE_WEBHOOK_SECRET),
    }
    status = transport(endpoint_url(), body, headers)
    delivery = SandboxObject.objects.get(pk=f"dl_{event_id}")
    delivery.data["attempts"] += 1
    delivery.data["statuses"].append(status)
    delivery.data["delivered"] = delivery.data["delivered"] or 200 <= status < 300
    delivery.save(update_fields=["data"])
    return status


@task
def deliver_event(event_id: str, attempt: int = 1) -> str:
    status = send(event_id)
    if 200 <= status < 300:
        return "delivered"
    schedule = settings.STRIPE_SANDBOX_RETRY_SECONDS
    if attempt > len(schedule) or not default_task_backend.supports_defer:
        log.warning("webhook %s not delivered after %s attempts", event_id, attempt)
        return "gave up"
    delay = schedule[attempt - 1]
    deliver_event.using(run_after=timezone.now() + timezone.timedelta(seconds=delay)).enqueue(
        event_id=event_id, attempt=attempt + 1
    )
    return "retrying"


def pending() -> list[str]:
    rows = SandboxObject.objects.filter(kind="delivery").order_by("created", "id")
    return [r.data["event"] for r in rows if not r.data["delivered"]]


def flush(shuffle: bool = False) -> int:
    """Deliver every event not yet delivered, now; the number that were."""
    events = pending()
    if shuffle:
        random.shuffle(events)
    return sum(1 for event_id in events if 200 <= send(event_id) < 300)
