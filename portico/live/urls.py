from django.urls import path

from portico.live.views import workspace

app_name = "live"
urlpatterns = [path("activity/", workspace.ActivityView.as_view(), name="activity")]
