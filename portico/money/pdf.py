"""PDFs of an issued invoice and of a payment's receipt, drawn by WeasyPrint from templates.

Nothing is fetched while drawing (no fonts, images or stylesheets from anywhere: the
templates carry their own style), so a PDF never reaches out of the process. Dates are in
the firm's time zone."""

from __future__ import annotations

import zoneinfo

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from portico.money.amounts import display


def _no_fetching(url: str, *args, **kwargs):
    raise ValueError(f"PDFs fetch nothing ({url})")


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html, url_fetcher=_no_fetching, base_url=None).write_pdf()


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _local(firm, moment):
    return timezone.localtime(moment, zoneinfo.ZoneInfo(firm.timezone))


def receipt_pdf(payment) -> bytes:
    """`payment`: a `Payment` on an invoice, or a trust deposit (a `TrustEntry`)."""
    firm = payment.firm
    return render_pdf(
        "money/pdf/receipt.html",
        {
            "firm": firm,
            "payment": payment,
            "client": payment.contact,
            "case": payment.case,
            "invoice": getattr(payment, "invoice", None),
            "amount": display(payment.amount_minor, payment.currency),
            "received": _local(firm, payment.received_at),
            "method": payment.get_method_display(),
        },
    )


def receipt_pdf_response(payment, firm=None) -> HttpResponse:
    return _pdf_response(receipt_pdf(payment), f"receipt-{payment.receipt_number}.pdf")


def invoice_pdf(invoice) -> bytes:
    firm = invoice.firm
    money = lambda m: display(m, invoice.currency)  # noqa: E731
    return render_pdf(
        "money/pdf/invoice.html",
        {
            "firm": firm,
            "invoice": invoice,
            "client": invoice.contact,
            "case": invoice.case,
            "lines": [(line, money(line.amount_minor)) for line in invoice.lines.all()],
            "total": money(invoice.total_minor),
            "paid": money(invoice.paid_minor),
            "balance": money(invoice.balance_minor),
        },
    )


def invoice_pdf_response(invoice, firm=None) -> HttpResponse:
    return _pdf_response(invoice_pdf(invoice), f"invoice-{invoice.number}.pdf")
