"""What the sandbox does, as Stripe would: Checkout Sessions, PaymentIntents, charges, refunds,
balances, and the events each change emits (reference/stripe-sandbox.md sections 2, 4-6).

Every function takes plain parameters already checked by `api.py` or the hosted page, reads and
writes `SandboxObject` rows, and returns the object as Stripe's JSON would show it."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from portico.stripe_sandbox.models import SandboxObject
from portico.stripe_sandbox.routers import sandbox_db

API_VERSION = "2026-10-28.endive"
OPERATING = "acct_operating"
TRUST = "acct_trust"
CONNECTED = {OPERATING: {TRUST}}


class StripeError(Exception):
    """A refusal in Stripe's shape: {"error": {type, code, decline_code, message, param}}."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
        decline_code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body = {
            "error": {
                k: v
                for k, v in {
                    "type": type,
                    "code": code,
                    "decline_code": decline_code,
                    "message": message,
                    "param": param,
                    "doc_url": f"https://docs.stripe.com/error-codes/{code.replace('_', '-')}"
                    if code
                    else None,
                }.items()
                if v is not None
            }
        }


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(18).replace('-', 'x').replace('_', 'y')}"


def accounts() -> dict[str, str]:
    """Secret key -> account id: the operating (platform) key and the trust (connected) key."""
    return {settings.STRIPE_OPERATING_KEY: OPERATING, settings.STRIPE_TRUST_KEY: TRUST}


# --- the test clock -------------------------------------------------------------------------


def now() -> int:
    clock = SandboxObject.objects.filter(pk="clock").first()
    return int(time.time()) + (clock.data["offset"] if clock else 0)


def advance(seconds: int) -> int:
    clock, _ = SandboxObject.objects.get_or_create(
        pk="clock", defaults={"kind": "clock", "account": "", "data": {"offset": 0}, "created": 0}
    )
    clock.data = {"offset": clock.data["offset"] + seconds}
    clock.save(update_fields=["data"])
    for session in _all("checkout.session", status="open"):
        _expire_if_due(session)
    return now()


# --- storage ---------------------------------------------------------------------------------


def _save(obj: dict, account: str) -> dict:
    SandboxObject.objects.update_or_create(
        pk=obj["id"],
        defaults={
            "kind": obj["object"],
            "account": account,
            "data": obj,
            "created": obj.get("created", now()),
        },
    )
    return obj


def get(kind: str, object_id: str, account: str, *, param: str = "id") -> dict:
    row = (
        SandboxObject.objects.select_for_update()
        .filter(pk=object_id, kind=kind, account=account)
        .first()
    )
    if row is None:
        raise StripeError(
            404, f"No such {kind}: '{object_id}'", code="resource_missing", param=param
        )
    return row.data


def _all(kind: str, **where) -> list[dict]:
    rows = [r.data for r in SandboxObject.objects.filter(kind=kind)]
    return [r for r in rows if all(r.get(k) == v for k, v in where.items())]


def _account_of(object_id: str) -> str:
    return SandboxObject.objects.values_list("account", flat=True).get(pk=object_id)


# --- events ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestInfo:
    id: str | None = None
    idempotency_key: str | None = None


def emit(type: str, obj: dict, account: str, request: RequestInfo | None = None) -> dict:
    """Record an event and deliver it to the webhook endpoint once this transaction commits."""
    from portico.stripe_sandbox import webhooks

    request = request or RequestInfo()
    event = {
        "id": new_id("evt"),
        "object": "event",
        "api_version": API_VERSION,
        "created": now(),
        "type": type,
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": request.id, "idempotency_key": request.idempotency_key},
        "data": {"object": obj},
    }
    if account != OPERATING:
        event["account"] = account
    _save(event, account)
    webhooks.deliver_on_commit(event["id"])
    return event


# --- Checkout Sessions -----------------------------------------------------------------------


def create_session(account: str, params: dict, request: RequestInfo) -> dict:
    created = now()
    items = params["line_items"]
    currency = items[0]["price_data"]["currency"]
    total = sum(i["price_data"]["unit_amount"] * i["quantity"] for i in items)
    session_id = new_id("cs_test")
    pi_data = params.get("payment_intent_data", {})
    session = {
        "id": session_id,
        "object": "checkout.session",
        "mode": "payment",
        "status": "open",
        "payment_status": "unpaid",
        "amount_subtotal": total,
        "amount_total": total,
        "currency": currency,
        "url": f"{params['_base']}/c/pay/{session_id}",
        "success_url": params["success_url"],
        "cancel_url": params.get("cancel_url"),
        "client_reference_id": params.get("client_reference_id"),
        "customer_email": params.get("customer_email"),
        "metadata": params.get("metadata", {}),
        "payment_intent": None,
        "payment_intent_data": pi_data,
        "line_items": {
            "object": "list",
            "data": [
                {
                    "id": new_id("li"),
                    "object": "item",
                    "description": i["price_data"]["product_data"]["name"],
                    "quantity": i["quantity"],
                    "currency": i["price_data"]["currency"],
                    "amount_subtotal": i["price_data"]["unit_amount"] * i["quantity"],
                    "amount_total": i["price_data"]["unit_amount"] * i["quantity"],
                    "price": {"unit_amount": i["price_data"]["unit_amount"]},
                }
                for i in items
            ],
            "has_more": False,
            "url": f"/v1/checkout/sessions/{session_id}/line_items",
        },
        "expires_at": params.get("expires_at", created + 24 * 3600),
        "created": created,
        "livemode": False,
    }
    return _save(session, account)


def public(session: dict, expand: list[str] | None = None) -> dict:
    """A session as the API shows it: line items and the PaymentIntent only when expanded."""
    expand = expand or []
    shown = {k: v for k, v in session.items() if k not in {"line_items", "payment_intent_data"}}
    if "line_items" in expand:
        shown["line_items"] = session["line_items"]
    if "payment_intent" in expand and session["payment_intent"]:
        shown["payment_intent"] = SandboxObject.objects.get(pk=session["payment_intent"]).data
    return shown


def retrieve_session(account: str, session_id: str) -> dict:
    session = get("checkout.session", session_id, account)
    return _expire_if_due(session)


def _expire_if_due(session: dict) -> dict:
    if session["status"] == "open" and now() >= session["expires_at"]:
        return _expire(session, _account_of(session["id"]), None)
    return session


def _expire(session: dict, account: str, request: RequestInfo | None) -> dict:
    session.update(status="expired", url=None)
    _save(session, account)
    emit("checkout.session.expired", public(session), account, request)
    return session


def expire_session(account: str, session_id: str, request: RequestInfo) -> dict:
    session = retrieve_session(account, session_id)
    if session["status"] != "open":
        raise StripeError(
            400,
            f'Only Checkout Sessions with a status in ["open"] can be expired. This Checkout '
            f'Session has a status of "{session["status"]}" (it is already expired or isn\'t '
            "in an expireable state).",
        )
    return _expire(session, account, request)


def session_for_page(session_id: str) -> tuple[dict, str] | None:
    row = SandboxObject.objects.select_for_update().filter(pk=session_id, kind="checkout.session")
    row = row.first()
    if row is None:
        return None
    return _expire_if_due(row.data), row.account


# --- paying: the hosted page's submit ---------------------------------------------------------

SUCCEEDS = {"4242424242424242", "4000000000000077", "5555555555554444"}
DECLINES = {
    "4000000000000002": ("card_declined", "generic_decline", "Your card was declined."),
    "4000000000009995": (
        "card_declined",
        "insufficient_funds",
        "Your card has insufficient funds.",
    ),
    "4000000000009987": ("card_declined", "lost_card", "Your card was declined."),
    "4000000000009979": ("card_declined", "stolen_card", "Your card was declined."),
    "4000000000000069": ("expired_card", None, "Your card has expired."),
    "4000000000000127": ("incorrect_cvc", None, "Your card's security code is incorrect."),
    "4000000000000119": (
        "processing_error",
        None,
        "An error occurred while processing your card. Try again in a little bit.",
    ),
}


def fee_of(amount: int) -> int:
    """Stripe's US list price, 2.9% + 30¢, in minor units, rounded half up."""
    return (amount * 29 + 500) // 1000 + 30


def pay(session: dict, account: str, card_number: str, email: str) -> str | None:
    """One attempt on the hosted page. None when paid; otherwise the decline's message."""
    with transaction.atomic(using=sandbox_db()):
        pi = _payment_intent_for(session, account)
        pi_data = session.get("payment_intent_data", {})
        destination = (pi_data.get("transfer_data") or {}).get("destination")
        charge = {
            "id": new_id("ch"),
            "object": "charge",
            "amount": session["amount_total"],
            "amount_captured": 0,
            "amount_refunded": 0,
            "refunded": False,
            "currency": session["currency"],
            "payment_intent": pi["id"],
            "billing_details": {"email": email},
            "metadata": pi["metadata"],
            "transfer_data": {"destination": destination} if destination else None,
            "transfer": None,
            "balance_transaction": None,
            "created": now(),
            "livemode": False,
        }
        if card_number in DECLINES:
            code, decline_code, message = DECLINES[card_number]
            charge.update(status="failed", paid=False, failure_code=code, failure_message=message)
            _save(charge, account)
            error = {"type": "card_error", "code": code, "message": message, "charge": charge["id"]}
            if decline_code:
                error["decline_code"] = decline_code
            pi.update(
                status="requires_payment_method",
                last_payment_error=error,
                latest_charge=charge["id"],
            )
            _save(pi, account)
            emit("charge.failed", charge, account)
            emit("payment_intent.payment_failed", pi, account)
            return message
        # succeeded: the platform is charged the gross and the fee; a destination gets the gross.
        charge.update(
            status="succeeded", paid=True, captured=True, amount_captured=charge["amount"]
        )
        charge["balance_transaction"] = _balance_txn(
            account, charge["amount"], fee_of(charge["amount"]), "charge", charge["id"], charge
        )["id"]
        if destination:
            transfer_id = new_id("tr")
            _balance_txn(account, -charge["amount"], 0, "transfer", transfer_id, charge)
            _balance_txn(destination, charge["amount"], 0, "payment", transfer_id, charge)
            charge["transfer"] = transfer_id
        _save(charge, account)
        pi.update(
            status="succeeded",
            amount_received=pi["amount"],
            latest_charge=charge["id"],
            last_payment_error=None,
            payment_method=new_id("pm"),
        )
        _save(pi, account)
        session.update(status="complete", payment_status="paid", url=None, customer_email=email)
        session["customer_details"] = {"email": email}
        _save(session, account)
        emit("charge.succeeded", charge, account)
        emit("payment_intent.succeeded", pi, account)
        emit("checkout.session.completed", public(session), account)
        return None


def _payment_intent_for(session: dict, account: str) -> dict:
    if session["payment_intent"]:
        return get("payment_intent", session["payment_intent"], account)
    pi_data = session.get("payment_intent_data", {})
    pi = {
        "id": new_id("pi"),
        "object": "payment_intent",
        "amount": session["amount_total"],
        "amount_received": 0,
        "currency": session["currency"],
        "status": "requires_payment_method",
        "latest_charge": None,
        "last_payment_error": None,
        "metadata": pi_data.get("metadata", {}),
        "transfer_data": pi_data.get("transfer_data"),
        "payment_method": None,
        "created": now(),
        "livemode": False,
    }
    _save(pi, account)
    session["payment_intent"] = pi["id"]
    _save(session, account)
    emit("payment_intent.created", pi, account)
    return pi


def _balance_txn(account: str, amount: int, fee: int, type: str, source: str, charge: dict) -> dict:
    txn = {
        "id": new_id("txn"),
        "object": "balance_transaction",
        "amount": amount,
        "fee": fee,
        "fee_details": [{"amount": fee, "currency": charge["currency"], "type": "stripe_fee"}]
        if fee
        else [],
        "net": amount - fee,
        "currency": charge["currency"],
        "type": type,
        "source": source,
        "status": "available",
        "available_on": now(),
        "created": now(),
        "reporting_category": type,
    }
    return _save(txn, account)


# --- refunds ---------------------------------------------------------------------------------


def create_refund(account: str, params: dict, request: RequestInfo) -> dict:
    if params.get("charge"):
        charge = get("charge", params["charge"], account, param="charge")
    else:
        pi = get("payment_intent", params["payment_intent"], account, param="payment_intent")
        if not pi["latest_charge"] or pi["status"] != "succeeded":
            raise StripeError(
                400,
                f"This PaymentIntent ({pi['id']}) does not have a successful charge to refund.",
                code="charge_not_refundable",
                param="payment_intent",
            )
        charge = get("charge", pi["latest_charge"], account)
    rest = charge["amount"] - charge["amount_refunded"]
    if rest <= 0:
        raise StripeError(
            400,
            f"Charge {charge['id']} has already been refunded.",
            code="charge_already_refunded",
        )
    amount = params.get("amount", rest)
    if amount > rest:
        raise StripeError(
            400,
            f"Refund amount ({money(amount)}) is greater than unrefunded amount on charge "
            f"({money(rest)})",
            param="amount",
        )
    refund_id = new_id("re")
    txn = _balance_txn(account, -amount, 0, "refund", refund_id, charge)
    destination = (charge.get("transfer_data") or {}).get("destination")
    if destination and params.get("reverse_transfer"):
        _balance_txn(destination, -amount, 0, "transfer_refund", refund_id, charge)
        _balance_txn(account, amount, 0, "transfer_refund", refund_id, charge)
    refund = {
        "id": refund_id,
        "object": "refund",
        "amount": amount,
        "charge": charge["id"],
        "payment_intent": charge["payment_intent"],
        "currency": charge["currency"],
        "status": "succeeded",
        "reason": params.get("reason"),
        "metadata": params.get("metadata", {}),
        "balance_transaction": txn["id"],
        "created": now(),
    }
    _save(refund, account)
    charge["amount_refunded"] += amount
    charge["refunded"] = charge["amount_refunded"] == charge["amount"]
    _save(charge, account)
    emit("charge.refunded", charge, account, request)
    emit("refund.created", refund, account, request)
    return refund


def money(minor: int) -> str:
    return f"${minor // 100:,}.{minor % 100:02d}"


# --- balances --------------------------------------------------------------------------------


def balance_transactions(account: str, created_lte: int | None = None) -> list[dict]:
    rows = SandboxObject.objects.filter(kind="balance_transaction", account=account)
    if created_lte is not None:
        rows = rows.filter(created__lte=created_lte)
    return [r.data for r in rows.order_by("-created", "-id")]


def balance(account: str) -> dict:
    totals: dict[str, int] = {}
    for txn in balance_transactions(account):
        totals[txn["currency"]] = totals.get(txn["currency"], 0) + txn["net"]
    return {
        "object": "balance",
        "available": [{"amount": a, "currency": c} for c, a in sorted(totals.items())]
        or [{"amount": 0, "currency": "usd"}],
        "pending": [],
        "livemode": False,
    }


def account_object(account: str) -> dict:
    return {
        "id": account,
        "object": "account",
        "type": "standard" if account == OPERATING else "custom",
        "charges_enabled": True,
        "payouts_enabled": True,
        "business_profile": {
            "name": "Operating account" if account == OPERATING else "Client trust account"
        },
    }
