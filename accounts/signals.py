from django.db.models.signals import post_save
from django.dispatch import receiver

from . import services
from .models import User


@receiver(post_save, sender=User, dispatch_uid="accounts.create_profiles")
def create_profiles(sender, instance: User, created: bool, raw: bool = False, **kwargs) -> None:
    # Every way a user comes to be (sign-up, social, API, admin, createsuperuser) gets profiles.
    if created and not raw:
        services.ensure_profiles(instance)
