"""Who follows which tutor, who liked which video post, and each post's figures.

Video posts are ``courses.TutorVideoPage`` pages; courses knows nothing of this app, so the
counters live here (``PostStats``, one row per post), kept by ``services`` in the same
transaction as the row they count.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    """A person follows a tutor: the tutor's account, not one of their pages, so following
    reaches every language version of the tutor page and the posts under each."""

    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("follower"),
        on_delete=models.CASCADE,
        related_name="follows",
    )
    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tutor"),
        on_delete=models.CASCADE,
        related_name="followers",
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["follower", "tutor"], name="follow_once"),
            models.CheckConstraint(condition=~Q(follower=F("tutor")), name="follow_not_oneself"),
        ]
        indexes = [models.Index(fields=["tutor", "follower"])]

    def __str__(self) -> str:
        return f"{self.follower} → {self.tutor}"


class PostLike(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="post_likes",
    )
    post = models.ForeignKey(
        "courses.TutorVideoPage",
        verbose_name=_("video"),
        on_delete=models.CASCADE,
        related_name="likes",
    )
    created_at = models.DateTimeField(_("liked at"), default=timezone.now)

    class Meta:
        verbose_name = _("like")
        verbose_name_plural = _("likes")
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="like_once")]
        indexes = [models.Index(fields=["post", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user} ♥ {self.post_id}"


class PostStats(models.Model):
    """One video post's figures and what the feed sorts and filters it by.

    ``tutor`` and ``tutor_page`` are copied from the post's parent at publish time (a post's
    parent never changes: TutorVideoPage lives only under a TutorPage), so the feed needs no
    tree walk to know whose a post is.
    """

    post = models.OneToOneField(
        "courses.TutorVideoPage",
        verbose_name=_("video"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="stats",
    )
    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tutor"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tutor_page = models.ForeignKey(
        "courses.TutorPage",
        verbose_name=_("tutor page"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("first published"), default=timezone.now)
    like_count = models.PositiveIntegerField(_("likes"), default=0)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    # When the tutor last heard "N people liked …" of this post (services.notices): likes
    # after it are the next notice's, sent no sooner than COMMUNITY_LIKES_NOTICE_MINUTES on.
    likes_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("video figures")
        verbose_name_plural = _("video figures")
        indexes = [
            models.Index(fields=["tutor", "-published_at"]),
            models.Index(fields=["-published_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.post_id}: {self.like_count} ♥"


class DigestMark(models.Model):
    """When a follower's last digest of new posts was sent (one row per person)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    sent_through = models.DateTimeField()

    class Meta:
        verbose_name = _("digest mark")
        verbose_name_plural = _("digest marks")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.sent_through:%Y-%m-%d %H:%M}"
