"""Reading a member's profile: what a viewer may see of them (nothing here changes anything).

``profile(viewer, member_id)`` checks the rule (``permissions.require_view_profile``) and
gathers the profile in a fixed number of queries, whatever the member's number of reviews
and posts: the member with settings, profiles and "runs the site" (one), their tutor pages
(one), one page of their published reviews (count and page) with the pages they are about
(one for courses in the viewer's language, one for tutors), their live posts (count and the
newest few) and the posts' posters (at most four: ``videos.posters``), their published
materials (count and the newest few).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Locale

from accounts.models import User
from accounts.permissions import STAFF_GROUPS
from accounts.students import students_of
from core import sites
from core.permissions import is_signed_in, is_staff
from courses.models import CoursePage, TutorPage, TutorVideoPage
from home.languages import own_language_first, shown_in
from materials.services import published_by
from reviews.models import Review
from reviews.reading import public_name
from videos.posters import posters

from . import permissions
from .app_settings import app_settings
from .errors import ProfileNotFound


@dataclass(frozen=True)
class ReviewItem:
    """One published review by the member, with what it is about."""

    review: Review
    kind: str  # "course" or "tutor"
    subject: str  # the course's title or the tutor's name
    subject_url: str  # their live page, "" when there is none


@dataclass(frozen=True)
class Post:
    """One of the member's live video posts (a ``TutorVideoPage``)."""

    id: int
    title: str
    description: str
    url: str
    poster_url: str
    published_at: datetime | None


@dataclass(frozen=True)
class Material:
    """One of the member's published free materials (a ``materials.MaterialPage``)."""

    id: int
    kind: str
    kind_label: str
    title: str
    summary: str
    url: str
    published_at: datetime | None


@dataclass(frozen=True)
class Profile:
    """What a viewer may see of a member."""

    id: int
    name: str
    initial: str
    avatar_url: str
    bio: str
    interests: str
    expertise: str
    is_tutor: bool
    tutor_page_url: str
    headline: str
    joined: datetime
    visibility: str  # the member's choice (ProfileSettings.Visibility)
    is_public: bool  # search engines may index it
    is_self: bool
    reviews: Page  # of ReviewItem
    reviews_count: int
    posts: list[Post] = field(default_factory=list)
    posts_count: int = 0
    materials: list[Material] = field(default_factory=list)
    materials_count: int = 0


def display_name(member: User) -> str:
    """How a profile names its member: a tutor by their full name (as their tutor page does),
    anyone else as their reviews do ("Анна П."), never by the e-mail address."""
    if member.is_teacher and member.get_full_name():
        return member.get_full_name()
    return public_name(member) or _("Member")


def teaches(viewer: User, member: User) -> bool:
    """Whether ``viewer`` teaches ``member`` (a course or a group; one query)."""
    if not is_signed_in(viewer) or not viewer.is_teacher:
        return False
    return User.objects.filter(pk=member.pk).filter(students_of(viewer)).exists()


def _member(member_id: int) -> User | None:
    in_staff_group = User.groups.through.objects.filter(
        user_id=OuterRef("pk"), group__name__in=STAFF_GROUPS
    )
    runs_site = Q(is_staff=True) | Q(is_superuser=True) | Exists(in_staff_group)
    return (
        User.objects.select_related("profile_settings", "student_profile", "teacher_profile")
        .annotate(runs_site=ExpressionWrapper(runs_site, output_field=BooleanField()))
        .filter(pk=member_id)
        .first()
    )


def viewable_member(viewer: User, member_id: int) -> User:
    """The member, once the viewer may see their profile; ``ProfileNotFound`` otherwise."""
    member = _member(member_id)
    if member is None:
        raise ProfileNotFound
    needs_teacher = (
        member.is_active
        and permissions.visibility_of(member) == permissions.Visibility.PRIVATE
        and not is_staff(viewer)
        and not (is_signed_in(viewer) and viewer.pk == member.pk)
    )
    permissions.require_view_profile(
        viewer, member, teaches_them=needs_teacher and teaches(viewer, member)
    )
    return member


def _in_language(pages: list, locale: Locale) -> dict:
    """{key: page}, one page per key: the one in ``locale`` when there is one."""
    chosen: dict = {}
    for key, page in pages:
        if key not in chosen or page.locale_id == locale.pk:
            chosen[key] = page
    return chosen


def _review_items(reviews: list[Review], locale: Locale) -> list[ReviewItem]:
    course_keys = {r.course_key for r in reviews if r.course_key}
    tutor_ids = {r.tutor_id for r in reviews if r.tutor_id}
    courses: dict = {}
    if course_keys:
        found = CoursePage.objects.live().public().filter(translation_key__in=course_keys)
        courses = _in_language([(p.translation_key, p) for p in found.defer_streamfields()], locale)
    tutor_pages: dict = {}
    if tutor_ids:
        found = TutorPage.objects.live().public().filter(user_id__in=tutor_ids)
        tutor_pages = _in_language([(p.user_id, p) for p in found.defer_streamfields()], locale)
    items = []
    for review in reviews:
        if review.course_key:
            page = courses.get(review.course_key)
            subject = page.title if page else review.course.title
            items.append(ReviewItem(review, "course", subject, page.get_url() if page else ""))
        else:
            page = tutor_pages.get(review.tutor_id)
            subject = review.tutor.get_full_name() or (page.title if page else "")
            items.append(ReviewItem(review, "tutor", subject, page.get_url() if page else ""))
    return items


def published_reviews(member: User):
    """The member's published reviews of things still shown: a course live in some language
    or an active tutor, newest first, with the course and the tutor joined."""
    live_courses = CoursePage.objects.live().public().values("translation_key")
    return (
        Review.objects.filter(author=member, status=Review.Status.PUBLISHED)
        .filter(Q(course_key__in=live_courses) | Q(tutor__is_active=True))
        .select_related("course", "tutor")
        .defer("course__description")
        .order_by("-published_at", "-pk")
    )


def live_posts(tutor_pages: list[TutorPage], locale: Locale):
    """The live, public video posts under the member's tutor pages, one per post in the
    viewer's language (or the post's own), newest first."""
    under = Q(pk__in=[])
    for page in tutor_pages:
        under |= Q(path__startswith=page.path, depth=page.depth + 1)
    posts = TutorVideoPage.objects.live().public().filter(under)
    return shown_in(posts, locale).order_by("-first_published_at", "-pk")


def profile(viewer: User, member_id: int, *, reviews_page: int | str = 1) -> Profile:
    """The member's profile as ``viewer`` may see it; ``ProfileNotFound`` (404) otherwise."""
    member = viewable_member(viewer, member_id)
    locale = sites.active_locale()

    tutor_pages = list(
        TutorPage.objects.live()
        .public()
        .filter(user=member)
        .order_by(own_language_first(locale), "path")
        .defer_streamfields()
    )
    tutor_page = tutor_pages[0] if tutor_pages else None

    paginator = Paginator(published_reviews(member), app_settings.MEMBERS_REVIEWS_PER_PAGE)
    page = paginator.get_page(reviews_page)
    page.object_list = _review_items(list(page.object_list), locale)

    posts: list[Post] = []
    posts_count = 0
    if tutor_pages:
        found = live_posts(tutor_pages, locale)
        posts_count = found.count()
        shown = list(found[: app_settings.MEMBERS_POSTS_SHOWN]) if posts_count else []
        pictures = posters(shown)
        posts = [
            Post(
                id=post.pk,
                title=post.title,
                description=post.description,
                url=post.get_url() or "",
                poster_url=pictures.get(post.pk, ""),
                published_at=post.first_published_at,
            )
            for post in shown
        ]

    found_materials = published_by(member, locale)
    materials_count = found_materials.count()
    materials = [
        Material(
            id=item.pk,
            kind=item.kind,
            kind_label=str(item.get_kind_display()),
            title=item.title,
            summary=item.summary,
            url=item.get_url() or "",
            published_at=item.first_published_at,
        )
        for item in (found_materials[: app_settings.MEMBERS_POSTS_SHOWN] if materials_count else [])
    ]

    student = getattr(member, "student_profile", None)
    teacher = getattr(member, "teacher_profile", None)
    name = display_name(member)
    return Profile(
        id=member.pk,
        name=name,
        initial=name[:1].upper(),
        avatar_url=member.avatar.url if member.avatar else "",
        bio=teacher.bio if teacher and member.is_teacher else "",
        interests=student.interests if student else "",
        expertise=teacher.expertise if teacher and member.is_teacher else "",
        is_tutor=member.is_teacher,
        tutor_page_url=(tutor_page.get_url() or "") if tutor_page else "",
        headline=tutor_page.headline if tutor_page else "",
        joined=member.date_joined,
        visibility=permissions.visibility_of(member),
        is_public=permissions.is_public(member),
        is_self=is_signed_in(viewer) and viewer.pk == member.pk,
        reviews=page,
        reviews_count=paginator.count,
        posts=posts,
        posts_count=posts_count,
        materials=materials,
        materials_count=materials_count,
    )


def profile_url(member_id: int) -> str:
    return reverse("members:profile", args=[member_id])


def profile_links(viewer: User | None, member_ids: set[int]) -> dict[int, str]:
    """{member id: profile URL} for those of ``member_ids`` whose profile ``viewer`` may open
    (one query; none for an empty set)."""
    if not member_ids:
        return {}
    ids = User.objects.filter(pk__in=member_ids).filter(permissions.viewable_by(viewer))
    return {pk: profile_url(pk) for pk in ids.values_list("pk", flat=True)}
