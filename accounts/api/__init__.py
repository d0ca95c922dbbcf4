"""Accounts in the JSON API: sign-up, tokens, session sign-in, profile, user lists, notices.

``api/urls.py`` includes ``urlpatterns`` (paths relative to /api/).
"""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .auth import (
    LogoutEverywhereView,
    LogoutView,
    PasswordChangeView,
    PasswordResetView,
    RegisterView,
    SessionLoginView,
    TokenRefresh,
    TokenView,
)
from .notifications import NotificationSerializer, NotificationViewSet
from .serializers import ProfileSerializer, UserSerializer
from .users import AvatarView, ProfileView, UserViewSet

__all__ = [
    "AvatarView",
    "LogoutEverywhereView",
    "LogoutView",
    "NotificationSerializer",
    "NotificationViewSet",
    "PasswordChangeView",
    "PasswordResetView",
    "ProfileSerializer",
    "ProfileView",
    "RegisterView",
    "SessionLoginView",
    "TokenRefresh",
    "TokenView",
    "UserSerializer",
    "UserViewSet",
    "urlpatterns",
]

router = SimpleRouter()
router.register("users", UserViewSet, basename="user")
# Its own router, included before "users": the users' detail route would take
# "notifications" for a user id.
notifications_router = SimpleRouter(use_regex_path=False)  # for the <id:> converter
notifications_router.register("users/notifications", NotificationViewSet, basename="notification")

auth_patterns = [
    path("register/", RegisterView.as_view(), name="register"),
    path("token/", TokenView.as_view(), name="token"),
    path("token/refresh/", TokenRefresh.as_view(), name="token-refresh"),
    # The address the REST API document gives; the same view, both in the schema.
    path("refresh/", TokenRefresh.as_view(), name="refresh"),
    path("login/", SessionLoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("logout/everywhere/", LogoutEverywhereView.as_view(), name="logout-everywhere"),
    path("password/change/", PasswordChangeView.as_view(), name="password-change"),
    path("password/reset/", PasswordResetView.as_view(), name="password-reset"),
]

urlpatterns = [
    path("auth/", include(auth_patterns)),
    # Before the router, so "profile" is not taken for a user id.
    path("users/profile/", ProfileView.as_view(), name="profile"),
    path("users/profile/avatar/", AvatarView.as_view(), name="profile-avatar"),
    *notifications_router.urls,
    *router.urls,
]
