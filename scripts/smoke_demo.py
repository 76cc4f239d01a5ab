"""After `make run` has started: sign in as the demo's people, over real HTTP, the way a newcomer
would, and check each lands where the README says. Exits non-zero on the first surprise."""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from portico.testing.http_browser import HttpBrowser, forms_in

BASE = "http://127.0.0.1:8000"


def wait_until_up(seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{BASE}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    sys.exit("make run did not answer at /healthz in time")


def sign_in(door: str, email: str, password: str, browser: HttpBrowser | None = None):
    browser = browser or HttpBrowser()
    page = browser.get(f"{BASE}{door}")
    return browser.submit(page, {"email": email, "password": password})


def submit_form_with(browser: HttpBrowser, page: httpx.Response, field: str, values: dict):
    """Submit the page's POST form that has `field` (the header's sign-out form is another)."""
    forms = [f for f in forms_in(page.text) if f["method"] == "post"]
    index = next((i for i, f in enumerate(forms) if field in f["fields"]), None)
    expect(f"{page.url} has a form with {field}", index is not None)
    return browser.submit(page, values, index=index)


def carol_pays_by_card(carol: dict) -> None:
    """Pay Now through the bundled payment sandbox, as the README invites: $10 of carol's
    first open invoice with the test card 4242, until her payment page says it was received
    (the sandbox's webhook reaches the app through the worker)."""
    browser = HttpBrowser()
    sign_in("/portal/sign-in/", carol["email"], carol["password"], browser)
    home = browser.get(f"{BASE}/portal/")
    pay = None
    for case in sorted(set(re.findall(r"/portal/cases/[0-9a-f-]{36}/", home.text))):
        found = re.findall(r"/portal/invoices/[0-9a-f-]{36}/pay/", browser.get(BASE + case).text)
        pay = pay or (found[0] if found else None)
    expect("carol has an invoice to pay", pay is not None)
    checkout = submit_form_with(browser, browser.get(BASE + pay), "amount", {"amount": "10.00"})
    expect(
        "Pay Now opens the sandbox's payment page", "/_sandbox/stripe/c/pay/" in str(checkout.url)
    )
    card = {"number": "4242 4242 4242 4242", "expiry": "12 / 34", "cvc": "123"}
    outcome = submit_form_with(browser, checkout, "number", {**card, "email": carol["email"]})
    deadline = time.monotonic() + 60
    while "we received $10.00" not in outcome.text and time.monotonic() < deadline:
        time.sleep(1)
        outcome = browser.get(str(outcome.url))
    expect("carol's $10.00 card payment is received", "we received $10.00" in outcome.text)


def expect(what: str, ok: bool) -> None:
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        sys.exit(1)


def main() -> None:
    wait_until_up()
    demo = json.loads((Path(__file__).resolve().parent.parent / "var" / "demo.json").read_text())
    firms = {f["slug"]: f for f in demo["firms"]}
    alice, dave = firms["harbor-vale"]["staff"][0], firms["other-firm"]["staff"][0]
    carol = firms["harbor-vale"]["clients"][0]
    landed = sign_in("/accounts/sign-in/", alice["email"], alice["password"])
    expect(
        "alice lands in Harbor & Vale's workspace",
        str(landed.url) == f"{BASE}/workspace/" and "Harbor &amp; Vale LLP" in landed.text,
    )
    landed = sign_in("/accounts/sign-in/", dave["email"], dave["password"])
    expect(
        "dave lands in Other Firm's workspace",
        str(landed.url) == f"{BASE}/workspace/"
        and "Other Firm" in landed.text
        and "Harbor" not in landed.text,
    )
    landed = sign_in("/portal/sign-in/", carol["email"], carol["password"])
    expect(
        "carol lands in her portal",
        str(landed.url) == f"{BASE}/portal/" and "Carol Marsh" in landed.text,
    )
    carol_pays_by_card(carol)
    staff = httpx.get(
        f"{BASE}/api/v1/staff",
        headers={"Authorization": f"Bearer {firms['other-firm']['api_token']}"},
    )
    expect(
        "Other Firm's API token lists only its staff",
        [m["email"] for m in staff.json()] == [dave["email"]],
    )


if __name__ == "__main__":
    main()
