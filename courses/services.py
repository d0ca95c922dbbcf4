"""Operations on courses, lessons and tutors: web views, admin hooks and the API call these."""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from accounts.models import TeacherProfile, User
from accounts.services import set_role, teachers

from . import card_cache
from . import permissions as rules
from .errors import CourseConflict
from .models import CourseIndexPage, CoursePage, CourseStatus, LessonPage, TutorIndexPage, TutorPage

# Other apps, the admin hooks and the API import these rules from here.
from .permissions import (  # noqa: F401
    MODERATORS_GROUP,
    can_add_under,
    can_view_lesson,
    has_course_access,
    is_staff,
    teaches,
)

TUTORS_GROUP = "Tutors"
WORKFLOW_NAME = "Course moderation"
APPROVAL_TASK = "Moderators approve"


# ---------------------------------------------------------------------------------------------
# Who may read what


def readable_lessons(user, lessons: QuerySet[LessonPage]) -> QuerySet[LessonPage] | None:
    """The lessons whose text this person may read in full (None: none beyond free ones)."""
    if is_staff(user):
        return lessons
    if not (user and user.is_authenticated):
        return None
    paths = CoursePage.objects.filter(Q(teacher=user) | Q(owner=user)).values_list(
        "path", flat=True
    )
    if not paths:
        return None
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return lessons.filter(condition)


# ---------------------------------------------------------------------------------------------
# Counters and status, kept right by the code that changes the facts


def recount_lessons(course: CoursePage) -> int:
    count = LessonPage.objects.child_of(course).live().count()
    CoursePage.objects.filter(pk=course.pk).update(lessons_count=count)
    course.lessons_count = count
    card_cache.changed()
    return count


def course_published(course: CoursePage) -> None:
    """A course went live: it is in the catalog from now (unless archived)."""
    updates: dict[str, Any] = {}
    if course.status == CourseStatus.DRAFT:
        updates["status"] = CourseStatus.PUBLISHED
    if course.published_at is None:
        updates["published_at"] = course.first_published_at or timezone.now()
    if updates:
        CoursePage.objects.filter(pk=course.pk).update(**updates)
        for name, value in updates.items():
            setattr(course, name, value)
        card_cache.changed()
    recount_lessons(course)
    recount_teacher_courses(course.teacher_id)


def course_unpublished(course: CoursePage) -> None:
    if course.status == CourseStatus.PUBLISHED:
        CoursePage.objects.filter(pk=course.pk).update(status=CourseStatus.DRAFT)
        course.status = CourseStatus.DRAFT
        card_cache.changed()
    recount_teacher_courses(course.teacher_id)


def recount_teacher_courses(teacher_id: int | None) -> None:
    """The teacher's profile counts their live courses in the original language."""
    if teacher_id is None:
        return
    count = (
        CoursePage.objects.live()
        .filter(teacher_id=teacher_id, locale=Locale.get_default())
        .exclude(status=CourseStatus.ARCHIVED)
        .count()
    )
    TeacherProfile.objects.filter(user_id=teacher_id).update(courses_count=count)


def archive_course(user, course: CoursePage) -> CoursePage:
    """Take a course out of the catalog and off sale; enrolled learners keep it."""
    rules.require_can_archive_course(user, course)
    CoursePage.objects.filter(pk=course.pk).update(
        status=CourseStatus.ARCHIVED, archived_at=timezone.now()
    )
    card_cache.changed()
    course.refresh_from_db(fields=["status", "archived_at"])
    recount_teacher_courses(course.teacher_id)
    return course


def has_learners(course: CoursePage) -> bool:
    return course.students_count > 0


# ---------------------------------------------------------------------------------------------
# Editing through the API: drafts, revisions, the moderation workflow


def catalog_for(locale: Locale | None = None) -> CourseIndexPage:
    catalogs = CourseIndexPage.objects.all()
    catalog = catalogs.filter(locale=locale or Locale.get_default()).first() or catalogs.first()
    if catalog is None:
        raise ValidationError(_("There is no course catalog yet: an editor must create it first."))
    return catalog


# The longest lesson and course a teacher may state: the columns hold far more (a bigger
# number overflowed PostgreSQL's integer), and nobody means a lesson longer than a day's work.
MAX_LESSON_MINUTES = 12 * 60
MAX_COURSE_HOURS = 10_000


def _check_durations(data: Mapping[str, Any]) -> None:
    minutes, hours = data.get("duration_minutes"), data.get("duration_hours")
    if minutes is not None and not 0 <= minutes <= MAX_LESSON_MINUTES:
        raise ValidationError(
            {
                "duration_minutes": _("A lesson lasts from 0 to %(max)d minutes (12 hours).")
                % {"max": MAX_LESSON_MINUTES}
            }
        )
    if hours is not None and not 0 <= hours <= MAX_COURSE_HOURS:
        raise ValidationError(
            {"duration": _("A course lasts from 0 to %(max)d hours.") % {"max": MAX_COURSE_HOURS}}
        )


def _apply(page: Page, data: Mapping[str, Any]) -> None:
    _check_durations(data)
    for name, value in data.items():
        setattr(page, name, value)
    page.full_clean()


@transaction.atomic
def create_course(user: User, data: Mapping[str, Any], *, submit: bool = False) -> CoursePage:
    """A draft course under the catalog, owned and taught by the caller; optionally submitted."""
    catalog = catalog_for(data.get("locale"))
    rules.require_can_add_course(user, catalog)
    _check_durations(data)
    fields = {k: v for k, v in data.items() if k != "locale"}
    teacher = user if user.role == User.Role.TEACHER else None
    course = CoursePage(owner=user, teacher=teacher, live=False, locale=catalog.locale)
    for name, value in fields.items():
        setattr(course, name, value)
    catalog.add_child(instance=course)
    revision = course.save_revision(user=user, log_action=True)
    if submit:
        submit_for_moderation(user, course)
    course.latest_revision = revision
    return course


@transaction.atomic
def update_course(user: User, course: CoursePage, data: Mapping[str, Any]) -> CoursePage:
    """Save the changes as a new revision; what is live changes only when it is published."""
    rules.require_can_edit_course(user, course, data)
    draft = course.get_latest_revision_as_object()
    _apply(draft, data)
    draft.save_revision(user=user, log_action=True)
    return draft


def submit_for_moderation(user: User, page: Page) -> None:
    workflow = page.get_workflow()
    if workflow is None:
        raise ValidationError(_("No moderation workflow covers this page."))
    if page.workflow_in_progress:
        return
    workflow.start(page, user)


@transaction.atomic
def delete_course(user: User, course: CoursePage) -> None:
    """The owner or staff delete a course (with its lessons) that nobody is learning."""
    rules.require_can_delete_course(user, course)
    if has_learners(course):
        raise CourseConflict(_("This course has learners; archive it instead of deleting it."))
    # Wagtail alone would refuse an owner without publish rights a live page; the rule
    # above is ours, so its own permission check is skipped.
    teacher_id = course.teacher_id
    course.delete(user=user, skip_permission_checks=True)
    recount_teacher_courses(teacher_id)


@transaction.atomic
def create_lesson(
    user: User, course: CoursePage, data: Mapping[str, Any], *, publish: bool = False
) -> LessonPage:
    rules.require_can_add_lesson(user, course)
    _check_durations(data)
    lesson = LessonPage(owner=user, live=False, locale=course.locale)
    for name, value in data.items():
        setattr(lesson, name, value)
    course.add_child(instance=lesson)
    revision = lesson.save_revision(user=user, log_action=True)
    if publish and lesson.permissions_for_user(user).can_publish():
        revision.publish(user=user)
        lesson.refresh_from_db()
    return lesson


@transaction.atomic
def update_lesson(user: User, lesson: LessonPage, data: Mapping[str, Any]) -> LessonPage:
    rules.require_can_edit_lesson(user, lesson)
    draft = lesson.get_latest_revision_as_object()
    _apply(draft, data)
    draft.save_revision(user=user, log_action=True)
    return draft


@transaction.atomic
def delete_lesson(user: User, lesson: LessonPage) -> None:
    rules.require_can_delete_lesson(user, lesson)
    course = lesson.course
    lesson.delete(user=user)
    recount_lessons(course)


# ---------------------------------------------------------------------------------------------
# Tutors in the admin, and the moderation workflow


def tutors_group() -> Group:
    """Tutors: into the admin, add courses and tutor pages, edit what they own; never publish.

    Wagtail lets a user with "add" on a subtree edit the pages they own in it; publishing
    needs "publish", which only Moderators and Editors have, so tutors submit instead.
    """
    group, _created = Group.objects.get_or_create(name=TUTORS_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    add_page = Permission.objects.get(content_type__app_label="wagtailcore", codename="add_page")
    for index in [*CourseIndexPage.objects.all(), *TutorIndexPage.objects.all()]:
        GroupPagePermission.objects.get_or_create(group=group, page=index, permission=add_page)
    root = Collection.get_first_root_node()
    for app_label, codenames in (
        ("wagtailimages", ("add_image", "choose_image")),
        ("wagtaildocs", ("add_document", "choose_document")),
        ("wagtailmedia", ("add_media", "choose_media")),
    ):
        for permission in Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        ):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )
    return group


@transaction.atomic
def grant_tutor_tools(user: User, *, by: User | None = None) -> TutorPage | None:
    """What a teacher needs to work at once: the Tutors group and a draft tutor page they own.

    Runs whenever the teacher role is granted (sign-up as a teacher, the API, the admin: see
    ``accounts.services.role_changed``) and from "Make tutor"; safe to repeat. The page is
    made only once the tutor list exists (None until then: the next grant makes it).
    Publishing stays with moderators: the group may add and edit its own pages, not publish.
    """
    user.groups.add(tutors_group())
    existing = TutorPage.objects.filter(Q(user=user) | Q(owner=user)).first()
    if existing:
        return existing
    index = TutorIndexPage.objects.filter(locale=Locale.get_default()).first()
    if index is None:
        return None
    # Not the e-mail (a new teacher often has no name yet): the page title becomes its address.
    page = TutorPage(
        title=user.get_full_name() or _("New tutor"),
        headline=_("Tutor"),
        owner=user,
        user=user,
        live=False,
    )
    index.add_child(instance=page)
    page.save_revision(user=by or user, log_action=True)
    return page


def grant_tutor_tools_to_teachers() -> int:
    """``grant_tutor_tools`` for every listed teacher (``accounts.services.teachers``), for
    those who became teachers before the role granted the tools. Safe to repeat (the grant is
    idempotent); returns how many teachers it went through."""
    count = 0
    for teacher in teachers().order_by("pk"):
        grant_tutor_tools(teacher)
        count += 1
    return count


def withdraw_tutor_tools(user: User) -> None:
    """No longer a teacher: out of the Tutors group (their pages stay, owned by them)."""
    group = Group.objects.filter(name=TUTORS_GROUP).first()
    if group is not None:
        user.groups.remove(group)


@transaction.atomic
def set_up_tutor(user: User, *, by: User | None = None) -> TutorPage:
    """Staff's "Make tutor": the teacher role (which grants the tools), the tutor page."""
    if by is not None:
        rules.require_can_make_tutor(by)
    if user.role != User.Role.TEACHER:
        set_role(user, User.Role.TEACHER)
    page = grant_tutor_tools(user, by=by)
    if page is None:
        raise ValidationError(_("There is no tutor list page yet: an editor must create it."))
    return page


def moderation_workflow() -> Workflow:
    """The "Course moderation" workflow on the catalog and the tutor list, Moderators approve."""
    moderators = Group.objects.get(name=MODERATORS_GROUP)
    task = GroupApprovalTask.objects.filter(name=APPROVAL_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=APPROVAL_TASK)
        task.groups.set([moderators])
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for index in [*CourseIndexPage.objects.all(), *TutorIndexPage.objects.all()]:
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow
