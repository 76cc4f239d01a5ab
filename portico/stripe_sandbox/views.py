"""The sandbox's endpoints: each checks its parameters as Stripe does (400 naming the `param`)
before `engine` acts."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from portico.stripe_sandbox import engine, faults, webhooks
from portico.stripe_sandbox.api import (
    base_url,
    json_response,
    methods,
    sandbox_enabled,
    stripe_endpoint,
)
from portico.stripe_sandbox.engine import StripeError

SESSION_PARAMS = {
    "mode",
    "line_items",
    "success_url",
    "cancel_url",
    "metadata",
    "client_reference_id",
    "customer_email",
    "payment_intent_data",
    "expires_at",
    "expand",
    "payment_method_types",
    "locale",
    "submit_type",
}
PI_DATA_PARAMS = {"metadata", "transfer_data", "description", "receipt_email"}
REFUND_PARAMS = {
    "payment_intent",
    "charge",
    "amount",
    "reason",
    "metadata",
    "reverse_transfer",
    "expand",
}


def _unknown(params: dict, known: set[str], prefix: str = "") -> None:
    for name in params:
        if name not in known:
            raise StripeError(
                400,
                f"Received unknown parameter: {prefix}{name}",
                code="parameter_unknown",
                param=f"{prefix}{name}",
            )


def _int(value, param: str, *, minimum: int = 0) -> int:
    if not isinstance(value, str) or not value.isdigit() or int(value) < minimum:
        raise StripeError(
            400,
            f"Invalid integer: {value}" if isinstance(value, str) else f"Invalid {param}",
            code="parameter_invalid_integer",
            param=param,
        )
    return int(value)


def _text(value, param: str, limit: int = 5000) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise StripeError(400, f"Invalid string: {param}", param=param)
    return value


def _strings(value, param: str) -> dict:
    if value == "":
        return {}
    if not isinstance(value, dict) or len(value) > 50:
        raise StripeError(400, f"Invalid hash: {param}", param=param)
    for k, v in value.items():
        if not isinstance(v, str) or len(k) > 40 or len(v) > 500:
            raise StripeError(400, f"Invalid metadata value: {param}[{k}]", param=f"{param}[{k}]")
    return value


def _expand(params: dict) -> list[str]:
    value = params.get("expand", [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise StripeError(400, "Invalid array: expand", param="expand")
    return value


def _require(params: dict, name: str) -> None:
    if params.get(name) in (None, ""):
        raise StripeError(
            400, f"Missing required param: {name}.", code="parameter_missing", param=name
        )


def check_session_params(account: str, params: dict) -> dict:
    _unknown(params, SESSION_PARAMS)
    _require(params, "mode")
    if params["mode"] != "payment":
        raise StripeError(
            400,
            f"Invalid mode: the sandbox supports only mode=payment, not {params['mode']!r}.",
            param="mode",
        )
    _require(params, "success_url")
    clean: dict = {"success_url": _text(params["success_url"], "success_url", 5000)}
    if "cancel_url" in params:
        clean["cancel_url"] = _text(params["cancel_url"], "cancel_url", 5000)
    items = params.get("line_items")
    if not items:
        raise StripeError(
            400,
            "You must specify either `line_items` or `subscription_data` in `payment` mode.",
            code="parameter_missing",
            param="line_items",
        )
    if not isinstance(items, list) or len(items) > 100:
        raise StripeError(400, "Invalid array: line_items", param="line_items")
    clean["line_items"] = []
    currencies = set()
    for i, item in enumerate(items):
        where = f"line_items[{i}]"
        if not isinstance(item, dict):
            raise StripeError(400, f"Invalid hash: {where}", param=where)
        _unknown(item, {"quantity", "price_data"}, where + "[")
        price = item.get("price_data")
        if not isinstance(price, dict):
            raise StripeError(
                400, f"Missing required param: {where}[price_data].", param=f"{where}[price_data]"
            )
        _unknown(price, {"currency", "unit_amount", "product_data"}, f"{where}[price_data][")
        currency = price.get("currency", "")
        if not isinstance(currency, str) or len(currency) != 3 or not currency.isalpha():
            raise StripeError(
                400, f"Invalid currency: {currency}", param=f"{where}[price_data][currency]"
            )
        product = price.get("product_data")
        if not isinstance(product, dict) or not product.get("name"):
            raise StripeError(
                400,
                f"Missing required param: {where}[price_data][product_data][name].",
                code="parameter_missing",
                param=f"{where}[price_data][product_data][name]",
            )
        currencies.add(currency.lower())
        clean["line_items"].append(
            {
                "quantity": _int(item.get("quantity", ""), f"{where}[quantity]", minimum=1),
                "price_data": {
                    "currency": currency.lower(),
                    "unit_amount": _int(
                        price.get("unit_amount", ""), f"{where}[price_data][unit_amount]"
                    ),
                    "product_data": {
                        "name": _text(product["name"], f"{where}[price_data][product_data][name]")
                    },
                },
            }
        )
    if len(currencies) > 1:
        raise StripeError(400, "All line items must have the same currency.", param="line_items")
    total = sum(i["quantity"] * i["price_data"]["unit_amount"] for i in clean["line_items"])
    if total < 50 or total > 99_999_999:
        raise StripeError(
            400,
            "The Checkout Session's total amount due must add up to at least $0.50 usd and "
            "at most $999,999.99.",
            code="amount_too_small" if total < 50 else "amount_too_large",
            param="line_items",
        )
    if "metadata" in params:
        clean["metadata"] = _strings(params["metadata"], "metadata")
    for name in ("client_reference_id", "customer_email"):
        if name in params:
            clean[name] = _text(params[name], name, 200 if name == "client_reference_id" else 800)
    if "payment_intent_data" in params:
        data = params["payment_intent_data"]
        if not isinstance(data, dict):
            raise StripeError(400, "Invalid hash: payment_intent_data", param="payment_intent_data")
        _unknown(data, PI_DATA_PARAMS, "payment_intent_data[")
        pi: dict = {}
        if "metadata" in data:
            pi["metadata"] = _strings(data["metadata"], "payment_intent_data[metadata]")
        if "transfer_data" in data:
            transfer = data["transfer_data"]
            destination = transfer.get("destination") if isinstance(transfer, dict) else None
            if destination not in engine.CONNECTED.get(account, set()):
                raise StripeError(
                    400,
                    f"No such destination: '{destination}'",
                    code="resource_missing",
                    param="payment_intent_data[transfer_data][destination]",
                )
            pi["transfer_data"] = {"destination": destination}
        clean["payment_intent_data"] = pi
    if "expires_at" in params:
        expires = _int(params["expires_at"], "expires_at")
        now = engine.now()
        if not now + 30 * 60 <= expires <= now + 24 * 3600:
            raise StripeError(
                400,
                "The `expires_at` timestamp must be between 30 minutes and 24 hours from "
                "Checkout Session creation.",
                param="expires_at",
            )
        clean["expires_at"] = expires
    return clean


@stripe_endpoint
@methods("POST")
def checkout_sessions(request, account, params, info):
    expand = _expand(params)
    clean = check_session_params(account, params)
    clean["_base"] = base_url(request)
    return engine.public(engine.create_session(account, clean, info), expand)


@stripe_endpoint
@methods("GET")
def checkout_session(request, account, params, info, session_id):
    return engine.public(engine.retrieve_session(account, session_id), _expand(params))


@stripe_endpoint
@methods("POST")
def expire_checkout_session(request, account, params, info, session_id):
    _unknown(params, {"expand"})
    return engine.public(engine.expire_session(account, session_id, info), _expand(params))


@stripe_endpoint
@methods("GET")
def payment_intent(request, account, params, info, payment_intent_id):
    return engine.get("payment_intent", payment_intent_id, account)


@stripe_endpoint
@methods("GET")
def charge(request, account, params, info, charge_id):
    return engine.get("charge", charge_id, account)


@stripe_endpoint
@methods("POST")
def refunds(request, account, params, info):
    _unknown(params, REFUND_PARAMS)
    if not params.get("payment_intent") and not params.get("charge"):
        raise StripeError(
            400,
            "One of the following params should be provided for this request: payment_intent "
            "or charge.",
            code="parameter_missing",
            param="payment_intent",
        )
    clean = {k: params[k] for k in ("payment_intent", "charge") if params.get(k)}
    if "amount" in params:
        clean["amount"] = _int(params["amount"], "amount", minimum=1)
    if "reason" in params:
        if params["reason"] not in {"duplicate", "fraudulent", "requested_by_customer"}:
            raise StripeError(400, f"Invalid reason: {params['reason']}", param="reason")
        clean["reason"] = params["reason"]
    if "metadata" in params:
        clean["metadata"] = _strings(params["metadata"], "metadata")
    if "reverse_transfer" in params:
        if params["reverse_transfer"] not in {"true", "false"}:
            raise StripeError(400, "Invalid boolean", param="reverse_transfer")
        clean["reverse_transfer"] = params["reverse_transfer"] == "true"
    return engine.create_refund(account, clean, info)


@stripe_endpoint
@methods("GET")
def balance(request, account, params, info):
    return engine.balance(account)


@stripe_endpoint
@methods("GET")
def balance_transactions(request, account, params, info):
    created = params.get("created", {})
    lte = None
    if isinstance(created, dict) and "lte" in created:
        lte = _int(created["lte"], "created[lte]")
    rows = engine.balance_transactions(account, lte)
    limit = _int(params.get("limit", "100"), "limit", minimum=1)
    after = params.get("starting_after")
    if after:
        ids = [r["id"] for r in rows]
        rows = rows[ids.index(after) + 1 :] if after in ids else []
    return {
        "object": "list",
        "url": "/v1/balance_transactions",
        "has_more": len(rows) > limit,
        "data": rows[:limit],
    }


@stripe_endpoint
@methods("GET")
def balance_transaction(request, account, params, info, txn_id):
    return engine.get("balance_transaction", txn_id, account)


@stripe_endpoint
@methods("GET")
def account(request, account, params, info):
    return engine.account_object(account)


@stripe_endpoint
@methods("GET")
def event(request, account, params, info, event_id):
    return engine.get("event", event_id, account)


@stripe_endpoint
def unknown(request, account, params, info, rest):
    raise StripeError(404, f"Unrecognized request URL ({request.method}: {request.path}).")


# --- test controls (not Stripe's): the clock, faults, holding calls, webhook flush -----------


def _control(view):
    @csrf_exempt
    def wrapped(request: HttpRequest) -> HttpResponse:
        if not sandbox_enabled():
            raise Http404
        request_id = engine.new_id("req")
        if engine.accounts().get((request.headers.get("Authorization") or "")[7:]) is None:
            return json_response(
                401,
                {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided"}},
                request_id,
            )
        if request.method != "POST":
            return json_response(
                405,
                {"error": {"type": "invalid_request_error", "message": "POST only"}},
                request_id,
            )
        try:
            body = json.loads(request.body or b"{}")
            if not isinstance(body, dict):
                raise ValueError
        except ValueError:
            return json_response(
                400,
                {"error": {"type": "invalid_request_error", "message": "Send a JSON object."}},
                request_id,
            )
        return json_response(200, view(body), request_id)

    return wrapped


@_control
def advance(body: dict) -> dict:
    seconds = body.get("seconds", 0)
    if not isinstance(seconds, int) or seconds < 0:
        seconds = 0
    return {"now": engine.advance(seconds)}


@_control
def add_fault(body: dict) -> dict:
    status = body.get("status", 500)
    count = body.get("count", 1)
    error = body.get("error") or {"type": "api_error", "message": "Sandbox fault."}
    if not isinstance(status, int) or not 400 <= status <= 599 or not isinstance(count, int):
        return {"added": False}
    faults.add(status, {"error": error}, count)
    return {"added": True}


@_control
def hold(body: dict) -> dict:
    if body.get("release"):
        faults.release()
    elif isinstance(body.get("count"), int):
        faults.hold(body["count"])
    return {"waiting": faults.waiting()}


@_control
def flush_webhooks(body: dict) -> dict:
    return {"delivered": webhooks.flush(shuffle=bool(body.get("shuffle")))}
