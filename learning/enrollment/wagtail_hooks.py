"""Admin registrations for enrollment; the screens live in admin_views.py."""

from wagtail import hooks

from .admin_views import EnrollmentViewSet


@hooks.register("register_admin_viewset")
def register_enrollments():
    return EnrollmentViewSet("enrollments")
