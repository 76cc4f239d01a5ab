"""Documents through the staff API and the portal API."""

from __future__ import annotations

import pytest

from portico.documents.models import Document
from portico.testing.documents import PDF, jpeg, put_document
from portico.testing.factories import carol_of, dan_of, make_case
from portico.testing.sessions import open_account, portal_client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(harbor, alice):
    return make_case(
        harbor, [carol_of(harbor, actor=alice), dan_of(harbor, actor=alice)], actor=alice
    )


def test_an_integration_uploads_lists_shares_and_deletes(harbor_api, case):
    url = f"/api/v1/cases/{case.id}/documents"
    created = harbor_api.post(
        f"{url}?name=Engagement letter.pdf&shared=true", data=PDF, content_type="application/pdf"
    )
    assert created.status_code == 201, created.content
    document = created.json()
    assert document["shared"] is True and document["versions"][0]["size"] == len(PDF)
    assert [d["name"] for d in harbor_api.get(url).json()["documents"]] == ["Engagement letter.pdf"]
    patched = harbor_api.patch(
        f"/api/v1/documents/{document['id']}",
        data={"shared": False},
        content_type="application/json",
    )
    assert patched.json()["shared"] is False
    download = harbor_api.get(f"/api/v1/documents/{document['id']}/download")
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    assert harbor_api.delete(f"/api/v1/documents/{document['id']}").status_code == 204
    assert harbor_api.get(url).json()["documents"] == []


def test_the_api_refuses_a_bad_file_in_plain_words_and_stores_nothing(harbor_api, case):
    response = harbor_api.post(
        f"/api/v1/cases/{case.id}/documents?name=photo.png", data=PDF, content_type="image/png"
    )
    assert response.status_code == 422
    assert "is called a PNG image but its content is not one" in response.json()["detail"]
    assert Document.objects.count() == 0


def test_the_portal_api_shows_shared_files_and_the_clients_own_only(case, alice):
    carol = case.case_clients.get(contact__first_name="Carol").contact
    dan = case.case_clients.get(contact__first_name="Dan").contact
    shared = put_document(case, "Engagement letter.pdf", PDF, actor=alice, shared=True)
    private = put_document(case, "Strategy memo.pdf", PDF, actor=alice)
    carols = put_document(case, "Bruise.jpg", jpeg(), actor=carol)
    as_carol = portal_client_for(open_account(carol))
    as_dan = portal_client_for(open_account(dan))
    listed = as_carol.get(f"/portal/api/v1/cases/{case.id}/documents").json()["documents"]
    assert {(d["name"], d["mine"]) for d in listed} == {
        ("Engagement letter.pdf", False),
        ("Bruise.jpg", True),
    }
    dans = as_dan.get(f"/portal/api/v1/cases/{case.id}/documents").json()["documents"]
    assert [d["name"] for d in dans] == ["Engagement letter.pdf"]
    # what dan may not see is the same 404 as what does not exist, in the API and the pages
    for document in (private, carols):
        assert as_dan.get(f"/portal/api/v1/documents/{document.id}/download").status_code == 404
        assert as_dan.get(f"/portal/documents/{document.id}/download/").status_code == 404
    ok = as_dan.get(f"/portal/api/v1/documents/{shared.id}/download")
    assert ok.status_code == 200 and b"".join(ok.streaming_content) == PDF


def test_the_portal_api_lists_many_documents_for_the_queries_of_one(case, alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    carol = case.case_clients.get(contact__first_name="Carol").contact
    as_carol = portal_client_for(open_account(carol))
    url = f"/portal/api/v1/cases/{case.id}/documents"

    def listed() -> tuple[int, int]:
        as_carol.get(url)
        with CaptureQueriesContext(connection) as captured:
            documents = as_carol.get(url).json()["documents"]
        return len(documents), len(captured.captured_queries)

    put_document(case, "Letter 1.pdf", PDF, actor=alice, shared=True)
    one, queries_for_one = listed()
    for n in range(2, 6):
        put_document(case, f"Letter {n}.pdf", PDF, actor=alice, shared=True)
    five, queries_for_five = listed()
    assert (one, five) == (1, 5)
    assert queries_for_five == queries_for_one
