"""The trust ledger's properties, proven rather than sampled.

A Hypothesis state machine posts random deposits, applications, refunds and reversals (and
issues invoices to apply them to) and predicts, from its own model, which of them must be
refused. After every step: no client's balance on the case is below zero, the client balances
add up to the trust journal, and every posted entry reads exactly as when it was posted.

On PostgreSQL, 50 applications of the same amount at once against a balance that covers only
some of them succeed at most floor(balance / amount) times.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction
from django.db.models import Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    rule,
    run_state_machine_as_test,
)

from portico.core.errors import InvalidInput
from portico.core.rls import activate_firm
from portico.money import actions
from portico.money.models import Invoice, TrustBalance, TrustEntry
from portico.testing.factories import carol_of, dan_of, make_case
from portico.testing.money import put_deposit, put_invoice

AMOUNTS = st.integers(min_value=1, max_value=50_000)
FIELDS = ("kind", "amount_minor", "delta_minor", "contact_id", "invoice_id", "reverses_id")


class TrustLedgerMachine(RuleBasedStateMachine):
    """Two clients on one case; the model is what the ledger must say."""

    world: tuple = ()  # (firm, alice) set by the test

    invoices = Bundle("invoices")
    entries = Bundle("entries")

    def __init__(self) -> None:
        super().__init__()
        firm, alice = self.world
        self.alice = alice
        self.clients = [carol_of(firm, actor=alice), dan_of(firm, actor=alice)]
        self.case = make_case(firm, self.clients, actor=alice)
        self.balance = {c.id: 0 for c in self.clients}
        self.owed: dict = {}
        self.reversed: set = set()
        self.posted: dict = {}

    def _refused(self, post) -> None:
        count = TrustEntry.objects.filter(case=self.case).count()
        with pytest.raises(InvalidInput):
            post()
        assert TrustEntry.objects.filter(case=self.case).count() == count

    def _keep(self, entry: TrustEntry) -> TrustEntry:
        self.posted[entry.id] = tuple(getattr(entry, f) for f in FIELDS)
        return entry

    @rule(target=invoices, who=st.integers(0, 1), total=AMOUNTS)
    def issue(self, who, total):
        invoice = put_invoice(self.case, self.clients[who], self.alice, amounts=(total,))
        self.owed[invoice.id] = total
        return invoice

    @rule(target=entries, who=st.integers(0, 1), amount=AMOUNTS)
    def deposit(self, who, amount):
        entry = put_deposit(self.case, self.clients[who], self.alice, amount)
        self.balance[entry.contact_id] += amount
        return self._keep(entry)

    @rule(target=entries, invoice=invoices, amount=AMOUNTS)
    def apply(self, invoice, amount):
        owed, held = self.owed[invoice.id], self.balance[invoice.contact_id]
        post = lambda: actions.apply_trust(invoice=invoice, amount_minor=amount, actor=self.alice)  # noqa: E731
        if owed == 0 or amount > owed or amount > held:
            self._refused(post)
            return None
        entry = post()
        self.owed[invoice.id] -= amount
        self.balance[invoice.contact_id] -= amount
        return self._keep(entry)

    @rule(target=entries, who=st.integers(0, 1), amount=AMOUNTS)
    def refund(self, who, amount):
        contact = self.clients[who]
        post = lambda: actions.refund_trust(  # noqa: E731
            case=self.case, contact=contact, amount_minor=amount, actor=self.alice
        )
        if amount > self.balance[contact.id]:
            self._refused(post)
            return None
        entry = post()
        self.balance[contact.id] -= amount
        return self._keep(entry)

    @rule(target=entries, entry=consumes(entries))
    def reverse(self, entry):
        if entry is None:
            return None
        post = lambda: actions.reverse_entry(entry=entry, actor=self.alice, reason="Correction")  # noqa: E731
        if (
            entry.kind == TrustEntry.Kind.REVERSAL
            or self.balance[entry.contact_id] < entry.delta_minor
        ):
            self._refused(post)
            return None
        reversal = post()
        self.balance[entry.contact_id] -= entry.delta_minor
        if entry.invoice_id:
            self.owed[entry.invoice_id] += entry.amount_minor
        return self._keep(reversal)

    @invariant()
    def no_client_is_below_zero(self):
        for contact in self.clients:
            total = TrustEntry.objects.filter(case=self.case, contact=contact).aggregate(
                s=Sum("delta_minor")
            )["s"]
            assert (total or 0) == self.balance[contact.id] >= 0

    @invariant()
    def client_balances_add_up_to_the_journal(self):
        journal = TrustEntry.objects.filter(case=self.case).aggregate(s=Sum("delta_minor"))["s"]
        held = TrustBalance.objects.filter(case=self.case).aggregate(s=Sum("balance_minor"))["s"]
        assert (journal or 0) == (held or 0) == sum(self.balance.values())
        for row in TrustBalance.objects.filter(case=self.case):
            assert row.balance_minor == self.balance[row.contact_id]

    @invariant()
    def posted_entries_never_change(self):
        now = {
            e.id: tuple(getattr(e, f) for f in FIELDS)
            for e in TrustEntry.objects.filter(case=self.case)
        }
        assert now == self.posted

    @invariant()
    def invoices_owe_what_the_model_says(self):
        for invoice in Invoice.objects.filter(case=self.case):
            paid = -(
                TrustEntry.objects.filter(invoice=invoice).aggregate(s=Sum("delta_minor"))["s"] or 0
            )
            total = invoice.lines.aggregate(s=Sum("amount_minor"))["s"]
            assert total - paid == self.owed[invoice.id]
            assert invoice.status == ("paid" if self.owed[invoice.id] == 0 else "issued")


@pytest.mark.slow
def test_the_trust_ledger_holds_after_every_step(harbor, alice):
    TrustLedgerMachine.world = (harbor, alice)
    run_state_machine_as_test(
        TrustLedgerMachine,
        settings=settings(
            max_examples=30,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )


@pytest.mark.slow
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks between connections; CI runs it on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("balance", "amount"), [(100_000, 7_000), (49_500, 1_000)])
def test_fifty_concurrent_applications_never_spend_more_than_the_balance(
    harbor, alice, balance, amount
):
    carol = carol_of(harbor, actor=alice)
    case = make_case(harbor, [carol], actor=alice)
    put_deposit(case, carol, alice, balance)
    invoice = put_invoice(case, carol, alice, amounts=(amount * 60,))
    start = threading.Barrier(50)
    outcomes: list[str] = []

    def apply_once():
        try:
            start.wait()
            with transaction.atomic():
                activate_firm(harbor.id)
                actions.apply_trust(invoice=invoice, amount_minor=amount, actor=alice)
            outcomes.append("applied")
        except InvalidInput:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=apply_once) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    applied = outcomes.count("applied")
    assert len(outcomes) == 50
    assert applied == balance // amount
    held = TrustBalance.objects.get(case=case, contact=carol).balance_minor
    journal = TrustEntry.objects.filter(case=case).aggregate(s=Sum("delta_minor"))["s"]
    assert held == journal == balance - applied * amount >= 0
