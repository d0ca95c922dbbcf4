"""Admin views of the homework builder: each person sees only the homework they may manage.

Which homework that is comes from services.manageable_homework; after a save that changes how
a question is graded, the submitted work is regraded (services.regrade_question).
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.widgets import HeaderButton, ListingButton
from wagtail.log_actions import log

from . import services
from .errors import HasSubmissions
from .models import Homework

NEW_TAB = {"target": "_blank", "rel": "noopener"}


def preview_url(homework: Homework) -> str:
    return reverse("homework:preview", kwargs={"homework_id": homework.pk})


def preview_label():
    return _("Preview as student")


def manageable(user):
    """What services.manageable_homework allows, as a plain queryset safe to annotate."""
    return Homework.objects.filter(
        pk__in=services.manageable_homework(user).values("pk")
    ).select_related("lesson", "course", "owner")


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
