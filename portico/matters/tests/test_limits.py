"""Every length limit is the model's column: the staff API's schema, the page's form and the
action all refuse the same text with the same words, and the portal's schema says the same."""

from __future__ import annotations

import pytest

from portico.clients.models import Contact
from portico.config.api import portal_api, staff_api
from portico.matters.forms import LeadForm
from portico.matters.models import Case, Lead
from portico.testing.factories import carol_of
from portico.testing.openapi import published_document

pytestmark = pytest.mark.django_db


def _max_length(api, prefix: str, schema: str, field: str) -> int:
    components = published_document(api, prefix)["components"]["schemas"]
    prop = components[schema]["properties"][field]
    return prop.get("maxLength") or next(o["maxLength"] for o in prop["anyOf"] if "maxLength" in o)


def test_the_schemas_and_the_form_declare_the_columns_limits(harbor):
    title = Lead._meta.get_field("title").max_length
    assert _max_length(staff_api, "/api/v1/", "LeadIn", "title") == title
    assert LeadForm(firm_id=harbor.id).fields["title"].max_length == title
    assert _max_length(staff_api, "/api/v1/", "CasePatch", "number") == (
        Case._meta.get_field("number").max_length
    )
    assert _max_length(portal_api, "/portal/api/v1/", "MePatch", "first_name") == (
        Contact._meta.get_field("first_name").max_length
    )


def test_a_title_one_character_too_long_is_refused_alike_by_the_api_and_the_page(
    harbor, harbor_api, as_alice
):
    carol = carol_of(harbor)
    too_long = "x" * (Lead._meta.get_field("title").max_length + 1)
    api = harbor_api.post(
        "/api/v1/leads",
        {"title": too_long, "practice_area": "family", "contact_ids": [str(carol.id)]},
        content_type="application/json",
    )
    page = as_alice.post(
        "/workspace/leads/new/",
        {
            "title": too_long,
            "practice_area": "family",
            "status": "new",
            "contact_ids": [str(carol.id)],
        },
    )
    assert api.status_code == 422
    assert api.json()["errors"] == {"title": ["Use at most 200 characters."]}
    assert page.status_code == 422 and "Use at most 200 characters." in page.content.decode()
    assert not Lead.objects.exists()
