"""OpenID Connect Back-Channel Logout 1.0, as the sender.

When a person is signed out here (by themselves, an application or an administrator) every
application they signed in to that registered a back-channel logout URI gets a POST with
`logout_token=<JWT>`, so it can end its own sessions at once instead of waiting for them to
expire. Deliveries are queued in the database inside the transaction that signs the person
out, sent after it commits from a background thread, and retried; a receiver that is down never
fails the action that triggered it.
"""

import logging
import secrets
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

import httpx
from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from idp.oidc.models import AppSignIn, BackchannelLogout, ClientSettings
from idp.oidc.tokens import sign_jwt

log = logging.getLogger(__name__)
LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout"
# Back-Channel Logout 1.0 section 2.4 asks for this explicit type.
LOGOUT_TOKEN_TYPE = "logout+jwt"
_sender = ThreadPoolExecutor(max_workers=2, thread_name_prefix="idp-backchannel")


class Reason:
    RP_LOGOUT = "rp_logout"
    SIGNED_OUT_EVERYWHERE = "signed_out_everywhere"
    BLOCKED = "blocked"
    DELETED = "deleted"
    PASSWORD_CHANGED = "password_changed"


def logout_token(delivery: BackchannelLogout) -> str:
    """The logout token for one delivery, signed now with the ID-token key and `kid`."""
    now = int(time.time())
    claims = {
        "iss": settings.IDP_ISSUER,
        "aud": delivery.application.client_id,
        "iat": now,
        "exp": now + settings.IDP_LOGOUT_TOKEN_LIFETIME,
        "jti": secrets.token_hex(16),
        "sub": delivery.sub,
        "events": {LOGOUT_EVENT: {}},
    }
    if delivery.sid:
        claims["sid"] = delivery.sid
    return sign_jwt(claims, typ=LOGOUT_TOKEN_TYPE)


def _queue(sub: str, targets: Iterable[tuple[int, str]], reason: str) -> list[BackchannelLogout]:
    """One delivery per (application id, sid) whose application has a back-channel URI."""
    targets = list(dict.fromkeys(targets))
    uris = dict(
        ClientSettings.objects.filter(application_id__in={app_id for app_id, _ in targets})
        .exclude(backchannel_logout_uri="")
        .values_list("application_id", "backchannel_logout_uri")
    )
    deliveries = BackchannelLogout.objects.bulk_create(
        BackchannelLogout(application_id=app_id, uri=uris[app_id], sub=sub, sid=sid, reason=reason)
        for app_id, sid in targets
        if app_id in uris
    )
    ids = [delivery.pk for delivery in deliveries]
    if ids:
        transaction.on_commit(lambda: _dispatch(ids))
    return deliveries


def log_out_person(user, reason: str) -> list[BackchannelLogout]:
    """Every application the person signed in to: a token with `sub` and no `sid`, meaning
    all of this person's sessions there."""
    sign_ins = AppSignIn.objects.filter(user=user)
    targets = [(app_id, "") for app_id in sign_ins.values_list("application_id", flat=True)]
    deliveries = _queue(user.user_id, targets, reason)
    sign_ins.delete()
    return deliveries


def log_out_sign_in(user, sid: str, reason: str) -> list[BackchannelLogout]:
    """The applications reached from one idp sign-in: a token with `sub` and that `sid`."""
    sign_ins = AppSignIn.objects.filter(user=user, sid=sid)
    targets = [(app_id, sid) for app_id in sign_ins.values_list("application_id", flat=True)]
    deliveries = _queue(user.user_id, targets, reason)
    sign_ins.delete()
    return deliveries


def _dispatch(ids: list[int]) -> None:
    if settings.IDP_BACKCHANNEL_IN_BACKGROUND:
        _sender.submit(_deliver_in_thread, ids)
    else:
        for delivery_id in ids:
            deliver(delivery_id)


def _deliver_in_thread(ids: list[int]) -> None:
    try:
        for delivery_id in ids:
            deliver(delivery_id)
    except Exception:
        log.exception("Back-channel logout delivery failed")
    finally:
        close_old_connections()


def _post(delivery: BackchannelLogout) -> tuple[bool, bool, str]:
    """(delivered, worth retrying, error)."""
    try:
        response = httpx.post(
            delivery.uri,
            data={"logout_token": logout_token(delivery)},
            timeout=settings.IDP_BACKCHANNEL_TIMEOUT,
            follow_redirects=False,
        )
    except httpx.HTTPError as error:
        return False, True, f"{type(error).__name__}: {error}"[:500]
    if response.is_success:
        return True, False, ""
    # A 400 means the receiver refused this token; sending it again will not change that.
    retry = response.status_code >= 500 or response.status_code in (408, 429)
    return False, retry, f"HTTP {response.status_code}"


def deliver(delivery_id: int) -> bool:
    """Send one queued logout token, retrying after each delay in
    IDP_BACKCHANNEL_RETRY_DELAYS; record the outcome on the row."""
    delivery = (
        BackchannelLogout.objects.select_related("application").filter(pk=delivery_id).first()
    )
    if delivery is None or delivery.delivered_at or delivery.gave_up_at:
        return bool(delivery and delivery.delivered_at)
    delays = list(settings.IDP_BACKCHANNEL_RETRY_DELAYS)
    while True:
        delivered, retry, error = _post(delivery)
        delivery.attempts += 1
        delivery.last_attempt_at = timezone.now()
        delivery.last_error = error
        if delivered:
            delivery.delivered_at = delivery.last_attempt_at
        elif not retry or not delays:
            delivery.gave_up_at = delivery.last_attempt_at
            log.warning(
                "Back-channel logout to %s for %s gave up after %d attempts: %s",
                delivery.uri,
                delivery.application.client_id,
                delivery.attempts,
                error,
            )
        delivery.save(
            update_fields=[
                "attempts",
                "last_attempt_at",
                "last_error",
                "delivered_at",
                "gave_up_at",
            ]
        )
        if delivered or delivery.gave_up_at:
            return delivered
        time.sleep(delays.pop(0))


def pending_deliveries():
    return BackchannelLogout.objects.filter(delivered_at__isnull=True, gave_up_at__isnull=True)
