"""The streaming upload front (documents/uploads.py) called as a server would call it: who is
asking, CSRF, the matter, the name and the declared size are checked before a byte of the body
is read; refusals say why in plain words and store nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from portico.documents.models import Document
from portico.documents.storage import stored_keys
from portico.testing.documents import PDF, call_upload_front, jpeg
from portico.testing.factories import carol_of, dan_of, make_case
from portico.testing.sessions import open_account, portal_client_for, signed_in_client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_storage")]


def nothing_stored() -> bool:
    root = Path(settings.UPLOAD_TEMP_DIR)
    temp = [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
    return temp == [] and list(stored_keys()) == [] and Document.objects.count() == 0


@pytest.fixture
def world(harbor, alice):
    carol = carol_of(harbor, actor=alice)
    dan = dan_of(harbor, actor=alice)
    return {
        "case": make_case(harbor, [carol], number="HV-1", actor=alice),
        "dans_case": make_case(harbor, [dan], name="Okafor v. Brightline", actor=alice),
        "as_carol": portal_client_for(open_account(carol)),
        "carol": carol,
    }


def test_alice_uploads_in_chunks_and_the_file_is_whole(world, alice):
    url = (
        f"/workspace/cases/{world['case'].id}/documents/upload/?name=Engagement letter.pdf&shared=1"
    )
    halves = [PDF[:40], PDF[40:]]
    status, answer, _reads = call_upload_front(
        signed_in_client(alice), url, halves, headers={"content-length": len(PDF)}
    )
    assert status == 201, answer
    document = Document.objects.get()
    assert document.shared_with_clients and answer["name"] == "Engagement letter.pdf"
    assert document.versions.get().size == len(PDF)


def test_a_file_declared_over_the_limit_is_refused_before_its_body_is_read(world, alice):
    url = f"/workspace/cases/{world['case'].id}/documents/upload/?name=big.pdf"
    declared = settings.DOCUMENTS_MAX_BYTES + 1
    status, answer, reads = call_upload_front(
        signed_in_client(alice), url, [PDF], headers={"content-length": declared}
    )
    assert (status, reads) == (413, 0)
    assert "larger than the 250 MB limit" in answer["detail"]
    assert nothing_stored()


def test_a_file_that_grows_past_the_limit_is_refused_while_it_arrives(world, alice, settings):
    settings.DOCUMENTS_MAX_BYTES = 100_000
    url = f"/workspace/cases/{world['case'].id}/documents/upload/?name=big.pdf"
    status, answer, reads = call_upload_front(
        signed_in_client(alice), url, [PDF] + [b"0" * 40_000] * 5
    )
    assert status == 413 and reads < 6 and "Nothing was stored" in answer["detail"]
    assert nothing_stored()


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("../../secrets.pdf", "may not contain"),
        ("evil%00.pdf", "control characters"),
        ("invoice.pdf.exe", "not accepted"),
        ("invoice.exe.pdf", "two extensions"),
    ],
)
def test_bad_names_are_refused_before_the_body_is_read(world, alice, name, says):
    url = f"/workspace/cases/{world['case'].id}/documents/upload/?name={name}"
    status, answer, reads = call_upload_front(signed_in_client(alice), url, [PDF])
    assert (status, reads) == (422, 0) and says in answer["detail"]
    assert nothing_stored()


def test_content_that_does_not_match_its_name_is_refused(world, alice):
    url = f"/workspace/cases/{world['case'].id}/documents/upload/?name=photo.png"
    status, answer, _reads = call_upload_front(signed_in_client(alice), url, [PDF])
    assert status == 422 and "is called a PNG image but its content is not one" in answer["detail"]
    assert nothing_stored()


def test_carol_uploads_to_her_case_and_the_firm_sees_it(world):
    url = f"/portal/cases/{world['case'].id}/documents/upload/?name=Bruise.jpg"
    status, answer, _reads = call_upload_front(world["as_carol"], url, [jpeg()])
    assert status == 201, answer
    document = Document.objects.get()
    assert document.author_contact_id == world["carol"].id
    assert document.shared_with_clients is False


def test_carol_cannot_upload_to_a_case_that_is_not_hers(world):
    url = f"/portal/cases/{world['dans_case'].id}/documents/upload/?name=Bruise.jpg"
    status, _answer, reads = call_upload_front(world["as_carol"], url, [jpeg()])
    assert (status, reads) == (404, 0)
    assert nothing_stored()


def test_another_firm_cannot_upload_to_harbors_case(world, dave):
    url = f"/workspace/cases/{world['case'].id}/documents/upload/?name=x.pdf"
    status, _answer, reads = call_upload_front(signed_in_client(dave), url, [PDF])
    assert (status, reads) == (404, 0)
    assert nothing_stored()


def test_nobody_signed_in_and_a_forged_request_are_refused_unread(world, alice):
    url = f"/workspace/cases/{world['case'].id}/documents/upload/?name=x.pdf"
    from django.test import Client

    status, answer, reads = call_upload_front(Client(), url, [PDF])
    assert (status, reads) == (401, 0) and "sign in" in answer["detail"]
    status, answer, reads = call_upload_front(signed_in_client(alice), url, [PDF], csrf=None)
    assert (status, reads) == (403, 0) and "Reload" in answer["detail"]
    assert nothing_stored()


def test_the_front_serves_every_upload_url_and_only_those():
    from portico.config.front import front_routes
    from portico.documents.uploads import UploadView
    from portico.testing.routes import all_routes

    uploads = {
        r.template
        for r in all_routes()
        if issubclass(getattr(resolve_view(r.template), "view_class", object), UploadView)
    }
    served = {r.template for r in front_routes() if r.method == "POST"}
    assert uploads == served and len(served) == 9  # documents 5, intake files 4


def resolve_view(template: str):
    import re
    import uuid

    from django.urls import Resolver404, resolve

    try:
        return resolve(re.sub(r"<uuid\w*:\w+>", str(uuid.uuid4()), template)).func
    except Resolver404:
        return None
