"""Auth0's Organizations, as Portico uses them: a firm's name and branding, created and kept
up to date through the Management API and shown on the sign-in page that starts with
`organization=`."""

import json

import pytest

from idp.organizations.models import Organization
from idp.tests.helpers import PORTAL_CLIENT_ID

pytestmark = pytest.mark.django_db
LOGO = "http://127.0.0.1:8000/brand/7b1c/logo.png?v=1"
HARBOR = {
    "name": "harbor-vale",
    "display_name": "Harbor & Vale LLP",
    "branding": {"logo_url": LOGO, "colors": {"primary": "#7a1f5c", "page_background": "#f8f9fa"}},
}


def post(mgmt, path, body):
    return mgmt.post(f"/api/v2/{path}", data=json.dumps(body), content_type="application/json")


def patch(mgmt, path, body):
    return mgmt.patch(f"/api/v2/{path}", data=json.dumps(body), content_type="application/json")


def test_an_organization_is_created_read_by_id_and_name_updated_and_deleted(mgmt):
    created = post(mgmt, "organizations", HARBOR)
    assert created.status_code == 201
    org = created.json()
    assert org["id"].startswith("org_") and len(org["id"]) == 20
    assert org["name"] == "harbor-vale" and org["display_name"] == "Harbor & Vale LLP"
    assert org["branding"] == HARBOR["branding"]

    assert mgmt.get(f"/api/v2/organizations/{org['id']}").json() == org
    assert mgmt.get("/api/v2/organizations/name/harbor-vale").json() == org

    changed = patch(
        mgmt, f"organizations/{org['id']}", {"branding": {"colors": {"primary": "#123456"}}}
    )
    assert changed.status_code == 200
    assert changed.json()["branding"] == {"colors": {"primary": "#123456"}}

    assert mgmt.delete(f"/api/v2/organizations/{org['id']}").status_code == 204
    assert mgmt.delete(f"/api/v2/organizations/{org['id']}").status_code == 204
    missing = mgmt.get(f"/api/v2/organizations/{org['id']}")
    assert missing.status_code == 404
    assert missing.json()["message"] == "No organization found by that id or name"


def test_a_second_organization_with_the_same_name_is_a_conflict(mgmt):
    assert post(mgmt, "organizations", HARBOR).status_code == 201
    again = post(mgmt, "organizations", HARBOR)
    assert again.status_code == 409
    assert again.json()["statusCode"] == 409
    assert Organization.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {"display_name": "No name"},
        {"name": "Harbor Vale"},
        {"name": "harbor", "branding": {"logo_url": "javascript:alert(1)"}},
        {"name": "harbor", "branding": {"colors": {"primary": "red"}}},
        {"name": "harbor", "members": []},
    ],
)
def test_invalid_organizations_are_refused_and_nothing_is_made(mgmt, body):
    response = post(mgmt, "organizations", body)
    assert response.status_code == 400
    assert response.json()["errorCode"] == "invalid_body"
    assert not Organization.objects.exists()


def test_organizations_need_their_scopes(client):
    response = client.post(
        "/api/v2/organizations", data=json.dumps(HARBOR), content_type="application/json"
    )
    assert response.status_code == 401
    assert not Organization.objects.exists()


def test_sign_in_started_for_an_organization_shows_its_name_logo_and_colour(mgmt, client, portal):
    org = post(mgmt, "organizations", HARBOR).json()
    next_url = f"/authorize?client_id={PORTAL_CLIENT_ID}&organization={org['id']}"

    page = client.get("/u/login", {"next": next_url})

    html = page.content.decode()
    assert "<h1>Sign in to Harbor &amp; Vale LLP</h1>" in html
    assert f'<img src="{LOGO.replace("&", "&amp;")}" alt="" height="48">' in html
    assert "--pt-brand: #7a1f5c;" in html
    # the logo is served by the practice app, and only that origin is added for images
    assert "img-src 'self' data: http://127.0.0.1:8000" in page["Content-Security-Policy"]
    # by name, as Auth0 also accepts
    by_name = client.get("/u/login", {"next": "/authorize?organization=harbor-vale"})
    assert "Harbor &amp; Vale LLP" in by_name.content.decode()


def test_a_colour_too_light_for_white_text_is_not_used_on_the_page(mgmt, client):
    post(mgmt, "organizations", {**HARBOR, "branding": {"colors": {"primary": "#ffe066"}}})

    page = client.get("/u/login", {"next": "/authorize?organization=harbor-vale"})

    assert "--pt-brand" not in page.content.decode()
    assert "Harbor &amp; Vale LLP" in page.content.decode()


def test_without_an_organization_the_page_is_portico_s_own(client):
    page = client.get("/u/login", {"next": "/authorize?organization=nobody-here"})

    html = page.content.decode()
    assert "<h1>Sign in</h1>" in html
    assert "--pt-brand" not in html
    assert "http://127.0.0.1:8000" not in page["Content-Security-Policy"]
