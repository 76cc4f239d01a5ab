from django.urls import path

from portico.matters.kinds import MatterKind
from portico.portal.views import portal

app_name = "portal"
urlpatterns = [
    path("sign-in/", portal.portal_sign_in, name="sign_in"),
    path("", portal.HomeView.as_view(), name="home"),
    path("profile/", portal.ProfileView.as_view(), name="profile"),
    path("profile/form-row/", portal.FormRowView.as_view(), name="form_row"),
    *[
        path(
            f"{kind.value}s/<uuid:{kind.value}_id>/",
            portal.MatterView.as_view(kind=kind),
            name=kind.value,
        )
        for kind in MatterKind
    ],
    *[
        path(
            f"{kind.value}s/<uuid:{kind.value}_id>/documents/upload/",
            portal.PortalUploadView.as_view(kind=kind),
            name=f"{kind.value}_upload",
        )
        for kind in MatterKind
    ],
    *[
        path(
            f"{kind.value}s/<uuid:{kind.value}_id>/intake/<uuid:question_id>/file/",
            portal.PortalFileAnswerView.as_view(kind=kind),
            name=f"{kind.value}_intake_file",
        )
        for kind in MatterKind
    ],
    path("cases/<uuid:case_id>/money/", portal.MoneyHistoryView.as_view(), name="case_money"),
    path("payments/<uuid:payment_id>/receipt.pdf", portal.ReceiptView.as_view(), name="receipt"),
    path(
        "trust-deposits/<uuid:entry_id>/receipt.pdf",
        portal.TrustReceiptView.as_view(),
        name="trust_receipt",
    ),
    path("invoices/<uuid:invoice_id>/invoice.pdf", portal.InvoicePdfView.as_view(), name="invoice"),
    path(
        "documents/<uuid:document_id>/download/",
        portal.DocumentDownloadView.as_view(),
        name="document",
    ),
]
