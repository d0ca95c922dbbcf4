"""API v1 wiring: each app's routes, the schema and its docs. Endpoints live in each app's api."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import APIRootView

# /api/ lists the main collections, as the browsable root did before the routes moved to
# the apps (each app now keeps its own router).
ROOT = {
    "users/certificates": "certificate-list",
    "users": "user-list",
    "courses": "course-list",
    "categories": "category-list",
    "tutors": "tutor-list",
    "blog/posts": "blog-post-list",
}

app_name = "api"

urlpatterns = [
    path("", APIRootView.as_view(api_root_dict=ROOT), name="api-root"),
    path("", include("learning.enrollment.api")),
    path("", include("learning.payments.api")),
    # Before accounts' "users" router, whose detail route would take "certificates" for a user id.
    path("", include("learning.certificates.api")),
    path("", include("learning.homework.api")),
    path("", include("comments.api")),
    path("", include("reviews.api")),
    path("", include("messaging.api")),
    path("", include("tutoring.api")),
    path("", include("members.api")),
    path("", include("community.api")),
    path("", include("materials.api")),
    path("", include("learning.schedule.api")),
    path("", include("learning.zoompool.api")),
    path("", include("learning.bookings.api")),
    path("", include("learning.grades.api")),
    path("", include("learning.analytics.api")),
    path("", include("accounts.api")),
    path("", include("courses.api")),
    path("", include("videos.api.playback")),
    path("", include("blog.api")),
    path("", include("videos.api")),
    path("", include("videos.api.uploads")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
