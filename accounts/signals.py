from allauth.account.models import EmailAddress
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core import personal

from . import services
from .models import Notification, User, notices_changed


@receiver(post_save, sender=User, dispatch_uid="accounts.create_profiles")
def create_profiles(sender, instance: User, created: bool, raw: bool = False, **kwargs) -> None:
    # Every way a user comes to be (sign-up, social, API, admin, createsuperuser) gets profiles.
    if created and not raw:
        services.ensure_profiles(instance)


@receiver(post_save, sender=User, dispatch_uid="accounts.role_changed")
def announce_role_change(
    sender, instance: User, created: bool, raw: bool = False, update_fields=None, **kwargs
) -> None:
    """Send ``services.role_changed`` when the stored role is new or another one.

    Every door that sets a role (allauth's sign-up and social sign-up, the API's sign-up and
    user update, the Wagtail user form, ``set_role``) saves the user, so this one receiver
    covers them all; the role loaded with the row (``User.from_db``) tells a change apart.
    """
    if raw or "role" not in instance.__dict__:
        return
    if update_fields is not None and "role" not in update_fields:
        return
    previous = None if created else getattr(instance, "_stored_role", None)
    instance._stored_role = instance.role
    if previous != instance.role:
        services.role_changed.send(sender=User, user=instance, previous=previous)


@receiver(post_save, sender=Notification, dispatch_uid="accounts.notice_saved")
@receiver(post_delete, sender=Notification, dispatch_uid="accounts.notice_deleted")
def notice_changed(sender, instance: Notification, **kwargs) -> None:
    """The cabinet menu's kept unread count (``services.unread_notifications_shown``)."""
    notices_changed([instance.user_id])


# Whether the person has a confirmed address is kept for the desk (``email_verified_shown``);
# allauth changes addresses by saving and deleting them.
post_save.connect(personal.changed_row, sender=EmailAddress, dispatch_uid="accounts.email_saved")
post_delete.connect(
    personal.changed_row, sender=EmailAddress, dispatch_uid="accounts.email_deleted"
)
