"""Admin: the category snippet, tutors' limits, and "make tutor" for staff."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts.models import User

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


register_snippet(CategoryViewSet)


@hooks.register("before_create_page")
def tutors_add_only_under_their_own_pages(request, parent_page, page_class):
    if not services.can_add_under(request.user, parent_page):
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


@hooks.register("register_admin_urls")
def admin_urls():
    return [path("tutors/make/<int:user_id>/", make_tutor, name="courses_make_tutor")]


@hooks.register("register_user_listing_buttons")
def make_tutor_button(user, request_user):
    if (
        services.is_staff(request_user)
        and not user.groups.filter(name=services.TUTORS_GROUP).exists()
    ):
        yield ListingButton(
            _("Make tutor"),
            reverse("courses_make_tutor", args=[user.pk]),
            attrs={"data-controller": "w-action", "data-action": "w-action#post"},
            priority=30,
        )
