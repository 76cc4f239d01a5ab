"""Documents on a matter: upload, versions, sharing, soft delete; names and types refused in
plain words with nothing stored."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.conf import settings

from portico.audit.models import AuditEvent
from portico.documents.actions import (
    add_document_version,
    delete_document,
    set_document_sharing,
)
from portico.documents.models import Document, DocumentVersion, ScanState
from portico.documents.names import UploadRefused
from portico.documents.queries import documents_on
from portico.documents.storage import Incoming, open_stored, receive, stored_keys
from portico.portal.principal import PortalPrincipal
from portico.portal.queries import documents_for_client
from portico.testing.documents import PDF, jpeg, png, put_document
from portico.testing.factories import carol_of, dan_of, make_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_storage")]


def stored_files() -> list[str]:
    return [key for key, _modified in stored_keys()]


def temp_files() -> list[Path]:
    root = Path(settings.UPLOAD_TEMP_DIR)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def principal(contact) -> PortalPrincipal:
    return PortalPrincipal(
        firm_id=contact.firm_id, contact_id=contact.id, account_id=contact.id, name="x"
    )


@pytest.fixture
def case(harbor, alice):
    return make_case(
        harbor, [carol_of(harbor, actor=alice), dan_of(harbor, actor=alice)], actor=alice
    )


def test_an_upload_keeps_the_file_under_a_random_key_with_its_sha256(case, alice):
    document = put_document(case, "Engagement letter.pdf", PDF, actor=alice, shared=True)
    version = document.versions.get()
    assert version.name == "Engagement letter.pdf"
    assert "Engagement" not in version.key and version.key.startswith(f"documents/{case.firm_id}/")
    assert version.sha256 == hashlib.sha256(PDF).hexdigest() and version.size == len(PDF)
    assert version.content_type == "application/pdf"
    assert version.scan_state == ScanState.NOT_SCANNED
    with open_stored(version.key) as fh:
        assert fh.read() == PDF
    assert temp_files() == []
    assert AuditEvent.objects.filter(verb="document.uploaded", object_id=document.id).exists()


def test_a_new_version_keeps_the_history(case, alice):
    document = put_document(case, "Draft.pdf", PDF, actor=alice)
    add_document_version(
        document=document, name="Draft v2.pdf", incoming=receive([PDF + b"%v2"]), actor=alice
    )
    document.refresh_from_db()
    assert document.name == "Draft v2.pdf"
    assert [v.number for v in document.versions.order_by("-number")] == [2, 1]
    assert len(stored_files()) == 2


def test_sharing_and_soft_delete_change_what_the_client_sees(case, alice):
    carol = case.case_clients.get(contact__first_name="Carol").contact
    document = put_document(case, "Letter.pdf", PDF, actor=alice)
    assert list(documents_for_client(principal(carol), case)) == []
    set_document_sharing(document=document, shared=True, actor=alice)
    assert list(documents_for_client(principal(carol), case)) == [document]
    delete_document(document=document, actor=alice)
    assert list(documents_for_client(principal(carol), case)) == []
    assert documents_on(case.firm_id, case) == []
    # kept for the trail, with its file
    assert Document.objects.filter(pk=document.pk).exists() and len(stored_files()) == 1
    verbs = set(AuditEvent.objects.filter(object_id=document.id).values_list("verb", flat=True))
    assert {"document.uploaded", "document.shared", "document.deleted"} <= verbs


def test_a_clients_upload_is_theirs_and_the_firms_but_not_the_other_clients(case):
    carol = case.case_clients.get(contact__first_name="Carol").contact
    dan = case.case_clients.get(contact__first_name="Dan").contact
    photo = put_document(case, "Bruise.jpg", jpeg(), actor=carol)
    assert list(documents_for_client(principal(carol), case)) == [photo]
    assert list(documents_for_client(principal(dan), case)) == []
    assert documents_on(case.firm_id, case) == [photo]
    assert photo.author_contact_id == carol.id and photo.shared_with_clients is False


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("../../etc/passwd.pdf", PDF, "may not contain"),
        ("evil\x00.pdf", PDF, "control characters"),
        ("invoice.pdf.exe", PDF, "not accepted"),
        ("invoice.exe.pdf", PDF, "two extensions"),
        ("photo.png", PDF, "is called a PNG image but its content is not one"),
        ("notes.txt", png(), "content is not text"),
        ("script.sh", b"#!/bin/sh\n", "not accepted"),
        ("letter.pdf", b"", "is empty"),
    ],
)
def test_bad_names_and_types_are_refused_with_nothing_stored(case, alice, name, data, says):
    with pytest.raises(UploadRefused) as refused:
        put_document(case, name, data, actor=alice)
    assert says in refused.value.message
    assert Document.objects.count() == 0 and DocumentVersion.objects.count() == 0
    assert stored_files() == [] and temp_files() == []


def test_a_file_over_the_limit_is_refused_while_it_arrives(settings):
    settings.DOCUMENTS_MAX_BYTES = 1000
    with pytest.raises(Incoming.TooLarge):
        receive([b"x" * 600, b"x" * 600])
    assert temp_files() == []


def test_a_record_that_fails_to_write_leaves_no_stored_file(case, alice, monkeypatch):
    from portico.documents import actions

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(actions, "record_audit", broken)
    with pytest.raises(RuntimeError):
        put_document(case, "Letter.pdf", PDF, actor=alice)
    assert Document.objects.count() == 0 and stored_files() == [] and temp_files() == []


def test_the_sweep_deletes_stored_files_without_a_record_and_keeps_the_rest(case, alice):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from portico.documents.storage import new_key
    from portico.documents.tasks import sweep_orphans

    kept = put_document(case, "Letter.pdf", PDF, actor=alice).versions.get()
    orphan = default_storage.save(new_key(case.firm_id), ContentFile(b"%PDF-orphan"))
    # a young orphan may be an upload still being recorded: left alone
    assert sweep_orphans.call() == 0 and default_storage.exists(orphan)
    assert sweep_orphans.call(grace_seconds=0) == 1
    assert stored_files() == [kept.key]
