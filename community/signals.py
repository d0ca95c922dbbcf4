"""Receivers, connected in ``apps.py``."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from comments.models import Comment
from courses.models import TutorVideoPage

from . import services, tasks


def page_published(sender, instance, **kwargs) -> None:
    """A video post's first publish makes its figures row and tells the followers (a task,
    after the commit); later publishes (edits) change neither."""
    if not isinstance(instance, TutorVideoPage):
        return
    _stats, made = services.ensure_stats(instance)
    if made:
        transaction.on_commit(lambda: tasks.notify_followers.delay(instance.pk))


# --- the comment count's hook ----------------------------------------------------------------
# Comments on video posts arrive with a ``video`` foreign key on ``comments.Comment`` (another
# change). Until the field exists nothing is connected; once it does, every saved or deleted
# comment recounts its post's comments (a COUNT, not +1/-1, so a hidden or restored comment
# and a retried signal leave the figure true). If the comments app adds a manager of shown
# comments, count through it here.

HAS_VIDEO = any(field.name == "video" for field in Comment._meta.get_fields())


def recount_comments(sender, instance, **kwargs) -> None:
    post_id = getattr(instance, "video_id", None)
    if post_id:
        transaction.on_commit(lambda: services.recount_comments(post_id))


def connect_comments() -> None:
    if not HAS_VIDEO:
        return
    post_save.connect(recount_comments, sender=Comment, dispatch_uid="community.comment_saved")
    post_delete.connect(recount_comments, sender=Comment, dispatch_uid="community.comment_gone")
