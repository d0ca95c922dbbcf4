"""Admin registrations for comments: the listing of reported and hidden ones (admin_views.py)."""

from wagtail import hooks

from .admin_views import admin_urls, comment_viewset


@hooks.register("register_admin_viewset")
def register_comments():
    return comment_viewset


@hooks.register("register_admin_urls")
def comment_moderation_urls():
    return admin_urls()
