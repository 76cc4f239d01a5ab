"""The client's Pay Now and Fund Now pages, and the page Stripe sends them back to. Reads go
through the portal's queries (the client's own invoices, cases and payments); nothing is
posted here: the payment is posted from Stripe's verified webhook, never from the redirect."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from portico.core.forms import submit_form
from portico.core.views import PortalView
from portico.money import portal_queries as money_queries
from portico.money.amounts import display
from portico.money.models import Invoice
from portico.payments import queries
from portico.payments.actions import Purpose, start_checkout
from portico.payments.forms import AmountForm
from portico.payments.queries import client_attempt_key, trust_shortfall
from portico.portal import queries as portal_queries


def return_url(request: HttpRequest) -> str:
    # "{attempt}" is added after building: build_absolute_uri would percent-encode the braces
    return request.build_absolute_uri("/portal/payments/") + "{attempt}/"


@dataclass(frozen=True)
class _Checkout:
    """What one checkout page is about: the case, the invoice if any, what is due, and its
    words."""

    case: object
    currency: str
    due: int
    heading: str
    summary: str
    nothing_due: str
    hint: str
    invoice: Invoice | None = None


class _CheckoutPage(PortalView):
    """A form prefilled with what is due, which starts a Stripe Checkout Session for the amount
    the client chose (never more) and sends them to it."""

    purpose: Purpose

    def _checkout(self, **ids: uuid.UUID) -> _Checkout:
        raise NotImplementedError

    def _form(self, checkout: _Checkout, data=None) -> AmountForm:
        return AmountForm(
            data, currency=checkout.currency, prefill=checkout.due, hint=checkout.hint
        )

    def _render(self, request, checkout: _Checkout, form, status=200):
        return render(
            request,
            "payments/pay.html",
            {
                "form": form,
                "owed": checkout.due,
                "heading": checkout.heading,
                "summary": checkout.summary,
                "nothing_due": checkout.nothing_due if checkout.due <= 0 else "",
                "case": checkout.case,
            },
            status=status,
        )

    def get(self, request: HttpRequest, **ids: uuid.UUID) -> HttpResponse:
        checkout = self._checkout(**ids)
        return self._render(request, checkout, self._form(checkout))

    def post(self, request: HttpRequest, **ids: uuid.UUID) -> HttpResponse:
        checkout = self._checkout(**ids)
        form = self._form(checkout, request.POST)
        contact = portal_queries.contact_for_client(self.principal)
        attempt = submit_form(
            form,
            lambda: start_checkout(
                purpose=self.purpose,
                case=checkout.case,
                contact=contact,
                invoice=checkout.invoice,
                amount_minor=form.cleaned_data["amount"],
                actor=self.principal,
                return_url=return_url(request),
                idempotency_key=client_attempt_key(
                    self.principal, form.cleaned_data["attempt_key"]
                ),
                customer_email=_email(contact),
            ),
        )
        if attempt is None:
            return self._render(request, checkout, form, status=422)
        return redirect(attempt.checkout_url)


class PayInvoiceView(_CheckoutPage):
    purpose = Purpose.INVOICE

    def _checkout(self, *, invoice_id: uuid.UUID) -> _Checkout:
        invoice = money_queries.get_invoice_for_client(self.principal, invoice_id)
        owed = invoice.balance_minor if invoice.status == Invoice.Status.ISSUED else 0
        return _Checkout(
            case=invoice.case,
            invoice=invoice,
            currency=invoice.currency,
            due=owed,
            heading=f"Pay invoice {invoice.number}",
            summary=f"You owe {display(owed, invoice.currency)} on invoice {invoice.number}.",
            nothing_due="This invoice has nothing left to pay.",
            hint=f"Up to {display(owed, invoice.currency)}. You can pay part now and the rest later.",
        )


class FundTrustView(_CheckoutPage):
    purpose = Purpose.TRUST

    def _checkout(self, *, case_id: uuid.UUID) -> _Checkout:
        case = portal_queries.get_case_for_client(self.principal, case_id)
        short = trust_shortfall(case, self.principal.contact_id)
        minimum = display(case.minimum_trust_balance, case.currency)
        return _Checkout(
            case=case,
            currency=case.currency,
            due=short,
            heading="Add money to your trust balance",
            summary=(
                f"Your firm asks you to keep at least {minimum} in trust for {case.name}; "
                f"you are {display(short, case.currency)} short."
            ),
            nothing_due="Your trust balance already meets the minimum.",
            hint=f"Up to {display(short, case.currency)}, the amount that brings you to the minimum.",
        )


class AttemptView(PortalView):
    """Where Stripe sends the client back: what became of their payment, in plain words."""

    def get(self, request: HttpRequest, attempt_id: uuid.UUID) -> HttpResponse:
        attempt = queries.get_attempt_for_client(self.principal, attempt_id)
        return render(
            request,
            "payments/result.html",
            {
                "attempt": attempt,
                "amount": display(attempt.amount_minor, attempt.currency),
                "returned": request.GET.get("returned", ""),
            },
        )


def _email(contact) -> str | None:
    primary = contact.emails.filter(is_primary=True).first()
    return primary.address if primary else None
