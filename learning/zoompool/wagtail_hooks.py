"""Admin registrations of the pool: its permission policy and its menu (see admin_views)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .admin_views import ReadOnlyStaffPolicy, StaffOnlyPolicy, ZoomPoolGroup
from .models import OrphanedMeeting, ZoomAccount

account_permission_policy = StaffOnlyPolicy(ZoomAccount)
register_permission_policy(ZoomAccount, account_permission_policy)
orphaned_meeting_policy = ReadOnlyStaffPolicy(OrphanedMeeting)
register_permission_policy(OrphanedMeeting, orphaned_meeting_policy)


@hooks.register("register_admin_viewset")
def register_zoom_pool():
    return ZoomPoolGroup()
