"""Money in the workspace: drafting, issuing and voiding invoices, recording offline
payments, and each client's trust ledger (deposit, apply to an invoice, refund, reverse),
with a confirmation before every step that moves or cancels money; PDFs of invoices and
receipts; the month's three-way reconciliation.

Each form is a page of its own (linked from the case page's money section), so a refusal is
shown beside its field with the money the case holds in view."""

from __future__ import annotations

import datetime
import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from portico.core.errors import InvalidInput
from portico.core.forms import submit_form
from portico.core.money import format_minor_units
from portico.core.views import WorkspaceView
from portico.matters.kinds import MatterKind
from portico.matters.queries import get_matter_page_for_firm
from portico.money import actions
from portico.money.amounts import display
from portico.money.forms import (
    ApplyForm,
    DepositForm,
    IssueForm,
    LineForm,
    NewInvoiceForm,
    PaymentForm,
    RefundForm,
    ReverseForm,
    VoidForm,
)
from portico.money.inputs import parse_amount, received_at_of
from portico.money.models import Invoice, TrustEntry
from portico.money.pdf import invoice_pdf_response, receipt_pdf_response
from portico.money.queries import (
    get_entry_for_firm,
    get_invoice_for_firm,
    get_invoice_line_for_firm,
    get_payment_for_firm,
    trust_balance,
)
from portico.money.reconciliation import reconcile


def _case_money_url(case) -> str:
    return reverse("matters:case", args=[case.id]) + "#money"


def _client_of(clients, contact_id: str):
    return next(c for c in clients if str(c.id) == contact_id)


class FormPage(WorkspaceView):
    """A page holding one money form: `title`, what it does (`intro`), the form, a button, and
    the way back. `danger` draws the button as a destructive one (a confirmation)."""

    template = "money/form_page.html"

    def page(
        self, request, *, form, title, intro="", button, back, danger=False, status=200, **extra
    ):
        context = {
            "form": form,
            "title": title,
            "intro": intro,
            "button": button,
            "back": back,
            "danger": danger,
            **extra,
        }
        return render(request, self.template, context, status=status)


class CaseFormPage(FormPage):
    def _case(self, case_id):
        return get_matter_page_for_firm(self.firm.id, MatterKind.CASE, case_id)

    def _clients(self, case):
        return [link.contact for link in case.case_clients.all()]


class NewInvoiceView(CaseFormPage):
    def _page(self, request, case, form, status=200):
        return self.page(
            request,
            form=form,
            title=f"New invoice on {case.name}",
            intro="It starts as a draft: add more lines, then issue it to the client.",
            button="Create the draft",
            back=_case_money_url(case),
            case=case,
            status=status,
        )

    def get(self, request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
        case = self._case(case_id)
        return self._page(request, case, NewInvoiceForm(clients=self._clients(case)))

    def post(self, request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
        case = self._case(case_id)
        clients = self._clients(case)
        form = NewInvoiceForm(request.POST, clients=clients)

        def act():
            data = form.cleaned_data
            line = actions.LineInput(
                description=data["description"],
                amount_minor=parse_amount(data["amount"], case.currency),
                kind=data["kind"],
            )
            return actions.create_invoice(
                case=case,
                contact=_client_of(clients, data["contact"]),
                actor=self.member,
                lines=[line],
                internal_note=data["internal_note"],
            )

        invoice = submit_form(form, act)
        if invoice is None:
            return self._page(request, case, form, status=422)
        messages.success(request, "The draft invoice is saved. Add lines, then issue it.")
        return redirect("money:invoice", invoice.id)


class InvoiceView(WorkspaceView):
    """One invoice: its lines and balance, its payments, and what can be done with it now."""

    def _render(self, request, invoice, line_form=None, status=200):
        held = trust_balance(self.firm.id, invoice.case, invoice.contact_id)
        context = {
            "invoice": invoice,
            "case": invoice.case,
            "line_form": line_form or LineForm(),
            "held": held,
            "money": lambda m: display(m, invoice.currency),
        }
        return render(request, "money/invoice.html", context, status=status)

    def get(self, request: HttpRequest, invoice_id: uuid.UUID) -> HttpResponse:
        return self._render(request, get_invoice_for_firm(self.firm.id, invoice_id))


class AddLineView(InvoiceView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, invoice_id: uuid.UUID) -> HttpResponse:
        invoice = get_invoice_for_firm(self.firm.id, invoice_id)
        form = LineForm(request.POST)

        def act():
            data = form.cleaned_data
            line = actions.LineInput(
                data["description"], parse_amount(data["amount"], invoice.currency), data["kind"]
            )
            return actions.add_invoice_line(invoice=invoice, line=line, actor=self.member)

        if submit_form(form, act) is None:
            return self._render(request, invoice, form, status=422)
        messages.success(request, "Line added.")
        return redirect("money:invoice", invoice.id)


class RemoveLineView(WorkspaceView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, line_id: uuid.UUID) -> HttpResponse:
        line = get_invoice_line_for_firm(self.firm.id, line_id)
        try:
            actions.remove_invoice_line(line=line, actor=self.member)
        except InvalidInput as exc:
            messages.error(request, " ".join(m for ms in exc.errors.values() for m in ms))
        else:
            messages.success(request, f"Removed “{line.description}”.")
        return redirect("money:invoice", line.invoice_id)


class InvoiceFormPage(FormPage):
    """A form acting on one invoice, shown with its number, client and balance."""

    def _invoice(self, invoice_id) -> Invoice:
        return get_invoice_for_firm(self.firm.id, invoice_id)

    def invoice_page(self, request, invoice, **kwargs):
        return self.page(
            request, invoice=invoice, money=lambda m: display(m, invoice.currency), **kwargs
        )


class IssueView(InvoiceFormPage):
    def _page(self, request, invoice, form, status=200):
        total = display(invoice.total_minor, invoice.currency)
        return self.invoice_page(
            request,
            invoice,
            form=form,
            title=f"Issue this invoice for {total} to {invoice.contact.display_name}?",
            intro="It gets its number and today's date, its lines can no longer change, and "
            "the client sees it in the portal at once.",
            button="Issue the invoice",
            back=reverse("money:invoice", args=[invoice.id]),
            status=status,
        )

    def get(self, request: HttpRequest, invoice_id: uuid.UUID) -> HttpResponse:
        return self._page(request, self._invoice(invoice_id), IssueForm())

    def post(self, request: HttpRequest, invoice_id: uuid.UUID) -> HttpResponse:
        invoice = self._invoice(invoice_id)
        form = IssueForm(request.POST)
        issued = submit_form(
            form,
            lambda: actions.issue_invoice(
                invoice=invoice, actor=self.member, due_on=form.cleaned_data["due_on"]
            ),
        )
        if issued is None:
            return self._page(request, invoice, form, status=422)
        messages.success(request, f"{issued} is issued, due {issued.due_on:%-d %B %Y}.")
        return redirect("money:invoice", invoice.id)


class VoidView(InvoiceFormPage):
    def _page(self, request, invoice, form, status=200):
        return self.invoice_page(
            request,
            invoice,
            form=form,
            title=f"Void {invoice}?",
            intro="Nothing will be owed on it. It stays on record, marked void, and the client "
            "sees it as void.",
            button="Void the invoice",
            back=reverse("money:invoice", args=[invoice.id]),
            danger=True,
            status=status,
        )

    def get(self, request: HttpRequest, invoice_id: uuid.UUID) -> HttpResponse:
        return self._page(request, self._invoice(invoice_id), VoidForm())

    def post(self, request: HttpRequest, invoice_id: uuid.UUID) -> HttpResponse:
        invoice = self._invoice(invoice_id)
        form = VoidForm(request.POST)
        done = submit_form(
            form,
            lambda: actions.void_invoice(
                invoice=invoice, actor=self.member, reason=form.cleaned_data["reason"]
            ),
        )
        if done is None:
            return self._page(request, invoice, form, status=422)
        messages.success(request, f"{done} is void.")
        return redirect(_case_money_url(invoice.case))


class RecordPaymentView(InvoiceFormPage):
    def _page(self, request, invoice, form, status=200):
        owed = display(invoice.balance_minor, invoice.currency)
        return self.invoice_page(
            request,
            invoice,
            form=form,
            title=f"Record a payment on {invoice}",
            intro=f"A check or transfer into the operating account. {owed} is owed.",
            button="Record the payment",
            back=reverse("money:invoice", args=[invoice.id]),
            status=status,
        )

    def get(self, request: HttpRequest, invoice_id: uuid.UUID) -> HttpResponse:
        invoice = self._invoice(invoice_id)
        return self._page(request, invoice, PaymentForm())

    def post(self, request: HttpRequest, invoice_id: uuid.UUID) -> HttpResponse:
        invoice = self._invoice(invoice_id)
        form = PaymentForm(request.POST)

        def act():
            data = form.cleaned_data
            return actions.record_payment(
                invoice=invoice,
                amount_minor=parse_amount(data["amount"], invoice.currency),
                method=data["method"],
                reference=data["reference"] or form.reference("offline"),
                received_at=received_at_of(data["received_on"]),
                actor=self.member,
            )

        payment = submit_form(form, act)
        if payment is None:
            return self._page(request, invoice, form, status=422)
        messages.success(
            request,
            f"Payment of {display(payment.amount_minor, payment.currency)} recorded "
            f"(receipt {payment.receipt_number}).",
        )
        return redirect("money:invoice", invoice.id)


class ApplyTrustView(InvoiceFormPage):
    def _page(self, request, invoice, form, held, status=200):
        money = lambda m: display(m, invoice.currency)  # noqa: E731
        return self.invoice_page(
            request,
            invoice,
            form=form,
            title=f"Pay {invoice} from trust?",
            intro=f"{invoice.contact.display_name} holds {money(held)} in trust on this case; "
            f"{money(invoice.balance_minor)} is owed. The amount moves from the trust account "
            "to the operating account, as earned fees, and cannot be undone except by a reversal.",
            button="Apply from trust",
            back=reverse("money:invoice", args=[invoice.id]),
            danger=True,
            status=status,
        )

    def get(self, request: HttpRequest, invoice_id: uuid.UUID) -> HttpResponse:
        invoice = self._invoice(invoice_id)
        held = trust_balance(self.firm.id, invoice.case, invoice.contact_id)
        amount = min(held, max(invoice.balance_minor, 0))
        form = ApplyForm(initial={"amount": format_minor_units(amount, invoice.currency)})
        return self._page(request, invoice, form, held)

    def post(self, request: HttpRequest, invoice_id: uuid.UUID) -> HttpResponse:
        invoice = self._invoice(invoice_id)
        form = ApplyForm(request.POST)
        entry = submit_form(
            form,
            lambda: actions.apply_trust(
                invoice=invoice,
                amount_minor=parse_amount(form.cleaned_data["amount"], invoice.currency),
                reference=form.reference("apply"),
                actor=self.member,
            ),
        )
        if entry is None:
            held = trust_balance(self.firm.id, invoice.case, invoice.contact_id)
            return self._page(request, invoice, form, held, status=422)
        messages.success(
            request,
            f"{display(entry.amount_minor, entry.currency)} applied from trust to {invoice}.",
        )
        return redirect("money:invoice", invoice.id)


class DepositView(CaseFormPage):
    def _page(self, request, case, form, status=200):
        return self.page(
            request,
            form=form,
            title=f"Record a trust deposit on {case.name}",
            intro="Money received into the trust account for a client of this case (a check or "
            "a transfer). It stays the client's until it is applied to an invoice or refunded.",
            button="Record the deposit",
            back=_case_money_url(case),
            case=case,
            status=status,
        )

    def get(self, request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
        case = self._case(case_id)
        return self._page(request, case, DepositForm(clients=self._clients(case)))

    def post(self, request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
        case = self._case(case_id)
        clients = self._clients(case)
        form = DepositForm(request.POST, clients=clients)

        def act():
            data = form.cleaned_data
            return actions.deposit_trust(
                case=case,
                contact=_client_of(clients, data["contact"]),
                amount_minor=parse_amount(data["amount"], case.currency),
                method=data["method"],
                reference=data["reference"] or form.reference("deposit"),
                received_at=received_at_of(data["received_on"]),
                memo=data["memo"],
                actor=self.member,
            )

        entry = submit_form(form, act)
        if entry is None:
            return self._page(request, case, form, status=422)
        messages.success(
            request,
            f"Trust deposit of {display(entry.amount_minor, entry.currency)} recorded "
            f"(receipt {entry.receipt_number}).",
        )
        return redirect(_case_money_url(case))


class RefundView(CaseFormPage):
    def _page(self, request, case, form, status=200):
        return self.page(
            request,
            form=form,
            title=f"Refund trust money on {case.name}?",
            intro="The amount leaves the trust account back to the client. It cannot be more "
            "than they hold on this case.",
            button="Refund",
            back=_case_money_url(case),
            danger=True,
            case=case,
            status=status,
        )

    def get(self, request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
        case = self._case(case_id)
        return self._page(request, case, RefundForm(clients=self._clients(case)))

    def post(self, request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
        case = self._case(case_id)
        clients = self._clients(case)
        form = RefundForm(request.POST, clients=clients)

        def act():
            data = form.cleaned_data
            return actions.refund_trust(
                case=case,
                contact=_client_of(clients, data["contact"]),
                amount_minor=parse_amount(data["amount"], case.currency),
                method=data["method"],
                memo=data["memo"],
                reference=form.reference("refund"),
                actor=self.member,
            )

        entry = submit_form(form, act)
        if entry is None:
            return self._page(request, case, form, status=422)
        messages.success(
            request, f"Refund of {display(entry.amount_minor, entry.currency)} recorded."
        )
        return redirect(_case_money_url(case))


class ReverseView(FormPage):
    def _page(self, request, entry: TrustEntry, form, status=200):
        amount = display(entry.amount_minor, entry.currency)
        noun = {"application": f"payment of {entry.invoice} from trust"}.get(entry.kind, entry.kind)
        return self.page(
            request,
            form=form,
            title=f"Reverse this {noun} of {amount}?",
            intro=f"{entry.contact.display_name}, posted {timezone.localtime(entry.posted_at):%-d %B %Y}. "
            "The entry stays on the ledger as it was; a reversal is posted beside it with the "
            "opposite effect.",
            button="Post the reversal",
            back=_case_money_url(entry.case),
            danger=True,
            case=entry.case,
            status=status,
        )

    def get(self, request: HttpRequest, entry_id: uuid.UUID) -> HttpResponse:
        return self._page(request, get_entry_for_firm(self.firm.id, entry_id), ReverseForm())

    def post(self, request: HttpRequest, entry_id: uuid.UUID) -> HttpResponse:
        entry = get_entry_for_firm(self.firm.id, entry_id)
        form = ReverseForm(request.POST)
        reversal = submit_form(
            form,
            lambda: actions.reverse_entry(
                entry=entry,
                actor=self.member,
                reason=form.cleaned_data["reason"],
                reference=form.reference("reverse"),
            ),
        )
        if reversal is None:
            return self._page(request, entry, form, status=422)
        messages.success(request, "The reversal is posted.")
        return redirect(_case_money_url(entry.case))


class InvoicePdfView(WorkspaceView):
    def get(self, request: HttpRequest, invoice_id: uuid.UUID) -> HttpResponse:
        invoice = get_invoice_for_firm(self.firm.id, invoice_id)
        if invoice.status == Invoice.Status.DRAFT:
            raise Http404("A draft has no PDF until it is issued.")
        return invoice_pdf_response(invoice, self.firm)


class ReceiptPdfView(WorkspaceView):
    def get(self, request: HttpRequest, payment_id: uuid.UUID) -> HttpResponse:
        payment = get_payment_for_firm(self.firm.id, payment_id)
        return receipt_pdf_response(payment, self.firm)


class ReconciliationView(WorkspaceView):
    """The month's three-way reconciliation (`?month=2026-11`; this month when left out)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        error = ""
        try:
            year, month = (int(p) for p in request.GET.get("month", "").split("-"))
            datetime.date(year, month, 1)
        except ValueError:
            if request.GET.get("month"):
                error = "Choose a month like 2026-11."
            year, month = today.year, today.month
        report = reconcile(self.firm, year, month)
        return render(
            request,
            "money/reconciliation.html",
            {"report": report, "error": error, "month_value": f"{year:04d}-{month:02d}"},
        )
