"""Staff grant and revoke enrollments in the admin (Enrollments in the menu).

Registered in wagtail_hooks.py."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.model import ModelViewSet

from . import services
from .models import Enrollment


class EnrollmentCreateView(CreateView):
    def save_instance(self):
        enrollment = super().save_instance()
        services.staff_enrolled(enrollment)  # the learner hears of it, as from any grant
        return enrollment


class EnrollmentViewSet(ModelViewSet):
    model = Enrollment
    icon = "group"
    menu_label = _("Enrollments")
    menu_order = 310
    add_to_admin_menu = True
    add_view_class = EnrollmentCreateView
    list_display = ["user", "course", "status", "source", "enrolled_at", "completed_at"]
    list_filter = ["status", "source", "enrolled_at"]
    search_fields = ["user__email", "user__last_name", "course__title"]
    form_fields = ["user", "course", "status", "source", "expires_at"]
    list_per_page = 50

    def get_queryset(self, request=None):
        return Enrollment.objects.select_related("user", "course")
