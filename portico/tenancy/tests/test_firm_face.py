"""A firm's face: partners set its logo, accent colour and email sender name; clients see them
in the portal, in emails and on the sign-in page; a colour too light to read and anything but
an image are refused, with nothing changed."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from portico.tenancy.events import FirmFaceChanged
from portico.tenancy.models import Firm
from portico.testing.events import capture_events

pytestmark = pytest.mark.django_db


def png(width: int = 120, height: int = 60, colour: str = "#7a1f5c") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return SimpleUploadedFile("logo.png", out.getvalue(), content_type="image/png")


def save_face(client, **fields):
    data = {"accent_colour": "#0f6b68", "email_sender_name": "", **fields}
    return client.post("/workspace/settings/", data)


def test_a_partner_sets_the_logo_colour_and_sender_name(harbor, as_alice):
    with capture_events() as events:
        response = save_face(
            as_alice,
            logo=png(2000, 1000),
            accent_colour="#7A1F5C",
            email_sender_name="  H&V  Law ",
        )
    # and the identity service is to be told (the portal app queues that on this event)
    assert events == [FirmFaceChanged(firm_id=harbor.id)]

    assert response.status_code == 302
    firm = Firm.objects.get(pk=harbor.pk)
    assert firm.accent_colour == "#7a1f5c"
    assert firm.email_sender_name == "H&V Law"
    # the logo was re-encoded as PNG and shrunk to fit 512 px
    with Image.open(firm.logo.open("rb")) as stored:
        assert (stored.format, stored.size) == ("PNG", (512, 256))
    # served to anyone, as the sign-in page needs it
    logo = Client().get(f"/brand/{harbor.id}/logo.png")
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"
    theme = as_alice.get(f"/brand/{harbor.id}/theme.css").content.decode()
    assert "--pt-brand: #7a1f5c;" in theme
    assert "--pt-brand-on-dark: #" in theme
    # pages load the firm's theme
    assert f'href="/brand/{harbor.id}/theme.css?v=' in as_alice.get("/workspace/").content.decode()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"accent_colour": "#ffe066"}, "accent_colour", "is too light"),
        ({"accent_colour": "teal"}, "accent_colour", "# and six hexadecimal digits"),
        ({"email_sender_name": "Bob <bob@evil.example>"}, "email_sender_name", "a name only"),
        (
            {"logo": SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", "image/png")},
            "logo",
            "not an image we can use",
        ),
        ({"logo": png(8, 8)}, "logo", "too small"),
    ],
    ids=["too light", "not a colour", "an address", "not an image", "a speck"],
)
def test_what_cannot_be_used_is_refused_beside_its_field_and_nothing_changes(
    harbor, as_alice, fields, field, message
):
    before = Firm.objects.get(pk=harbor.pk)

    with capture_events() as events:
        response = save_face(as_alice, **fields)

    assert response.status_code == 422
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html and message in html
    assert 'class="error-summary"' in html
    after = Firm.objects.get(pk=harbor.pk)
    assert (after.accent_colour, after.email_sender_name, after.logo.name) == (
        before.accent_colour,
        before.email_sender_name,
        before.logo.name,
    )
    assert events == []


def test_only_partners_change_the_firms_face(harbor, as_bob):
    assert as_bob.get("/workspace/settings/").status_code == 403
    assert save_face(as_bob, accent_colour="#123456").status_code == 403
    assert Firm.objects.get(pk=harbor.pk).accent_colour == ""


def test_a_firm_without_a_logo_has_none_to_serve(harbor, client):
    assert client.get(f"/brand/{harbor.id}/logo.png").status_code == 404
    assert client.get("/brand/00000000-0000-0000-0000-000000000000/theme.css").status_code == 404


@pytest.mark.identity
def test_the_firm_is_shown_at_the_identity_service_and_its_sign_in_carries_it(
    harbor, identity_settings, identity_service, client
):
    import httpx

    from portico.portal.tasks import show_firm_at_identity_service

    harbor.accent_colour = "#7a1f5c"
    harbor.save()
    # when the firm is shown at the identity service (after every change of its face)
    assert show_firm_at_identity_service.call(firm_id=str(harbor.id)) == "shown"
    harbor.refresh_from_db()
    organization = harbor.identity_organization_id
    assert organization.startswith("org_")
    # doing it again updates the same organization
    assert show_firm_at_identity_service.call(firm_id=str(harbor.id)) == "shown"
    harbor.refresh_from_db()
    assert harbor.identity_organization_id == organization

    # a client's sign-in that starts from the firm's portal link (or its invitation) carries
    # the organization and the address to /authorize
    start = client.get(f"/portal/sign-in/?organization={organization}&email=carol@marsh.example")
    authorize = httpx.URL(start["Location"])
    assert authorize.params["organization"] == organization
    assert authorize.params["login_hint"] == "carol@marsh.example"
    # and the identity service's sign-in page shows the firm
    login = httpx.get(
        f"{identity_service.issuer}u/login",
        params={"next": f"/authorize?{authorize.query.decode()}"},
    )
    assert "Sign in to Harbor &amp; Vale LLP" in login.text
    assert "--pt-brand: #7a1f5c;" in login.text


@pytest.mark.identity
def test_a_sign_in_link_carries_nothing_that_is_not_an_organization(
    harbor, identity_settings, client
):
    import httpx

    start = client.get("/portal/sign-in/?organization=javascript:alert(1)&email=not-an-address")
    params = httpx.URL(start["Location"]).params
    assert "organization" not in params and "login_hint" not in params
