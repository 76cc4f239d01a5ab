"""Address and file questions: an address is validated part by part and shown on its lines; a
file lands in the matter's documents, and a private question's file never reaches a client."""

from __future__ import annotations

import csv
import io

import pytest

from portico.core.errors import InvalidInput
from portico.documents.actions import set_document_sharing
from portico.documents.models import Document
from portico.intake import actions
from portico.intake.actions import QuestionInput
from portico.intake.models import IntakeAnswer
from portico.testing.factories import carol_of, make_lead
from portico.testing.sessions import open_account, portal_client_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HOME = {
    "lines": ["12 Harbor Road", "Flat 3"],
    "city": "Springfield",
    "region": "IL",
    "postal_code": "62701",
    "country": "us",
}


@pytest.fixture
def carol(harbor, alice):
    return carol_of(harbor, actor=alice)


@pytest.fixture
def lead(harbor, alice, carol):
    return make_lead(harbor, [carol], actor=alice)


@pytest.fixture
def asked(lead, alice):
    """A form with an address, a file, and a private file question, given to the lead."""
    form = actions.create_form(firm_id=lead.firm_id, name="Move-in intake", actor=alice)
    specs = [
        QuestionInput(label="Where do you live?", kind="address", required=True),
        QuestionInput(label="Your lease", kind="file", help_text="A PDF or a photo."),
        QuestionInput(label="Our risk memo", kind="file", is_private=True),
    ]
    questions = [actions.add_question(form=form, data=s, actor=alice) for s in specs]
    actions.attach_form(matter=lead, form=form, actor=alice)
    return questions


def _stored(lead, question):
    answer = IntakeAnswer.objects.filter(matter_id=lead.matter_id, question=question).first()
    return answer.value if answer else None


def test_an_address_is_kept_part_by_part_and_shown_on_its_lines(
    lead, asked, carol, as_alice, alice
):
    actions.save_answer(matter=lead, question=asked[0], value=HOME, actor=carol)
    assert _stored(lead, asked[0]) == {**HOME, "country": "US"}
    page = as_alice.get(f"/workspace/leads/{lead.id}/").content.decode()
    assert "<address>12 Harbor Road<br>Flat 3<br>Springfield, IL 62701<br>US</address>" in page
    exported = as_alice.get(f"/workspace/leads/{lead.id}/intake/export.csv").content.decode()
    rows = {r["Question"]: r["Answer"] for r in csv.DictReader(io.StringIO(exported))}
    assert rows["Where do you live?"] == "12 Harbor Road, Flat 3, Springfield, IL 62701, US"
    # blank in every part: the answer is cleared
    actions.save_answer(matter=lead, question=asked[0], value={"country": "US"}, actor=alice)
    assert _stored(lead, asked[0]) == ""


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ({**HOME, "city": ""}, "Enter the city or town."),
        ({**HOME, "lines": []}, "Enter the street address."),
        ({**HOME, "country": "Narnia"}, "two-letter country code"),
        ({**HOME, "postal_code": "6270"}, "ZIP code of five digits"),
        ({**HOME, "postal_code": "<b>"}, "letters, digits and spaces"),
        ({**HOME, "planet": "Earth"}, "lines, city, region, postal_code and country"),
        ("12 Harbor Road, Springfield", "lines, city, region, postal_code and country"),
    ],
)
def test_a_wrong_address_is_refused_in_plain_words_and_the_stored_one_stays(
    lead, asked, alice, value, says
):
    actions.save_answer(matter=lead, question=asked[0], value=HOME, actor=alice)
    with pytest.raises(InvalidInput) as refused:
        actions.save_answer(matter=lead, question=asked[0], value=value, actor=alice)
    assert says in " ".join(refused.value.errors["value"])
    assert _stored(lead, asked[0])["city"] == "Springfield"


def test_staff_answer_an_address_on_the_page(lead, asked, as_alice):
    url = f"/workspace/leads/{lead.id}/intake/{asked[0].id}/"
    post = {"line1": "1 Dock St", "line2": "", "city": "Portland", "region": "OR"}
    refused = as_alice.post(url, {**post, "postal_code": "97", "country": "US"}, follow=True)
    assert "ZIP code of five digits" in refused.content.decode()
    assert _stored(lead, asked[0]) is None
    as_alice.post(url, {**post, "postal_code": "97201", "country": "US"})
    assert _stored(lead, asked[0])["lines"] == ["1 Dock St"]


def test_carols_file_lands_in_the_documents_as_hers_and_answers_the_question(lead, asked, carol):
    as_carol = portal_client_for(open_account(carol))
    sent = as_carol.post(
        f"/portal/leads/{lead.id}/intake/{asked[1].id}/file/?name=lease.pdf",
        data=PDF,
        content_type="application/pdf",
    )
    assert sent.status_code == 201, sent.content
    document = Document.objects.get(pk=sent.json()["document"]["id"])
    assert document.name == "lease.pdf" and document.author_contact_id == carol.id
    assert document.shared_with_clients is False
    assert _stored(lead, asked[1]) == str(document.id)
    page = as_carol.get(f"/portal/leads/{lead.id}/").content.decode()
    assert f'href="/portal/documents/{document.id}/download/"' in page
    api = as_carol.get(f"/portal/api/v1/leads/{lead.id}/intake").json()
    lease = next(q for f in api["forms"] for q in f["questions"] if q["label"] == "Your lease")
    assert lease["file"] == {"id": str(document.id), "name": "lease.pdf"}
    # a file onto a question that is not a file question is refused, nothing kept
    refused = as_carol.post(
        f"/portal/leads/{lead.id}/intake/{asked[0].id}/file/?name=lease.pdf",
        data=PDF,
        content_type="application/pdf",
    )
    assert refused.status_code == 422 and "not answered with a file" in refused.json()["detail"]
    assert Document.objects.count() == 1


def test_a_private_questions_file_never_reaches_the_client(lead, asked, carol, as_alice, alice):
    sent = as_alice.post(
        f"/workspace/leads/{lead.id}/intake/{asked[2].id}/file/?name=risk-memo.pdf",
        data=PDF,
        content_type="application/pdf",
    )
    assert sent.status_code == 201, sent.content
    document = Document.objects.get(pk=sent.json()["document"]["id"])
    assert document.shared_with_clients is False and _stored(lead, asked[2]) == str(document.id)
    assert "risk-memo.pdf" in as_alice.get(f"/workspace/leads/{lead.id}/").content.decode()
    # sharing it is refused, in plain words, on the page and in the action
    shared = as_alice.post(
        f"/workspace/documents/{document.id}/share/", {"shared": "1"}, follow=True
    )
    assert "cannot be shared with the client" in shared.content.decode()
    with pytest.raises(InvalidInput):
        set_document_sharing(document=document, shared=True, actor=alice)
    document.refresh_from_db()
    assert document.shared_with_clients is False
    as_carol = portal_client_for(open_account(carol))
    for url in (
        f"/portal/leads/{lead.id}/",
        f"/portal/api/v1/leads/{lead.id}/intake",
        f"/portal/api/v1/leads/{lead.id}/documents",
    ):
        body = as_carol.get(url).content.decode()
        assert (
            "risk-memo" not in body and str(document.id) not in body and "Our risk memo" not in body
        )
    assert as_carol.get(f"/portal/documents/{document.id}/download/").status_code == 404
    # a client cannot answer the private file question either
    refused = as_carol.post(
        f"/portal/leads/{lead.id}/intake/{asked[2].id}/file/?name=x.pdf",
        data=PDF,
        content_type="application/pdf",
    )
    assert refused.status_code == 422 and Document.objects.count() == 1


def test_a_file_answer_names_a_document_its_author_may_show(lead, asked, carol, alice):
    firm_file = Document.objects.create(
        firm_id=lead.firm_id, matter_id=lead.matter_id, name="firm.pdf", author_staff=alice
    )
    # a client may not claim the firm's (unshared) document as their answer
    with pytest.raises(InvalidInput) as refused:
        actions.save_answer(matter=lead, question=asked[1], value=str(firm_file.id), actor=carol)
    assert "not on this matter" in refused.value.errors["value"][0]
    # a private question's file is never one shared with the client
    firm_file.shared_with_clients = True
    firm_file.save()
    with pytest.raises(InvalidInput) as refused:
        actions.save_answer(matter=lead, question=asked[2], value=str(firm_file.id), actor=alice)
    assert "shared with the client" in refused.value.errors["value"][0]
    with pytest.raises(InvalidInput):
        actions.save_answer(matter=lead, question=asked[1], value="not-an-id", actor=alice)
    assert _stored(lead, asked[1]) is None and _stored(lead, asked[2]) is None


def test_both_apis_take_an_address(lead, asked, carol, harbor_api):
    as_carol = portal_client_for(open_account(carol))
    url = f"/portal/api/v1/leads/{lead.id}/intake/{asked[0].id}"
    refused = as_carol.put(url, {"value": {**HOME, "city": ""}}, content_type="application/json")
    assert refused.status_code == 422 and "city" in refused.json()["errors"]["value"][0]
    saved = as_carol.put(url, {"value": HOME}, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["answer"]["city"] == "Springfield"
    staff = harbor_api.put(
        f"/api/v1/leads/{lead.id}/intake/{asked[0].id}",
        {"value": {**HOME, "city": "Chicago"}},
        content_type="application/json",
    )
    assert staff.status_code == 200 and staff.json()["answer"]["city"] == "Chicago"
    read = harbor_api.get(f"/api/v1/leads/{lead.id}/intake").json()
    where = read["forms"][0]["questions"][0]
    assert where["answer"]["lines"] == ["12 Harbor Road", "Flat 3"]
    assert [c["after"]["city"] for c in where["history"]] == ["Chicago", "Springfield"]
