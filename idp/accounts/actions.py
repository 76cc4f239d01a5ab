"""Writes about people: create, change, delete, sign in and out, tickets."""

import secrets
import time
from datetime import UTC, datetime, timedelta
from importlib import import_module
from typing import Any
from urllib.parse import urlsplit

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from oauth2_provider.models import get_access_token_model, get_refresh_token_model
from oauthlib.common import add_params_to_uri

from idp.accounts import emails
from idp.accounts.models import (
    SignInSession,
    Ticket,
    User,
    hash_ticket_token,
    normalize_email_address,
)
from idp.oidc import backchannel
from idp.oidc.models import TokenFamilyContext
from idp.oidc.queries import application_for_client_id

SESSION_SID_KEY = "idp_sid"
SESSION_AUTH_TIME_KEY = "idp_auth_time"
_LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


class EmailTaken(Exception):
    """Another person already uses this email address."""


class WeakPassword(Exception):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(" ".join(messages))
        self.messages = messages


class TicketUnusable(Exception):
    """The link was already used or has expired."""


def check_password_strength(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise WeakPassword(list(error.messages)) from error


# --- people -------------------------------------------------------------------------------


@transaction.atomic
def create_user(
    *,
    email: str,
    password: str | None = None,
    email_verified: bool = False,
    blocked: bool = False,
    app_metadata: dict[str, Any] | None = None,
    user_metadata: dict[str, Any] | None = None,
    name: str = "",
    given_name: str = "",
    family_name: str = "",
    nickname: str = "",
    picture: str = "",
) -> User:
    """Without a password the account cannot sign in until a ticket sets one (invitations)."""
    user = User(
        nickname=nickname,
        picture=picture,
        email=normalize_email_address(email),
        email_verified=email_verified,
        blocked=blocked,
        app_metadata=app_metadata or {},
        user_metadata=user_metadata or {},
        name=name,
        given_name=given_name,
        family_name=family_name,
    )
    if User.objects.filter(email=user.email).exists():
        raise EmailTaken()
    if password:
        check_password_strength(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    # Hashing takes a moment; Auth0's created_at and updated_at match on a new user.
    user.created_at = timezone.now()
    try:
        with transaction.atomic():
            user.save(force_insert=True)
    except IntegrityError as error:
        raise EmailTaken() from error
    return user


def _merge_metadata(current: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """Auth0's rule: `{}` clears, otherwise top-level keys merge and `null` deletes one."""
    if not patch:
        return {}
    merged = dict(current)
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


@transaction.atomic
def update_user(
    *,
    user: User,
    fields: dict[str, Any],
    app_metadata: dict[str, Any] | None = None,
    user_metadata: dict[str, Any] | None = None,
    password: str | None = None,
) -> User:
    """`fields` replaces root attributes (email, email_verified, blocked, names)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    newly_blocked = fields.get("blocked") is True and not user.blocked
    if "email" in fields:
        new_email = normalize_email_address(fields["email"])
        if new_email != user.email:
            if User.objects.filter(email=new_email).exclude(pk=user.pk).exists():
                raise EmailTaken()
            # A new address has not been proven yet unless the caller says it has.
            fields = {"email_verified": False, **fields}
        fields = {**fields, "email": new_email}
    for name, value in fields.items():
        setattr(user, name, value)
    if app_metadata is not None:
        user.app_metadata = _merge_metadata(user.app_metadata, app_metadata)
    if user_metadata is not None:
        user.user_metadata = _merge_metadata(user.user_metadata, user_metadata)
    if password is not None:
        check_password_strength(password, user)
        user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:
        raise EmailTaken() from error
    if newly_blocked:
        sign_out_everywhere(user, backchannel.Reason.BLOCKED)
    elif password is not None:
        sign_out_everywhere(user, backchannel.Reason.PASSWORD_CHANGED)
    return user


def end_sign_in_sessions(user: User) -> None:
    session_store = import_module(settings.SESSION_ENGINE).SessionStore
    sign_ins = SignInSession.objects.filter(user=user)
    for session_key in sign_ins.values_list("session_key", flat=True):
        session_store(session_key=session_key).delete()
    sign_ins.delete()


def _revoke_refresh_tokens(refresh_tokens) -> None:
    RefreshToken = get_refresh_token_model()
    families = set(refresh_tokens.values_list("token_family", flat=True))
    for family in families:
        RefreshToken.revoke_family(family)


@transaction.atomic
def revoke_refresh_tokens(user: User) -> None:
    """Auth0's DELETE /users/{id}/refresh-tokens."""
    _revoke_refresh_tokens(
        get_refresh_token_model().objects.filter(user=user, revoked__isnull=True)
    )


@transaction.atomic
def sign_out_everywhere(user: User, reason: str = backchannel.Reason.SIGNED_OUT_EVERYWHERE):
    """End every idp session and refresh token of this person, and tell every application
    they signed in to (back-channel logout). Access tokens already handed out are JWTs that
    APIs check on their own, so they last until they expire; their rows go, which stops them
    at /userinfo here."""
    backchannel.log_out_person(user, reason)
    end_sign_in_sessions(user)
    revoke_refresh_tokens(user)
    get_access_token_model().objects.filter(user=user).delete()


@transaction.atomic
def delete_user(*, user: User) -> None:
    """Signs them out everywhere first; DOT's grants and tokens go with the row (CASCADE)."""
    sign_out_everywhere(user, backchannel.Reason.DELETED)
    user.delete()


# --- signing in and out -------------------------------------------------------------------


def sign_in(request: HttpRequest, user: User) -> SignInSession:
    """Start an idp session with a fresh `sid`, the value ID tokens from it will carry."""
    if request.session.session_key:
        SignInSession.objects.filter(session_key=request.session.session_key).delete()
    login(request, user, backend=_LOGIN_BACKEND)
    sid = secrets.token_urlsafe(24)
    request.session[SESSION_SID_KEY] = sid
    request.session[SESSION_AUTH_TIME_KEY] = int(time.time())
    return SignInSession.objects.create(user=user, session_key=request.session.session_key, sid=sid)


def forget_sign_in_session(request: HttpRequest) -> None:
    if request.session.session_key:
        SignInSession.objects.filter(session_key=request.session.session_key).delete()


@transaction.atomic
def end_sign_in(request: HttpRequest) -> None:
    """This browser's idp sign-in ends: the applications it reached hear so (back-channel
    logout with its `sid`) and the refresh tokens issued from it stop working."""
    sid = request.session.get(SESSION_SID_KEY, "")
    user = request.user
    if sid and user.is_authenticated:
        backchannel.log_out_sign_in(user, sid, backchannel.Reason.RP_LOGOUT)
        families = TokenFamilyContext.objects.filter(sid=sid).values("token_family")
        _revoke_refresh_tokens(
            get_refresh_token_model().objects.filter(
                user=user, token_family__in=families, revoked__isnull=True
            )
        )
    forget_sign_in_session(request)


def sign_out(request: HttpRequest) -> None:
    end_sign_in(request)
    logout(request)


def current_sign_in(request: HttpRequest) -> tuple[str, datetime | None]:
    """(sid, auth_time) of the idp session behind this request."""
    sid = request.session.get(SESSION_SID_KEY, "")
    auth_time = request.session.get(SESSION_AUTH_TIME_KEY)
    return sid, datetime.fromtimestamp(auth_time, tz=UTC) if auth_time else None


# --- tickets ------------------------------------------------------------------------------


def ticket_url(kind: str, token: str) -> str:
    path = "u/reset-password" if kind == Ticket.Kind.PASSWORD_CHANGE else "u/email-verification"
    # Auth0's ticket URLs end in "#"; clients that append their own fragment rely on it.
    return f"{settings.IDP_ISSUER}{path}?ticket={token}#"


def issue_ticket(
    *,
    user: User,
    kind: str,
    source: str,
    ttl_seconds: int,
    result_url: str = "",
    client_id: str = "",
    mark_email_as_verified: bool = False,
    include_email_in_redirect: bool = False,
) -> str:
    """Store the ticket (only the token's hash) and return the link to send."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    Ticket.objects.create(
        user=user,
        kind=kind,
        source=source,
        token_hash=hash_ticket_token(token),
        result_url=result_url,
        client_id=client_id,
        mark_email_as_verified=mark_email_as_verified,
        include_email_in_redirect=include_email_in_redirect,
        created_at=now,
        expires_at=now + timedelta(seconds=ttl_seconds),
    )
    return ticket_url(kind, token)


def _lock_usable_ticket(ticket: Ticket) -> Ticket:
    locked = Ticket.objects.select_for_update().select_related("user").get(pk=ticket.pk)
    if locked.is_used or locked.is_expired:
        raise TicketUnusable()
    return locked


@transaction.atomic
def redeem_password_ticket(*, ticket: Ticket, password: str) -> Ticket:
    ticket = _lock_usable_ticket(ticket)
    user = ticket.user
    check_password_strength(password, user)
    user.set_password(password)
    if ticket.mark_email_as_verified:
        user.email_verified = True
    # Auth0 lifts an admin block when a Management API ticket resets the password. A
    # self-service reset must not: it would let a person the firm blocked unblock themselves.
    if ticket.source == Ticket.Source.MANAGEMENT_API:
        user.blocked = False
    user.save()
    # Whoever knew the old password may still hold a session or a refresh token, here or at
    # an application; all of them end, and a lockout from wrong guesses is lifted.
    sign_out_everywhere(user, backchannel.Reason.PASSWORD_CHANGED)
    axes_reset(username=user.email)
    now = timezone.now()
    # Every open password link for this person dies with the one just used.
    Ticket.objects.filter(user=user, kind=Ticket.Kind.PASSWORD_CHANGE, used_at__isnull=True).update(
        used_at=now
    )
    ticket.used_at = now
    return ticket


@transaction.atomic
def redeem_verification_ticket(*, ticket: Ticket) -> Ticket:
    ticket = _lock_usable_ticket(ticket)
    ticket.user.email_verified = True
    ticket.user.save(update_fields=["email_verified", "updated_at"])
    ticket.used_at = timezone.now()
    ticket.save(update_fields=["used_at"])
    return ticket


def ticket_redirect_url(ticket: Ticket) -> str | None:
    """Where the person goes once the ticket is used: `result_url`, else the origin of the
    app's first callback URL (our stand-in for Auth0's "default login route"), else nowhere
    and the idp shows its own confirmation page."""
    if ticket.result_url:
        if ticket.include_email_in_redirect:
            return add_params_to_uri(ticket.result_url, [("email", ticket.user.email)])
        return ticket.result_url
    application = application_for_client_id(ticket.client_id)
    redirect_uris = application.redirect_uris.split() if application else []
    if not redirect_uris:
        return None
    parts = urlsplit(redirect_uris[0])
    return f"{parts.scheme}://{parts.netloc}/"


def send_password_reset(*, email: str, client_id: str = "") -> bool:
    """Email a reset link if an unblocked account uses `email`. The caller answers the same
    either way; the return value is only for logs and tests."""
    user = User.objects.filter(email=normalize_email_address(email), blocked=False).first()
    if user is None:
        return False
    url = issue_ticket(
        user=user,
        kind=Ticket.Kind.PASSWORD_CHANGE,
        source=Ticket.Source.SELF_SERVICE,
        ttl_seconds=settings.IDP_RESET_LINK_TTL,
        client_id=client_id if application_for_client_id(client_id) else "",
    )
    emails.send_password_reset(user=user, url=url)
    return True


def send_verification_email(*, user: User, client_id: str = "") -> None:
    url = issue_ticket(
        user=user,
        kind=Ticket.Kind.EMAIL_VERIFICATION,
        source=Ticket.Source.MANAGEMENT_API,
        ttl_seconds=settings.IDP_DEFAULT_TICKET_TTL,
        client_id=client_id,
    )
    emails.send_email_verification(user=user, url=url)
