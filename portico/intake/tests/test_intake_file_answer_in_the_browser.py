"""A file question answered by the firm in Chromium: alice chooses a file for carol's case's
file question on the workspace page, the answer names it, and it is among the case's documents,
not shared with carol, and the answer's history names the file; a file of a type the upload
front refuses first says why in plain words beside the question and stores nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from portico.documents.models import Document
from portico.intake.models import IntakeAnswer
from portico.testing.documents import PDF
from portico.testing.intake import put_file_question
from portico.testing.pages import STAFF

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def stored_files() -> set[str]:
    media = settings.STORAGES["default"]["OPTIONS"]["location"]
    return {str(p) for p in Path(media).rglob("*") if p.is_file()}


def test_alice_answers_a_file_question_and_a_refused_file_stores_nothing(
    world, browser_as, live_server
):
    # given carol's case asks for her lease, unanswered
    case = world.carol_case
    question = put_file_question(case, world.alice)
    documents = Document.objects.filter(matter_id=case.matter_id)
    documents_before, files_before = set(documents.values_list("id", flat=True)), stored_files()

    alice = browser_as(STAFF)
    alice.goto(f"{live_server.url}/workspace/cases/{case.id}/")
    answer = alice.locator(f"#answer-{question.id} + dd")
    expect(answer).to_have_text("Not answered")
    alice.get_by_text("Answer as the firm").click()
    lease = alice.get_by_label("Your lease")
    form = alice.locator("form", has=lease)
    upload = form.get_by_role("button", name=re.compile(r"^Upload"))

    # when alice chooses a program instead of the lease: refused beside the question, in words
    lease.set_input_files(
        files=[{"name": "lease.exe", "mimeType": "application/octet-stream", "buffer": b"MZ\x90"}]
    )
    upload.click()
    expect(form.get_by_role("listitem").filter(has_text="lease.exe")).to_contain_text(
        "lease.exe: not uploaded. Files of type .exe are not accepted. Allowed types:"
    )
    expect(answer).to_have_text("Not answered")
    assert set(documents.values_list("id", flat=True)) == documents_before
    assert not IntakeAnswer.objects.filter(question=question).exists()
    assert stored_files() == files_before

    # when she chooses the signed lease, a PDF
    lease.set_input_files(
        files=[{"name": "signed-lease.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    upload.click()
    expect(form.get_by_role("listitem").filter(has_text="signed-lease.pdf")).to_have_text(
        re.compile(r"^signed-lease\.pdf: uploaded\.")
    )
    # then the answer names it, as a link to the file
    expect(answer.get_by_role("link", name="signed-lease.pdf")).to_be_visible()

    # and, on the page as anyone opening it sees it, it is among the case's documents, unshared
    alice.reload()
    row = alice.locator(
        "#documents-list tr", has=alice.get_by_role("link", name="signed-lease.pdf")
    )
    expect(row).to_have_count(1)
    expect(row.get_by_text("Not shared")).to_be_visible()
    expect(
        row.get_by_role("button", name="Share with the client “signed-lease.pdf”")
    ).to_be_visible()
    expect(answer.get_by_role("link", name="signed-lease.pdf")).to_be_visible()
    # and the answer's history names the file too, as a person reads it
    answer.locator("summary").click()
    expect(answer.get_by_role("listitem")).to_contain_text("“(blank)” → “signed-lease.pdf”")

    (document,) = documents.exclude(id__in=documents_before)
    assert (document.name, document.shared_with_clients) == ("signed-lease.pdf", False)
    assert IntakeAnswer.objects.get(question=question).value == str(document.id)
