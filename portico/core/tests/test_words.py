"""Words a person understands: choices by their labels (in errors and in the history, never
`civil_litigation` or `drivers_license`), and the portal naming the firm or the staff member
who wrote, never "System"."""

from __future__ import annotations

import re

import pytest

from portico.core.errors import ErrorCollector, check_choice
from portico.matters.actions import add_comment, post_status_update
from portico.matters.models import Lead, PracticeArea
from portico.testing.factories import carol_of, make_case
from portico.testing.sessions import open_account, portal_client_for

pytestmark = pytest.mark.django_db


def test_a_lead_without_a_practice_area_is_refused_in_words(as_alice, harbor):
    carol = carol_of(harbor)
    page = as_alice.post(
        "/workspace/leads/new/",
        {"title": "Marsh: lease", "contact_ids": [str(carol.id)], "status": "new"},
    )
    html = page.content.decode()
    assert page.status_code == 422
    summary = re.search(r'class="error-summary".*?</div>\s*</div>', html, re.S).group(0)
    beside = re.search(r'id="id_practice_area_error">(.*?)</span>\s*<select', html, re.S).group(1)
    assert "Practice area: Choose the practice area." in summary
    assert "Choose the practice area." in beside
    words = re.sub(r"<[^>]+>", " ", summary + beside)
    assert "_" not in words
    assert not Lead.objects.for_firm(harbor.id).exists()


def test_an_unknown_choice_is_explained_with_the_labels():
    errors = ErrorCollector()
    check_choice(errors, "practice_area", "tax", PracticeArea, required=True)
    [message] = errors.errors["practice_area"]
    assert message.startswith("Choose one of these for the practice area: Bankruptcy, ")
    assert "Civil litigation" in message and "civil_litigation" not in message


def test_the_history_shows_labels_and_dates_as_people_write_them(as_alice, harbor, alice):
    carol = carol_of(harbor, actor=alice)
    html = as_alice.get(f"/workspace/clients/{carol.id}/").content.decode()
    history = html[html.index('id="h-history"') :]
    assert "identification type:</span> Driver&#x27;s license" in history
    assert "drivers_license" not in history
    assert "+1 207-555-0142 (mobile, primary)" in history


def test_the_portal_names_the_firm_or_the_staff_member_never_the_system(harbor, alice):
    carol = carol_of(harbor)
    case = make_case(harbor, [carol])
    post_status_update(matter=case, body="Filed with the court.", actor=None)
    post_status_update(matter=case, body="Hearing set for May.", actor=alice)
    add_comment(matter=case, body="Please send the lease.", is_private=False, actor=None)
    client = portal_client_for(open_account(carol))

    html = client.get(f"/portal/cases/{case.id}/").content.decode()

    assert "System" not in html
    assert "— Harbor &amp; Vale LLP" in html
    assert "— Alice Harbor" in html
    assert "Harbor &amp; Vale LLP · " in html  # the message from the firm
