"""API v1 wiring: each app's routes, the schema and its docs. Endpoints live in each app's api."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

app_name = "api"

urlpatterns = [
    path("", include("learning.enrollment.api")),
    path("", include("learning.payments.api")),
    # Before accounts' "users" router, whose detail route would take "certificates" for a user id.
    path("", include("learning.certificates.api")),
    path("", include("learning.homework.api")),
    path("", include("comments.api")),
    path("", include("learning.schedule.api")),
    path("", include("learning.zoompool.api")),
    path("", include("accounts.api")),
    path("", include("courses.api")),
    path("", include("blog.api")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
