"""DOT's request validator, bent to issue Auth0-shaped tokens."""

from datetime import UTC
from typing import Any

from django.conf import settings
from oauth2_provider.models import get_grant_model
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauthlib.common import Request as OauthlibRequest
from oauthlib.oauth2.rfc6749 import errors

from idp.oidc.models import GrantContext
from idp.oidc.queries import api_for_audience, client_grant_for
from idp.oidc.tokens import read_access_token, userinfo_audience

OIDC_SCOPES = ("openid", "profile", "email")
# Which scope releases which profile claim; claims missing here ship with `openid` alone.
PROFILE_CLAIM_SCOPE = {
    "name": "profile",
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
        GrantContext.objects.create(
            grant=grant,
            sid=getattr(request, "idp_sid", "") or "",
            auth_time=getattr(request, "idp_auth_time", None),
            audience=getattr(request, "idp_audience", "") or "",
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
