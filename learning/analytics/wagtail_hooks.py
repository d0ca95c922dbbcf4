"""Admin registrations for analytics: the school dashboard in the Reports menu (staff)."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core.permissions import is_staff


class SchoolDashboardMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return is_staff(request.user)


@hooks.register("register_reports_menu_item")
def register_school_dashboard():
    return SchoolDashboardMenuItem(
        _("School dashboard"), reverse_lazy("analytics:school"), icon_name="table", order=50
    )
