"""Course counters follow every enrollment change, wherever it is made (services, admin);
a lesson published for the first time is announced to its course's learners."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from courses.models import LessonPage
from home.page_cache import served_from_cache

from .models import Enrollment
from .services import record_view, recount_students
from .tasks import announce_new_lesson


@receiver(post_save, sender=Enrollment)
@receiver(post_delete, sender=Enrollment)
def enrollment_changed(sender, instance: Enrollment, **kwargs) -> None:
    recount_students(instance.course)


@receiver(served_from_cache)
def count_cached_course_view(sender, request, notes: dict, **kwargs) -> None:
    if course_id := notes.get("course_view"):
        record_view(request, course_id)


@receiver(page_published, sender=LessonPage)
def lesson_published(sender, instance: LessonPage, **kwargs) -> None:
    # courses knows nothing of learners (it sits below enrollment), so enrollment listens.
    # Wagtail sets both dates to the same instant on a page's first publish only: later
    # publishes (edits, a republish after unpublishing) announce nothing.
    if instance.first_published_at is None or instance.first_published_at != (
        instance.last_published_at
    ):
        return
    lesson_id = instance.pk
    transaction.on_commit(lambda: announce_new_lesson.delay(lesson_id))
