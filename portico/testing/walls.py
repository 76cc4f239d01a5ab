"""What the generated wall tests walk and how they check it: every route, a sample of each id
a route takes, and a fingerprint of every row to prove a refused call changed nothing."""

from __future__ import annotations

import hashlib

from django.apps import apps
from django.db import connection

from portico.tenancy.actions import create_api_key
from portico.testing.factories import harbor_matter_samples
from portico.testing.routes import all_routes

# Routes outside any firm's data, and why.
PUBLIC_PREFIXES = {
    "/accounts/": "sign-in and sign-out, before any firm is known",
    "/healthz": "liveness probe",
    "/_dev/": "demo-only tools, 404 outside demo mode",
    "/_sandbox/": "the Stripe-compatible payment sandbox (demo and test mode only, 404 otherwise): "
    "it stands in for Stripe, holds no firm's data, and its API takes Stripe secret keys",
    "/static/": "static files",
    "/brand/": "a firm's logo and accent colour, public by design: the sign-in page and the "
    "invitation email show them before anyone signs in (tenancy/tests/test_firm_face.py)",
}
PUBLIC_ROUTES = {
    "/api/v1/openapi.json": "the API's schema",
    "/api/v1/docs": "the API's documentation page",
    "/api/v1/": "the API's root, only a name for reversing URLs (answers 404)",
    "/payments/webhook": "Stripe's webhook: no firm signs in; the signature over the raw body "
    "is the credential, and the event's own metadata names the firm (payments/tests/test_webhook.py)",
}
METHODS = ("get", "post", "put", "patch", "delete")


def harbor_samples(harbor, alice, bob) -> dict[str, object]:
    """One Harbor & Vale object for every id parameter any route takes."""
    from portico.clients.models import Contact
    from portico.matters.models import Case
    from portico.money.models import Invoice
    from portico.testing.stripe import SANDBOX_SAMPLES, put_attempt

    key, _raw = create_api_key(firm=harbor, name="Harbor integration", actor=alice)
    samples = harbor_matter_samples(harbor, alice)
    attempt = put_attempt(
        Case.objects.get(pk=samples["case_id"]),
        Contact.objects.get(pk=samples["contact_id"]),
        Invoice.objects.get(pk=samples["invoice_id"]),
    )
    return {
        "key_id": key.id,
        "staff_id": bob.id,
        **samples,
        "attempt_id": attempt.id,
        **SANDBOX_SAMPLES,
    }


def firm_routes():
    """Every route of the workspace and the staff API. The portal's routes are walked by the
    client-wall test instead (portico/portal/tests/test_client_wall.py)."""
    return [
        r
        for r in all_routes()
        if r.template not in PUBLIC_ROUTES
        and not any(r.template.startswith(p) for p in PUBLIC_PREFIXES)
        and not r.is_portal
    ]


def database_fingerprint() -> str:
    """A digest of every row of every table we own: equal before and after means nothing changed."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for model in sorted(apps.get_models(), key=lambda m: m._meta.db_table):
            if model._meta.app_label in {"sessions", "django_tasks_db"}:
                continue
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")
            digest.update(model._meta.db_table.encode())
            for row in cursor.fetchall():
                digest.update(repr(row).encode())
    return digest.hexdigest()


def call(client, method: str, url: str):
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, data="{}", content_type="application/json")


PUBLIC_PORTAL_ROUTES = {
    "/portal/sign-in/": "where a client starts signing in",
    "/portal/api/v1/openapi.json": "the portal API's schema",
    "/portal/api/v1/docs": "the portal API's documentation page",
    "/portal/api/v1/": "the API's root, only a name for reversing URLs (answers 404)",
}


def portal_routes():
    return [r for r in all_routes() if r.is_portal and r.template not in PUBLIC_PORTAL_ROUTES]


def portal_samples(person) -> dict[str, object]:
    """One of `person`'s records for every id parameter a portal route takes."""
    from portico.documents.models import Document
    from portico.testing.documents import PDF, put_document

    shared = Document.objects.filter(matter_id=person.case.matter_id, shared_with_clients=True)
    document = shared.first() or put_document(
        person.case, "Engagement letter.pdf", PDF, actor=None, shared=True
    )
    from portico.intake.actions import attach_form
    from portico.intake.models import IntakeQuestion, MatterIntake
    from portico.testing.intake import put_intake

    given = MatterIntake.objects.filter(matter_id=person.case.matter_id).first()
    if given is None:
        form = put_intake(person.case, None).form
        attach_form(matter=person.lead, form=form, actor=None)
        given = MatterIntake.objects.get(matter_id=person.case.matter_id)
    question = IntakeQuestion.objects.filter(version_id=given.version_id, is_private=False).first()
    from portico.money.models import Payment, TrustEntry
    from portico.testing.money import put_deposit, put_money

    payment = Payment.objects.filter(case=person.case, contact=person.contact).first()
    if payment is None:
        payment = put_money(person.case, person.contact, None).payment
    deposit = TrustEntry.objects.filter(
        case=person.case, contact=person.contact, kind=TrustEntry.Kind.DEPOSIT
    ).first() or put_deposit(person.case, person.contact, None, 30000)
    from portico.payments.models import CheckoutAttempt
    from portico.testing.stripe import put_attempt

    attempt = CheckoutAttempt.objects.filter(case=person.case, contact=person.contact).first()
    if attempt is None:
        attempt = put_attempt(person.case, person.contact, payment.invoice)
    return {
        "attempt_id": attempt.id,
        "invoice_id": payment.invoice_id,
        "payment_id": payment.id,
        "entry_id": deposit.id,
        "case_id": person.case.id,
        "lead_id": person.lead.id,
        "document_id": document.id,
        "question_id": question.id,
    }


# Routes a cross-site page may call without a CSRF token, and why. Everything else that a
# browser's cookie authenticates refuses an unsafe method without the token or from a foreign
# Origin (portico/core/tests/test_csrf_everywhere.py).
CSRF_EXEMPT = {
    "/accounts/backchannel-logout/": "the identity service's server posts logout tokens here "
    "with no cookie; the signed logout token is the credential",
    "/payments/webhook": "Stripe's servers post events here with no cookie; the Stripe-Signature "
    "HMAC over the raw body is the credential (a bad one gets 400 and changes nothing)",
}
# Routes no cookie authenticates: a bearer token or API key only (a session cookie gets 401).
BEARER_ONLY_PREFIXES = {
    "/api/v1/": "the staff API: staff access tokens and firm API keys in Authorization only",
    "/_sandbox/stripe/v1/": "the payment sandbox's Stripe API: a Stripe secret key in "
    "Authorization only, as Stripe's (the hosted checkout page keeps Django's CSRF check)",
    "/_sandbox/stripe/_sandbox/": "the payment sandbox's test controls: a Stripe secret key only",
}
UNSAFE_METHODS = ("post", "put", "patch", "delete")


def front_streams(prefix: str) -> list:
    """The ASGI front's live streams under `prefix` ("/workspace/" or "/portal/"), which the
    stream walls open as the wrong person. Any other front route (the uploads) must also be in
    the URL configuration, so the generated walls above walk it; one that is neither is refused
    until it gets a wall of its own."""
    from portico.config.front import front_routes

    walked = {r.template for r in all_routes()}
    streams = []
    for route in front_routes():
        if not route.template.startswith(prefix):
            continue
        if route.method == "GET" and "<" not in route.pattern:
            streams.append(route)
            continue
        assert route.template in walked, (
            f"{route.template}: a front route neither a stream nor in the URL configuration "
            "the walls walk; give it a wall"
        )
    return streams
