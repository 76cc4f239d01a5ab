"""The client's Pay Now and Fund Now pages, and the page Stripe sends them back to. Reads go
through the portal's queries (the client's own invoices, cases and payments); nothing is
posted here: the payment is posted from Stripe's verified webhook, never from the redirect."""

from __future__ import annotations

import uuid

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


class PayInvoiceView(PortalView):
    def _invoice(self, invoice_id: uuid.UUID) -> Invoice:
        return money_queries.get_invoice_for_client(self.principal, invoice_id)

    def _render(self, request, invoice, form, status=200):
        owed = invoice.balance_minor if invoice.status == Invoice.Status.ISSUED else 0
        return render(
            request,
            "payments/pay.html",
            {
                "form": form,
                "owed": owed,
                "heading": f"Pay invoice {invoice.number}",
                "summary": f"You owe {display(owed, invoice.currency)} on invoice {invoice.number}.",
                "nothing_due": "This invoice has nothing left to pay." if owed <= 0 else "",
                "case": invoice.case,
            },
            status=status,
        )

    def _form(self, invoice, data=None):
        owed = invoice.balance_minor
        return AmountForm(
            data,
            currency=invoice.currency,
            prefill=owed,
            hint=f"Up to {display(owed, invoice.currency)}. You can pay part now and the rest later.",
        )

    def get(self, request: HttpRequest, invoice_id: uuid.UUID) -> HttpResponse:
        invoice = self._invoice(invoice_id)
        return self._render(request, invoice, self._form(invoice))

    def post(self, request: HttpRequest, invoice_id: uuid.UUID) -> HttpResponse:
        invoice = self._invoice(invoice_id)
        form = self._form(invoice, request.POST)
        contact = portal_queries.contact_for_client(self.principal)
        attempt = submit_form(
            form,
            lambda: start_checkout(
                purpose=Purpose.INVOICE,
                case=invoice.case,
                contact=contact,
                invoice=invoice,
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
            return self._render(request, invoice, form, status=422)
        return redirect(attempt.checkout_url)


class FundTrustView(PortalView):
    def _case(self, case_id):
        return portal_queries.get_case_for_client(self.principal, case_id)

    def _render(self, request, case, form, status=200):
        short = trust_shortfall(case, self.principal.contact_id)
        return render(
            request,
            "payments/pay.html",
            {
                "form": form,
                "owed": short,
                "heading": "Add money to your trust balance",
                "summary": (
                    f"Your firm asks you to keep at least {display(case.minimum_trust_balance, case.currency)} "
                    f"in trust for {case.name}; you are {display(short, case.currency)} short."
                ),
                "nothing_due": "Your trust balance already meets the minimum."
                if short <= 0
                else "",
                "case": case,
            },
            status=status,
        )

    def _form(self, case, data=None):
        short = trust_shortfall(case, self.principal.contact_id)
        return AmountForm(
            data,
            currency=case.currency,
            prefill=short,
            hint=f"Up to {display(short, case.currency)}, the amount that brings you to the minimum.",
        )

    def get(self, request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
        case = self._case(case_id)
        return self._render(request, case, self._form(case))

    def post(self, request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
        case = self._case(case_id)
        form = self._form(case, request.POST)
        contact = portal_queries.contact_for_client(self.principal)
        attempt = submit_form(
            form,
            lambda: start_checkout(
                purpose=Purpose.TRUST,
                case=case,
                contact=contact,
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
            return self._render(request, case, form, status=422)
        return redirect(attempt.checkout_url)


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
