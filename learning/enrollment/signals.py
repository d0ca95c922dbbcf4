"""Course counters follow every enrollment change, wherever it is made (services, admin)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Enrollment
from .services import recount_students


@receiver(post_save, sender=Enrollment)
@receiver(post_delete, sender=Enrollment)
def enrollment_changed(sender, instance: Enrollment, **kwargs) -> None:
    recount_students(instance.course)
