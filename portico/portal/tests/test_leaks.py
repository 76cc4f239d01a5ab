"""Nothing meant for the firm alone reaches the portal: every portal page and portal API answer,
as carol sees it, is searched for markers planted in private comments, other parties, staff-only
fields and other clients' records."""

from __future__ import annotations

import pytest

from portico.clients.actions import update_contact
from portico.clients.inputs import ContactInput
from portico.documents.storage import receive
from portico.intake.actions import (
    QuestionInput,
    add_question,
    answer_with_file,
    attach_form,
    create_form,
    save_answer,
)
from portico.matters.actions import (
    add_case_client,
    add_case_party,
    add_comment,
    post_status_update,
)
from portico.matters.inputs import PartyInput
from portico.testing.documents import PDF, put_document
from portico.testing.factories import make_contact
from portico.testing.intake import put_intake
from portico.testing.sessions import (
    open_account,
    portal_client_for,
    session_key_of,
    signed_in_client,
)
from portico.testing.walls import front_streams, portal_routes
from portico.testing.walls import portal_samples as samples

MARK = "ZQXLEAK"


@pytest.fixture
def planted(carol, dan, erin, alice, dave):
    return plant(carol, dan, erin, alice, dave)


def plant(carol, dan, erin, alice, dave):
    for matter in (carol.case, carol.lead):
        add_comment(matter=matter, body=f"{MARK}-private-comment", is_private=True, actor=alice)
        add_comment(
            matter=matter,
            body="Shared with you: hearing moved to May.",
            is_private=False,
            actor=alice,
        )
        post_status_update(matter=matter, body="We filed the complaint.", actor=alice)
    add_case_party(
        case=carol.case,
        data=PartyInput(
            role="opposing_party",
            name=f"{MARK}-opposing-party",
            email="them@opposing.example",
            notes=f"{MARK}-party-notes",
        ),
        actor=alice,
    )
    add_case_party(
        case=carol.case, data=PartyInput(role="witness", name=f"{MARK}-witness"), actor=alice
    )
    data = ContactInput.from_contact(carol.contact)
    data.notes = f"{MARK}-internal-note"
    data.billing_contact_name = f"{MARK}-billing-contact"
    data.billing_address = f"{MARK}-billing-address"
    update_contact(contact=carol.contact, data=data, actor=alice)
    # intake: a private question, its help text and its answer, on carol's case and lead
    intake = put_intake(
        carol.case,
        alice,
        private_label=f"{MARK}-private-question",
        private_help=f"{MARK}-private-help",
    )
    attach_form(matter=carol.lead, form=intake.form, actor=alice)
    for matter in (carol.case, carol.lead):
        save_answer(
            matter=matter, question=intake.private, value=f"{MARK}-private-answer", actor=alice
        )
        save_answer(matter=matter, question=intake.where, value="At the depot", actor=alice)
    # a private file question, answered with a file that lands in the case's documents
    files = create_form(firm_id=carol.case.firm_id, name="Firm files", actor=alice)
    memo = add_question(
        form=files,
        data=QuestionInput(label=f"{MARK}-private-file-question", kind="file", is_private=True),
        actor=alice,
    )
    attach_form(matter=carol.case, form=files, actor=alice)
    answer_with_file(
        matter=carol.case,
        question=memo,
        name=f"{MARK}-private-intake-file.pdf",
        incoming=receive([PDF]),
        actor=alice,
    )
    dans = put_intake(dan.case, alice)
    save_answer(
        matter=dan.case, question=dans.where, value=f"{MARK}-other-client-answer", actor=alice
    )
    for other in (dan, erin):
        actor = alice if other is dan else dave
        add_comment(
            matter=other.case, body=f"{MARK}-other-client-shared", is_private=False, actor=actor
        )
        post_status_update(matter=other.case, body=f"{MARK}-other-client-update", actor=actor)
    # documents: one the firm keeps private, and one a co-client uploaded on carol's own case
    put_document(carol.case, f"{MARK}-private-memo.pdf", PDF, actor=alice)
    co_client = make_contact(carol.case.firm, "Pat", "Marsh", emails=("pat@marsh.example",))
    add_case_client(case=carol.case, contact=co_client, actor=alice)
    put_document(carol.case, f"{MARK}-co-client-upload.pdf", PDF, actor=co_client)
    put_document(carol.case, "Engagement letter.pdf", PDF, actor=alice, shared=True)
    for other in (dan, erin):
        put_document(other.case, f"{MARK}-other-client-doc.pdf", PDF, actor=other.contact)
    plant_money(carol, dan, erin, alice, dave, co_client)
    return carol


def plant_money(carol, dan, erin, alice, dave, co_client):
    """The firm's notes on carol's own invoices and trust money, her draft, and invoices of
    others (a co-client on her case, dan, erin)."""
    from portico.money.actions import LineInput, add_invoice_line, deposit_trust, record_payment
    from portico.testing.money import put_invoice

    mine = put_invoice(carol.case, carol.contact, alice, note=f"{MARK}-invoice-note")
    record_payment(
        invoice=mine,
        amount_minor=100,
        method="check",
        reference=f"{MARK}-payment-reference",
        actor=alice,
    )
    deposit_trust(
        case=carol.case,
        contact=carol.contact,
        amount_minor=5000,
        method="wire",
        reference=f"{MARK}-deposit-reference",
        memo=f"{MARK}-deposit-memo",
        actor=alice,
    )
    draft = put_invoice(carol.case, carol.contact, alice, issue=False)
    add_invoice_line(invoice=draft, line=LineInput(f"{MARK}-draft-line", 100), actor=alice)
    for who, case, actor in (
        (co_client, carol.case, alice),
        (dan.contact, dan.case, alice),
        (erin.contact, erin.case, dave),
    ):
        other = put_invoice(case, who, actor, issue=False)
        add_invoice_line(invoice=other, line=LineInput(f"{MARK}-other-invoice", 100), actor=actor)
        from portico.money.actions import issue_invoice

        issue_invoice(invoice=other, actor=actor)


@pytest.mark.slow
@pytest.mark.django_db
def test_no_marker_reaches_carol_anywhere_in_the_portal(planted, as_carol):
    carol = planted
    urls = [r.build(samples(carol)) for r in portal_routes()] + ["/portal/api/v1/openapi.json"]
    seen = 0
    for url in urls:
        response = as_carol.get(url)
        if response.status_code == 405:
            continue
        assert response.status_code == 200, f"{url} -> {response.status_code}"
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode(errors="replace")
        assert MARK not in body, (
            f"{url} leaks {body[body.index(MARK) - 60 : body.index(MARK) + 60]!r}"
        )
        assert "D1234-5678-9012" not in body, f"{url} shows the full identification number"
        seen += 1
    # the pages really were read, and carry what is meant for carol
    assert seen >= 6
    case_page = as_carol.get(f"/portal/cases/{carol.case.id}/").content.decode()
    assert "hearing moved to May" in case_page and "We filed the complaint." in case_page
    assert "Engagement letter.pdf" in case_page
    # and her own money: what she owes on her invoice, and her trust deposit
    assert "You owe $1,249.00, due" in case_page
    history = as_carol.get(f"/portal/cases/{carol.case.id}/money/").content.decode()
    assert "Deposit into trust (wire transfer)" in history


@pytest.mark.slow
def test_no_marker_reaches_any_live_stream(live_streams, carol, dan, erin, alice, dave):
    # given carol's portal streams and alice's workspace streams open while markers are planted
    carol_key = session_key_of(portal_client_for(open_account(carol.contact)))
    alice_key = session_key_of(signed_in_client(alice))
    at_carol = [live_streams.open(r.template, carol_key) for r in front_streams("/portal/")]
    at_alice = [live_streams.open(r.template, alice_key) for r in front_streams("/workspace/")]
    assert at_carol and at_alice
    plant(carol, dan, erin, alice, dave)
    post_status_update(matter=carol.case, body="Last one.", actor=alice)
    for stream in at_carol + at_alice:
        stream.wait_for(lambda s: s.text.count("StatusUpdatePosted") >= 3, "caught up")
        # then no marker, and no words of any record, reached it
        assert MARK not in stream.text
        for words in ("hearing moved", "filed the complaint", "Last one"):
            assert words not in stream.text
    for stream in at_carol:
        # carol heard of the two shared comments on her matters, never of the private ones
        kinds = [e["data"]["type"] for e in stream.events]
        assert kinds.count("matters.CommentAdded") == 2
        assert "matters.CasePartyAdded" not in kinds
        assert {e["data"].get("matter") for e in stream.events} <= {
            str(carol.case.matter_id),
            str(carol.lead.matter_id),
            None,
        }
