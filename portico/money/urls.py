from django.urls import path

from portico.money.views import workspace as w

app_name = "money"

urlpatterns = [
    path(
        "cases/<uuid:case_id>/money/invoices/new/", w.NewInvoiceView.as_view(), name="new_invoice"
    ),
    path("cases/<uuid:case_id>/money/deposits/", w.DepositView.as_view(), name="deposit"),
    path("cases/<uuid:case_id>/money/refunds/", w.RefundView.as_view(), name="refund"),
    path("invoices/<uuid:invoice_id>/", w.InvoiceView.as_view(), name="invoice"),
    path("invoices/<uuid:invoice_id>/lines/", w.AddLineView.as_view(), name="add_line"),
    path("invoice-lines/<uuid:line_id>/remove/", w.RemoveLineView.as_view(), name="remove_line"),
    path("invoices/<uuid:invoice_id>/issue/", w.IssueView.as_view(), name="issue"),
    path("invoices/<uuid:invoice_id>/void/", w.VoidView.as_view(), name="void"),
    path("invoices/<uuid:invoice_id>/payments/", w.RecordPaymentView.as_view(), name="payment"),
    path("invoices/<uuid:invoice_id>/apply-trust/", w.ApplyTrustView.as_view(), name="apply"),
    path("invoices/<uuid:invoice_id>/invoice.pdf", w.InvoicePdfView.as_view(), name="invoice_pdf"),
    path("payments/<uuid:payment_id>/receipt.pdf", w.ReceiptPdfView.as_view(), name="receipt_pdf"),
    path("trust-entries/<uuid:entry_id>/reverse/", w.ReverseView.as_view(), name="reverse"),
    path("money/reconciliation/", w.ReconciliationView.as_view(), name="reconciliation"),
]
