"""Personas that recur in every test: Harbor & Vale LLP (alice, partner; bob, associate) and
Other Firm (dave, partner)."""

from __future__ import annotations

import pytest
from django.test import Client

from portico.tenancy.models import StaffMember
from portico.testing.factories import FirmFactory, StaffMemberFactory
from portico.testing.sessions import api_client_for, signed_in_client

pytest_plugins = [
    "portico.testing.identity",
    "portico.testing.rls",
    "portico.testing.browser",
    "portico.testing.smtp",
    "portico.testing.events",
    "portico.testing.tasks",
    "portico.testing.world",
    "portico.testing.identity_pages",
    "portico.testing.streams",
    "portico.testing.asgi_server",
    "portico.testing.stripe",
]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On PostgreSQL, the app role exists (and may log in) before the test database is
    migrated: `migrate` refuses without it, as it does in production."""
    from django.conf import settings

    from portico.testing.rls import ensure_app_role

    ensure_app_role()
    # On SQLite the tests share one in-memory database in shared-cache mode, where a second
    # writer fails at once instead of waiting, so a transaction begun IMMEDIATE (as `make run`'s
    # file database begins them, see config/settings.py) would lock out the test server's
    # threads for every read. Tested on a file, as make run uses it, in test_embedded_database.
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        options.pop("transaction_mode", None)
        options.pop("init_command", None)


@pytest.fixture(autouse=True, scope="session")
def _owner_connection_allowed(django_test_environment):
    """The test process serves the ASGI application (live streams) as the superuser that made
    the test database; the check refusing that in production is tested on its own, in fresh
    processes (core/tests/test_startup_checks.py)."""
    from django.conf import settings

    settings.PORTICO_ALLOW_OWNER_CONNECTION = True


@pytest.fixture(autouse=True, scope="session")
def _static_files_found_per_request(django_test_environment):
    """Every test client builds the middleware anew, and WhiteNoise would stat and date every
    static file each time (about 565 times a run). Found per request instead, as in
    development, the files and their headers served are the same."""
    from django.conf import settings

    settings.WHITENOISE_AUTOREFRESH = True


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


# Fixtures that start a real service; a test using one must say so with its marker, and is
# slow by nature: `make check` leaves those out, `make test` runs them all.
MARKED_BY_FIXTURE = {"identity_service": "identity", "browser": "browser"}


@pytest.fixture(autouse=True)
def _files_in_a_temporary_folder(settings, tmp_path):
    """Uploaded files (a firm's logo) go to a folder of the test's own, never to var/media."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    settings.UPLOAD_TEMP_DIR = tmp_path / "incoming"
    settings.CLAMD_URL = ""


def pytest_collection_modifyitems(config, items):
    unmarked = []
    for item in items:
        for fixture, marker in MARKED_BY_FIXTURE.items():
            if fixture in item.fixturenames and item.get_closest_marker(marker) is None:
                unmarked.append(f"{item.nodeid} uses {fixture}: mark it @pytest.mark.{marker}")
        if item.get_closest_marker("identity") or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)
    if unmarked:
        raise pytest.UsageError("\n".join(unmarked))
