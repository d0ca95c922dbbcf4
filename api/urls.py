"""API v1 wiring: each app's routes, the schema and its docs. Endpoints live in each app's api."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from learning.certificates import api as certificates_api
from learning.enrollment import api as enrollment_api
from learning.homework import api as homework_api
from learning.payments import api as payments_api
from learning.payments import views as payments_views
from learning.schedule import api as schedule_api
from learning.zoompool import api as zoompool_api

router = DefaultRouter()
# Before "users", whose detail route would take "certificates" for a user id.
router.register("users/certificates", certificates_api.CertificateViewSet, basename="certificate")

app_name = "api"

urlpatterns = [
    # Before accounts' "users" router, whose detail route would take "certificates" for an id.
    path("", include(router.urls)),
    path("", include("accounts.api")),
    path("", include("courses.api")),
    path("", include("blog.api")),
    path("courses/<int:course_id>/enroll/", enrollment_api.EnrollAPIView.as_view(), name="enroll"),
    path("enrollments/", enrollment_api.EnrollmentListAPIView.as_view(), name="enrollments"),
    path(
        "courses/<int:course_id>/checkout/",
        payments_api.CheckoutAPIView.as_view(),
        name="checkout",
    ),
    path("orders/", payments_api.OrderListAPIView.as_view(), name="orders"),
    path("payments/stripe/webhook/", payments_views.stripe_webhook, name="stripe-webhook"),
    path(
        "lessons/<int:lesson_id>/progress/",
        enrollment_api.LessonProgressAPIView.as_view(),
        name="lesson-progress",
    ),
    path("", include(homework_api.urlpatterns)),
    path("", include(schedule_api.urlpatterns)),
    path("", include(zoompool_api.urlpatterns)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
