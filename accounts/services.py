"""Operations that change people's accounts. Web views, the API and the adapters call these."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.dispatch import Signal
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from core import cache_reads, personal
from core.errors import NotFound

from .app_settings import app_settings
from .avatars import make_avatar
from .errors import (  # noqa: F401 (callers import here)
    AccountError,
    EmailNotVerified,
    EmailTaken,
    WouldLockOut,
    WrongPassword,
)
from .models import (
    Notification,
    ProfileSettings,
    StudentProfile,
    TeacherProfile,
    User,
    normalize_email,
    notices_counter,
)
from .permissions import (  # noqa: F401 (callers import here)
    is_admin,
    is_email_verified,
    require_can_delete_user,
    require_can_list_people,
    require_verified_email,
    runs_the_site,
)
from .students import students_of
from .tasks import send_email

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

# Sent after a person's role is stored as new or different (sign-up, the API, the admin,
# set_role), in the saving transaction: ``user``, ``previous`` (None for a new account).
# The courses app gives a new teacher their tools (the Tutors group, a draft tutor page).
role_changed = Signal()


def email_is_registered(email: str) -> bool:
    return User.objects.filter(email=normalize_email(email)).exists()


def ensure_profiles(user: User) -> None:
    """Create the settings and the role's profile if they are missing (safe to repeat)."""
    ProfileSettings.objects.get_or_create(user=user)
    if user.role == User.Role.TEACHER:
        TeacherProfile.objects.get_or_create(user=user)
    else:
        StudentProfile.objects.get_or_create(user=user)


@transaction.atomic
def set_role(user: User, role: str) -> User:
    user.role = User.Role(role)
    user.save(update_fields=["role"])
    ensure_profiles(user)
    return user


def register_user(
    request: HttpRequest | None,
    *,
    email: str,
    password: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Create an account with a role and send the e-mail confirmation (the API's sign-up).

    Raises EmailTaken, or django's ValidationError for a weak password.
    """
    email = normalize_email(email)
    if email_is_registered(email):
        raise EmailTaken
    candidate = User(email=email, first_name=first_name, last_name=last_name)
    validate_password(password, user=candidate)
    with transaction.atomic():
        user = User.objects.create_user(
            email=email,
            password=password,
            role=User.Role(role),
            first_name=first_name,
            last_name=last_name,
        )
        address = EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    address.send_confirmation(request, signup=True)
    return user


def sign_out_everywhere(user: User) -> None:
    """End every session and API token of this person, on every device.

    Raising the generation changes the session hash and the tokens' stamp (see
    ``User.credentials_hash``): each session and token is refused the next time it is used.
    """
    User.objects.filter(pk=user.pk).update(sign_out_generation=F("sign_out_generation") + 1)
    user.refresh_from_db(fields=["sign_out_generation"])


def change_password(user: User, *, old_password: str, new_password: str) -> User:
    """Set a new password after checking the current one (the API's password change).

    A new password hash ends every other session and every API token issued before (see
    ``User.credentials_hash``). Raises WrongPassword, or Django's ValidationError naming
    ``new_password`` for a weak one.
    """
    if not user.check_password(old_password):
        raise WrongPassword
    try:
        validate_password(new_password, user=user)
    except DjangoValidationError as exc:
        raise DjangoValidationError({"new_password": exc.messages}) from exc
    user.set_password(new_password)
    user.save(update_fields=["password"])
    return user


def update_profile(user: User, data: Mapping[str, object]) -> User:
    """Change the person's own details; role-specific fields go to the role's profile."""
    user_fields = [f for f in ("first_name", "last_name", "phone") if f in data]
    with transaction.atomic():
        for field in user_fields:
            setattr(user, field, data[field])
        if user_fields:
            user.save(update_fields=user_fields)
        ensure_profiles(user)
        if user.is_teacher:
            profile = user.teacher_profile
            fields = [
                f
                for f in ("bio", "expertise", "experience_years", "education", "achievements")
                if f in data
            ]
        else:
            profile = user.student_profile
            fields = [f for f in ("interests", "level") if f in data]
        for field in fields:
            setattr(profile, field, data[field])
        if fields:
            profile.save(update_fields=fields)
    return user


def set_avatar(user: User, upload: UploadedFile) -> User:
    """Replace the avatar with a square thumbnail of the upload.

    make_avatar raises ValidationError for a non-image or an oversized file, before anything
    is stored, so a refused upload leaves the old avatar in place.
    """
    thumbnail = make_avatar(upload)
    old_name = user.avatar.name if user.avatar else ""
    storage = user.avatar.storage
    user.avatar.save(thumbnail.name, thumbnail, save=False)
    user.save(update_fields=["avatar"])
    if old_name:
        transaction.on_commit(lambda: storage.delete(old_name))
    return user


def remove_avatar(user: User) -> User:
    if user.avatar:
        old_name, storage = user.avatar.name, user.avatar.storage
        user.avatar = ""
        user.save(update_fields=["avatar"])
        transaction.on_commit(lambda: storage.delete(old_name))
    return user


def get_settings(user: User) -> ProfileSettings:
    settings_obj, _created = ProfileSettings.objects.get_or_create(user=user)
    return settings_obj


def update_settings(user: User, data: Mapping[str, object]) -> ProfileSettings:
    settings_obj = get_settings(user)
    changed = [f for f in ProfileSettings.EDITABLE_FIELDS if f in data]
    for field in changed:
        setattr(settings_obj, field, data[field])
    if changed:
        settings_obj.save(update_fields=changed)
    return settings_obj


def wants_email(user: User, kind: str) -> bool:
    """Whether to e-mail this person about a kind of event (ProfileSettings.Kind)."""
    return get_settings(user).wants_email(kind)


@transaction.atomic
def require_keeps_admins(
    actor: User,
    targets: Iterable[User],
    *,
    deactivate: bool = False,
    delete: bool = False,
    demote: bool = False,
) -> None:
    """Refuse a change that would lock people out of running the site.

    Nobody deactivates or deletes their own account (another admin must), and the last
    active superuser is never deactivated, deleted or made an ordinary user. The active
    superusers' rows stay locked until the caller's transaction ends, so two admins removing
    each other at the same moment queue up and the second one is refused.
    """
    targets = list(targets)
    if (deactivate or delete) and any(target.pk == actor.pk for target in targets):
        if delete:
            message = _("You cannot delete your own account: another administrator has to.")
        else:
            message = _("You cannot deactivate your own account: another administrator has to.")
        raise WouldLockOut(message, code="own_account")
    if not (deactivate or delete or demote):
        return
    active = set(
        User.objects.select_for_update()
        .filter(is_superuser=True, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    leaving = active & {target.pk for target in targets}
    if leaving and not active - leaving:
        last = next(target for target in targets if target.pk in leaving)
        raise WouldLockOut(
            _(
                "%(name)s is the last active administrator (superuser). Make someone else an "
                "administrator first."
            )
            % {"name": last.get_full_name() or last.email},
            code="last_superuser",
        )


# What an admin may change about someone through the API (AdminUserSerializer).
ADMIN_EDITABLE_FIELDS = ("first_name", "last_name", "phone", "is_active")


@transaction.atomic
def update_user(actor: User, target: User, data: Mapping[str, Any]) -> User:
    """Change an account's details (the person themselves or an admin; the API's user update).

    Deactivating goes through require_keeps_admins; a new role gets its profile.
    """
    if data.get("is_active") is False and target.is_active:
        require_keeps_admins(actor, [target], deactivate=True)
    fields = [field for field in ADMIN_EDITABLE_FIELDS if field in data]
    for field in fields:
        setattr(target, field, data[field])
    if fields:
        target.save(update_fields=fields)
    role = data.get("role")
    if role and role != target.role:
        set_role(target, role)
    return target


@transaction.atomic
def delete_user(actor: User, target: User) -> None:
    require_can_delete_user(actor, target)
    require_keeps_admins(actor, [target], delete=True)
    target.delete()


def teachers() -> QuerySet[User]:
    """The people listed as teachers: the teacher role, active, not running the site."""
    return User.objects.filter(role=User.Role.TEACHER, is_active=True).exclude(runs_the_site())


def students_for(viewer: User) -> QuerySet[User]:
    """The students a person may list: admins every active student, a teacher only their own
    (enrolled in a course they teach or in one of their groups: ``accounts.students``).

    Whether each one's contacts may be shown is ``permissions.can_see_contacts``; the rows
    carry their settings for it.
    """
    require_can_list_people(viewer)
    students = User.objects.filter(role=User.Role.STUDENT, is_active=True).exclude(runs_the_site())
    if not is_admin(viewer):
        students = students.filter(students_of(viewer))
    return students.select_related("student_profile", "profile_settings").order_by(
        "last_name", "email"
    )


# ---------------------------------------------------------------------------------------------
# Notifications: an in-app list in the cabinet, with an e-mail copy when the person wants it.


def notify(
    user: User,
    kind: str,
    title: str,
    *,
    body: str = "",
    url: str = "",
    key: str = "",
    email: bool = True,
) -> Notification | None:
    """Tell a person something: a cabinet notice and, if their settings allow, an e-mail.

    With a ``key`` the same event notifies a person once, however often it is called (a
    database constraint, so two workers cannot both send). Returns None when it was sent
    before. The e-mail leaves after the surrounding transaction commits.
    """
    kind = ProfileSettings.Kind(kind).value
    try:
        with transaction.atomic():
            notice = Notification.objects.create(
                user=user, kind=kind, title=str(title)[:255], body=str(body), url=url, key=key
            )
    except IntegrityError:
        if key and Notification.objects.filter(user=user, key=key).exists():
            return None
        raise
    if email and user.email and wants_email(user, kind):
        text = str(body)
        if url:
            link = url if url.startswith("http") else app_settings.SITE_URL.rstrip("/") + url
            text = f"{text}\n\n{link}" if text else link
        send_email.delay_on_commit(subject=str(title), body=text, to=[user.email])
    return notice


def notifications_for(user: User) -> QuerySet[Notification]:
    """The person's own notices, newest first (only theirs: the API and the cabinet list)."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def unread_notifications(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def unread_notifications_shown(user: User) -> int:
    """``unread_notifications`` as the cabinet's menu shows it, kept for the person
    (core.personal) until one of their notices is made, read or removed."""
    return personal.kept(
        user,
        "unread-notices",
        (),
        lambda: unread_notifications(user),
        also=(notices_counter(cache_reads.PERSON),),
    )


def email_verified_shown(user: User) -> bool:
    """``is_email_verified`` as the desk's reminder shows it, kept for the person until one of
    their addresses is saved or removed (``signals``). Paying and publishing ask afresh."""
    return personal.kept(user, "email-verified", (), lambda: is_email_verified(user))


def mark_notifications_read(user: User, ids: list[int] | None = None) -> int:
    """Mark the person's own notices read (all of them without ids)."""
    notices = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        notices = notices.filter(pk__in=ids)
    return notices.update(read_at=timezone.now())


def read_notification(user: User, notification_id: int) -> Notification:
    """Mark one of the person's notices read and return it; someone else's is NotFound."""
    notice = Notification.objects.filter(user=user, pk=notification_id).first()
    if notice is None:
        raise NotFound(_("No such notification."))
    if notice.read_at is None:
        notice.read_at = timezone.now()
        Notification.objects.filter(pk=notice.pk, read_at__isnull=True).update(
            read_at=notice.read_at
        )
    return notice
