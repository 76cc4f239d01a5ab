"""Personas that recur in every test: Harbor & Vale LLP (alice, partner; bob, associate) and
Other Firm (dave, partner)."""

from __future__ import annotations

import pytest
from django.test import Client

from portico.accounts.session import SessionPrincipal
from portico.tenancy.actions import create_api_key
from portico.tenancy.models import StaffMember
from portico.tenancy.tests.factories import FirmFactory, StaffMemberFactory

pytest_plugins = [
    "portico.testing.identity",
    "portico.testing.rls",
    "portico.testing.browser",
    "portico.testing.smtp",
]


@pytest.fixture
def harbor(db):
    return FirmFactory(name="Harbor & Vale LLP", slug="harbor-vale")


@pytest.fixture
def other_firm(db):
    return FirmFactory(name="Other Firm", slug="other-firm")


@pytest.fixture
def alice(harbor):
    return StaffMemberFactory(
        firm=harbor,
        name="Alice Harbor",
        email="alice@harborvale.example",
        role=StaffMember.Role.PARTNER,
    )


@pytest.fixture
def bob(harbor):
    return StaffMemberFactory(
        firm=harbor,
        name="Bob Vale",
        email="bob@harborvale.example",
        role=StaffMember.Role.ASSOCIATE,
    )


@pytest.fixture
def dave(other_firm):
    return StaffMemberFactory(
        firm=other_firm,
        name="Dave Other",
        email="dave@otherfirm.example",
        role=StaffMember.Role.PARTNER,
    )


def signed_in_client(member: StaffMember) -> Client:
    """A browser already signed in as `member` (the sign-in flow itself is tested end to end)."""
    client = Client()
    session = client.session
    SessionPrincipal(
        kind="staff",
        sub=member.sub,
        firm_id=str(member.firm_id),
        sid="test",
        id_token="test",
        exp=0,
    ).store(session)
    session.save()
    return client


@pytest.fixture
def as_alice(alice) -> Client:
    return signed_in_client(alice)


@pytest.fixture
def as_bob(bob) -> Client:
    return signed_in_client(bob)


@pytest.fixture
def as_dave(dave) -> Client:
    return signed_in_client(dave)


def api_client_for(firm) -> Client:
    _key, raw = create_api_key(firm=firm, name="Test key", actor=None)
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def harbor_api(harbor) -> Client:
    return api_client_for(harbor)


@pytest.fixture
def other_api(other_firm) -> Client:
    return api_client_for(other_firm)


def use_task_backend(backend: str) -> None:
    """Point django.tasks at `backend` (its handler caches its settings, so reset it too)."""
    from asgiref.local import Local
    from django.conf import settings
    from django.tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": backend}}
    task_backends._settings = None
    task_backends.__dict__.pop("settings", None)
    task_backends._connections = Local(task_backends.thread_critical)


@pytest.fixture(autouse=True, scope="session")
def _tasks_run_at_once(django_test_environment):
    """In tests, queued work runs when its transaction commits, in the same process: what the
    worker would do a moment later. The worker itself is Django's own db_worker."""
    use_task_backend("django.tasks.backends.immediate.ImmediateBackend")
