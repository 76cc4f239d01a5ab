"""`manage.py create_firm`: a firm and its first partner, invited through the real identity
service and a real SMTP server; no password printed or stored; idempotent; refused plainly
when the identity service cannot be reached."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command

from portico.tenancy.models import Firm, StaffMember
from portico.testing.http_browser import set_password_from, sign_in
from portico.testing.identity import unique_email
from portico.testing.smtp import text_of

PASSWORD = "Quill-Harbour-Lantern-61"


def _create_firm(*extra: str, email: str) -> str:
    out = io.StringIO()
    call_command(
        "create_firm",
        "--name",
        "Juniper & Pike LLP",
        "--slug",
        "juniper-pike",
        "--currency",
        "EUR",
        "--timezone",
        "Europe/Dublin",
        "--partner-email",
        email,
        *extra,
        stdout=out,
    )
    return out.getvalue()


@pytest.mark.identity
def test_the_first_partner_is_invited_chooses_a_password_and_signs_in(
    web_with_identity, identity_admin, smtp_inbox
):
    email = unique_email("june")
    # when the operator creates the firm
    said = _create_firm("--partner-name", "June Pike", email=email)
    # then the firm exists as asked, with June as its one partner, invited
    assert "Created firm Juniper & Pike LLP" in said and f"Invited {email} as partner" in said
    firm = Firm.objects.get(slug="juniper-pike")
    assert (firm.name, firm.currency, firm.timezone) == (
        "Juniper & Pike LLP",
        "EUR",
        "Europe/Dublin",
    )
    june = StaffMember.objects.get(firm=firm)
    assert (june.email, june.name, june.role, june.is_pending) == (
        email,
        "June Pike",
        "partner",
        True,
    )
    # and she has a login at the identity service, noting this firm
    user = identity_admin.get_user(june.sub)
    assert user["email"] == email and str(firm.id) in user["app_metadata"]["staff_of"]

    # the invitation arrives by email with a link to choose her password; nothing printed one
    invitation = smtp_inbox.wait_for(to=email)
    assert "Juniper & Pike LLP" in invitation["Subject"]
    link = re.search(r"http\S+/reset-password\S+", text_of(invitation)).group(0)
    assert "password:" not in said.lower()
    set_password_from(link, PASSWORD)

    # she signs in through the practice app and lands in her firm's workspace
    browser, landed = sign_in(web_with_identity, email, PASSWORD)
    assert str(landed.url) == f"{web_with_identity}/workspace/"
    assert "Juniper &amp; Pike LLP" in landed.text
    june.refresh_from_db()
    assert june.last_sign_in_at is not None and not june.is_pending

    # running the command again changes nothing and says so
    again = _create_firm(email=email)
    assert "exists; left as it is" in again and "already a partner" in again
    assert Firm.objects.filter(slug="juniper-pike").count() == 1
    assert StaffMember.objects.filter(firm=firm).count() == 1
    assert len(identity_admin.users_by_email(email)) == 1
    browser.close()


def test_an_unreachable_identity_service_is_refused_and_nothing_is_made(db, identity_unreachable):
    with pytest.raises(CommandError) as refused:
        _create_firm(email="june@juniper.example")
    assert "cannot be reached" in str(refused.value)
    assert "Nothing was created" in str(refused.value)
    assert not Firm.objects.filter(slug="juniper-pike").exists()


@pytest.mark.identity
def test_bad_input_is_refused_in_plain_words(identity_settings, db):
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command(
            "create_firm",
            "--name",
            "Juniper",
            "--slug",
            "Juniper Pike!",
            "--currency",
            "dollars",
            "--timezone",
            "Mars/Olympus",
            "--partner-email",
            unique_email("june"),
            stdout=out,
        )
    message = str(refused.value)
    assert "--slug: Use lower-case letters" in message
    assert "--currency: Enter a currency as its three-letter ISO code" in message
    assert "--timezone: Enter a time zone by its IANA name" in message
    assert not Firm.objects.filter(name="Juniper").exists()
