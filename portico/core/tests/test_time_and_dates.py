"""Every time is shown in the firm's time zone with its abbreviation; dates are entered with
native date inputs, and a date that is no real date, or out of range, is refused beside its
field with the stored date unchanged."""

from __future__ import annotations

import datetime
import re
import zoneinfo

import pytest

from portico.matters.actions import add_comment
from portico.testing.factories import carol_of, make_case

pytestmark = pytest.mark.django_db
NOON_UTC = datetime.datetime(2026, 1, 15, 17, 5, tzinfo=zoneinfo.ZoneInfo("UTC"))


def comment_time(html: str) -> str:
    entry = re.search(r'<li id="comment-[^>]+>(.*?)</li>', html, re.S).group(1)
    assert "Insurer called" in entry
    return re.search(r'<time datetime="[^"]+">([^<]+)</time>', entry).group(1)


def test_changing_the_firms_time_zone_changes_the_times_shown(harbor, alice, as_alice):
    carol = carol_of(harbor)
    case = make_case(harbor, [carol])
    comment = add_comment(matter=case, body="Insurer called.", is_private=True, actor=alice)
    type(comment).objects.filter(pk=comment.pk).update(created_at=NOON_UTC)

    # in New York (the default), 17:05 UTC is noon, Eastern Standard Time
    assert comment_time(as_alice.get(case.get_absolute_url()).content.decode()) == (
        "Jan 15, 2026, 12:05 PM EST"
    )
    # when the firm moves to Los Angeles, the same moment reads three hours earlier, PST
    harbor.timezone = "America/Los_Angeles"
    harbor.save()
    assert comment_time(as_alice.get(case.get_absolute_url()).content.decode()) == (
        "Jan 15, 2026, 9:05 AM PST"
    )
    # and the machine-readable time says the same moment with its offset
    html = as_alice.get(case.get_absolute_url()).content.decode()
    assert '<time datetime="2026-01-15T09:05-08:00">Jan 15, 2026, 9:05 AM PST</time>' in html


def edit_carol(client, carol, **changes):
    emails = list(carol.emails.all())
    data = {
        "kind": "person",
        "first_name": "Carol",
        "last_name": "Marsh",
        "identification_type": "drivers_license",
        "date_of_birth": "1984-05-17",
        "emails-TOTAL_FORMS": "1",
        "emails-INITIAL_FORMS": "1",
        "emails-0-id": str(emails[0].id),
        "emails-0-address": emails[0].address,
        "emails-0-label": "personal",
        "emails-0-is_contactable": "on",
        "emails-primary": "0",
        "phones-TOTAL_FORMS": "0",
        "phones-INITIAL_FORMS": "0",
        "addresses-TOTAL_FORMS": "0",
        "addresses-INITIAL_FORMS": "0",
        **changes,
    }
    return client.post(f"/workspace/clients/{carol.id}/edit/", data)


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        ({"date_of_birth": "1984-02-31"}, "“1984-02-31” is not a real date."),
        ({"date_of_birth": "", "date_of_birth-invalid": "1"}, "That is not a real date."),
        ({"date_of_birth": "0519-12-04"}, "Enter a date on or after January 1, 1900."),
        ({"date_of_birth": "2999-01-01"}, "A date of birth cannot be in the future."),
    ],
    ids=["february 31st", "typed but impossible", "year 519", "the future"],
)
def test_a_date_that_is_no_real_date_is_refused_beside_the_field(harbor, as_alice, sent, message):
    carol = carol_of(harbor)
    carol.date_of_birth = datetime.date(1984, 5, 17)
    carol.save()

    response = edit_carol(as_alice, carol, **sent)

    html = response.content.decode()
    assert response.status_code == 422
    beside = re.search(r'id="id_date_of_birth_error">(.*?)</span>\s*<input', html, re.S).group(1)
    assert message in beside
    assert 'href="#id_date_of_birth"' in html  # and in the error summary, linking to it
    carol.refresh_from_db()
    assert carol.date_of_birth == datetime.date(1984, 5, 17)


def test_date_inputs_are_native_and_bounded(harbor, as_alice):
    carol = carol_of(harbor)
    html = as_alice.get(f"/workspace/clients/{carol.id}/edit/").content.decode()
    field = re.search(r'<input type="date" name="date_of_birth"[^>]*>', html).group(0)
    assert 'min="1900-01-01"' in field
    assert re.search(r'max="\d{4}-\d\d-\d\d"', field)
