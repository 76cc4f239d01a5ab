"""A cookie-keeping HTTP client that fills and submits HTML forms, for driving the real
sign-in flow over loopback without a browser (the browser journeys use Playwright)."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin

import httpx


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "action": a.get("action") or "",
                    "method": (a.get("method") or "get").lower(),
                    "fields": {},
                }
            )
        elif tag in {"input", "button"} and self.forms and a.get("name"):
            if a.get("type") in {"checkbox", "radio"} and "checked" not in a:
                return
            if tag == "button" and a.get("type") not in {None, "submit"}:
                return
            self.forms[-1]["fields"].setdefault(a["name"], a.get("value") or "")


def forms_in(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


class HttpBrowser:
    def __init__(self) -> None:
        # No keep-alive: a connection left open would hold a live-server thread past the end of
        # the test, which then trips over the test database being handed back.
        self.http = httpx.Client(follow_redirects=True, timeout=20, headers={"Connection": "close"})

    def get(self, url: str, **kwargs) -> httpx.Response:
        return self.http.get(url, **kwargs)

    def submit(
        self, page: httpx.Response, values: dict[str, str], index: int | None = None
    ) -> httpx.Response:
        """Submit the page's (only, or `index`th POST) form with `values` filled in."""
        forms = [f for f in forms_in(page.text) if f["method"] == "post"]
        assert forms, f"no form on {page.url}"
        form = forms[index or 0]
        fields = {**form["fields"], **values}
        return self.http.post(urljoin(str(page.url), form["action"] or str(page.url)), data=fields)

    def cookie(self, name: str) -> str | None:
        for cookie in self.http.cookies.jar:
            if cookie.name == name:
                return cookie.value
        return None

    def close(self) -> None:
        self.http.close()


def sign_in(base_url: str, email: str, password: str) -> tuple[HttpBrowser, httpx.Response]:
    """Start at the practice app, sign in on the identity service's page, come back."""
    browser = HttpBrowser()
    login_page = browser.get(f"{base_url}/accounts/sign-in/")
    assert login_page.status_code == 200, login_page.text[:500]
    landed = browser.submit(login_page, {"email": email, "password": password})
    return browser, landed


def authorize(url: str, email: str, password: str) -> str:
    """Open an authorization URL, sign in as `email` on the identity service's login form and
    follow its redirects as far as the practice app's callback: the callback URL (with the
    code), not opened, as a tool that exchanges the code itself receives it."""
    browser = HttpBrowser()
    browser.http.follow_redirects = False
    page = browser.get(url)
    while page.status_code in {301, 302} and "/accounts/callback/" not in page.headers["location"]:
        page = browser.get(httpx.URL(str(page.url)).join(page.headers["location"]))
    posted = browser.submit(page, {"email": email, "password": password})
    while "/accounts/callback/" not in posted.headers.get("location", ""):
        posted = browser.get(httpx.URL(str(posted.url)).join(posted.headers["location"]))
    browser.close()
    return posted.headers["location"]


def set_password_from(link: str, password: str) -> HttpBrowser:
    """Follow an emailed set-password link and choose `password` on the identity service's
    page, as the invited person does."""
    import re

    browser = HttpBrowser()
    form = browser.get(link)
    assert form.status_code == 200, form.text[:300]
    names = set(re.findall(r'<input[^>]*type="password"[^>]*name="([^"]+)"', form.text))
    names |= set(re.findall(r'<input[^>]*name="([^"]+)"[^>]*type="password"', form.text))
    done = browser.submit(form, dict.fromkeys(names, password))
    assert done.status_code == 200, done.text[:300]
    return browser
