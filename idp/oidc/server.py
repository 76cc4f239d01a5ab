"""The oauthlib server DOT drives, cut down to what Portico's apps and Auth0's SDKs use."""

from oauthlib.openid import Server

from idp.oidc.tokens import access_token_lifetime

GRANT_TYPES = ("authorization_code", "refresh_token", "client_credentials")


class IdpServer(Server):
    """Authorization code (PKCE for public clients), refresh tokens (only for `offline_access`,
    see the validator) and client credentials; no implicit, hybrid, password or device grants.

    Leaving those mounted would only widen what a stolen client secret can do. The access
    token's lifetime depends on its audience, so oauthlib asks `access_token_lifetime`.
    """

    def __init__(self, request_validator, *args, **kwargs) -> None:
        kwargs["token_expires_in"] = access_token_lifetime
        super().__init__(request_validator, *args, **kwargs)
        self._grant_types = {
            name: grant for name, grant in self._grant_types.items() if name in GRANT_TYPES
        }
        self._response_types = {"code": self.auth_grant_choice}
