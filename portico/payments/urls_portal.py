from django.urls import path

from portico.payments.views import portal

app_name = "payments"
urlpatterns = [
    path("invoices/<uuid:invoice_id>/pay/", portal.PayInvoiceView.as_view(), name="pay_invoice"),
    path("cases/<uuid:case_id>/trust/fund/", portal.FundTrustView.as_view(), name="fund_trust"),
    path("payments/<uuid:attempt_id>/", portal.AttemptView.as_view(), name="attempt"),
]
