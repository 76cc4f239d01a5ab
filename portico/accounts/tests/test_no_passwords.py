"""The practice app never holds a password: not a column, not a hash, not an auth framework."""

import re

import pytest
from django.conf import settings
from django.db import connection

SUSPECT = re.compile(r"pass|pwd|hash|secret|salt", re.IGNORECASE)


@pytest.mark.django_db
def test_no_table_of_the_practice_app_has_a_password_or_hash_column():
    # given the migrated schema
    with connection.cursor() as cursor:
        columns = [
            (table, col.name)
            for table in connection.introspection.table_names(cursor)
            for col in connection.introspection.get_table_description(cursor, table)
        ]
    # then it has tables, and none of their columns could hold a password or its hash
    assert len({t for t, _c in columns}) >= 5
    assert [c for c in columns if SUSPECT.search(c[1])] == []


def test_django_auth_is_not_installed():
    # Django's auth app would bring a users table with a password column.
    assert "django.contrib.auth" not in settings.INSTALLED_APPS
