"""The sandbox's HTTP API at /_sandbox/stripe/v1/: the subset of Stripe the adapter calls, with
Stripe's authentication, form-encoded bodies, idempotency and error shapes
(reference/stripe-sandbox.md sections 1-3), so the official SDK raises what it would raise.

Exists only in demo and test mode (`STRIPE_SANDBOX`): otherwise every route answers 404."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from portico.stripe_sandbox import engine, faults
from portico.stripe_sandbox.engine import RequestInfo, StripeError
from portico.stripe_sandbox.forms_encoding import EncodingError, decode
from portico.stripe_sandbox.models import SandboxIdempotencyKey
from portico.stripe_sandbox.routers import sandbox_db

_in_flight: set[tuple[str, str]] = set()
_in_flight_lock = threading.Lock()


def sandbox_enabled() -> bool:
    return bool(getattr(settings, "STRIPE_SANDBOX", False))


def json_response(status: int, body: dict, request_id: str, replayed: bool = False):
    response = HttpResponse(json.dumps(body), status=status, content_type="application/json")
    response["Request-Id"] = request_id
    response["Stripe-Version"] = engine.API_VERSION
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return response


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _api_key(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return header[len("Bearer ") :].strip()
    return None


def stripe_endpoint(view: Callable) -> Callable:
    """Authenticate by secret key, decode the form body, apply idempotency to POSTs, and turn
    `StripeError` into Stripe's error response. The view gets (request, account, params, info)."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, **kwargs) -> HttpResponse:
        if not sandbox_enabled():
            raise Http404
        request_id = engine.new_id("req")
        key = _api_key(request)
        account = engine.accounts().get(key or "")
        if account is None:
            shown = f"{key[:8]}{'*' * 12}{key[-4:]}" if key and len(key) > 12 else key or ""
            message = (
                f"Invalid API Key provided: {shown}"
                if key
                else "You did not provide an API key. You need to provide your API key in the "
                "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')."
            )
            return json_response(
                401, {"error": {"type": "invalid_request_error", "message": message}}, request_id
            )
        fault = faults.take()
        if fault is not None:
            return json_response(fault.status, fault.body, request_id)
        raw = request.body.decode("utf-8", "replace")
        if request.method == "GET":
            raw = request.META.get("QUERY_STRING", "")
        try:
            params = decode(raw)
        except EncodingError as exc:
            return json_response(400, StripeError(400, str(exc), param=exc.param).body, request_id)
        idem = request.headers.get("Idempotency-Key") if request.method == "POST" else None
        info = RequestInfo(id=request_id, idempotency_key=idem)

        def run() -> tuple[int, dict]:
            try:
                with transaction.atomic(using=sandbox_db()):
                    return 200, view(request, account, params, info, **kwargs)
            except StripeError as exc:
                return exc.status, exc.body

        if idem is None:
            status, body = run()
            return json_response(status, body, request_id)
        return _idempotent(request, key, idem, raw, kwargs, run, request_id)

    return wrapped


class _Invalid(Exception):
    pass


def _idempotent(request, api_key, idem, raw, kwargs, run, request_id) -> HttpResponse:
    if len(idem) > 255:
        return json_response(
            400,
            StripeError(
                400,
                "Invalid idempotency key: keys may be at most 255 characters long.",
                type="idempotency_error",
            ).body,
            request_id,
        )
    slot = (_digest(api_key), idem)
    request_digest = _digest(f"{request.path}\n{raw}")
    with _in_flight_lock:
        if slot in _in_flight:
            return json_response(
                409,
                StripeError(
                    409,
                    "There is currently another in-progress request using this Idempotent Key "
                    "(that probably means you submitted twice, and the other request is still "
                    "going through): "
                    f"{idem}. Please try again later.",
                    code="idempotency_key_in_use",
                    type="idempotency_error",
                ).body,
                request_id,
            )
        _in_flight.add(slot)
    try:
        faults.wait_if_held()
        seen = SandboxIdempotencyKey.objects.filter(api_key_digest=slot[0], key=idem).first()
        if seen is not None:
            if seen.request_digest != request_digest:
                return json_response(400, _changed_params(idem), request_id)
            return json_response(seen.status, json.loads(seen.body), request_id, replayed=True)
        status, body = run()
        if status == 400 and body["error"].get("type") == "invalid_request_error":
            # a request that fails validation is not saved: the key may be used again
            return json_response(status, body, request_id)
        try:
            with transaction.atomic(using=sandbox_db()):
                SandboxIdempotencyKey.objects.create(
                    api_key_digest=slot[0],
                    key=idem,
                    request_digest=request_digest,
                    status=status,
                    body=json.dumps(body),
                )
        except IntegrityError:
            # another process answered it first
            return json_response(409, _changed_params(idem), request_id)
        return json_response(status, body, request_id)
    finally:
        with _in_flight_lock:
            _in_flight.discard(slot)


def _changed_params(idem: str) -> dict:
    return StripeError(
        400,
        "Keys for idempotent requests can only be used with the same parameters they were "
        f"first used with. Try using a key other than '{idem}' if you meant to execute a "
        "different request.",
        type="idempotency_error",
    ).body


def methods(*allowed: str):
    def decorate(view):
        @wraps(view)
        def wrapped(request, account, params, info, **kwargs):
            if request.method not in allowed:
                raise StripeError(
                    404,
                    f"Unrecognized request URL ({request.method}: {request.path}).",
                )
            return view(request, account, params, info, **kwargs)

        return wrapped

    return decorate


def base_url(request: HttpRequest) -> str:
    path = request.path
    return request.build_absolute_uri(path[: path.index("/v1/")])
