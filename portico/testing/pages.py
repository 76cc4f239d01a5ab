"""Every page of the practice app, for the tests that look at all of them in a browser
(geometry, reflow, axe) and for `make screenshots`.

Pages are read from the URL configuration, so a page added later is walked without edits; one
that takes an id with no sample in the world fails until one is added, and an address that is
not a page (a fragment, a redirect, a POST-only endpoint) is listed in NOT_PAGES with why.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import resolve

from portico.testing.routes import Route, all_routes

STAFF, CLIENT, ANYONE = "alice", "carol", "anyone"

NOT_PAGES = {
    "/healthz": "a liveness probe, not a page",
    "/accounts/sign-in/": "redirects to the identity service's sign-in page, walked there",
    "/accounts/callback/": "the identity service's way back, not a page",
    "/accounts/sign-out/": "POST only",
    "/accounts/backchannel-logout/": "the identity service's logout tokens, POST only",
    "/payments/webhook": "Stripe's signed webhook, POST only",
    "/accounts/choose-firm/": "needs a sign-in pending across two firms: its own test in test_every_page",
    "/portal/sign-in/": "redirects to the identity service's sign-in page, walked there",
    "/portal/profile/form-row/": "an HTMX fragment of My details, checked there once added",
    "/workspace/clients/form-row/": "an HTMX fragment of the client form, checked there once added",
    "/_dev/mail/<str:key>/": "one stored email; the mailbox lists them",
    "/workspace/documents/<uuid:document_id>/download/": "a file, downloaded as an attachment",
    "/portal/documents/<uuid:document_id>/download/": "a file, downloaded as an attachment",
    "/workspace/leads/<uuid:lead_id>/intake/export.csv": "a CSV file, downloaded as an attachment",
    "/workspace/cases/<uuid:case_id>/intake/export.csv": "a CSV file, downloaded as an attachment",
    "/workspace/leads/<uuid:lead_id>/intake/export.pdf": "a PDF file, downloaded as an attachment",
    "/workspace/cases/<uuid:case_id>/intake/export.pdf": "a PDF file, downloaded as an attachment",
    "/workspace/invoices/<uuid:invoice_id>/invoice.pdf": "a PDF, downloaded as an attachment",
    "/workspace/payments/<uuid:payment_id>/receipt.pdf": "a PDF, downloaded as an attachment",
    "/portal/invoices/<uuid:invoice_id>/invoice.pdf": "a PDF, downloaded as an attachment",
    "/portal/payments/<uuid:payment_id>/receipt.pdf": "a PDF, downloaded as an attachment",
    "/portal/trust-deposits/<uuid:entry_id>/receipt.pdf": "a PDF, downloaded as an attachment",
}
NOT_PAGE_PREFIXES = (
    "/api/",
    "/portal/api/",
    "/static/",
    "/brand/",
    "/_sandbox/stripe/v1/",  # the payment sandbox's Stripe API (JSON)
    "/_sandbox/stripe/_sandbox/",  # its test controls (JSON, POST only)
)


@dataclass(frozen=True)
class Page:
    template: str  # the route, e.g. "/workspace/clients/<uuid:contact_id>/"
    path: str  # with the world's ids filled in
    who: str  # whose browser opens it: STAFF, CLIENT or ANYONE

    @property
    def name(self) -> str:
        return self.template


def _who(route: Route) -> str:
    if route.template.startswith("/workspace/"):
        return STAFF
    if route.is_portal:
        return CLIENT
    return ANYONE


def practice_pages(samples: dict[str, object]) -> list[Page]:
    """Every GET page of the practice app, with `samples` for the ids it takes."""
    pages = []
    for route in all_routes():
        if route.template in NOT_PAGES or route.template.startswith(NOT_PAGE_PREFIXES):
            continue
        missing = set(route.params) - samples.keys()
        assert not missing, f"{route.template}: add a sample for {sorted(missing)}"
        path = route.build(samples)
        if answers_get(path):
            pages.append(Page(route.template, path, _who(route)))
    return pages


def answers_get(path: str) -> bool:
    """False for a class-based view that takes only POST (a form's action, not a page)."""
    view_class = getattr(resolve(path).func, "view_class", None)
    if view_class is None:
        return True
    return "get" in view_class.http_method_names and hasattr(view_class, "get")


def left_over_exclusions() -> set[str]:
    """NOT_PAGES entries that name no route any more."""
    return set(NOT_PAGES) - {r.template for r in all_routes()}


def screenshot(page, name: str, scheme: str) -> None:
    """Save what `page` shows, full length, under $PORTICO_SCREENSHOTS (`make screenshots`):
    <width>-<scheme>/<name>.png. Does nothing when the variable is unset."""
    import os
    import re
    from pathlib import Path

    folder = os.environ.get("PORTICO_SCREENSHOTS")
    if not folder:
        return
    width = page.viewport_size["width"]
    name = re.sub(r"<\w+:(\w+)>", r"\1", name)  # "<uuid:case_id>" -> "case_id"
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "home"
    target = Path(folder) / f"{width}px-{scheme}" / f"{slug}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=True)
