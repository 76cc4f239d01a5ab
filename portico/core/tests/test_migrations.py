"""Every model change ships with its migration. `make check` builds its test database from
the models, not the migrations (it is quicker), so this is what keeps the two the same."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(f"a model changed without its migration:\n{out.getvalue()}")
