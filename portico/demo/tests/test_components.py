"""The design system's components page: only in demo mode, showing every token and component
in each of its states, drawn by the same templates the pages use."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_components_page_exists_only_in_demo_mode(settings):
    settings.PORTICO_DEMO = False
    assert Client().get("/_dev/components/").status_code == 404


def test_it_shows_every_component_in_its_states(settings):
    settings.PORTICO_DEMO = True
    html = Client().get("/_dev/components/").content.decode()
    for heading in (
        "Tokens",
        "Buttons",
        "Form fields and fieldsets",
        "Error summary and refused fields",
        "Alerts and messages",
        "Cards, badges, facts, threads, empty states",
        "Tables that become cards on phones",
        "Navigation and pagination",
    ):
        assert f">{heading}</h2>" in html
    # fields drawn by the one field template, empty and refused
    assert '<label class="field__label" for="id_name">Full name</label>' in html
    assert 'id="id_opened_on_error"' in html and "is not a real date" in html
    assert 'class="field field--error"' in html
    assert 'aria-current="page"' in html and 'class="table table--cards"' in html
    assert "--pt-accent" in html and 'class="empty"' in html
