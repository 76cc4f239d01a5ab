"""Pay Now and Fund Now through Stripe Checkout, and the webhook that posts what was paid.

- `start_checkout` checks the amount (more than nothing; never more than is owed, or than the
  trust shortfall), stores the attempt and its idempotency key, then asks Stripe for a Checkout
  Session with that key. A retried click carrying the same key gets the same session.
- `process_event` takes a verified Stripe event. It records the event id once (a second
  delivery, or twenty at once, find it and do nothing), re-reads the session from Stripe (so
  events arriving in any order converge on Stripe's state), and posts the payment through the
  money app with the PaymentIntent's id as the reference: never from the redirect.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from dataclasses import dataclass

import stripe
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from portico.audit.actions import record_audit
from portico.audit.models import AuditEvent
from portico.core.errors import ErrorCollector, InvalidInput
from portico.core.events import publish_on_commit
from portico.core.money import format_minor_units
from portico.core.rls import activate_firm
from portico.money import actions as money
from portico.money.amounts import display
from portico.money.models import Invoice, Method
from portico.payments import gateway
from portico.payments.events import (
    CheckoutDeclined,
    CheckoutExpired,
    CheckoutPaid,
    CheckoutStarted,
    PaymentsVerb,
)
from portico.payments.models import CheckoutAttempt, StripeEvent
from portico.payments.queries import amount_owed, trust_shortfall

log = logging.getLogger(__name__)
Purpose = CheckoutAttempt.Purpose
_ATTEMPT_IDS = uuid.UUID("5c1d6a52-3f0e-4b8e-9a51-0d2f3c7e9b14")
HANDLED = {
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "checkout.session.expired",
    "payment_intent.succeeded",
    "payment_intent.payment_failed",
}


@dataclass(frozen=True)
class PaidOnline:
    """The actor of a posting made from Stripe's webhook: the client who paid."""

    contact_id: uuid.UUID
    name: str

    def audit_actor(self) -> tuple[str, uuid.UUID, str]:
        return AuditEvent.ActorKind.CLIENT, self.contact_id, f"{self.name} (paid online)"


def _on_case(attempt: CheckoutAttempt) -> dict:
    return {
        "firm_id": attempt.firm_id,
        "matter_id": attempt.case.matter_id,
        "contact_id": attempt.contact_id,
        "attempt_id": attempt.id,
    }


def start_checkout(
    *,
    purpose: str,
    case,
    contact,
    amount_minor,
    actor,
    return_url: str,
    invoice: Invoice | None = None,
    idempotency_key: str | None = None,
    customer_email: str | None = None,
) -> CheckoutAttempt:
    """A Checkout Session for paying `invoice` (operating) or funding the trust (a destination
    charge to the trust account). A second call with the same `idempotency_key` (a retried
    click) returns the first attempt and the same session. `return_url` is where Stripe sends
    the client back, with "{attempt}" standing for the attempt's id."""
    key = idempotency_key or uuid.uuid4().hex
    existing = CheckoutAttempt.objects.for_firm(case.firm_id).filter(idempotency_key=key).first()
    if existing is not None and existing.session_id:
        return existing
    errors = ErrorCollector()
    if not isinstance(amount_minor, int) or isinstance(amount_minor, bool) or amount_minor <= 0:
        errors.add("amount", "Enter an amount more than nothing.")
        errors.raise_if_any()
    if len(key) > 64:
        errors.add("idempotency_key", "Use at most 64 characters.")
    if purpose == Purpose.INVOICE:
        if invoice is None or invoice.case_id != case.id:
            errors.add("invoice", "Choose an invoice of this case.")
            errors.raise_if_any()
        currency = invoice.currency
        owed = amount_owed(invoice) if invoice.status == Invoice.Status.ISSUED else 0
        if owed <= 0:
            errors.add("amount", f"{invoice} has nothing left to pay.")
        elif amount_minor > owed:
            errors.add(
                "amount",
                f"That is more than the {display(owed, currency)} still owed on "
                f"{invoice}. You can pay less, but not more.",
            )
        name = f"Invoice {invoice.number}"
    elif purpose == Purpose.TRUST:
        currency = case.currency
        short = trust_shortfall(case, contact.id)
        if short <= 0:
            errors.add("amount", "Your trust balance already meets the minimum; nothing is needed.")
        elif amount_minor > short:
            errors.add(
                "amount",
                f"That is more than the {display(short, currency)} needed to reach "
                "your minimum trust balance.",
            )
        name = f"Trust deposit: {case.name}"[:200]
    else:
        errors.add("purpose", "Choose what the payment is for.")
    errors.raise_if_any()
    if existing is not None:
        attempt = existing
    else:
        attempt = CheckoutAttempt(
            # the same click gets the same id, so a retry sends Stripe the very same request
            id=uuid.uuid5(_ATTEMPT_IDS, f"{case.firm_id}:{key}"),
            firm_id=case.firm_id,
            purpose=purpose,
            case=case,
            contact=contact,
            invoice=invoice,
            amount_minor=amount_minor,
            currency=currency,
            idempotency_key=key,
        )
        if _store_key_first():
            # the key is stored before Stripe is called: a retry sends the same one
            attempt.save(force_insert=True)
    metadata = {
        "firm_id": str(attempt.firm_id),
        "attempt_id": str(attempt.id),
        "case_id": str(case.id),
        "purpose": purpose,
    }
    if invoice is not None:
        metadata["invoice_id"] = str(invoice.id)
    try:
        session = gateway.create_checkout_session(
            amount_minor=attempt.amount_minor,
            currency=attempt.currency,
            name=name,
            metadata=metadata,
            success_url=return_url.replace("{attempt}", str(attempt.id)) + "?returned=paid",
            cancel_url=return_url.replace("{attempt}", str(attempt.id)) + "?returned=cancelled",
            customer_email=customer_email,
            idempotency_key=f"portico-checkout-{key}",
            to_trust=purpose == Purpose.TRUST,
        )
    except stripe.StripeError as exc:
        log.warning("Stripe refused a Checkout Session: %s", exc)
        raise InvalidInput(
            {"amount": ["The payment service could not start the payment. Try again shortly."]}
        ) from exc
    attempt.session_id = session.id
    attempt.checkout_url = session.url
    attempt.status = CheckoutAttempt.Status.OPEN
    if attempt._state.adding:
        attempt.save(force_insert=True)
    else:
        attempt.save(update_fields=["session_id", "checkout_url", "status"])
    record_audit(
        firm_id=attempt.firm_id,
        actor=actor,
        verb=PaymentsVerb.CHECKOUT_STARTED,
        obj=attempt,
        parent=case,
        after={
            "for": attempt.get_purpose_display(),
            "amount": format_minor_units(attempt.amount_minor, attempt.currency),
        },
    )
    publish_on_commit(CheckoutStarted(**_on_case(attempt)))
    return attempt


def _store_key_first() -> bool:
    """Whether the attempt (and its key) is written before Stripe is called: everywhere but
    where the sandbox answers from this very SQLite database, as in the suite's in-memory one.
    SQLite lets one connection write at a time, so a request holding its write while waiting on
    a sandbox that writes to the same database would wait for ever. (`make run` gives the
    sandbox a file of its own, `stripe_sandbox/routers.py`.) There the key is still fixed
    before the call (derived from the click or the API's key, so a retry sends the same one
    and Stripe replays the same session) and stored with its result."""
    shares_the_database = (
        connection.vendor == "sqlite"
        and settings.STRIPE_SANDBOX
        and "stripe_sandbox" not in settings.DATABASES
    )
    return not shares_the_database


# --- the webhook -----------------------------------------------------------------------------


def _uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def process_event(*, event: stripe.Event) -> str:
    """Act on one verified event: "processed", "duplicate" or "ignored"."""
    if event.type not in HANDLED:
        return "ignored"
    metadata = event.data.object.to_dict().get("metadata") or {}
    firm_id, attempt_id = _uuid(metadata.get("firm_id")), _uuid(metadata.get("attempt_id"))
    if firm_id is None or attempt_id is None:
        return "ignored"
    activate_firm(firm_id)
    with transaction.atomic():
        attempt = (
            CheckoutAttempt.objects.for_firm(firm_id)
            .select_for_update(of=("self",))
            .select_related("case", "contact", "invoice")
            .filter(pk=attempt_id)
            .first()
        )
        if attempt is None or not attempt.session_id:
            return "ignored"
        try:
            with transaction.atomic():
                StripeEvent.objects.create(
                    firm_id=firm_id, event_id=event.id, type=event.type, attempt=attempt
                )
        except IntegrityError:
            return "duplicate"
        _converge(attempt)
    return "processed"


def _converge(attempt: CheckoutAttempt) -> None:
    """Bring the attempt to what Stripe says now, whatever order the events came in."""
    if attempt.status == CheckoutAttempt.Status.PAID:
        return
    session = gateway.retrieve_checkout_session(attempt.session_id)
    pi = session.payment_intent
    if session.payment_status == "paid" and pi is not None:
        _post(attempt, pi)
    elif session.status == "expired":
        attempt.status = CheckoutAttempt.Status.EXPIRED
        attempt.save(update_fields=["status"])
        _audit(attempt, PaymentsVerb.CHECKOUT_EXPIRED)
        publish_on_commit(CheckoutExpired(**_on_case(attempt)))
    elif pi is not None and pi.last_payment_error:
        message = (pi.last_payment_error.to_dict().get("message") or "")[:500]
        if message and message != attempt.last_error:
            attempt.last_error = message
            attempt.payment_intent_id = pi.id
            attempt.save(update_fields=["last_error", "payment_intent_id"])
            _audit(attempt, PaymentsVerb.CHECKOUT_DECLINED, {"why": message})
            publish_on_commit(CheckoutDeclined(**_on_case(attempt)))


def _audit(attempt: CheckoutAttempt, verb: PaymentsVerb, after: dict | None = None) -> None:
    record_audit(
        firm_id=attempt.firm_id,
        actor=PaidOnline(attempt.contact_id, str(attempt.contact)),
        verb=verb,
        obj=attempt,
        parent=attempt.case,
        after=after
        or {
            "for": attempt.get_purpose_display(),
            "amount": format_minor_units(attempt.amount_minor, attempt.currency),
        },
    )


def _post(attempt: CheckoutAttempt, pi) -> None:
    if pi.amount_received != attempt.amount_minor or pi.currency != attempt.currency.lower():
        log.error("PaymentIntent %s does not match attempt %s", pi.id, attempt.id)
        return
    charge = gateway.retrieve_charge(pi.latest_charge)
    received = datetime.datetime.fromtimestamp(charge.created, tz=datetime.UTC)
    received = min(received, timezone.now())
    actor = PaidOnline(attempt.contact_id, str(attempt.contact))
    common = {
        "amount_minor": attempt.amount_minor,
        "method": Method.CARD,
        "reference": pi.id,
        "actor": actor,
        "received_at": received,
        "currency": attempt.currency,
    }
    if attempt.purpose == Purpose.TRUST:
        attempt.trust_credit_minor = _trust_credit(charge)
        if attempt.trust_credit_minor != attempt.amount_minor:
            log.error(
                "Trust credit %s for %s is not the gross %s",
                attempt.trust_credit_minor,
                pi.id,
                attempt.amount_minor,
            )
        money.deposit_trust(case=attempt.case, contact=attempt.contact, **common)
    else:
        try:
            with transaction.atomic():
                money.record_payment(invoice=attempt.invoice, **common)
        except InvalidInput as exc:
            # paid more than is owed now (two checkouts paid at once, or the invoice was
            # voided meanwhile): the money goes back, nothing is posted
            log.warning("Refunding %s: %s", pi.id, exc)
            gateway.client().v1.refunds.create(
                {"payment_intent": pi.id, "reason": "duplicate"},
                {"idempotency_key": f"portico-refund-{pi.id}"},
            )
            _audit(attempt, PaymentsVerb.CHECKOUT_REFUSED, {"why": str(exc)[:300]})
    attempt.status = CheckoutAttempt.Status.PAID
    attempt.payment_intent_id = pi.id
    attempt.paid_at = timezone.now()
    attempt.save(update_fields=["status", "payment_intent_id", "paid_at", "trust_credit_minor"])
    _audit(attempt, PaymentsVerb.CHECKOUT_PAID)
    publish_on_commit(CheckoutPaid(**_on_case(attempt)))


def _trust_credit(charge) -> int:
    """What a destination charge sent to the trust account: the gross, unless Stripe was told
    to keep some (an application fee or a transfer amount), which must never happen."""
    data = charge.to_dict()
    transfer = data.get("transfer_data") or {}
    if transfer.get("destination") != gateway.trust_account_id():
        return 0
    kept = data.get("application_fee_amount") or 0
    sent = transfer.get("amount") or data["amount"]
    return min(sent, data["amount"] - kept)
