"""Who is calling the Management API: a client-credentials token for `<issuer>api/v2/`."""

from dataclasses import dataclass

from django.http import HttpRequest
from oauth2_provider.utils import parse_bearer_token

from idp.mgmt.errors import ManagementError
from idp.oidc.tokens import management_audience, read_access_token


@dataclass(frozen=True)
class Caller:
    client_id: str
    scopes: frozenset[str]

    def require(self, *any_of: str) -> None:
        if not self.scopes.intersection(any_of):
            raise ManagementError(
                403,
                f"Insufficient scope, expected any of: {','.join(any_of)}",
                "insufficient_scope",
            )


def _unauthorized(message: str) -> ManagementError:
    return ManagementError(401, message, "invalid_token")


def authenticate_caller(request: HttpRequest) -> Caller:
    header = request.headers.get("Authorization", "")
    if not header:
        raise _unauthorized("Missing authentication")
    raw = parse_bearer_token(header)
    if not raw:
        raise _unauthorized("Bad HTTP authentication header format")
    found = read_access_token(raw, audience=management_audience())
    if found is None:
        raise _unauthorized("Invalid token")
    _claims, access_token = found
    # Only application tokens: a person's token never manages other people.
    if access_token.application is None or access_token.user_id is not None:
        raise _unauthorized("Invalid token")
    return Caller(
        client_id=access_token.application.client_id,
        scopes=frozenset(access_token.scope.split()),
    )
