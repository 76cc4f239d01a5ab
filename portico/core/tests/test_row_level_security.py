"""The database half of the firm wall, proven as the role the app connects as in production.

These run only on PostgreSQL (row-level security is PostgreSQL's); CI runs the whole suite on
PostgreSQL as well as SQLite, so they run on every CI build.
"""

from __future__ import annotations

import uuid

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from portico.core.models import firm_owned_models
from portico.tenancy.actions import create_api_key
from portico.tenancy.models import Firm, StaffMember
from portico.testing.sessions import api_client_for, signed_in_client

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row-level security exists on PostgreSQL only"
    ),
    pytest.mark.django_db(transaction=True),
]


def firm_tables() -> list[str]:
    return [Firm._meta.db_table] + [m._meta.db_table for m in firm_owned_models()]


@pytest.fixture
def two_firms(harbor, alice, bob, other_firm, dave):
    create_api_key(firm=harbor, name="Harbor key", actor=alice)
    create_api_key(firm=other_firm, name="Other key", actor=dave)
    return harbor, other_firm


def test_app_role_with_no_firm_set_reads_nothing(app_role_dsn, two_firms):
    # given rows of two firms in every firm-owned table
    # when the app role reads with no firm set
    with psycopg.connect(app_role_dsn) as conn:
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in firm_tables()}
    # then every table reads as empty
    assert counts == {t: 0 for t in firm_tables()}


def test_app_role_sees_only_the_firm_set_for_the_transaction(app_role_dsn, two_firms):
    harbor, _other = two_firms
    with psycopg.connect(app_role_dsn) as conn:
        # when the transaction is scoped to Harbor & Vale
        conn.execute("SELECT set_config('app.firm_id', %s, true)", [str(harbor.id)])
        firms = conn.execute("SELECT name FROM tenancy_firm").fetchall()
        staff = conn.execute("SELECT email FROM tenancy_staffmember ORDER BY email").fetchall()
        keys = conn.execute("SELECT name FROM tenancy_apikey").fetchall()
        conn.commit()
        # then only Harbor's rows are visible
        assert firms == [("Harbor & Vale LLP",)]
        assert staff == [("alice@harborvale.example",), ("bob@harborvale.example",)]
        assert keys == [("Harbor key",)]
        # and the setting ended with the transaction, so a pooled connection forgets it
        assert conn.execute("SELECT count(*) FROM tenancy_staffmember").fetchone()[0] == 0


def test_app_role_cannot_write_rows_of_another_firm(app_role_dsn, two_firms):
    harbor, other = two_firms
    with psycopg.connect(app_role_dsn) as conn:
        conn.execute("SELECT set_config('app.firm_id', %s, false)", [str(other.id)])
        # when Other Firm's transaction inserts a staff member into Harbor & Vale
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                "INSERT INTO tenancy_staffmember (id, firm_id, sub, email, name, role, is_active, created_at)"
                " VALUES (%s, %s, 'auth0|intruder', 'x@example.com', 'Intruder', 'partner', true, now())",
                [uuid.uuid4(), harbor.id],
            )
        conn.rollback()
        conn.execute("SELECT set_config('app.firm_id', %s, false)", [str(other.id)])
        # and when it tries to update or delete Harbor's rows
        updated = conn.execute(
            "UPDATE tenancy_staffmember SET role = 'paralegal' WHERE firm_id = %s", [harbor.id]
        )
        deleted = conn.execute("DELETE FROM tenancy_apikey WHERE firm_id = %s", [harbor.id])
        # or move its own row into Harbor
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE tenancy_staffmember SET firm_id = %s", [harbor.id])
        assert (updated.rowcount, deleted.rowcount) == (0, 0)
    # then Harbor's data is as it was
    assert StaffMember.objects.filter(firm=harbor).count() == 2
    assert not StaffMember.objects.filter(sub="auth0|intruder").exists()
    assert set(StaffMember.objects.filter(firm=harbor).values_list("role", flat=True)) == {
        "partner",
        "associate",
    }


def test_catalog_rls_is_forced_on_every_firm_table_and_the_app_role_cannot_bypass_it():
    role = settings.DATABASE_APP_ROLE
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, pg_get_userbyid(c.relowner)"
            " FROM pg_class c WHERE c.relname = ANY(%s) AND c.relkind = 'r'",
            [firm_tables()],
        )
        tables = {name: (rls, forced, owner) for name, rls, forced, owner in cursor.fetchall()}
        cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [role])
        role_flags = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid"
            " JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = %s",
            [role],
        )
        memberships = cursor.fetchone()[0]
    assert set(tables) == set(firm_tables())
    for name, (rls, forced, owner) in tables.items():
        assert (rls, forced) == (True, True), f"{name} lacks enabled+forced row-level security"
        assert owner != role, f"{name} is owned by the app role"
    assert role_flags == (False, False)
    assert memberships == 0, "the app role inherits another role's privileges"


@pytest.fixture
def clients(two_firms, alice, dave):
    # made before the switch: creating a key needs no firm context then
    return signed_in_client(alice), api_client_for(dave.firm)


def test_requests_work_through_rls_as_the_app_role(clients, django_as_app_role, bob):
    alice_browser, dave_api = clients
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == settings.DATABASE_APP_ROLE
    # when alice opens her staff page and dave lists his firm's staff, as the app role
    page = alice_browser.get("/workspace/staff/")
    listed = dave_api.get("/api/v1/staff")
    own = alice_browser.get("/workspace/settings/api-keys/")
    # then each sees their own firm, through the policies
    assert page.status_code == 200
    assert "bob@harborvale.example" in page.content.decode()
    assert "dave@otherfirm.example" not in page.content.decode()
    assert listed.status_code == 200
    assert [m["email"] for m in listed.json()] == ["dave@otherfirm.example"]
    assert own.status_code == 200 and "Harbor key" in own.content.decode()
    # and dave cannot reach bob even by id
    assert dave_api.get(f"/api/v1/staff/{bob.id}").status_code == 404


def test_interleaved_requests_of_two_firms_never_see_each_other(clients, django_as_app_role, bob):
    """The firm is set per transaction (SET LOCAL), so a pooled connection that served one firm
    carries nothing into the next request; afterwards no firm is set at all."""
    alice_browser, dave_api = clients
    for _ in range(100):
        assert (
            "dave@otherfirm.example" not in alice_browser.get("/workspace/staff/").content.decode()
        )
        assert [m["email"] for m in dave_api.get("/api/v1/staff").json()] == [
            "dave@otherfirm.example"
        ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(current_setting('app.firm_id', true), '')")
        assert cursor.fetchone()[0] == ""
        cursor.execute("SELECT count(*) FROM tenancy_staffmember")
        assert cursor.fetchone()[0] == 0
