"""With a ClamAV daemon configured, every file is scanned; clients cannot download a file that
is infected or not scanned yet. Without one, files say "not scanned" and stay downloadable."""

from __future__ import annotations

import pytest

from portico.documents.models import ScanState
from portico.testing.clamd import clamd  # noqa: F401  (fixture)
from portico.testing.documents import EICAR, PDF, put_document
from portico.testing.factories import carol_of, make_case
from portico.testing.sessions import open_account, portal_client_for

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.slow,
    pytest.mark.usefixtures("document_storage"),
]


@pytest.fixture
def carols_case(harbor, alice):
    carol = carol_of(harbor, actor=alice)
    return make_case(harbor, [carol], actor=alice), portal_client_for(open_account(carol))


def test_eicar_is_found_and_refused_to_the_client(
    clamd,  # noqa: F811
    carols_case,
    alice,
    django_capture_on_commit_callbacks,
):
    case, as_carol = carols_case
    # given alice shares an "EICAR" text file and a clean PDF
    with django_capture_on_commit_callbacks(execute=True):
        infected = put_document(case, "eicar.txt", EICAR, actor=alice, shared=True)
    with django_capture_on_commit_callbacks(execute=True):
        clean = put_document(case, "Letter.pdf", PDF, actor=alice, shared=True)
    # then the scanner (run once the upload committed) found EICAR and passed the letter
    assert infected.versions.get().scan_state == ScanState.INFECTED
    assert "Portico.Test.EICAR" in infected.versions.get().scan_detail
    assert clean.versions.get().scan_state == ScanState.CLEAN
    # and carol gets the letter, but not the infected file, which her page marks
    refused = as_carol.get(f"/portal/documents/{infected.id}/download/")
    assert refused.status_code == 403
    assert "virus scan found a problem" in refused.content.decode()
    assert as_carol.get(f"/portal/documents/{clean.id}/download/").status_code == 200
    page = as_carol.get(f"/portal/cases/{case.id}/").content.decode()
    assert "A virus was found" in page


def test_without_a_scanner_files_say_not_scanned_and_download(carols_case, alice):
    case, as_carol = carols_case
    document = put_document(case, "Letter.pdf", PDF, actor=alice, shared=True)
    assert document.versions.get().scan_state == ScanState.NOT_SCANNED
    response = as_carol.get(f"/portal/documents/{document.id}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="Letter.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_range_request_gets_just_those_bytes(carols_case, alice):
    case, as_carol = carols_case
    document = put_document(case, "Letter.pdf", PDF, actor=alice, shared=True)
    response = as_carol.get(f"/portal/documents/{document.id}/download/", HTTP_RANGE="bytes=5-12")
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == PDF[5:13]
    assert response["Content-Range"] == f"bytes 5-12/{len(PDF)}"
    unsatisfiable = as_carol.get(
        f"/portal/documents/{document.id}/download/", HTTP_RANGE=f"bytes={len(PDF) + 5}-"
    )
    assert unsatisfiable.status_code == 416
