"""Admin: the homework builder (Homework in the menu) for teachers and staff.

Teachers (the Tutors group has add/change/delete on homework, see migration 0003) see and edit
only what services.manageable_homework gives them; staff see everything.
"""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from courses.models import CoursePage
from courses.services import is_staff

from . import admin_views, services
from .admin_forms import HomeworkAdminForm
from .models import Homework


class HomeworkPermissionPolicy(ModelPermissionPolicy):
    """Model permissions decide what a teacher may do; manageable_homework decides on what.

    Staff may do everything (services.is_staff), like everywhere else in the portal.
    """

    def user_has_permission(self, user, action):
        if is_staff(user) and user.is_active:
            return True
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if is_staff(user):
            return True
        return services.manageable_homework(user).filter(pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Homework.objects.none()
        return Homework.objects.filter(pk__in=services.manageable_homework(user).values("pk"))

    def users_with_any_permission(self, actions):
        permissions = self._get_permission_objects_for_actions(actions)
        return (
            get_user_model()
            .objects.filter(
                Q(is_superuser=True)
                | Q(is_staff=True)
                | Q(user_permissions__in=permissions)
                | Q(groups__permissions__in=permissions),
                is_active=True,
            )
            .distinct()
        )


homework_permission_policy = HomeworkPermissionPolicy(Homework)
register_permission_policy(Homework, homework_permission_policy)


def filter_courses(request):
    """Only the courses of the homework this person manages."""
    manageable = services.manageable_homework(request.user if request else None)
    return CoursePage.objects.filter(pk__in=manageable.values("course")).order_by("title")


class HomeworkFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(label=_("course"), queryset=filter_courses)

    class Meta:
        model = Homework
        fields = ["kind", "course", "is_final_test"]


CHOICES_HELP = _(
    "Questions: drag them (or use the arrows) to set their order. Single- and multiple-choice "
    "questions need choices, at least one marked correct (exactly one for single choice); a "
    "number question needs the correct number and may allow a tolerance; every question "
    "needs more than zero points. Free-text and file answers are graded by the teacher. "
    "Changing a question's correct answers or points regrades the work already handed in."
)

QUESTION_PANELS = [
    FieldPanel("text"),
    FieldPanel("type"),
    FieldPanel("points"),
    FieldPanel("correct_number"),
    FieldPanel("tolerance"),
    InlinePanel(
        "choices",
        heading=_("Choices"),
        label=_("choice"),
        panels=[FieldPanel("text"), FieldPanel("is_correct")],
    ),
]


class HomeworkViewSet(ModelViewSet):
    model = Homework
    icon = "tasks"
    menu_label = _("Homework")
    menu_order = 320
    add_to_admin_menu = True
    copy_view_enabled = False  # a copy would need its questions copied too
    index_view_class = admin_views.HomeworkIndexView
    edit_view_class = admin_views.HomeworkEditView
    delete_view_class = admin_views.HomeworkDeleteView
    history_view_class = admin_views.HomeworkHistoryView
    usage_view_class = admin_views.HomeworkUsageView
    list_display = [
        "title",
        "kind",
        "course",
        "lesson",
        "owner",
        Column("questions_count", label=_("Questions"), sort_key="questions_count"),
        "due_at",
        BooleanColumn("is_final_test", label=_("Final test"), sort_key="is_final_test"),
    ]
    filterset_class = HomeworkFilterSet
    search_fields = ["title", "description"]
    list_export = [
        "title",
        "kind",
        "course",
        "lesson",
        "owner",
        "questions_count",
        "weight",
        "due_at",
        "max_attempts",
        "time_limit_minutes",
        "pass_mark",
        "late_policy",
        "is_final_test",
        "created_at",
    ]
    export_headings = {"questions_count": _("Questions")}
    list_per_page = 50
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("title"),
                    FieldPanel("description"),
                    FieldPanel("lesson", widget=forms.Select),
                    FieldPanel("kind"),
                    FieldPanel("is_final_test"),
                ],
                heading=_("Homework"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("weight"),
                    FieldPanel("due_at"),
                    FieldPanel("max_attempts"),
                    FieldPanel("time_limit_minutes"),
                    FieldPanel("pass_mark"),
                    FieldPanel("show_correct_answers"),
                    FieldPanel("late_policy"),
                ],
                heading=_("Rules"),
            ),
            HelpPanel(content=CHOICES_HELP, heading=_("How to build the questions")),
            InlinePanel(
                "questions", heading=_("Questions"), label=_("question"), panels=QUESTION_PANELS
            ),
        ],
        base_form_class=HomeworkAdminForm,
    )


@hooks.register("register_admin_viewset")
def register_homework_builder():
    # Not "homework": that URL namespace belongs to the site's homework pages.
    return HomeworkViewSet("homework_admin", url_prefix="homework")
