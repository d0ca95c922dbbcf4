"""What the community app tells people (``accounts.services.notify``).

- A tutor hears of likes on a post in batches ("12 people liked …"), at most once per
  ``COMMUNITY_LIKES_NOTICE_MINUTES`` per post: the hourly beat task ``notify_likes`` sends
  one notice per post with likes since the last one. Kind "messages" (the e-mail switch for
  messages and comments: likes are reactions like comments are).
- Followers hear of a new post when it is first published (Wagtail's ``page_published``):
  a cabinet notice without e-mail, keyed by the post's translation key, so its versions in
  other languages tell nobody twice. Kind "courses" (new lessons and material).
- Followers who want e-mail of kind "courses" get a digest of the new posts of the tutors
  they follow, at most once per ``COMMUNITY_DIGEST_HOURS`` (the daily beat task
  ``send_post_digests``; ``DigestMark`` remembers how far the last one reached).

Notices are written in the site's main language, as the timetable's and tutoring's are.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, DateTimeField, Exists, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.app_settings import app_settings as accounts_settings
from accounts.models import ProfileSettings
from accounts.services import notify
from accounts.tasks import send_email
from courses.models import TutorVideoPage

from ..app_settings import app_settings
from ..models import DigestMark, Follow, PostLike, PostStats

LIKES_KIND = "messages"
POSTS_KIND = "courses"


def post_url(post: TutorVideoPage) -> str:
    return post.get_url() or ""


def absolute(url: str) -> str:
    if not url or url.startswith("http"):
        return url
    return accounts_settings.SITE_URL.rstrip("/") + url


def tutor_name(stats: PostStats) -> str:
    if stats.tutor_page is not None:
        return stats.tutor_page.title
    return stats.tutor.get_full_name() if stats.tutor else ""


# --- likes -----------------------------------------------------------------------------------


def notify_likes(now: datetime | None = None) -> int:
    """One notice per post with new likes since its last notice (and that notice at least
    COMMUNITY_LIKES_NOTICE_MINUTES old); returns how many were sent."""
    now = now or timezone.now()
    due = now - timedelta(minutes=app_settings.COMMUNITY_LIKES_NOTICE_MINUTES)
    likes = PostLike.objects.filter(post_id=OuterRef("post_id"))
    waiting = (
        PostStats.objects.filter(tutor__isnull=False)
        .alias(
            has_likes=Exists(likes),
            has_new=Exists(likes.filter(created_at__gt=OuterRef("likes_notified_at"))),
        )
        .filter(
            Q(likes_notified_at__isnull=True, has_likes=True)
            | Q(likes_notified_at__lte=due, has_new=True)
        )
    )
    sent = 0
    for post_id in waiting.values_list("post_id", flat=True):
        sent += _notify_post_likes(post_id, now, due)
    return sent


@transaction.atomic
def _notify_post_likes(post_id: int, now: datetime, due: datetime) -> int:
    stats = (
        PostStats.objects.select_for_update(of=("self",))
        .select_related("post", "tutor", "tutor_page")
        .filter(pk=post_id)
        .first()
    )
    if stats is None or stats.tutor is None:
        return 0
    if stats.likes_notified_at is not None and stats.likes_notified_at > due:
        return 0  # another run got here first
    new = PostLike.objects.filter(post_id=post_id, created_at__lte=now).exclude(
        user_id=stats.tutor_id
    )
    if stats.likes_notified_at is not None:
        new = new.filter(created_at__gt=stats.likes_notified_at)
    figures = new.aggregate(count=Count("pk"), newest=Max("pk"))
    stats.likes_notified_at = now
    stats.save(update_fields=["likes_notified_at"])
    if not figures["count"]:
        return 0
    count = figures["count"]
    with translation.override(settings.LANGUAGE_CODE):
        title = ngettext(
            "%(count)s person liked “%(title)s”",
            "%(count)s people liked “%(title)s”",
            count,
        ) % {"count": count, "title": stats.post.title}
        body = ngettext(
            "Your video has %(total)s like in all.",
            "Your video has %(total)s likes in all.",
            stats.like_count,
        ) % {"total": stats.like_count}
    notice = notify(
        stats.tutor,
        LIKES_KIND,
        title,
        body=body,
        url=post_url(stats.post),
        key=f"post-likes:{post_id}:{figures['newest']}",
    )
    return int(notice is not None)


# --- new posts -------------------------------------------------------------------------------


def notify_followers(post_id: int) -> int:
    """Tell the tutor's followers of a post published for the first time; returns how many
    were told (keyed by the post's translation key: once per post and person)."""
    stats = (
        PostStats.objects.select_related("post", "tutor", "tutor_page").filter(pk=post_id).first()
    )
    if stats is None or stats.tutor_id is None or not stats.post.live:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        title = _("%(tutor)s published a new video: “%(title)s”") % {
            "tutor": tutor_name(stats),
            "title": stats.post.title,
        }
    url = post_url(stats.post)
    key = f"new-post:{stats.post.translation_key}"
    followers = get_user_model().objects.filter(
        is_active=True, pk__in=Follow.objects.filter(tutor_id=stats.tutor_id).values("follower")
    )
    told = 0
    for person in followers.iterator(chunk_size=500):
        told += notify(person, POSTS_KIND, title, url=url, key=key, email=False) is not None
    return told


# --- the daily digest ------------------------------------------------------------------------


def _wants_post_email():
    """People whose settings allow e-mail of kind "courses" (no settings row: the default)."""
    refused = ProfileSettings.objects.filter(email_courses=False).values("user_id")
    return ~Q(pk__in=refused)


def send_post_digests(now: datetime | None = None) -> int:
    """One e-mail per follower with new posts of their tutors since their last digest (at
    most one per COMMUNITY_DIGEST_HOURS); returns how many were sent."""
    now = now or timezone.now()
    window = timedelta(hours=app_settings.COMMUNITY_DIGEST_HOURS)
    since = Coalesce(
        Subquery(
            DigestMark.objects.filter(user_id=OuterRef(OuterRef("pk"))).values("sent_through")[:1]
        ),
        Value(now - window, output_field=DateTimeField()),
    )
    recent = PostStats.objects.filter(
        tutor_id__in=Follow.objects.filter(follower_id=OuterRef(OuterRef("pk"))).values("tutor_id"),
        published_at__gt=since,
        published_at__lte=now,
        post__live=True,
    )
    told_lately = DigestMark.objects.filter(sent_through__gt=now - window).values("user_id")
    people = (
        get_user_model()
        .objects.filter(_wants_post_email(), is_active=True)
        .exclude(email="")
        .exclude(pk__in=told_lately)
        .filter(Exists(recent))
    )
    sent = 0
    for person in people.iterator(chunk_size=200):
        sent += _send_digest(person, now, window)
    return sent


@transaction.atomic
def _send_digest(person, now: datetime, window: timedelta) -> int:
    mark, _made = DigestMark.objects.select_for_update().get_or_create(
        user=person, defaults={"sent_through": now - window}
    )
    if not _made and mark.sent_through > now - window:
        return 0  # one digest per window
    posts = (
        PostStats.objects.filter(
            tutor_id__in=Follow.objects.filter(follower=person).values("tutor_id"),
            published_at__gt=mark.sent_through,
            published_at__lte=now,
            post__live=True,
        )
        .select_related("post", "tutor", "tutor_page")
        .order_by("-published_at")
    )
    seen: set = set()
    lines = []
    for stats in posts[: app_settings.COMMUNITY_DIGEST_MAX_POSTS * 2]:
        if stats.post.translation_key in seen:
            continue  # one line per post, whatever languages it has
        seen.add(stats.post.translation_key)
        lines.append(f"{tutor_name(stats)}: {stats.post.title}\n{absolute(post_url(stats.post))}")
    mark.sent_through = now
    mark.save(update_fields=["sent_through"])
    if not lines:
        return 0
    lines = lines[: app_settings.COMMUNITY_DIGEST_MAX_POSTS]
    with translation.override(settings.LANGUAGE_CODE):
        subject = ngettext(
            "%(count)s new video from tutors you follow",
            "%(count)s new videos from tutors you follow",
            len(lines),
        ) % {"count": len(lines)}
    send_email.delay_on_commit(subject=subject, body="\n\n".join(lines), to=[person.email])
    return 1
