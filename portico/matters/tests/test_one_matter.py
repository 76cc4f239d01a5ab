"""A lead and a case are one matter surface: every sub-route exists for both kinds in the staff
API, the portal API, the workspace and the portal, and converting a lead keeps what was said
on it, in order, on the case, for the firm and for the client."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from portico.config.api import portal_api, staff_api
from portico.matters.actions import add_comment, convert_lead, post_status_update
from portico.matters.inputs import CaseInput
from portico.matters.models import Comment, StatusUpdate
from portico.testing.factories import carol_of, make_lead
from portico.testing.openapi import published_document
from portico.testing.routes import all_routes
from portico.testing.sessions import open_account, portal_client_for, signed_in_client

# What only one kind has, and why.
ONE_KIND_ONLY = {
    ("lead", "/convert", "post"): "only a lead becomes a case",
    ("lead", "/convert/", "any"): "only a lead becomes a case",
    ("case", "", "patch"): "a lead changes through its page; the API changes cases only (contract)",
    ("case", "/clients", "post"): "only a case has named clients",
    ("case", "/parties", "post"): "only a case has other parties",
    ("case", "/clients/", "any"): "only a case has named clients",
    ("case", "/parties/", "any"): "only a case has other parties",
    ("case", "/clients/<uuid:case_client_id>/remove/", "any"): "only a case has named clients",
    ("case", "/parties/<uuid:party_id>/remove/", "any"): "only a case has other parties",
    ("case", "/invoices", "get"): "only a case has invoices",
    ("case", "/invoices", "post"): "only a case has invoices",
    ("case", "/ledger", "get"): "only a case holds trust money",
    ("case", "/trust/deposits", "post"): "only a case holds trust money",
    ("case", "/trust/fund", "post"): "only a case holds trust money (Fund Now)",
    ("case", "/trust/fund/", "any"): "only a case holds trust money (Fund Now)",
    ("case", "/trust/refunds", "post"): "only a case holds trust money",
    ("case", "/money/invoices/new/", "any"): "only a case has invoices",
    ("case", "/money/deposits/", "any"): "only a case holds trust money",
    ("case", "/money/refunds/", "any"): "only a case holds trust money",
    ("case", "/money/", "any"): "only a case has invoices and trust money",
    ("case", "/financial-history", "get"): "only a case has invoices and trust money",
}
MATTER_PATH = re.compile(
    r"^(?P<base>.*?)/(?P<kind>lead|case)s/(?:\{(?:uuid:)?(?:lead|case)_id\}|<uuid:(?:lead|case)_id>)"
    r"(?P<rest>.*)$"
)


def _sub_routes(pairs) -> dict[tuple[str, str], set[tuple[str, str]]]:
    """{(base, kind): {(rest, method)}} for every path under a lead or a case."""
    found: dict = {}
    for path, method in pairs:
        match = MATTER_PATH.match(path)
        if match:
            key = (match["base"], match["kind"])
            found.setdefault(key, set()).add((match["rest"], method))
    return found


def _api_pairs(api, prefix: str):
    document = published_document(api, prefix)
    return [(path, method) for path, ops in document["paths"].items() for method in ops]


def _assert_both_kinds_alike(found: dict, where: str) -> int:
    bases = {base for base, _kind in found}
    checked = 0
    for base in bases:
        lead = {r for r in found.get((base, "lead"), set()) if ("lead", *r) not in ONE_KIND_ONLY}
        case = {r for r in found.get((base, "case"), set()) if ("case", *r) not in ONE_KIND_ONLY}
        assert lead == case, (
            f"{where}{base}: only for leads {sorted(lead - case)}, "
            f"only for cases {sorted(case - lead)}"
        )
        checked += len(lead)
    return checked


def test_every_matter_sub_route_exists_for_both_kinds_in_both_apis():
    staff = _sub_routes(_api_pairs(staff_api, "/api/v1/"))
    portal = _sub_routes(_api_pairs(portal_api, "/portal/api/v1/"))
    assert _assert_both_kinds_alike(staff, "staff API ") >= 3
    assert _assert_both_kinds_alike(portal, "portal API ") >= 2
    # the shared ones the contract names are there for both
    for kind in ("lead", "case"):
        assert {("", "get"), ("/comments", "post"), ("/status-updates", "post")} <= staff[
            ("/api/v1", kind)
        ]
        assert {("", "get"), ("/messages", "post")} <= portal[("/portal/api/v1", kind)]


def test_every_matter_page_exists_for_both_kinds_in_the_workspace_and_the_portal():
    pairs = [(route.template.rstrip("/") + "/", "any") for route in all_routes()]
    pages = _sub_routes(pairs)
    assert _assert_both_kinds_alike(pages, "") >= 4
    assert ("/comments/", "any") in pages[("/workspace", "lead")]
    assert ("/", "any") in pages[("/portal", "case")]


def test_each_shared_sub_route_was_mounted_once_for_each_kind():
    from portico.matters.views.api import router as staff_router
    from portico.portal.views.portal_api import router as portal_router

    for router in (staff_router, portal_router):
        mounted = _sub_routes([(path, method.lower()) for method, path in router.matter_routes])
        assert _assert_both_kinds_alike(mounted, "factory ") >= 2


@pytest.mark.django_db
def test_converting_a_lead_keeps_its_thread_and_updates_in_order_for_firm_and_client(harbor, alice):
    # given carol's lead, with what the firm and carol said on it at known times
    carol = carol_of(harbor, actor=alice)
    lead = make_lead(harbor, [carol], title="Marsh: lease dispute", actor=alice)
    start = timezone.now() - datetime.timedelta(days=3)
    said = [
        add_comment(matter=lead, body="First, shared.", is_private=False, actor=alice),
        add_comment(matter=lead, body="Second, private.", is_private=True, actor=alice),
        add_comment(matter=lead, body="Third, from carol.", is_private=False, actor=carol),
        post_status_update(matter=lead, body="Update one.", actor=alice),
        post_status_update(matter=lead, body="Update two.", actor=alice),
    ]
    for hours, record in enumerate(said):
        type(record).objects.filter(pk=record.pk).update(
            created_at=start + datetime.timedelta(hours=hours)
        )
    matter_id = lead.matter_id
    # when alice converts it
    case = convert_lead(lead=lead, data=CaseInput(), actor=alice)
    # then the case took the lead's matter over, with everything on it, unchanged
    lead.refresh_from_db()
    assert (case.matter_id, lead.matter_id) == (matter_id, None)
    assert Comment.objects.filter(matter=case.matter).count() == 3
    assert StatusUpdate.objects.filter(matter=case.matter).count() == 2
    # and the workspace's case page shows the whole thread in order, the updates newest first
    page = signed_in_client(alice).get(f"/workspace/cases/{case.id}/").content.decode()
    assert _order(page, ["First, shared.", "Second, private.", "Third, from carol."])
    assert _order(page, ["Update two.", "Update one."])
    # and carol's portal shows the shared thread in order, and the updates newest first
    carol_browser = portal_client_for(open_account(carol))
    portal_page = carol_browser.get(f"/portal/cases/{case.id}/").content.decode()
    assert _order(portal_page, ["First, shared.", "Third, from carol."])
    assert "Second, private." not in portal_page
    assert _order(portal_page, ["Update two.", "Update one."])
    detail = carol_browser.get(f"/portal/api/v1/cases/{case.id}").json()
    assert [m["body"] for m in detail["messages"]] == ["First, shared.", "Third, from carol."]
    assert [t["text"] for t in detail["timeline"] if t["kind"] == "update"] == [
        "Update two.",
        "Update one.",
    ]
    # and the converted lead is no longer in the portal: carol follows it to the case
    assert carol_browser.get(f"/portal/leads/{lead.id}/").status_code == 404


def _order(page: str, texts: list[str]) -> bool:
    positions = [page.index(text) for text in texts]
    return positions == sorted(positions)
