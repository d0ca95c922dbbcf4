"""Who may write members' materials and change them.

A member with a confirmed e-mail address writes free materials (the requirement: "a verified
learner"); the people who run the site do it in the page editor instead. Only its author
changes a material in the cabinet; moderators publish it in the admin.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.permissions import is_email_verified
from core.permissions import is_signed_in

from .errors import MaterialNotAllowed
from .models import MaterialPage


def can_publish_materials(user) -> bool:
    return is_signed_in(user) and user.is_active and is_email_verified(user)


def require_can_publish_materials(user) -> None:
    if not can_publish_materials(user):
        raise MaterialNotAllowed


def can_edit_material(user, page: MaterialPage) -> bool:
    return can_publish_materials(user) and page.owner_id == user.pk


def require_can_edit_material(user, page: MaterialPage) -> None:
    require_can_publish_materials(user)
    if page.owner_id != user.pk:
        raise MaterialNotAllowed(_("Only its author changes this material."))
