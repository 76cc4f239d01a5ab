"""Browsers and API clients already signed in (the sign-in flows themselves are tested end to
end against the identity service)."""

from __future__ import annotations

import secrets
import time

from django.test import Client

from portico.accounts.session import SessionPrincipal
from portico.clients.models import Contact
from portico.portal.models import PortalAccount
from portico.tenancy.actions import create_api_key
from portico.tenancy.models import StaffMember


def signed_in_client(member: StaffMember) -> Client:
    """A browser signed in to the workspace as `member`."""
    client = Client()
    session = client.session
    SessionPrincipal(
        kind="staff",
        sub=member.sub,
        firm_id=str(member.firm_id),
        sid="test",
        id_token="test",
        exp=0,
        signed_in_at=time.time(),
    ).store(session)
    session.save()
    return client


def api_client_for(firm) -> Client:
    """A staff API client holding a new API key of `firm`."""
    _key, raw = create_api_key(firm=firm, name="Test key", actor=None)
    return Client(headers={"Authorization": f"Bearer {raw}"})


def open_account(contact: Contact, status=PortalAccount.Status.ACTIVE) -> PortalAccount:
    """Portal access as granting leaves it (the grant itself is tested against the identity service)."""
    return PortalAccount.objects.create(
        firm_id=contact.firm_id,
        contact=contact,
        email=contact.emails.get(is_primary=True).address,
        identity_user_id=f"auth0|{secrets.token_hex(12)}",
        status=status,
    )


def portal_client_for(account: PortalAccount) -> Client:
    """A browser signed in to the portal as `account`'s client."""
    client = Client()
    session = client.session
    SessionPrincipal(
        kind="client",
        sub=account.identity_user_id,
        firm_id=str(account.firm_id),
        sid="test",
        id_token="test",
        exp=0,
        contact_id=str(account.contact_id),
        signed_in_at=time.time(),
    ).store(session)
    session.save()
    return client


def session_key_of(client: Client) -> str:
    """The session cookie a signed-in test browser sends."""
    from django.conf import settings

    return client.cookies[settings.SESSION_COOKIE_NAME].value
