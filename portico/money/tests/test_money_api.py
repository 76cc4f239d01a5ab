"""Money through the staff API: decimal strings in and out, refusals as 422 in plain words
with nothing posted, extra fields (firm, status, amounts owed) changing nothing."""

from __future__ import annotations

import pytest

from portico.money.models import Invoice, Payment, TrustEntry
from portico.testing.factories import carol_of, make_case


@pytest.fixture
def carol(harbor, alice):
    return carol_of(harbor, actor=alice)


@pytest.fixture
def case(harbor, alice, carol):
    return make_case(harbor, [carol], actor=alice)


def _post(api, url, body):
    return api.post(url, data=body, content_type="application/json")


def test_staff_bill_a_client_and_keep_the_trust_ledger_through_the_api(harbor_api, carol, case):
    created = _post(
        harbor_api,
        f"/api/v1/cases/{case.id}/invoices",
        {
            "contact_id": str(carol.id),
            "lines": [
                {"description": "Drafting", "amount": "1000.00"},
                {"kind": "expense", "description": "Filing fee", "amount": "250"},
            ],
            "issue": True,
            # mass assignment: none of these is the caller's to set
            "status": "paid",
            "firm_id": "00000000-0000-0000-0000-000000000000",
            "balance": "0.00",
        },
    )
    assert created.status_code == 201, created.content
    invoice = created.json()
    assert (invoice["status"], invoice["number"], invoice["total"], invoice["balance"]) == (
        "issued",
        "INV-00001",
        "1250.00",
        "1250.00",
    )
    deposit = _post(
        harbor_api,
        f"/api/v1/cases/{case.id}/trust/deposits",
        {"contact_id": str(carol.id), "amount": "2000.00", "method": "wire", "reference": "w-9"},
    )
    assert deposit.status_code == 201 and deposit.json()["balance_after"] == "2000.00"
    again = _post(
        harbor_api,
        f"/api/v1/cases/{case.id}/trust/deposits",
        {"contact_id": str(carol.id), "amount": "2000.00", "method": "wire", "reference": "w-9"},
    )
    assert again.json()["id"] == deposit.json()["id"]
    applied = _post(
        harbor_api, f"/api/v1/invoices/{invoice['id']}/apply-trust", {"amount": "1250.00"}
    )
    assert applied.status_code == 201 and applied.json()["balance_after"] == "750.00"
    ledger = harbor_api.get(f"/api/v1/cases/{case.id}/ledger").json()
    [client] = ledger["clients"]
    assert client["balance"] == "750.00" and client["shortfall"] == "750.00"
    assert [e["kind"] for e in client["entries"]] == ["deposit", "application"]
    listed = harbor_api.get(f"/api/v1/cases/{case.id}/invoices").json()["invoices"]
    assert [(i["number"], i["status"], i["balance"]) for i in listed] == [
        ("INV-00001", "paid", "0.00")
    ]


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("1250.01", "more than the $1,250.00 still owed"),
        ("0", "more than zero"),
        ("-1", "zero or more"),
        ("12.345", "at most 2 decimal places"),
        ("", "Enter an amount like 1500.00."),
    ],
)
def test_a_bad_payment_is_a_422_in_words_and_posts_nothing(harbor_api, carol, case, amount, words):
    invoice = _post(
        harbor_api,
        f"/api/v1/cases/{case.id}/invoices",
        {
            "contact_id": str(carol.id),
            "lines": [{"description": "Work", "amount": "1250"}],
            "issue": True,
        },
    ).json()
    response = _post(
        harbor_api,
        f"/api/v1/invoices/{invoice['id']}/payments",
        {"amount": amount, "method": "check", "reference": "c-1"},
    )
    assert response.status_code == 422
    assert words in str(response.json()["errors"])
    assert Payment.objects.count() == 0 and TrustEntry.objects.count() == 0
    assert Invoice.objects.get().status == "issued"


def test_paying_a_void_invoice_is_refused(harbor_api, carol, case):
    invoice = _post(
        harbor_api,
        f"/api/v1/cases/{case.id}/invoices",
        {
            "contact_id": str(carol.id),
            "lines": [{"description": "Work", "amount": "100"}],
            "issue": True,
        },
    ).json()
    voided = _post(harbor_api, f"/api/v1/invoices/{invoice['id']}/void", {"reason": "Twice"})
    assert voided.json()["status"] == "void"
    response = _post(
        harbor_api,
        f"/api/v1/invoices/{invoice['id']}/payments",
        {"amount": "1.00", "method": "check", "reference": "c-2"},
    )
    assert response.status_code == 422 and "is void" in str(response.json()["errors"])
    assert Payment.objects.count() == 0


def test_a_payment_received_today_is_taken_whatever_the_hour_and_tomorrow_is_refused(
    harbor_api, carol, case
):
    import datetime

    from django.utils import timezone

    invoice = _post(
        harbor_api,
        f"/api/v1/cases/{case.id}/invoices",
        {
            "contact_id": str(carol.id),
            "lines": [{"description": "Work", "amount": "100"}],
            "issue": True,
        },
    ).json()
    today = timezone.localdate()
    ok = _post(
        harbor_api,
        f"/api/v1/invoices/{invoice['id']}/payments",
        {"amount": "1.00", "method": "check", "reference": "c-t", "received_on": str(today)},
    )
    assert ok.status_code == 201, ok.content
    tomorrow = today + datetime.timedelta(days=2)
    refused = _post(
        harbor_api,
        f"/api/v1/invoices/{invoice['id']}/payments",
        {"amount": "1.00", "method": "check", "reference": "c-u", "received_on": str(tomorrow)},
    )
    assert refused.status_code == 422 and "future" in str(refused.json()["errors"])
