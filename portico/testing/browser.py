"""Browser journeys: Playwright driving the system's Chromium (never a downloaded one).

`/usr/bin/chromium` by default (Debian's package); PORTICO_CHROMIUM points elsewhere. One
browser per test module; each test opens its own contexts (a context is one person's browser:
its own cookies), which are closed when the test ends.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
# How long a click or a wait may take before the test fails. Every page here answers in well
# under a second on loopback; this only bounds how long a broken journey hangs.
ACTION_TIMEOUT_MS = 10_000


def chromium_path() -> str:
    path = os.environ.get("PORTICO_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        raise RuntimeError(
            f"Browser tests need Chromium at {path}: install the system's 'chromium' package "
            "or set PORTICO_CHROMIUM to a Chromium binary."
        )
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """Chromium, headless, for the tests of one module.

    Playwright's sync API keeps an asyncio event loop running on the test thread for as long as
    it is started, and Django refuses ORM calls from a thread with a running loop
    (SynchronousOnlyOperation). The test code here is plain synchronous code that only looks
    like it is inside a loop, so the guard is lifted while the browser is up and put back after
    the module, keeping it on for every other test in the session.
    """
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_context(browser) -> Iterator[Callable]:
    """Open a fresh browser context (one person's browser); `viewport` defaults to desktop."""
    from playwright.sync_api import expect

    expect.set_options(timeout=ACTION_TIMEOUT_MS)
    opened = []

    def open_context(viewport: dict | None = None, **kwargs):
        context = browser.new_context(viewport=viewport or DESKTOP, locale="en-US", **kwargs)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        opened.append(context)
        return context

    yield open_context
    for context in opened:
        context.close()


def add_session_cookie(context, base_url: str, session_key: str) -> None:
    """Put an existing practice-app session in `context`, as if its person had signed in."""
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session_key, "url": base_url}]
    )


def serious_violations(page) -> list[str]:
    """axe's serious and critical findings on `page` as it is now, one readable line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    lines = []
    for violation in results.response["violations"]:
        if violation["impact"] not in {"serious", "critical"}:
            continue
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        lines.append(f"{violation['impact']}: {violation['id']} ({violation['help']}) at {targets}")
    return lines
