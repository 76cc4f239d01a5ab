"""The hosted test checkout page at /_sandbox/stripe/c/pay/<session>: what the customer sees
where Stripe would show its Checkout. It takes Stripe's documented test cards
(reference/stripe-sandbox.md section 5); a decline keeps the page up with a plain message and
the session open, as Stripe's does."""

from __future__ import annotations

import datetime

from django import forms
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from portico.stripe_sandbox import engine
from portico.stripe_sandbox.api import sandbox_enabled
from portico.stripe_sandbox.routers import sandbox_db


def _luhn(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


class CardForm(forms.Form):
    email = forms.EmailField(
        label="Email", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    number = forms.CharField(
        label="Card number",
        max_length=23,
        help_text="Test cards: 4242 4242 4242 4242 succeeds; 4000 0000 0000 0002 is declined.",
        widget=forms.TextInput(attrs={"autocomplete": "cc-number", "inputmode": "numeric"}),
    )
    expiry = forms.CharField(
        label="Expiry date",
        max_length=7,
        help_text="Month and year, for example 12 / 34",
        widget=forms.TextInput(attrs={"autocomplete": "cc-exp", "inputmode": "numeric"}),
    )
    cvc = forms.CharField(
        label="Security code (CVC)",
        max_length=4,
        help_text="The 3 digits on the back of the card",
        widget=forms.TextInput(attrs={"autocomplete": "cc-csc", "inputmode": "numeric"}),
    )

    def clean_number(self) -> str:
        number = "".join(self.cleaned_data["number"].split())
        if not number.isdigit() or not 13 <= len(number) <= 19 or not _luhn(number):
            raise forms.ValidationError("Your card number is incorrect.")
        return number

    def clean_expiry(self) -> tuple[int, int]:
        text = self.cleaned_data["expiry"].replace(" ", "")
        month, _, year = text.partition("/")
        if not (
            month.isdigit() and year.isdigit() and 1 <= int(month) <= 12 and len(year) in (2, 4)
        ):
            raise forms.ValidationError("Enter the expiry date as month / year, like 12 / 34.")
        y = int(year) + (2000 if len(year) == 2 else 0)
        today = datetime.date.today()
        if (y, int(month)) < (today.year, today.month):
            raise forms.ValidationError("Your card's expiration date is in the past.")
        return y, int(month)

    def clean_cvc(self) -> str:
        cvc = self.cleaned_data["cvc"].strip()
        if not cvc.isdigit() or len(cvc) not in (3, 4):
            raise forms.ValidationError("Your card's security code is incomplete.")
        return cvc


def hosted_page(request: HttpRequest, session_id: str) -> HttpResponse:
    if not sandbox_enabled():
        raise Http404
    with transaction.atomic(using=sandbox_db()):
        found = engine.session_for_page(session_id)
        if found is None:
            raise Http404
        session, account = found
        declined = None
        if request.method == "POST" and session["status"] == "open":
            form = CardForm(request.POST)
            if form.is_valid():
                declined = engine.pay(
                    session, account, form.cleaned_data["number"], form.cleaned_data["email"]
                )
                if declined is None:
                    target = session["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id)
                    return HttpResponseRedirect(target)
                # a decline: the page stays, with the session still open
                form = CardForm(initial={"email": form.cleaned_data["email"]})
        else:
            form = CardForm(initial={"email": session.get("customer_email") or ""})
    return render(
        request,
        "stripe_sandbox/checkout.html",
        {
            "session": session,
            "form": form,
            "declined": declined,
            "items": session["line_items"]["data"],
            "total": engine.money(session["amount_total"]),
            "currency": session["currency"].upper(),
        },
        status=402 if declined else 200,
    )
