"""People: the custom user (e-mail login, role), their profiles and notification settings."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from core import generations, personal


def normalize_email(email: str) -> str:
    """The one spelling of an address we store and look up: trimmed and lower-cased."""
    return (email or "").strip().lower()


def full_name(first_name: str, last_name: str) -> str:
    """A person's name as shown (``User.get_full_name``), also from rows read without models."""
    return f"{first_name} {last_name}".strip()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username: str):
        # Sign-in is case-insensitive on the e-mail, on every door.
        return self.get(email=normalize_email(username))


# The one rule for phone numbers: the profile form, the API's serializers (from the model
# field) and the admin all use it.
validate_phone = RegexValidator(
    r"^\+?[0-9 ()\-]{5,31}$",
    message=_("Enter a phone number of digits, spaces, dashes and +."),
    code="invalid_phone",
)


def avatar_upload_to(instance: "User", filename: str) -> str:
    return f"avatars/{instance.public_id}/{uuid.uuid4().hex}.jpg"


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Staff and moderators are Wagtail groups on top of the role."""

    class Role(models.TextChoices):
        STUDENT = "student", _("Student")
        TEACHER = "teacher", _("Teacher")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[validate_phone])
    avatar = models.ImageField(_("avatar"), upload_to=avatar_upload_to, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.STUDENT)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Whether the user can log into the Django admin site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Raised by "sign out everywhere": it changes the session hash and the API tokens' stamp,
    # so every session and token issued before stops working (see credentials_hash).
    sign_out_generation = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @classmethod
    def from_db(cls, db, field_names, values):
        user = super().from_db(db, field_names, values)
        # The role as stored, so that a save can tell a role was granted (accounts.signals).
        user._stored_role = user.__dict__.get("role")
        return user

    def save(self, *args, **kwargs) -> None:
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)

    # What sessions and API tokens are tied to: Django's session hash (an HMAC of the password
    # hash) plus the sign-out generation. A new password or "sign out everywhere" changes it,
    # and with it every session (Django checks the hash on each request) and every token
    # (accounts.tokens checks the stamp). Generation 0 keeps Django's own value, so
    # sessions made before the generation existed stay valid.
    def credentials_hash(self, secret: str | None = None) -> str:
        value = self.password
        if self.sign_out_generation:
            value = f"{value}:{self.sign_out_generation}"
        return salted_hmac(
            "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
            value,
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def get_session_auth_hash(self) -> str:
        return self.credentials_hash()

    def get_session_auth_fallback_hash(self):
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self.credentials_hash(secret)

    def token_stamp(self) -> str:
        """The claim API tokens carry; it no longer matches once credentials_hash changes."""
        return salted_hmac(
            "accounts.User.token_stamp", self.credentials_hash(), algorithm="sha256"
        ).hexdigest()[:32]

    def get_full_name(self) -> str:
        return full_name(self.first_name, self.last_name)

    def get_short_name(self) -> str:
        return self.first_name or self.email.split("@")[0]

    @property
    def is_teacher(self) -> bool:
        return self.role == self.Role.TEACHER

    @property
    def is_student(self) -> bool:
        return self.role == self.Role.STUDENT


class Level(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class TeacherProfile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="teacher_profile")
    bio = models.TextField(_("about me"), blank=True)
    expertise = models.CharField(_("expertise"), max_length=255, blank=True)
    experience_years = models.PositiveSmallIntegerField(_("years of experience"), default=0)
    education = models.TextField(_("education"), blank=True)
    achievements = models.TextField(_("achievements"), blank=True)
    # Denormalised counters, kept by the services that change what they count.
    rating = models.DecimalField(_("rating"), max_digits=3, decimal_places=2, default=0)
    courses_count = models.PositiveIntegerField(_("courses"), default=0)
    students_count = models.PositiveIntegerField(_("students"), default=0)
    reviews_count = models.PositiveIntegerField(_("reviews"), default=0)

    class Meta:
        verbose_name = _("teacher profile")
        verbose_name_plural = _("teacher profiles")

    def __str__(self) -> str:
        return str(self.user)


class StudentProfile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="student_profile")
    interests = models.TextField(_("interests"), blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, blank=True)

    class Meta:
        verbose_name = _("student profile")
        verbose_name_plural = _("student profiles")

    def __str__(self) -> str:
        return str(self.user)


class ProfileSettings(models.Model):
    """What a person wants to be told by e-mail, and who may see their profile."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        MEMBERS = "members", _("Signed-in members")
        PRIVATE = "private", _("Only me and my teachers")

    class Kind(models.TextChoices):
        # One e-mail switch per kind of notification (services.wants_email); every kind has
        # notices that use it, so every switch on the settings page does something.
        COURSES = "courses", _("Enrolments, new lessons, access and certificates")
        PAYMENTS = "payments", _("Payment receipts and refunds")
        HOMEWORK = "homework", _("Homework and grades")
        LESSONS = "lessons", _("Live lessons: reminders, moves and cancellations")
        MESSAGES = "messages", _("Messages and comments")
        REVIEWS = "reviews", _("Reviews: invitations, new reviews, replies and moderation")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile_settings")
    email_courses = models.BooleanField(
        _("enrolments, new lessons, access and certificates"), default=True
    )
    email_payments = models.BooleanField(_("payment receipts and refunds"), default=True)
    email_homework = models.BooleanField(_("homework and grades"), default=True)
    email_lessons = models.BooleanField(
        _("live lessons: reminders, moves and cancellations"), default=True
    )
    email_messages = models.BooleanField(_("messages and comments"), default=True)
    email_reviews = models.BooleanField(
        _("reviews: invitations, new reviews, replies and moderation"), default=True
    )
    profile_visibility = models.CharField(
        _("who can see my profile"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )

    # What the person edits on the settings page and through the API.
    EDITABLE_FIELDS = (
        "email_courses",
        "email_payments",
        "email_homework",
        "email_lessons",
        "email_messages",
        "email_reviews",
        "profile_visibility",
    )

    class Meta:
        verbose_name = _("profile settings")
        verbose_name_plural = _("profile settings")

    def __str__(self) -> str:
        return str(self.user)

    def wants_email(self, kind: str) -> bool:
        return bool(getattr(self, f"email_{self.Kind(kind).value}"))


def notices_counter(user_id: int | str) -> str:
    """The counter of what is kept about a person's notices (the cabinet menu's unread count),
    bumped whenever one of their notices is made, read or removed."""
    return f"accounts:notices:{user_id}"


def notices_changed(user_ids) -> None:
    generations.bump_many(notices_counter(pk) for pk in user_ids if pk is not None)


class NoticeQuerySet(personal.PersonQuerySet):
    """Marking notices read with ``update()`` bumps their people's notices counters."""

    def _changed(self, people: list[int]) -> None:
        notices_changed(people)


class Notification(models.Model):
    """An in-app notice in the cabinet; e-mail copies follow ProfileSettings (services.notify)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=16, choices=ProfileSettings.Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # Makes a notice idempotent: the same event notifies a person once (e.g. "lesson:42:1h").
    key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=~models.Q(key=""),
                name="notification_once_per_key",
            )
        ]

    def __str__(self) -> str:
        return self.title
