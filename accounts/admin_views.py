"""The Wagtail admin's user screens, with the rule that nobody locks everyone out.

Wagtail's own views, through ``accounts.apps.WagtailUsersConfig`` (its ``user_viewset``);
edits, deletions and the bulk actions ask ``services.require_keeps_admins`` first.
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from wagtail.users.views import users

from . import services
from .errors import WouldLockOut
from .models import User


class UserEditView(users.EditView):
    def form_valid(self, form):
        deactivate = form.cleaned_data.get("is_active") is False
        demote = form.cleaned_data.get("is_superuser") is False
        try:
            with transaction.atomic():
                services.require_keeps_admins(
                    self.request.user, [self.object], deactivate=deactivate, demote=demote
                )
                return super().form_valid(form)
        except WouldLockOut as error:
            field = "is_active" if deactivate and "is_active" in form.fields else "is_superuser"
            form.add_error(field if field in form.fields else None, str(error))
            self.produced_error_message = str(error)
            # The form put the refused values on the object; show the account as it is.
            self.object.refresh_from_db()
            return self.form_invalid(form)


class UserDeleteView(users.DeleteView):
    def get(self, request, *args, **kwargs):
        try:
            services.require_keeps_admins(request.user, [self.object], delete=True)
        except WouldLockOut as error:
            return self._refused(error)
        return super().get(request, *args, **kwargs)

    def delete_action(self):
        with transaction.atomic():
            services.require_keeps_admins(self.request.user, [self.object], delete=True)
            super().delete_action()

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except WouldLockOut as error:
            return self._refused(error)

    def _refused(self, error: WouldLockOut):
        messages.error(self.request, str(error))
        return redirect("wagtailusers_users:edit", self.object.pk)


class UserViewSet(users.UserViewSet):
    edit_view_class = UserEditView
    delete_view_class = UserDeleteView


def keep_admins_in_bulk_actions(request, action_type, objects, action):
    """``before_bulk_action``: the users list's "Delete" and "Set active state" (inactive)."""
    if User not in getattr(action, "models", ()):
        return None
    if action_type == "delete":
        change = {"delete": True}
    elif action_type == "set_active_state" and not action.cleaned_form.cleaned_data.get(
        "mark_as_active"
    ):
        change = {"deactivate": True}
    else:
        return None
    try:
        services.require_keeps_admins(request.user, objects, **change)
    except WouldLockOut as error:
        messages.error(request, str(error))
        return redirect(action.next_url)
    return None
