from django.urls import path

from portico.matters.kinds import MatterKind
from portico.portal.views import workspace

app_name = "portal_matters"
urlpatterns = [
    path(
        f"{kind.value}s/<uuid:{kind.value}_id>/intake/remind/",
        workspace.IntakeReminderView.as_view(kind=kind),
        name=f"{kind.value}_remind",
    )
    for kind in MatterKind
]
