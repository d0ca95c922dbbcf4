"""Admin registrations of the accounts app; the views live in admin_views.py (the user
viewset itself is Wagtail's setting ``user_viewset``, see accounts.apps)."""

from wagtail import hooks

from . import admin_views

hooks.register("before_bulk_action", admin_views.keep_admins_in_bulk_actions)
