"""Documents both ways, in Chromium, against the web process as production runs it (the ASGI
front under uvicorn, streaming the uploads) and the real identity service.

carol drags two files onto her case in the portal: each gets its own progress bar and result,
and both appear on alice's open case page within a second, without a reload. alice uploads two
files at once, one click, "accessible to client": they appear on carol's open page. dan, another
client with his portal open, hears nothing of either.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from portico.documents.models import Document
from portico.tenancy.models import StaffMember
from portico.testing.documents import PDF, png
from portico.testing.factories import StaffMemberFactory
from portico.testing.live_journey import (
    client_with_portal,
    following,
    person,
    sign_in,
    still_the_same_document,
)

pytestmark = [pytest.mark.browser, pytest.mark.identity]

WITHIN_A_SECOND_MS = 1000


def drop_files(page, selector: str, files: list[tuple[str, str, bytes]]) -> None:
    """Drop `files` (name, type, bytes) onto the element, as a person dragging them would."""
    data = page.evaluate_handle(
        """(files) => {
            const transfer = new DataTransfer();
            for (const [name, type, bytes] of files) {
                transfer.items.add(new File([new Uint8Array(bytes)], name, { type }));
            }
            return transfer;
        }""",
        [[name, kind, list(body)] for name, kind, body in files],
    )
    page.dispatch_event(selector, "dragenter", {"dataTransfer": data})
    page.dispatch_event(selector, "drop", {"dataTransfer": data})


def test_documents_travel_both_ways_to_open_pages_and_no_one_else(
    asgi_web_with_identity, identity_admin, new_context, harbor
):
    base = asgi_web_with_identity
    alice_email, alice_sub = person(identity_admin, "alice")
    StaffMemberFactory(
        firm=harbor,
        sub=alice_sub,
        email=alice_email,
        name="Alice Harbor",
        role=StaffMember.Role.PARTNER,
    )
    carol_email, carol, case = client_with_portal(
        harbor, None, identity_admin, "Carol", "Marsh", "Marsh v. Harbor Transit"
    )
    dan_email, _dan, _dans_case = client_with_portal(
        harbor, None, identity_admin, "Dan", "Okafor", "Okafor v. Brightline"
    )

    # everyone signs in first, one at a time with no page open (each sign-in writes a
    # session; on the test's SQLite an open live stream holds the session table), then opens
    # their page
    at_alice, at_carol, at_dan = (new_context().new_page() for _ in range(3))
    for page, start, email, home in (
        (at_alice, "/accounts/sign-in/", alice_email, "/workspace/"),
        (at_carol, "/portal/sign-in/", carol_email, "/portal/"),
        (at_dan, "/portal/sign-in/", dan_email, "/portal/"),
    ):
        sign_in(page, f"{base}{start}", email)
        expect(page).to_have_url(f"{base}{home}")
        page.goto("about:blank")
    at_dan.goto(f"{base}/portal/")
    at_alice.goto(f"{base}/workspace/cases/{case.id}/")
    following(at_alice)
    at_carol.goto(f"{base}/portal/cases/{case.id}/")
    following(at_carol)
    following(at_dan)
    at_dan.evaluate(
        """() => new Promise((opened) => {
            window.__heard = [];
            const source = new EventSource("/portal/events");
            source.onmessage = (m) => window.__heard.push(JSON.parse(m.data));
            source.onopen = () => opened();
        })"""
    )

    # when carol drags two files onto her case
    drop_files(
        at_carol,
        "[data-drop-zone]",
        [("Bruise.png", "image/png", png()), ("Receipt.pdf", "application/pdf", PDF)],
    )
    # then each has its own progress bar and result
    results = at_carol.locator("[data-upload-results] li")
    expect(results).to_have_count(2)
    expect(results.nth(0)).to_contain_text("Bruise.png: uploaded.")
    expect(results.nth(1)).to_contain_text("Receipt.pdf: uploaded.")
    expect(results.locator("progress").nth(0)).to_have_attribute("value", "100")
    # and both appear on alice's open case page within a second, without a reload
    for name in ("Bruise.png", "Receipt.pdf"):
        expect(at_alice.locator("#documents-list")).to_contain_text(
            name, timeout=WITHIN_A_SECOND_MS
        )
    assert still_the_same_document(at_alice)
    assert {d.author_contact_id for d in Document.objects.all()} == {carol.id}

    # when alice uploads two files at once, accessible to the client
    at_alice.get_by_label("Add files").set_input_files(
        [
            {"name": "Engagement letter.pdf", "mimeType": "application/pdf", "buffer": PDF},
            {"name": "Settlement offer.pdf", "mimeType": "application/pdf", "buffer": PDF},
        ]
    )
    at_alice.get_by_label("Accessible to client").check()
    at_alice.get_by_role("button", name="Upload").click()
    expect(at_alice.locator("[data-upload-results] li")).to_have_count(2)
    # then they appear on carol's open portal page within a second, without a reload
    for name in ("Engagement letter.pdf", "Settlement offer.pdf"):
        expect(at_carol.locator("#documents-list")).to_contain_text(
            name, timeout=WITHIN_A_SECOND_MS
        )
    assert still_the_same_document(at_carol)

    # and a refused file says why, beside its own name
    drop_files(at_carol, "[data-drop-zone]", [("photo.png", "image/png", PDF)])
    expect(at_carol.locator("[data-upload-results] li").last).to_contain_text(
        "photo.png: not uploaded. “photo.png” is called a PNG image but its content is not one"
    )

    # dan's open stream heard nothing of any of it
    assert at_dan.evaluate("window.__heard") == []
