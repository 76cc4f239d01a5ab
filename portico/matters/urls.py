from django.urls import path

from portico.matters.views import workspace as w

app_name = "matters"
urlpatterns = [
    path("leads/", w.LeadListView.as_view(), name="leads"),
    path("leads/new/", w.LeadCreateView.as_view(), name="lead_new"),
    path("leads/<uuid:lead_id>/", w.LeadDetailView.as_view(), name="lead"),
    path("leads/<uuid:lead_id>/edit/", w.LeadEditView.as_view(), name="lead_edit"),
    path("leads/<uuid:lead_id>/convert/", w.LeadConvertView.as_view(), name="lead_convert"),
    path("leads/<uuid:lead_id>/comments/", w.LeadCommentView.as_view(), name="lead_comment"),
    path(
        "leads/<uuid:lead_id>/status-updates/",
        w.LeadStatusUpdateView.as_view(),
        name="lead_status_update",
    ),
    path("cases/", w.CaseListView.as_view(), name="cases"),
    path("cases/new/", w.CaseCreateView.as_view(), name="case_new"),
    path("cases/<uuid:case_id>/", w.CaseDetailView.as_view(), name="case"),
    path("cases/<uuid:case_id>/edit/", w.CaseEditView.as_view(), name="case_edit"),
    path("cases/<uuid:case_id>/clients/", w.CaseAddClientView.as_view(), name="case_add_client"),
    path(
        "cases/<uuid:case_id>/clients/<uuid:case_client_id>/remove/",
        w.CaseRemoveClientView.as_view(),
        name="case_remove_client",
    ),
    path("cases/<uuid:case_id>/parties/", w.CaseAddPartyView.as_view(), name="case_add_party"),
    path(
        "cases/<uuid:case_id>/parties/<uuid:party_id>/remove/",
        w.CaseRemovePartyView.as_view(),
        name="case_remove_party",
    ),
    path("cases/<uuid:case_id>/comments/", w.CaseCommentView.as_view(), name="case_comment"),
    path(
        "cases/<uuid:case_id>/status-updates/",
        w.CaseStatusUpdateView.as_view(),
        name="case_status_update",
    ),
]
