from django.urls import path

from portico.documents.views import workspace as w
from portico.matters.kinds import MatterKind

app_name = "documents"


def for_each_kind(suffix: str, view, name: str) -> list:
    """The same route under `leads/<lead_id>/documents/...` and `cases/<case_id>/documents/...`."""
    return [
        path(
            f"{kind.value}s/<uuid:{kind.value}_id>/documents/{suffix}",
            view.as_view(kind=kind),
            name=f"{kind.value}{name}",
        )
        for kind in MatterKind
    ]


urlpatterns = [
    *for_each_kind("upload/", w.StaffUploadView, "_upload"),
    path(
        "documents/<uuid:document_id>/versions/", w.StaffVersionUploadView.as_view(), name="version"
    ),
    path("documents/<uuid:document_id>/share/", w.DocumentShareView.as_view(), name="share"),
    path("documents/<uuid:document_id>/delete/", w.DocumentDeleteView.as_view(), name="delete"),
    path(
        "documents/<uuid:document_id>/download/", w.DocumentDownloadView.as_view(), name="download"
    ),
]
