"""Receivers, connected in ``apps.py``."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from comments.models import Comment
from comments.signals import visibility_changed
from core import personal
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
# Every saved, deleted, hidden or restored comment on a post recounts the post's visible
# comments (a COUNT, not +1/-1, so a retried signal leaves the figure true).


def recount_comments(sender, instance=None, comment=None, **kwargs) -> None:
    post_id = getattr(instance or comment, "video_id", None)
    if post_id:
        transaction.on_commit(lambda: services.recount_comments(post_id))


def connect_comments() -> None:
    post_save.connect(recount_comments, sender=Comment, dispatch_uid="community.comment_saved")
    post_delete.connect(recount_comments, sender=Comment, dispatch_uid="community.comment_gone")
    visibility_changed.connect(recount_comments, dispatch_uid="community.comment_hidden")


def person_changed(sender, instance, **kwargs) -> None:
    """A follow, a like or a learner's interests: what is kept about them (core.personal)."""
    personal.changed([getattr(instance, "follower_id", None) or getattr(instance, "user_id", None)])
