"""Course counters follow every enrollment change, wherever it is made (services, admin)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from home.page_cache import served_from_cache

from .models import Enrollment
from .services import record_view, recount_students


@receiver(post_save, sender=Enrollment)
@receiver(post_delete, sender=Enrollment)
def enrollment_changed(sender, instance: Enrollment, **kwargs) -> None:
    recount_students(instance.course)


@receiver(served_from_cache)
def count_cached_course_view(sender, request, notes: dict, **kwargs) -> None:
    if course_id := notes.get("course_view"):
        record_view(request, course_id)
