"""Money as carol sees it in the portal: what she owes and her trust balance in plain words,
her invoices and financial history with a running trust balance and a chart, receipts as
PDFs; never a draft, the firm's notes, or dan's money. Who hears of a posting, live."""

from __future__ import annotations

import datetime
import io

import pytest
from pypdf import PdfReader

from portico.live.audiences import audiences_of
from portico.live.models import WORKSPACE, client_audience
from portico.money import actions
from portico.money.portal_queries import MoneySummary
from portico.money.words import summary_sentences
from portico.testing.events import capture_events
from portico.testing.factories import carol_of, dan_of, make_case
from portico.testing.money import put_deposit, put_invoice
from portico.testing.sessions import open_account, portal_client_for


@pytest.fixture
def carol(harbor, alice):
    return carol_of(harbor, actor=alice)


@pytest.fixture
def case(harbor, alice, carol):
    return make_case(harbor, [carol], actor=alice)


@pytest.fixture
def as_carol(carol):
    return portal_client_for(open_account(carol))


def _pdf_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def test_the_summary_says_what_is_owed_and_when_and_the_trust_against_the_minimum():
    invoice = type("I", (), {})()
    summary = MoneySummary(
        currency="USD",
        owed_minor=125000,
        next_due_on=datetime.date(2026, 3, 3),
        open_invoices=[invoice],
        trust_balance_minor=30000,
        minimum_trust_minor=100000,
    )
    assert summary_sentences(summary, today=datetime.date(2026, 2, 1)) == [
        "You owe $1,250.00, due 3 March.",
        "Your trust balance is $300.00; your firm asks you to keep at least $1,000.00.",
    ]
    assert summary_sentences(MoneySummary(currency="USD"))[0] == "You owe nothing right now."


def test_carol_sees_her_invoices_history_and_receipts(as_carol, harbor, alice, carol, case):
    invoice = put_invoice(case, carol, alice, amounts=(100000, 25000), note="Slow payer")
    actions.record_payment(
        invoice=invoice, amount_minor=25000, method="check", reference="chk-77", actor=alice
    )
    put_deposit(case, carol, alice, 30000)
    draft = put_invoice(case, carol, alice, amounts=(77700,), issue=False)
    page = as_carol.get(f"/portal/cases/{case.id}/").content.decode()
    assert "You owe $1,000.00, due" in page
    assert "Your trust balance is $300.00; your firm asks you to keep at least $1,500.00." in page
    assert "INV-00001" in page and "$777.00" not in page and "Slow payer" not in page
    history = as_carol.get(f"/portal/cases/{case.id}/money/").content.decode()
    assert "Invoice INV-00001 issued, due" in history
    assert "Payment on Invoice INV-00001 (check)" in history
    assert "Deposit into trust (check)" in history
    assert 'role="img"' in history and "Your trust balance over time" in history
    # the API says the same
    api = as_carol.get(f"/portal/api/v1/cases/{case.id}/invoices").json()
    assert api["owed"] == "1000.00" and api["trust_shortfall"] == "1200.00"
    assert [i["number"] for i in api["invoices"]] == ["INV-00001"]
    items = as_carol.get(f"/portal/api/v1/cases/{case.id}/financial-history").json()["items"]
    assert [i["kind"] for i in items] == ["invoice", "payment", "deposit"]
    assert items[-1]["trust_balance"] == "300.00"
    # and the receipt, as a PDF, from the page and from the API
    payment = invoice.payments.get()
    for url in (
        f"/portal/payments/{payment.id}/receipt.pdf",
        f"/portal/api/v1/payments/{payment.id}/receipt",
    ):
        text = _pdf_text(as_carol.get(url))
        for words in (
            "Harbor & Vale LLP",
            "Carol Marsh",
            "$250.00",
            "Check",
            payment.receipt_number,
        ):
            assert words in text, (url, words)
    assert as_carol.get(f"/portal/invoices/{draft.id}/invoice.pdf").status_code == 404


def test_carol_cannot_see_dans_invoices_or_receipts(as_carol, harbor, alice, carol):
    dan = dan_of(harbor, actor=alice)
    dans_case = make_case(harbor, [dan], name="Okafor v. Brightline", actor=alice)
    invoice = put_invoice(dans_case, dan, alice)
    payment = actions.record_payment(
        invoice=invoice, amount_minor=100, method="check", reference="d-1", actor=alice
    )
    for url in (
        f"/portal/invoices/{invoice.id}/invoice.pdf",
        f"/portal/payments/{payment.id}/receipt.pdf",
        f"/portal/api/v1/payments/{payment.id}/receipt",
        f"/portal/api/v1/cases/{dans_case.id}/invoices",
        f"/portal/api/v1/cases/{dans_case.id}/financial-history",
        f"/portal/cases/{dans_case.id}/money/",
    ):
        assert as_carol.get(url).status_code == 404, url


def test_a_payment_is_heard_by_the_firm_and_by_its_client_only(harbor, alice, carol, case):
    open_account(carol)
    pat = carol_of(harbor, actor=alice)
    open_account(pat)
    from portico.matters.actions import add_case_client

    add_case_client(case=case, contact=pat, actor=alice)
    invoice = put_invoice(case, carol, alice)
    with capture_events() as events:
        actions.record_payment(
            invoice=invoice, amount_minor=100, method="check", reference="x", actor=alice
        )
    heard = {t.audience: t.payload for e in events for t in audiences_of(e)}
    assert set(heard) == {WORKSPACE, client_audience(carol.id)}
    assert f"matter:{case.matter_id}" in heard[WORKSPACE]["topics"]
    assert heard[client_audience(carol.id)]["say"] == "Your payment was recorded"
    # ids and words chosen for the audience, never an amount
    assert set(heard[client_audience(carol.id)]) == {"type", "topics", "say", "matter", "contact"}
    # a draft is the firm's alone
    with capture_events() as events:
        put_invoice(case, carol, alice, issue=False)
    assert {t.audience for e in events for t in audiences_of(e)} == {WORKSPACE}
