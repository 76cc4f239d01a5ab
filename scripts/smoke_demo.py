"""After `make run` has started: sign in as the demo's people, over real HTTP, the way a newcomer
would, and check each lands where the README says. Exits non-zero on the first surprise."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from portico.testing.http_browser import HttpBrowser

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


def sign_in(door: str, email: str, password: str) -> httpx.Response:
    browser = HttpBrowser()
    page = browser.get(f"{BASE}{door}")
    return browser.submit(page, {"email": email, "password": password})


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
