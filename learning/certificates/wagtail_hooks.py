"""Admin registrations for certificates; the screens live in admin_views.py."""

from wagtail import hooks

from .admin_views import admin_urls, certificate_viewset


@hooks.register("register_admin_viewset")
def register_certificates():
    return certificate_viewset


@hooks.register("register_admin_urls")
def certificate_action_urls():
    return admin_urls()
