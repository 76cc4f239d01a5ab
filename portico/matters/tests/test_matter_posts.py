"""Comments and status updates posted from a lead's or a case's page."""

from __future__ import annotations

import pytest

from portico.matters.models import Comment, StatusUpdate
from portico.testing.factories import carol_of, make_case, make_lead

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["lead", "case"])
def matter(request, harbor, alice):
    carol = carol_of(harbor, actor=alice)
    return (
        make_lead(harbor, [carol], actor=alice)
        if request.param == "lead"
        else make_case(harbor, [carol], actor=alice)
    )


def test_alice_comments_privately_and_posts_an_update(matter, as_alice):
    page = matter.get_absolute_url()
    # when alice posts a private comment and a status update from the page
    commented = as_alice.post(
        f"{page}comments/", {"comment-body": "Call the insurer.", "comment-is_private": "on"}
    )
    updated = as_alice.post(f"{page}status-updates/", {"status-body": "We filed the claim."})
    # then each is saved, by her, and she is taken back to it on the page, where it is marked
    # as the new item
    comment = Comment.objects.get(body="Call the insurer.")
    update = StatusUpdate.objects.get(body="We filed the claim.")
    assert (comment.is_private, comment.author_name) == (True, "Alice Harbor")
    assert update.author_name == "Alice Harbor"
    assert commented.status_code == 302 and commented.url == f"{page}#comment-{comment.id}"
    assert updated.status_code == 302 and updated.url == f"{page}#update-{update.id}"
    html = as_alice.get(page).content.decode()
    assert f'id="comment-{comment.id}" data-new-item' in html
    assert f'id="update-{update.id}" data-new-item' in html


def test_an_empty_comment_or_update_is_refused_and_nothing_saved(matter, as_alice):
    page = matter.get_absolute_url()
    refused_comment = as_alice.post(f"{page}comments/", {"comment-body": "  "})
    refused_update = as_alice.post(f"{page}status-updates/", {"status-body": ""})
    assert (refused_comment.status_code, refused_update.status_code) == (422, 422)
    assert "Write the comment before saving it." in refused_comment.content.decode()
    assert "Write the status update before saving it." in refused_update.content.decode()
    assert not Comment.objects.exists() and not StatusUpdate.objects.exists()
