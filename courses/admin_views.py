"""Admin screens and actions of the courses app: the category snippet viewset, the "make tutor"
action for staff, and the tutors' limit on where they add pages. wagtail_hooks registers them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts.models import User

from . import permissions as rules
from . import services
from .models import Category


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = gettext_lazy("Categories")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["__str__", "slug", "icon"]
    list_filter = ["locale"]
    search_fields = ["name"]


def tutors_add_only_under_their_own_pages(request, parent_page, page_class):
    """``before_create_page``: send a tutor back from someone else's course or tutor page."""
    if not rules.can_add_under(request.user, parent_page):
        messages.error(request, _("You can add pages only under your own courses and tutor page."))
        return redirect("wagtailadmin_explore", parent_page.pk)
    return None


@require_POST
def make_tutor(request, user_id: int):
    user = get_object_or_404(User, pk=user_id)
    try:
        page = services.set_up_tutor(user, by=request.user)
    except ValidationError as error:  # e.g. no tutor list page yet
        messages.error(request, " ".join(error.messages))
        return redirect("wagtailusers_users:index")
    messages.success(
        request,
        _("%(name)s is a tutor now: they can edit their tutor page and add courses.")
        % {"name": user.get_full_name() or user.email},
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


def make_tutor_buttons(user, request_user):
    """The users list's "Make tutor" button, for staff, on people who are not tutors yet."""
    if (
        rules.can_make_tutor(request_user)
        and not user.groups.filter(name=services.TUTORS_GROUP).exists()
    ):
        yield ListingButton(
            _("Make tutor"),
            reverse("courses-make-tutor", args=[user.pk]),
            attrs={"data-controller": "w-action", "data-action": "w-action#post"},
            priority=30,
        )
