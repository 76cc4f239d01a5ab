from django.urls import path

from portico.intake.views import workspace as w
from portico.matters.kinds import MatterKind

app_name = "intake"


def for_each_kind(suffix: str, view, name: str) -> list:
    """The same route under `leads/<lead_id>/intake/...` and `cases/<case_id>/intake/...`."""
    return [
        path(
            f"{kind.value}s/<uuid:{kind.value}_id>/intake/{suffix}",
            view.as_view(kind=kind),
            name=f"{kind.value}{name}",
        )
        for kind in MatterKind
    ]


urlpatterns = [
    path("intake-forms/", w.FormsView.as_view(), name="forms"),
    path("intake-forms/<uuid:form_id>/", w.FormView.as_view(), name="form"),
    path("intake-questions/<uuid:question_id>/move/", w.MoveQuestionView.as_view(), name="move"),
    *for_each_kind("attach/", w.AttachView, "_attach"),
    *for_each_kind("export.csv", w.ExportView, "_export"),
    *for_each_kind("export.pdf", w.ExportPdfView, "_pdf"),
    *for_each_kind("<uuid:question_id>/", w.AnswerView, "_answer"),
    *for_each_kind("<uuid:question_id>/file/", w.FileAnswerView, "_file"),
]
