"""Personas that recur in every test: Harbor & Vale LLP (alice, partner; bob, associate) and
Other Firm (dave, partner)."""

from __future__ import annotations

import pytest
from django.test import Client

from portico.tenancy.models import StaffMember
from portico.testing.factories import FirmFactory, StaffMemberFactory
from portico.testing.sessions import api_client_for, signed_in_client
from portico.testing.tasks import use_task_backend

pytest_plugins = [
    "portico.testing.identity",
    "portico.testing.rls",
    "portico.testing.browser",
    "portico.testing.smtp",
    "portico.testing.events",
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


@pytest.fixture
def as_alice(alice) -> Client:
    return signed_in_client(alice)


@pytest.fixture
def as_bob(bob) -> Client:
    return signed_in_client(bob)


@pytest.fixture
def as_dave(dave) -> Client:
    return signed_in_client(dave)


@pytest.fixture
def harbor_api(harbor) -> Client:
    return api_client_for(harbor)


@pytest.fixture
def other_api(other_firm) -> Client:
    return api_client_for(other_firm)


@pytest.fixture(autouse=True, scope="session")
def _tasks_run_at_once(django_test_environment):
    """In tests, queued work runs when its transaction commits, in the same process: what the
    worker would do a moment later. The worker itself is Django's own db_worker."""
    use_task_backend("django.tasks.backends.immediate.ImmediateBackend")
