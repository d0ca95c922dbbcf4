"""The admin's homework builder (Homework in the menu) for teachers and staff: its viewset,
permission policy, filters and views. wagtail_hooks.py registers them.

Teachers (the Tutors group has add/change/delete on homework, see migration 0003) see and edit
only what permissions.manageable_homework gives them; staff see everything. After a save that
changes how a question is graded, the submitted work is regraded (services.regrade_changed).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton, ListingButton
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from core.admin_columns import YesNoColumn
from courses.models import CoursePage
from courses.services import is_staff

from . import services
from .admin_forms import HomeworkAdminForm
from .errors import HasSubmissions
from .models import Homework
from .permissions import manageable_homework

NEW_TAB = {"target": "_blank", "rel": "noopener"}


def preview_url(homework: Homework) -> str:
    return reverse("homework:preview", kwargs={"homework_id": homework.pk})


def preview_label():
    return _("Preview as student")


def manageable(user):
    """What manageable_homework allows, as a plain queryset safe to annotate."""
    return Homework.objects.filter(pk__in=manageable_homework(user).values("pk")).select_related(
        "lesson", "course", "owner"
    )


class ManageableMixin:
    """Another teacher's homework is not found (404), whatever the URL says."""

    def get_queryset(self):  # edit, delete
        return manageable(self.request.user)

    def get_base_object_queryset(self):  # history, usage
        return manageable(self.request.user)


class HomeworkIndexView(generic.IndexView):
    def get_base_queryset(self):
        return manageable(self.request.user).annotate(questions_count=Count("questions"))

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            ListingButton(
                preview_label(),
                url=preview_url(instance),
                icon_name="view",
                attrs=NEW_TAB,
                priority=5,
            )
        )
        return buttons


class HomeworkEditView(ManageableMixin, generic.EditView):
    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                preview_label(), url=preview_url(self.object), icon_name="view", attrs=NEW_TAB
            )
        ]

    def save_instance(self):
        # Inside the view's transaction: the save and the regrading stand or fall together.
        before = services.grading_keys(self.object)
        instance = super().save_instance()
        # Questions whose handed-in answers were recomputed.
        self.regraded = services.regrade_changed(instance, before)
        return instance

    def save_action(self):
        regraded = getattr(self, "regraded", 0)
        if regraded:
            messages.info(
                self.request,
                ngettext(
                    "Handed-in work was regraded for %(count)d question.",
                    "Handed-in work was regraded for %(count)d questions.",
                    regraded,
                )
                % {"count": regraded},
            )
        return super().save_action()


class HomeworkDeleteView(ManageableMixin, generic.DeleteView):
    def delete_action(self):
        # services.delete_homework refuses when students have handed work in.
        with transaction.atomic():
            log(instance=self.object, action="wagtail.delete", user=self.request.user)
            services.delete_homework(self.request.user, self.object)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except HasSubmissions as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect(self.edit_url_name, self.object.pk)


class HomeworkHistoryView(ManageableMixin, HistoryView):
    pass


class HomeworkUsageView(ManageableMixin, UsageView):
    pass


class HomeworkPermissionPolicy(ModelPermissionPolicy):
    """Model permissions decide what a teacher may do; manageable_homework decides on what.

    Staff may do everything (courses.services.is_staff), like everywhere else in the portal.
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
        return manageable_homework(user).filter(pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Homework.objects.none()
        return Homework.objects.filter(pk__in=manageable_homework(user).values("pk"))

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


def filter_courses(request):
    """Only the courses of the homework this person manages."""
    manageable = manageable_homework(request.user if request else None)
    return CoursePage.objects.filter(pk__in=manageable.values("course")).order_by("title")


class HomeworkFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(label=_("course"), queryset=filter_courses)
    # A choice, not django-filter's BooleanFilter: Wagtail's active-filter pill shows a choice's
    # label ("Final test: No") but a boolean's raw value ("False").
    is_final_test = django_filters.ChoiceFilter(
        label=_("Final test"), choices=[("1", _("Yes")), ("0", _("No"))]
    )

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
    index_view_class = HomeworkIndexView
    edit_view_class = HomeworkEditView
    delete_view_class = HomeworkDeleteView
    history_view_class = HomeworkHistoryView
    usage_view_class = HomeworkUsageView
    list_display = [
        "title",
        "kind",
        "course",
        "lesson",
        "owner",
        Column("questions_count", label=_("Questions"), sort_key="questions_count"),
        "due_at",
        YesNoColumn("is_final_test", label=_("Final test"), sort_key="is_final_test"),
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
