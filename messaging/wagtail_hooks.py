"""Admin registrations for messages; the screens live in admin_views/."""

from wagtail import hooks

from .admin_views import support_viewset


@hooks.register("register_admin_viewset")
def register_support():
    return support_viewset
