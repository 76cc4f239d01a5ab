"""Auth0's browser SDK (auth0-spa-js 2.28.3, vendored from the npm registry) in Chromium,
against the identity service running as a real process: redirect sign-in, silent
authentication after a reload, refresh tokens, a popup sign-in and sign-out.

The page is served from another port of 127.0.0.1: another origin, the same site, as an SPA on
app.example.com and the idp on login.example.com would be.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from idp.tests.live import create_person, unique_client_id
from portico.testing.browser import browser, new_context  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.identity, pytest.mark.slow]
FIXTURES = Path(__file__).parent / "fixtures" / "spa"


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        # The callback (/?code=...&state=...) is the page itself.
        if self.path.startswith("/?") or self.path == "/":
            self.path = "/index.html"
        return super().send_head()


@pytest.fixture(scope="module")
def spa_origin() -> Iterator[str]:
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(FIXTURES))
    )
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def spa_client_id(identity_service, spa_origin) -> str:
    client_id = unique_client_id("spa")
    identity_service.manage(
        "register_client", "--public", "--client-id", client_id, "--name", "Test SPA",
        "--redirect-uri", f"{spa_origin}/", "--logout-uri", f"{spa_origin}/",
        "--web-origin", spa_origin,
    )  # fmt: skip
    return client_id


@pytest.fixture
def person(identity_service):
    return create_person(identity_service, "Carol Client")


@pytest.fixture
def open_spa(new_context, identity_service, spa_origin, spa_client_id):  # noqa: F811
    """A new browser with the SPA open; `requests` lists what it asked the idp for."""

    def open_page(**options):
        context = new_context()
        page = context.new_page()
        page.requests = []
        context.on(
            "request",
            lambda request: (
                page.requests.append(request)
                if request.url.startswith(identity_service.issuer)
                else None
            ),
        )
        page.goto(f"{spa_origin}/")
        settings = {
            "domain": identity_service.issuer.rstrip("/"),
            "clientId": spa_client_id,
            "authorizationParams": {"redirect_uri": f"{spa_origin}/"},
            **options,
        }
        page.evaluate("options => localStorage.setItem('spa-options', JSON.stringify(options))",
                      settings)  # fmt: skip
        return page

    return open_page


def sign_in_on_idp_page(page, person) -> None:
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password").fill(person.password)
    page.get_by_role("button", name="Sign in").click()


def login_with_redirect(page, person, spa_origin: str) -> dict:
    page.evaluate("() => { spaClient().loginWithRedirect(); }")
    page.wait_for_url("**/u/login?**")
    sign_in_on_idp_page(page, person)
    page.wait_for_url(f"{spa_origin}/?code=*")
    return page.evaluate(
        """async () => {
            const client = spaClient();
            await client.handleRedirectCallback();
            return await client.getUser();
        }"""
    )


def token_claims(token: str) -> dict:
    import base64

    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def authorize_requests(page, **wanted) -> list:
    found = []
    for request in page.requests:
        if "/authorize?" not in request.url:
            continue
        params = {k: v[0] for k, v in parse_qs(request.url.split("?", 1)[1]).items()}
        if all(params.get(key) == value for key, value in wanted.items()):
            found.append(params)
    return found


def test_redirect_sign_in_silent_renewal_after_a_reload_and_sign_out(
    open_spa, person, spa_origin, identity_service
):
    page = open_spa()

    user = login_with_redirect(page, person, spa_origin)

    assert user["sub"] == person.user_id
    assert user["email"] == person.email
    assert user["name"] == "Carol Client"
    assert user["nickname"] == person.email.split("@")[0]
    assert user["picture"].startswith(f"{identity_service.issuer}avatars/")
    assert "updated_at" in user

    # A reload empties the SDK's memory cache: the token now comes from a hidden iframe
    # (prompt=none, response_mode=web_message) riding on the idp's session.
    page.reload()
    token = page.evaluate("async () => await spaClient().getTokenSilently()")
    assert token_claims(token)["sub"] == person.user_id
    assert authorize_requests(page, prompt="none", response_mode="web_message")

    page.evaluate(
        "origin => { spaClient().logout({logoutParams: {returnTo: origin + '/'}}); }", spa_origin
    )
    page.wait_for_url(f"{spa_origin}/")
    assert any("/v2/logout?" in request.url for request in page.requests)
    error = page.evaluate(
        """async () => {
            try { await spaClient().getTokenSilently(); return null; }
            catch (e) { return e.error; }
        }"""
    )
    assert error == "login_required"


def test_refresh_tokens_keep_a_reloaded_app_signed_in_without_the_iframe(
    open_spa, person, spa_origin
):
    page = open_spa(useRefreshTokens=True, cacheLocation="localstorage")
    login_with_redirect(page, person, spa_origin)
    page.requests.clear()

    page.reload()
    first = page.evaluate("async () => await spaClient().getTokenSilently({cacheMode: 'off'})")
    second = page.evaluate("async () => await spaClient().getTokenSilently({cacheMode: 'off'})")

    assert token_claims(first)["sub"] == person.user_id
    assert first != second
    grants = [
        parse_qs(request.post_data or "").get("grant_type", [""])[0]
        for request in page.requests
        if request.url.endswith("/oauth/token") and request.method == "POST"
    ]
    assert grants == ["refresh_token", "refresh_token"]
    assert not authorize_requests(page, prompt="none")


def test_sign_in_in_a_popup(open_spa, person):
    page = open_spa()

    with page.context.expect_page() as opened:
        page.evaluate(
            """() => {
                const client = spaClient();
                window.popupResult = client.loginWithPopup().then(() => client.getUser());
            }"""
        )
    popup = opened.value
    popup.wait_for_url("**/u/login?**")
    sign_in_on_idp_page(popup, person)
    user = page.evaluate("async () => await window.popupResult")

    assert user["sub"] == person.user_id
    assert authorize_requests(page, response_mode="web_message")
    # The SDK closes the popup once it has the answer (it may already have).
    for _ in range(50):
        if popup.is_closed():
            break
        page.wait_for_timeout(100)
    assert popup.is_closed()
