"""The demo shows money: carol owes her second invoice and her trust is below the case's
minimum; dan's invoice was paid by check and from trust, and a deposit recorded twice was
reversed. The demo firm's reconciliation balances."""

from __future__ import annotations

import pytest
from django.utils import timezone

from portico.demo.practice import seed_practice
from portico.matters.models import Case
from portico.money.models import Invoice, TrustEntry
from portico.money.reconciliation import reconcile
from portico.testing.sessions import open_account, portal_client_for


@pytest.mark.slow
def test_the_demo_seeds_invoices_and_trust_activity(harbor, alice, bob, as_alice):
    seed_practice(harbor)
    injury = Case.objects.get(number="HV-2026-001")
    estate = Case.objects.get(number="HV-2026-002")
    statuses = sorted(Invoice.objects.filter(case=injury).values_list("status", flat=True))
    assert statuses == ["draft", "issued", "paid"]
    assert Invoice.objects.get(case=estate).status == "paid"
    assert TrustEntry.objects.filter(case=estate, kind="reversal").count() == 1
    carol = injury.case_clients.get().contact
    page = portal_client_for(open_account(carol)).get(f"/portal/cases/{injury.id}/")
    text = page.content.decode()
    assert "You owe $1,250.00, due" in text
    assert "Your trust balance is $1,000.00; your firm asks you to keep at least $1,500.00." in text
    workspace = as_alice.get(f"/workspace/cases/{injury.id}/").content.decode()
    assert (
        "Carol Marsh: $1,000.00 in trust" in workspace and "$500.00 below the minimum" in workspace
    )
    today = timezone.localdate()
    report = reconcile(harbor, today.year, today.month)
    assert report.balanced, report.differences
    assert report.journal_minor == 100000 + 62500
