"""API v1 wiring: the router, the schema and its docs. Endpoints live in each app's api.py."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from accounts import api as accounts_api
from blog import api as blog_api
from courses import api as courses_api

router = DefaultRouter()
router.register("users", accounts_api.UserViewSet, basename="user")
router.register("courses", courses_api.CourseViewSet, basename="course")
router.register("categories", courses_api.CategoryViewSet, basename="category")
router.register("tutors", courses_api.TutorViewSet, basename="tutor")
router.register("blog/posts", blog_api.BlogPostViewSet, basename="blog-post")

lesson_list = courses_api.LessonViewSet.as_view({"get": "list", "post": "create"})
lesson_detail = courses_api.LessonViewSet.as_view(
    {"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}
)

auth_patterns = [
    path("register/", accounts_api.RegisterView.as_view(), name="register"),
    path("token/", accounts_api.TokenView.as_view(), name="token"),
    path("token/refresh/", accounts_api.TokenRefresh.as_view(), name="token-refresh"),
    path("login/", accounts_api.SessionLoginView.as_view(), name="login"),
    path("logout/", accounts_api.LogoutView.as_view(), name="logout"),
    path("password/reset/", accounts_api.PasswordResetView.as_view(), name="password-reset"),
]

app_name = "api"

urlpatterns = [
    path("auth/", include(auth_patterns)),
    # Before the router so "profile" is not taken for a user id.
    path("users/profile/", accounts_api.ProfileView.as_view(), name="profile"),
    path("users/profile/avatar/", accounts_api.AvatarView.as_view(), name="profile-avatar"),
    path("courses/<int:course_id>/lessons/", lesson_list, name="course-lessons"),
    path("courses/<int:course_id>/lessons/<int:pk>/", lesson_detail, name="course-lesson"),
    path("lessons/<int:pk>/", lesson_detail, name="lesson"),
    path("", include("learning.enrollment.api")),
    path("", include("learning.payments.api")),
    # Before the router's "users", whose detail route would take "certificates" for a user id.
    path("", include("learning.certificates.api")),
    path("", include("learning.homework.api")),
    path("", include("comments.api")),
    path("", include("learning.schedule.api")),
    path("", include("learning.zoompool.api")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
