"""The oauthlib server DOT drives, cut down to what Portico's apps use."""

from oauthlib.openid import Server


class IdpServer(Server):
    """Authorization code (with PKCE) for sign-in and client credentials for APIs; nothing else.

    Auth0 issues refresh tokens only for `offline_access`, which Portico never requests, and
    leaving the other grants mounted would only widen what a stolen client secret can do.
    """

    def __init__(self, request_validator, *args, **kwargs) -> None:
        super().__init__(request_validator, *args, **kwargs)
        self.auth_grant.refresh_token = False
        self.openid_connect_auth.refresh_token = False
        self._grant_types = {
            name: grant
            for name, grant in self._grant_types.items()
            if name in {"authorization_code", "client_credentials"}
        }
        self._response_types = {"code": self.auth_grant_choice}
