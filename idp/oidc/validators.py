"""DOT's request validator, bent to issue Auth0-shaped tokens."""

import hashlib
from datetime import UTC, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from oauth2_provider.models import (
    AbstractApplication,
    get_grant_model,
    get_refresh_token_model,
)
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauthlib.common import Request as OauthlibRequest
from oauthlib.oauth2.rfc6749 import errors

from idp.mgmt.serializers import auth0_time
from idp.oidc.models import AppSignIn, GrantContext, TokenFamilyContext
from idp.oidc.queries import (
    api_for_audience,
    client_grant_for,
    cors_origin_allowed,
    issues_refresh_tokens,
    redirect_uri_registered,
)
from idp.oidc.tokens import read_access_token, userinfo_audience

OFFLINE_ACCESS = "offline_access"
OIDC_SCOPES = ("openid", "profile", "email", OFFLINE_ACCESS)
# Which scope releases which profile claim; claims missing here ship with `openid` alone.
PROFILE_CLAIM_SCOPE = {
    "name": "profile",
    "nickname": "profile",
    "picture": "profile",
    "updated_at": "profile",
    "given_name": "profile",
    "family_name": "profile",
    "email": "email",
    "email_verified": "email",
}


def _access_denied(request: OauthlibRequest, description: str) -> errors.AccessDeniedError:
    # Auth0 answers 403, not oauthlib's default 401, when the client itself is fine but may not
    # have a token for this API.
    return errors.AccessDeniedError(description=description, status_code=403, request=request)


class Auth0LikeValidator(OAuth2Validator):
    # --- claims ---------------------------------------------------------------------------

    def get_additional_claims(self, request: OauthlibRequest) -> dict[str, Any]:
        user = request.user
        claims: dict[str, Any] = {
            "sub": user.user_id,
            "name": user.display_name,
            "nickname": user.display_nickname,
            "picture": user.picture_url,
            # Auth0 sends updated_at as an ISO 8601 string, not OIDC's number.
            "updated_at": auth0_time(user.updated_at),
            "email": user.email,
            "email_verified": user.email_verified,
            settings.IDP_CLAIMS_NAMESPACE: dict(user.app_metadata),
        }
        if user.given_name:
            claims["given_name"] = user.given_name
        if user.family_name:
            claims["family_name"] = user.family_name
        sid = getattr(request, "idp_sid", "")
        if sid:
            claims["sid"] = sid
        return claims

    def get_oidc_claims(self, token, token_handler, request: OauthlibRequest) -> dict[str, Any]:
        granted = set(request.scopes or [])
        return {
            name: value
            for name, value in self.get_claim_dict(request).items()
            if PROFILE_CLAIM_SCOPE.get(name, "openid") in granted
        }

    def get_discovery_claims(self, request) -> list[str]:
        return [
            "sub",
            "iss",
            "aud",
            "exp",
            "iat",
            "auth_time",
            "nonce",
            "sid",
            "name",
            "nickname",
            "picture",
            "updated_at",
            "given_name",
            "family_name",
            "email",
            "email_verified",
            settings.IDP_CLAIMS_NAMESPACE,
        ]

    def get_id_token_dictionary(self, token, token_handler, request: OauthlibRequest):
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        # DOT falls back to last_login, which a later sign-in elsewhere would move.
        auth_time = getattr(request, "idp_auth_time", None)
        if auth_time is not None:
            claims["auth_time"] = int(auth_time.astimezone(UTC).timestamp())
        return claims, expiration_time

    # --- authorization code: carry the idp session and audience with the code -------------

    def _create_authorization_code(self, request: OauthlibRequest, code, expires=None):
        grant = super()._create_authorization_code(request, code, expires)
        sid = getattr(request, "idp_sid", "") or ""
        GrantContext.objects.create(
            grant=grant,
            sid=sid,
            auth_time=getattr(request, "idp_auth_time", None),
            audience=getattr(request, "idp_audience", "") or "",
        )
        if sid:
            # Remembered so signing this person out reaches this application too.
            AppSignIn.objects.get_or_create(
                sid=sid, application=request.client, defaults={"user": request.user}
            )
        return grant

    def validate_code(self, client_id, code, client, request: OauthlibRequest, *args, **kwargs):
        if not super().validate_code(client_id, code, client, request, *args, **kwargs):
            return False
        if request.user.blocked:
            # Blocked between /authorize and the token request.
            return False
        context = GrantContext.objects.filter(
            grant__in=get_grant_model().objects.filter(code=code, application=client)
        ).first()
        # Set explicitly so an `audience` the client adds to the token request is ignored.
        request.idp_sid = context.sid if context else ""
        request.idp_auth_time = context.auth_time if context else None
        request.idp_audience = context.audience if context else ""
        return True

    # --- redirects, PKCE, CORS and silent sign-in -----------------------------------------

    def validate_redirect_uri(self, client_id, redirect_uri, request, *args, **kwargs) -> bool:
        # Exactly as registered, port included: DOT lets any port through on 127.0.0.1
        # (RFC 8252 for native apps); Auth0 does not for web applications, and neither do we.
        return redirect_uri_registered(request.client, redirect_uri)

    def is_pkce_required(self, client_id, request: OauthlibRequest) -> bool:
        # Public clients have no secret, so PKCE is what binds the code to them. Confidential
        # web apps authenticate at the token endpoint and may skip it, as at Auth0; a code
        # requested with a challenge still needs its verifier.
        client = request.client or self._load_application(client_id, request)
        return client is None or client.client_type == AbstractApplication.CLIENT_PUBLIC

    def is_origin_allowed(self, client_id, origin, request, *args, **kwargs) -> bool:
        return cors_origin_allowed(origin, client_id)

    def validate_silent_login(self, request: OauthlibRequest) -> bool:
        # oauthlib's request carries no user while /authorize is validated; AuthorizeView
        # answers login_required itself when nobody (or a blocked person) is signed in.
        return True

    def validate_silent_authorization(self, request: OauthlibRequest) -> bool:
        # Every application here is first party (no consent screen), so a signed-in person
        # has nothing left to approve.
        return True

    # --- refresh tokens: only for offline_access, rotated, reuse revokes the family --------

    def save_bearer_token(self, token, request: OauthlibRequest, *args, **kwargs):
        if "refresh_token" in token and not (
            OFFLINE_ACCESS in (request.scopes or []) and issues_refresh_tokens(request.client)
        ):
            # Auth0 issues refresh tokens only when asked for offline_access, and only to
            # applications allowed the refresh_token grant.
            del token["refresh_token"]
        result = super().save_bearer_token(token, request, *args, **kwargs)
        if "refresh_token" in token:
            checksum = hashlib.sha256(token["refresh_token"].encode()).hexdigest()
            family = (
                get_refresh_token_model()
                .objects.filter(token_checksum=checksum, revoked__isnull=True)
                .values_list("token_family", flat=True)
                .first()
            )
            if family:
                TokenFamilyContext.objects.get_or_create(
                    token_family=family,
                    defaults={
                        "sid": getattr(request, "idp_sid", "") or "",
                        "auth_time": getattr(request, "idp_auth_time", None),
                        "audience": getattr(request, "idp_audience", "") or "",
                    },
                )
        return result

    def validate_refresh_token(self, refresh_token, client, request: OauthlibRequest, *a, **kw):
        if not super().validate_refresh_token(refresh_token, client, request, *a, **kw):
            return False
        if request.user.blocked:
            return False
        family = request.refresh_token_instance.token_family
        context = TokenFamilyContext.objects.filter(token_family=family).first()
        if context is None:
            return False
        lifetime = timedelta(seconds=settings.IDP_REFRESH_TOKEN_LIFETIME)
        if context.created_at + lifetime <= timezone.now():
            # Auth0's absolute lifetime: rotation does not make a refresh token immortal.
            get_refresh_token_model().revoke_family(family)
            return False
        request.idp_sid = context.sid
        request.idp_auth_time = context.auth_time
        request.idp_audience = context.audience
        return True

    def revoke_token(self, token, token_type_hint, request: OauthlibRequest, *args, **kwargs):
        """Auth0: revoking a refresh token revokes every refresh token of the same person,
        application and audience. Access tokens are JWTs: revoking one only stops it at
        /userinfo here; APIs keep accepting it until it expires."""
        checksum = hashlib.sha256(token.encode()).hexdigest()
        found = (
            get_refresh_token_model()
            .objects.filter(token_checksum=checksum, application=request.client)
            .first()
        )
        if found is None:
            return super().revoke_token(token, token_type_hint, request, *args, **kwargs)
        audience = (
            TokenFamilyContext.objects.filter(token_family=found.token_family)
            .values_list("audience", flat=True)
            .first()
        )
        families = TokenFamilyContext.objects.filter(audience=audience or "").values("token_family")
        siblings = get_refresh_token_model().objects.filter(
            user_id=found.user_id,
            application_id=found.application_id,
            token_family__in=families,
        )
        for family in {found.token_family, *siblings.values_list("token_family", flat=True)}:
            get_refresh_token_model().revoke_family(family)

    # --- scopes: OIDC scopes for sign-in, client grants for client credentials ------------

    def get_default_scopes(self, client_id, request: OauthlibRequest, *args, **kwargs):
        if request.grant_type == "client_credentials":
            return self._client_grant(request).scope_list
        return ["openid"]

    def validate_scopes(self, client_id, scopes, client, request: OauthlibRequest, *args, **kwargs):
        if request.grant_type == "client_credentials":
            granted = set(self._client_grant(request).scope_list)
            missing = sorted(set(scopes) - granted)
            if missing:
                raise _access_denied(
                    request, f"Client has not been granted scopes: {', '.join(missing)}"
                )
            return True
        return set(scopes).issubset(OIDC_SCOPES)

    def _client_grant(self, request: OauthlibRequest):
        cached = getattr(request, "idp_client_grant", None)
        if cached is not None:
            return cached
        audience = getattr(request, "audience", None)
        if not audience:
            raise _access_denied(
                request,
                "No audience parameter was provided, and no default audience has been configured",
            )
        if api_for_audience(audience) is None:
            raise _access_denied(request, f"Service not found: {audience}")
        grant = client_grant_for(request.client, audience)
        if grant is None:
            raise _access_denied(
                request,
                f"Client is not authorized to access '{audience}'. You need to create a "
                "client-grant associated to this API.",
            )
        request.idp_client_grant = grant
        request.idp_audience = audience
        return grant

    # --- bearer tokens at /userinfo ---------------------------------------------------------

    def validate_bearer_token(self, token, scopes, request: OauthlibRequest) -> bool:
        found = read_access_token(token or "", audience=userinfo_audience())
        if found is None:
            self._set_oauth2_error_on_request(request, None, scopes)
            return False
        _claims, access_token = found
        user = access_token.user
        if user is None or user.blocked or not access_token.allow_scopes(scopes):
            self._set_oauth2_error_on_request(request, access_token, scopes)
            return False
        request.client = access_token.application
        request.user = user
        request.scopes = access_token.scope.split()
        request.access_token = access_token
        return True

    def validate_jwt_bearer_token(self, token, scopes, request: OauthlibRequest) -> bool:
        # oauthlib routes any bearer that looks like a JWT here; DOT would treat it as an ID
        # token, but only access tokens may call resources.
        return self.validate_bearer_token(token, scopes, request)
