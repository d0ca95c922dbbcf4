"""Admin registrations for reviews; the moderation queue lives in admin_views.py."""

from wagtail import hooks

from .admin_views import admin_urls, review_viewset


@hooks.register("register_admin_viewset")
def register_reviews():
    return review_viewset


@hooks.register("register_admin_urls")
def review_moderation_urls():
    return admin_urls()
