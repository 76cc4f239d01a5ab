"""The identity service as a real uvicorn process (the harness the practice app's tests use),
and what a test needs to drive it over HTTP: a person, an application, a signed-in browser."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx

from idp.tests.factories import PASSWORD
from portico.testing.identity import IdentityService

CLIENT_SCOPES = "create:users read:users update:users delete:users delete:sessions"


def mgmt_token(service: IdentityService) -> str:
    response = httpx.post(
        f"{service.issuer}oauth/token",
        json={
            "grant_type": "client_credentials",
            "client_id": service.mgmt_client_id,
            "client_secret": service.mgmt_client_secret,
            "audience": f"{service.issuer}api/v2/",
        },
    )
    response.raise_for_status()
    return response.json()["access_token"]


def mgmt(service: IdentityService) -> httpx.Client:
    return httpx.Client(
        base_url=f"{service.issuer}api/v2/",
        headers={"Authorization": f"Bearer {mgmt_token(service)}"},
    )


@dataclass
class Person:
    user_id: str
    email: str
    password: str = PASSWORD


def create_person(service: IdentityService, name: str = "Carol Client") -> Person:
    email = f"{name.split()[0].lower()}.{secrets.token_hex(4)}@example.com"
    with mgmt(service) as api:
        response = api.post(
            "users",
            json={
                "connection": "Username-Password-Authentication",
                "email": email,
                "password": PASSWORD,
                "email_verified": True,
                "name": name,
            },
        )
    response.raise_for_status()
    return Person(user_id=response.json()["user_id"], email=email)


def unique_client_id(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(4)}"


def sign_in_page(browser: httpx.Client, url: str, person: Person) -> httpx.Response:
    """Follow `url` to the sign-in page, sign in, and return the answer that leaves the idp
    (a redirect to the application), without following it."""
    page = browser.get(url, follow_redirects=True)
    csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content)
    assert csrf, page.text
    next_url = parse_qs(urlsplit(str(page.url)).query).get("next", [""])[0]
    posted = browser.post(
        "/u/login",
        data={
            "csrfmiddlewaretoken": csrf.group(1).decode(),
            "email": person.email,
            "password": person.password,
            "next": next_url,
        },
        headers={"Referer": str(page.url)},
    )
    assert posted.status_code == 302, posted.text
    return browser.get(posted.headers["Location"])


def code_from(response: httpx.Response) -> str:
    assert response.status_code == 302, response.text
    params = parse_qs(urlsplit(response.headers["Location"]).query)
    assert "code" in params, response.headers["Location"]
    return params["code"][0]
