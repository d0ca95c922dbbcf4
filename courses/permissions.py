"""Who may do what with courses, lessons and tutor pages.

Predicates (``can_*``, ``teaches``) answer templates, admin hooks and API querysets; the
``require_*`` checks are what the services call before changing anything (they raise
``core.errors.NotAllowed`` with the reason). Wagtail's page permissions (add, edit, publish on
a subtree) are the base; on top of them tutors act only on their own courses and tutor page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, ReferenceIndex

from core.permissions import is_signed_in, is_staff, require

# The lesson-access rules live in courses.access (the page models use them, and this module
# imports the models); they are part of the answer to "who may", so they are importable here.
from .access import can_see_unpublished, can_view_lesson, has_course_access, teaches  # noqa: F401
from .models import CoursePage, LessonPage, TutorPage

if TYPE_CHECKING:
    from accounts.models import User

EDITORS_GROUP = "Editors"
MODERATORS_GROUP = "Moderators"


def is_editor(user) -> bool:
    """Staff, Editors and Moderators work on any page of the catalog and the tutor list."""
    return is_staff(user) or (
        is_signed_in(user)
        and user.groups.filter(name__in=[EDITORS_GROUP, MODERATORS_GROUP]).exists()
    )


def can_add_under(user, parent: Page) -> bool:
    """Tutors add lessons and videos only under their own course or tutor page."""
    if is_editor(user):
        return True
    specific = parent.specific_deferred
    if isinstance(specific, CoursePage):
        return teaches(user, specific)
    if isinstance(specific, TutorPage):
        return user.pk in (specific.user_id, specific.owner_id)
    return True


def can_archive_course(user: User, course: CoursePage) -> bool:
    return course.permissions_for_user(user).can_publish()


def can_delete_course(user: User, course: CoursePage) -> bool:
    return is_staff(user) or (is_signed_in(user) and course.owner_id == user.pk)


def can_add_lesson(user: User, course: CoursePage) -> bool:
    return course.permissions_for_user(user).can_add_subpage() and can_see_unpublished(user, course)


def can_make_tutor(user) -> bool:
    return is_staff(user)


def lessons_using(item) -> list[LessonPage]:
    """The lessons whose content uses a library document or video.

    Read from Wagtail's reference index, which Wagtail keeps for every saved page: it holds
    what the page's stored content references (the live version once a lesson is published),
    so the answer follows edits, moves and deletions without a table of our own.
    """
    lesson_ids = ReferenceIndex.get_references_to(item).filter(
        content_type=ContentType.objects.get_for_model(LessonPage)
    )
    return list(
        LessonPage.objects.filter(
            pk__in=[int(pk) for pk in lesson_ids.values_list("object_id", flat=True)]
        ).only("pk", "path", "depth", "is_free")
    )


def can_download_library_file(user, item) -> bool:
    """Whether this person may download a library document or video (``item``).

    A file that no lesson uses, or that a free preview lesson uses, is public (it is on
    pages anyone may read). A file that only closed lessons use goes to the people who may
    open one of them (enrolled learners, the course's teacher, staff), and to those who may
    edit it in the admin (its uploader, editors), so the editor's own links keep working.

    The rule is read from what the lessons use at the moment of the request rather than from
    where the file is filed (private collections per course with a view restriction): a
    collection restriction knows only passwords, "signed in" and groups, not who is enrolled,
    and it would protect a file only if the editor filed it in the right collection.
    """
    lessons = lessons_using(item)
    if not lessons or any(lesson.is_free for lesson in lessons):
        return True
    if not is_signed_in(user):
        return False
    courses = CoursePage.objects.filter(
        path__in={lesson.path[: -lesson.steplen] for lesson in lessons}
    )
    return any(has_course_access(user, course) for course in courses) or item.is_editable_by_user(
        user
    )


# --- Checks the services call -----------------------------------------------------------------


def require_can_archive_course(user: User, course: CoursePage) -> None:
    require(
        can_archive_course(user, course), _("Only moderators and editors can archive a course.")
    )


def require_can_add_course(user: User, catalog: Page) -> None:
    require(
        catalog.permissions_for_user(user).can_add_subpage(),
        _("You cannot add courses to the catalog."),
    )


def require_can_edit_course(user: User, course: CoursePage, changes) -> None:
    require(course.permissions_for_user(user).can_edit(), _("You can edit only your own courses."))
    require(
        "teacher" not in changes or is_staff(user),
        _("Only staff can change a course's teacher."),
    )


def require_can_delete_course(user: User, course: CoursePage) -> None:
    require(can_delete_course(user, course), _("You can delete only your own courses."))


def require_can_add_lesson(user: User, course: CoursePage) -> None:
    require(can_add_lesson(user, course), _("You can add lessons only to your own courses."))


def require_can_edit_lesson(user: User, lesson: LessonPage) -> None:
    require(lesson.permissions_for_user(user).can_edit(), _("You can edit only your own lessons."))


def require_can_delete_lesson(user: User, lesson: LessonPage) -> None:
    require(
        lesson.permissions_for_user(user).can_delete(), _("You can delete only your own lessons.")
    )


def require_can_make_tutor(user) -> None:
    require(can_make_tutor(user), _("Only staff can make someone a tutor."))
