"""Receivers, connected in ``apps.py``."""

from __future__ import annotations

from contextlib import suppress

from django.contrib.auth.models import Group
from django.db import transaction

from learning.homework.services import set_self_check_open

from . import notices, services


def material_published(sender, instance, **kwargs) -> None:
    """A published material opens its self-check test to every member."""
    if instance.test_id:
        set_self_check_open(instance.test, True)


def material_unpublished(sender, instance, **kwargs) -> None:
    if instance.test_id:
        set_self_check_open(instance.test, False)


def material_deleted(sender, instance, **kwargs) -> None:
    # The test outlives its page only as the takers' record of their attempts.
    material_unpublished(sender, instance)


def index_saved(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """A new materials section is moderated at once (members' pages never go live unseen)."""
    if created and not raw:

        def cover() -> None:
            # Wagtail's migrations make the Moderators group; a bare test database may lack it.
            with suppress(Group.DoesNotExist):
                services.cover_with_moderation(instance)

        transaction.on_commit(cover)


def workflow_approved(sender, instance, **kwargs) -> None:
    notices.tell_published(instance)


def workflow_rejected(sender, instance, **kwargs) -> None:
    notices.tell_changes_requested(instance)
