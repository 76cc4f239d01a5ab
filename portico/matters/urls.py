from django.urls import path

from portico.matters.kinds import MatterKind
from portico.matters.views import workspace as w

app_name = "matters"


def for_each_kind(suffix: str, view, name: str, kinds=tuple(MatterKind)) -> list:
    """The same page under `leads/<lead_id>/...` and `cases/<case_id>/...`, named
    `lead<name>` and `case<name>`."""
    return [
        path(
            f"{kind.value}s/<uuid:{kind.value}_id>/{suffix}",
            view.as_view(kind=kind),
            name=f"{kind.value}{name}",
        )
        for kind in kinds
    ]


CASE = (MatterKind.CASE,)
urlpatterns = [
    path("leads/", w.MatterListView.as_view(kind=MatterKind.LEAD), name="leads"),
    path("leads/new/", w.MatterFormView.as_view(kind=MatterKind.LEAD), name="lead_new"),
    path("cases/", w.MatterListView.as_view(kind=MatterKind.CASE), name="cases"),
    path("cases/new/", w.MatterFormView.as_view(kind=MatterKind.CASE), name="case_new"),
    *for_each_kind("", w.MatterPageView, ""),
    *for_each_kind("edit/", w.MatterFormView, "_edit"),
    *for_each_kind("comments/", w.CommentView, "_comment"),
    *for_each_kind("status-updates/", w.StatusUpdateView, "_status_update"),
    path("leads/<uuid:lead_id>/convert/", w.LeadConvertView.as_view(), name="lead_convert"),
    *for_each_kind("clients/", w.CaseAddClientView, "_add_client", CASE),
    path(
        "cases/<uuid:case_id>/clients/<uuid:case_client_id>/remove/",
        w.CaseRemoveClientView.as_view(),
        name="case_remove_client",
    ),
    *for_each_kind("parties/", w.CaseAddPartyView, "_add_party", CASE),
    path(
        "cases/<uuid:case_id>/parties/<uuid:party_id>/remove/",
        w.CaseRemovePartyView.as_view(),
        name="case_remove_party",
    ),
]
