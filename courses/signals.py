"""Keep course status and lesson counters right whatever changed them (editor, API, workflow),
and a teacher's tools in step with their role."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from accounts.models import User
from accounts.services import role_changed

from . import services
from .models import CoursePage, LessonPage, TutorPage


@receiver(page_published, sender=CoursePage)
def course_published(sender, instance: CoursePage, **kwargs) -> None:
    services.course_published(instance)


@receiver(page_unpublished, sender=CoursePage)
def course_unpublished(sender, instance: CoursePage, **kwargs) -> None:
    services.course_unpublished(instance)


def _recount_parent_of(lesson: LessonPage) -> None:
    parent = CoursePage.objects.filter(
        path=lesson.path[: -lesson.steplen], depth=lesson.depth - 1
    ).first()
    if parent is not None:
        services.recount_lessons(parent)


@receiver(page_published, sender=LessonPage)
@receiver(page_unpublished, sender=LessonPage)
@receiver(post_delete, sender=LessonPage)
def lesson_changed(sender, instance: LessonPage, **kwargs) -> None:
    _recount_parent_of(instance)


@receiver(post_page_move)
def lesson_moved(sender, instance, parent_page_before, parent_page_after, **kwargs) -> None:
    if isinstance(instance.specific_deferred, LessonPage):
        for parent in (parent_page_before, parent_page_after):
            course = CoursePage.objects.filter(pk=parent.pk).first()
            if course is not None:
                services.recount_lessons(course)


@receiver(role_changed, dispatch_uid="courses.tutor_tools")
def tutor_tools_follow_the_role(sender, user: User, previous: str | None, **kwargs) -> None:
    """A new teacher can at once build their tutor page, courses and homework."""
    if user.role == User.Role.TEACHER:
        services.grant_tutor_tools(user)
    elif previous == User.Role.TEACHER:
        services.withdraw_tutor_tools(user)


def pages_showing(page) -> list:
    """For the page cache: a course shows on its teacher's tutor page too, and a tutor page's
    title on their courses' pages (the teacher's name in that language)."""
    if isinstance(page, CoursePage) and page.teacher_id:
        return list(TutorPage.objects.filter(user_id=page.teacher_id).only("path"))
    if isinstance(page, TutorPage) and page.user_id:
        return list(CoursePage.objects.filter(teacher_id=page.user_id).only("path"))
    return []
