"""The one adapter to the identity service's Management API (Auth0's /api/v2 subset).

It speaks to the bundled identity service and to a real Auth0 tenant the same way: the only
inputs are the issuer URL and a machine-to-machine client. Errors keep Auth0's shape
(`statusCode`, `error`, `message`, `errorCode`) and callers branch on status and code only.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
from django.conf import settings


class IdentityError(Exception):
    """The identity service refused a request, with Auth0's error body."""

    def __init__(self, status: int, error: str = "", message: str = "", error_code: str = ""):
        self.status = status
        self.error = error
        self.message = message
        self.error_code = error_code
        super().__init__(f"{status} {error}: {message} ({error_code})")


class UserExists(IdentityError):
    pass


class UserNotFound(IdentityError):
    pass


class IdentityUnavailable(IdentityError):
    """The identity service could not be reached or failed; the same call may work later."""


_SHARED: dict[tuple[str, str, str], IdentityAdmin] = {}
_SHARED_LOCK = threading.Lock()


@dataclass
class _Token:
    value: str
    expires_at: float


class IdentityAdmin:
    max_rate_limit_wait = 5.0

    def __init__(
        self,
        *,
        issuer: str,
        client_id: str,
        client_secret: str,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.issuer = issuer if issuer.endswith("/") else issuer + "/"
        self.audience = f"{self.issuer}api/v2/"
        self.client_id = client_id
        self.client_secret = client_secret
        # An idle connection is let go well before the service's own keep-alive (uvicorn: 5 s)
        # closes it, so a request never goes out on a connection being closed under it.
        self._http = httpx.Client(
            timeout=timeout, transport=transport, limits=httpx.Limits(keepalive_expiry=2.0)
        )
        self._token: _Token | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls) -> IdentityAdmin:
        """The process's adapter for the configured service, shared, so its Management API
        token (valid for hours; fetched again on a 401) is fetched once, not at every grant and
        every invitation: each fetch makes the identity service check the client secret's
        hash, which is slow on purpose."""
        key = (settings.IDP_ISSUER, settings.IDP_MGMT_CLIENT_ID, settings.IDP_MGMT_CLIENT_SECRET)
        with _SHARED_LOCK:
            admin = _SHARED.get(key)
            if admin is None:
                admin = _SHARED[key] = cls(issuer=key[0], client_id=key[1], client_secret=key[2])
        return admin

    # Users

    def create_user(
        self,
        *,
        email: str,
        password: str | None = None,
        email_verified: bool = False,
        app_metadata: dict[str, Any] | None = None,
        name: str | None = None,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "connection": settings.IDP_CONNECTION,
            "email": email,
            "email_verified": email_verified,
            "app_metadata": app_metadata or {},
        }
        if password is not None:
            body["password"] = password
        if name:
            body["name"] = name
        return self._call("POST", "users", json=body)

    def get_user(self, user_id: str) -> dict[str, Any]:
        return self._call("GET", f"users/{quote(user_id, safe='')}")

    def users_by_email(self, email: str) -> list[dict[str, Any]]:
        # Auth0 matches exactly and keeps emails lower-case.
        return self._call("GET", "users-by-email", params={"email": email.strip().lower()})

    def update_user(self, user_id: str, **fields: Any) -> dict[str, Any]:
        return self._call("PATCH", f"users/{quote(user_id, safe='')}", json=fields)

    def block_user(self, user_id: str) -> dict[str, Any]:
        return self.update_user(user_id, blocked=True)

    def delete_user(self, user_id: str) -> None:
        self._call("DELETE", f"users/{quote(user_id, safe='')}")

    def create_password_change_ticket(
        self,
        *,
        user_id: str,
        result_url: str | None = None,
        ttl_sec: int | None = None,
        mark_email_as_verified: bool = True,
        include_email_in_redirect: bool = False,
    ) -> str:
        body: dict[str, Any] = {
            "user_id": user_id,
            "mark_email_as_verified": mark_email_as_verified,
        }
        if include_email_in_redirect:
            body["includeEmailInRedirect"] = True
        if result_url:
            body["result_url"] = result_url
        if ttl_sec is not None:
            body["ttl_sec"] = ttl_sec
        return self._call("POST", "tickets/password-change", json=body)["ticket"]

    # Organizations: a firm at the identity service, carrying its branding to the sign-in page
    # when sign-in is started with `organization=<id>` (Auth0 Organizations).

    def create_organization(self, *, name: str, **fields: Any) -> dict[str, Any]:
        return self._call("POST", "organizations", json={"name": name, **fields})

    def organization_by_name(self, name: str) -> dict[str, Any]:
        return self._call("GET", f"organizations/name/{quote(name, safe='')}")

    def update_organization(self, organization_id: str, **fields: Any) -> dict[str, Any]:
        return self._call("PATCH", f"organizations/{quote(organization_id, safe='')}", json=fields)

    # Plumbing

    def _access_token(self) -> str:
        with self._lock:
            if self._token and self._token.expires_at > time.monotonic() + 30:
                return self._token.value
            try:
                response = self._http.post(
                    f"{self.issuer}oauth/token",
                    json={
                        "grant_type": "client_credentials",
                        "client_id": self.client_id,
                        "client_secret": self.client_secret,
                        "audience": self.audience,
                    },
                )
            except httpx.HTTPError as exc:
                raise IdentityUnavailable(0, "Unavailable", str(exc), "unreachable") from exc
            if response.status_code != 200:
                body = _json(response)
                raise _error(
                    response.status_code,
                    {
                        "error": body.get("error", ""),
                        "message": body.get("error_description", ""),
                        "errorCode": body.get("error", ""),
                    },
                )
            data = response.json()
            self._token = _Token(data["access_token"], time.monotonic() + int(data["expires_in"]))
            return self._token.value

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        # A create is never retried on its own: a retried POST after a lost reply is how one
        # invitation becomes two accounts. Only a 429 (nothing was done) is waited out.
        for _attempt in range(3):
            headers = {"Authorization": f"Bearer {self._access_token()}"}
            try:
                response = self._http.request(
                    method, f"{self.issuer}api/v2/{path}", headers=headers, **kwargs
                )
            except httpx.HTTPError as exc:
                raise IdentityUnavailable(0, "Unavailable", str(exc), "unreachable") from exc
            if response.status_code == 401:
                self._token = None
                continue
            if response.status_code == 429:
                wait = _retry_after(response)
                if wait <= self.max_rate_limit_wait:
                    time.sleep(wait)
                    continue
            if response.status_code >= 400:
                raise _error(response.status_code, _json(response))
            return response.json() if response.content else None
        raise _error(response.status_code, _json(response))


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _retry_after(response: httpx.Response) -> float:
    try:
        reset = float(response.headers.get("X-RateLimit-Reset", "0"))
    except ValueError:
        return 1.0
    return max(0.0, reset - time.time()) if reset else 1.0


def _error(status: int, body: dict[str, Any]) -> IdentityError:
    args = (status, body.get("error", ""), body.get("message", ""), body.get("errorCode", ""))
    if status == 409:
        return UserExists(*args)
    if status == 404:
        return UserNotFound(*args)
    if status >= 500 or status == 429:
        return IdentityUnavailable(*args)
    return IdentityError(*args)
