"""Pay Now and Fund Now through the sandbox with the official SDK: amounts are checked before
Stripe is asked, the idempotency key is stored before the call, and the payment is posted from
the verified webhook only (reference/security-and-trust-accounting.md section 6, items 13-19)."""

from __future__ import annotations

import pytest
from django.db import connection

from portico.core.errors import InvalidInput
from portico.money.models import Invoice, Payment, TrustEntry
from portico.money.queries import trust_balance
from portico.payments import actions, gateway
from portico.payments.models import CheckoutAttempt, StripeEvent
from portico.stripe_sandbox import engine
from portico.stripe_sandbox.models import SandboxObject
from portico.testing.factories import carol_of, dan_of, make_case
from portico.testing.money import put_deposit, put_invoice
from portico.testing.sessions import open_account, portal_client_for
from portico.testing.stripe import TRUST_KEY
from portico.testing.walls import database_fingerprint

pytestmark = pytest.mark.django_db

CARD, DECLINED = "4242 4242 4242 4242", "4000 0000 0000 0002"
RETURN = "http://testserver/portal/payments/{attempt}/"


@pytest.fixture
def carol_case(harbor, alice):
    carol = carol_of(harbor)
    case = make_case(harbor, [carol], name="Marsh v. Wharf Street Lettings", actor=alice)
    return case, carol


def pay_invoice(invoice, amount, **kw):
    return actions.start_checkout(
        purpose=CheckoutAttempt.Purpose.INVOICE,
        case=invoice.case,
        contact=invoice.contact,
        invoice=invoice,
        amount_minor=amount,
        actor=None,
        return_url=RETURN,
        **kw,
    )


def sessions() -> int:
    return SandboxObject.objects.filter(kind="checkout.session").count()


def test_pay_now_starts_a_checkout_for_part_of_what_is_owed(payments_sandbox, carol_case, alice):
    case, carol = carol_case
    invoice = put_invoice(case, carol, alice, amounts=(125000,))
    attempt = pay_invoice(invoice, 50000)
    assert attempt.status == CheckoutAttempt.Status.OPEN
    session = gateway.client().v1.checkout.sessions.retrieve(attempt.session_id)
    assert (session.amount_total, session.currency, session.status) == (50000, "usd", "open")
    assert attempt.checkout_url == session.url
    assert session.success_url == f"http://testserver/portal/payments/{attempt.id}/?returned=paid"
    # nothing is posted by starting a payment
    assert not Payment.objects.exists()


@pytest.mark.parametrize(
    "amount, words",
    [
        (125001, "more than the $1,250.00 still owed"),
        (0, "more than nothing"),
        (-5, "more than nothing"),
    ],
)
def test_a_wrong_amount_is_refused_and_nothing_is_started(
    payments_sandbox, carol_case, alice, amount, words
):
    case, carol = carol_case
    invoice = put_invoice(case, carol, alice, amounts=(125000,))
    before = database_fingerprint()
    with pytest.raises(InvalidInput) as refused:
        pay_invoice(invoice, amount)
    assert words in " ".join(refused.value.errors["amount"])
    assert database_fingerprint() == before


def test_a_void_or_paid_invoice_cannot_be_paid(payments_sandbox, carol_case, alice):
    from portico.money import actions as money

    case, carol = carol_case
    void = money.void_invoice(invoice=put_invoice(case, carol, alice), actor=alice, reason="x")
    paid = put_invoice(case, carol, alice, amounts=(1000,))
    money.record_payment(
        invoice=paid, amount_minor=1000, method="check", reference="chk-1", actor=alice
    )
    for invoice in (void, Invoice.objects.get(pk=paid.pk)):
        with pytest.raises(InvalidInput) as refused:
            pay_invoice(invoice, 500)
        assert "nothing left to pay" in refused.value.errors["amount"][0]
    assert sessions() == 0


@pytest.mark.slow
def test_the_key_is_stored_before_stripe_is_called_and_a_retry_reuses_it(
    payments_sandbox, carol_case, alice, monkeypatch
):
    case, carol = carol_case
    invoice = put_invoice(case, carol, alice)
    # Stripe is down for the first try
    payments_sandbox.control("faults", {"status": 500, "count": 3})
    with pytest.raises(InvalidInput):
        pay_invoice(invoice, 1000, idempotency_key="click-1")
    if connection.vendor == "postgresql":
        # the attempt and its key were stored before the call, and are kept
        kept = CheckoutAttempt.objects.get()
        assert (kept.idempotency_key, kept.status, kept.session_id) == ("click-1", "started", None)
    else:
        # the suite's in-memory SQLite database, which the sandbox shares (one writer at a
        # time): stored with the call's result, under the same key
        assert not CheckoutAttempt.objects.exists()
    # the retry carries the same key and makes the one session
    attempt = pay_invoice(invoice, 1000, idempotency_key="click-1")
    assert CheckoutAttempt.objects.get().pk == attempt.pk and attempt.session_id
    assert sessions() == 1


def test_a_retry_after_a_failure_past_stripes_reply_makes_one_session(
    payments_sandbox, carol_case, alice, monkeypatch
):
    case, carol = carol_case
    invoice = put_invoice(case, carol, alice)
    real_save = CheckoutAttempt.save

    def lost_reply(self, *args, **kwargs):
        if self.session_id:  # saving Stripe's answer fails: as if the reply was lost
            raise ConnectionError("the reply was lost")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(CheckoutAttempt, "save", lost_reply)
    for _ in range(3):
        with pytest.raises(ConnectionError):
            pay_invoice(invoice, 1000, idempotency_key="click-2")
    monkeypatch.setattr(CheckoutAttempt, "save", real_save)
    attempt = pay_invoice(invoice, 1000, idempotency_key="click-2")
    assert sessions() == 1  # Stripe replayed the first session for the stored key
    assert attempt.session_id == SandboxObject.objects.get(kind="checkout.session").pk


def test_the_webhook_posts_the_payment_never_the_redirect(
    payments_sandbox, carol_case, alice, settings, django_capture_on_commit_callbacks
):
    settings.STRIPE_SANDBOX_WEBHOOKS = "hold"
    case, carol = carol_case
    invoice = put_invoice(case, carol, alice, amounts=(125000,))
    attempt = pay_invoice(invoice, 50000)
    with django_capture_on_commit_callbacks(execute=True):
        back = payments_sandbox.pay(attempt.checkout_url, CARD)
    assert back.status_code == 302
    # the client is back on our page before Stripe's webhook came: nothing posted yet
    as_carol = portal_client_for(open_account(carol))
    page = as_carol.get(back.headers["location"].removeprefix("http://testserver"))
    assert "being confirmed" in page.content.decode()
    assert not Payment.objects.exists()
    # the webhooks arrive: one payment, referenced by the PaymentIntent
    with django_capture_on_commit_callbacks(execute=True):
        payments_sandbox.control("webhooks/flush", {})
    payment = Payment.objects.get()
    attempt.refresh_from_db()
    assert (payment.amount_minor, payment.method, payment.reference) == (
        50000,
        "card",
        attempt.payment_intent_id,
    )
    assert attempt.status == "paid"
    assert "we received $500.00" in as_carol.get(f"/portal/payments/{attempt.id}/").content.decode()


def test_the_rest_is_paid_and_the_invoice_is_paid(
    payments_sandbox, carol_case, alice, django_capture_on_commit_callbacks
):
    case, carol = carol_case
    invoice = put_invoice(case, carol, alice, amounts=(125000,))
    for amount in (50000, 75000):
        attempt = pay_invoice(Invoice.objects.get(pk=invoice.pk), amount)
        with django_capture_on_commit_callbacks(execute=True):
            payments_sandbox.pay(attempt.checkout_url, CARD)
    assert sorted(Payment.objects.values_list("amount_minor", flat=True)) == [50000, 75000]
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.PAID


def test_a_declined_card_posts_nothing_and_says_why(
    payments_sandbox, carol_case, alice, django_capture_on_commit_callbacks
):
    case, carol = carol_case
    invoice = put_invoice(case, carol, alice)
    attempt = pay_invoice(invoice, 1000)
    with django_capture_on_commit_callbacks(execute=True):
        page = payments_sandbox.pay(attempt.checkout_url, DECLINED)
    assert "Your card was declined." in page.text
    assert not Payment.objects.exists()
    attempt.refresh_from_db()
    assert (attempt.status, attempt.last_error) == ("open", "Your card was declined.")


def test_events_in_any_order_converge_on_one_payment(
    payments_sandbox, carol_case, alice, settings, django_capture_on_commit_callbacks
):
    settings.STRIPE_SANDBOX_WEBHOOKS = "hold"
    case, carol = carol_case
    invoice = put_invoice(case, carol, alice)
    attempt = pay_invoice(invoice, 1000)
    payments_sandbox.pay(attempt.checkout_url, DECLINED)
    payments_sandbox.pay(attempt.checkout_url, CARD)
    events = payments_sandbox.events()  # none delivered yet
    assert events == []
    with django_capture_on_commit_callbacks(execute=True):
        payments_sandbox.control("webhooks/flush", {"shuffle": True})
    assert Payment.objects.count() == 1
    attempt.refresh_from_db()
    assert attempt.status == "paid"  # the late decline event does not undo it
    assert StripeEvent.objects.count() == len(
        [e for e in payments_sandbox.events() if e["type"] in actions.HANDLED]
    )


# --- Fund Now --------------------------------------------------------------------------------


def test_fund_now_is_prefilled_with_the_shortfall_and_tops_up_to_the_minimum(
    payments_sandbox, carol_case, alice, django_capture_on_commit_callbacks
):
    case, carol = carol_case
    case.minimum_trust_balance = 100000
    case.save(update_fields=["minimum_trust_balance"])
    put_deposit(case, carol, alice, 30000)
    as_carol = portal_client_for(open_account(carol))
    page = as_carol.get(f"/portal/cases/{case.id}/trust/fund/").content.decode()
    assert 'value="700.00"' in page
    response = as_carol.post(
        f"/portal/cases/{case.id}/trust/fund/", {"amount": "700.00", "attempt_key": "k1"}
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        payments_sandbox.pay(response["Location"], CARD)
    # the trust balance is the minimum; the deposit is on the ledger and in the trust account
    assert trust_balance(case.firm_id, case, carol.id) == 100000
    deposit = TrustEntry.objects.get(kind="deposit", method="card")
    assert deposit.amount_minor == 70000
    attempt = CheckoutAttempt.objects.get()
    assert deposit.reference == attempt.payment_intent_id
    assert attempt.trust_credit_minor == 70000  # every trust credit equals the gross payment
    trust = gateway.client(TRUST_KEY).v1.balance.retrieve().available[0].amount
    assert trust == 70000
    # nothing reached operating: it only paid the card fee
    operating = gateway.client().v1.balance.retrieve().available[0].amount
    assert operating == -engine.fee_of(70000)
    assert not Payment.objects.exists()


def test_fund_now_never_takes_more_than_the_shortfall(payments_sandbox, carol_case, alice):
    case, carol = carol_case
    case.minimum_trust_balance = 100000
    case.save(update_fields=["minimum_trust_balance"])
    with pytest.raises(InvalidInput) as refused:
        actions.start_checkout(
            purpose="trust",
            case=case,
            contact=carol,
            amount_minor=100001,
            actor=None,
            return_url=RETURN,
        )
    assert "needed to reach your minimum" in refused.value.errors["amount"][0]
    put_deposit(case, carol, alice, 100000)
    with pytest.raises(InvalidInput) as refused:
        actions.start_checkout(
            purpose="trust",
            case=case,
            contact=carol,
            amount_minor=100,
            actor=None,
            return_url=RETURN,
        )
    assert "already meets the minimum" in refused.value.errors["amount"][0]


# --- the walls --------------------------------------------------------------------------------


def test_carol_cannot_see_or_pay_dans_invoice(payments_sandbox, harbor, alice):
    carol, dan = carol_of(harbor), dan_of(harbor)
    dans_case = make_case(harbor, [dan], name="Dan's case", actor=alice)
    invoice = put_invoice(dans_case, dan, alice)
    as_carol = portal_client_for(open_account(carol))
    before = database_fingerprint()
    assert as_carol.get(f"/portal/invoices/{invoice.id}/pay/").status_code == 404
    assert (
        as_carol.post(f"/portal/invoices/{invoice.id}/pay/", {"amount": "1.00"}).status_code == 404
    )
    api = as_carol.post(
        f"/portal/api/v1/invoices/{invoice.id}/pay", data={}, content_type="application/json"
    )
    assert api.status_code == 404
    assert (
        as_carol.post(
            f"/portal/api/v1/cases/{dans_case.id}/trust/fund",
            data={},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert database_fingerprint() == before
    assert sessions() == 0


def test_the_portal_api_answers_with_the_checkout_url(payments_sandbox, carol_case, alice):
    case, carol = carol_case
    invoice = put_invoice(case, carol, alice, amounts=(125000,))
    as_carol = portal_client_for(open_account(carol))
    url = f"/portal/api/v1/invoices/{invoice.id}/pay"
    response = as_carol.post(url, data={"amount": "250.00"}, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["amount"], body["currency"]) == ("250.00", "USD")
    assert body["checkout_url"].startswith("http://testserver/_sandbox/stripe/c/pay/cs_test_")
    too_much = as_carol.post(url, data={"amount": "1250.01"}, content_type="application/json")
    assert too_much.status_code == 422
    assert "still owed" in too_much.json()["errors"]["amount"][0]


def test_a_second_checkout_paid_for_what_was_already_paid_is_refunded_not_posted(
    payments_sandbox, carol_case, alice, django_capture_on_commit_callbacks
):
    # carol opened Pay Now twice for the whole invoice (two tabs) and paid both
    case, carol = carol_case
    invoice = put_invoice(case, carol, alice, amounts=(125000,))
    first, second = (pay_invoice(invoice, 125000) for _ in range(2))
    for attempt in (first, second):
        with django_capture_on_commit_callbacks(execute=True):
            payments_sandbox.pay(attempt.checkout_url, CARD)
    # one payment is posted; the other is given back by Stripe, never more than was owed
    assert list(Payment.objects.values_list("amount_minor", flat=True)) == [125000]
    second.refresh_from_db()
    pi = gateway.client().v1.payment_intents.retrieve(second.payment_intent_id)
    charge = gateway.client().v1.charges.retrieve(pi.latest_charge)
    assert (charge.amount_refunded, charge.refunded) == (125000, True)
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.PAID
