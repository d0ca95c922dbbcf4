"""Admin registrations of the pool: its permission policy and its menu (see admin_views)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .admin_views import StaffOnlyPolicy, ZoomPoolGroup
from .models import ZoomAccount

account_permission_policy = StaffOnlyPolicy(ZoomAccount)
register_permission_policy(ZoomAccount, account_permission_policy)


@hooks.register("register_admin_viewset")
def register_zoom_pool():
    return ZoomPoolGroup()
