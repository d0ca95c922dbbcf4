"""Profile page, avatar uploads, settings, and the confirmed-e-mail rule."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from PIL import Image

from accounts import services
from accounts.models import ProfileSettings, User
from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db


def image_file(name="photo.png", size=(600, 400), fmt="PNG", color="red") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def upload(client, file):
    return client.post(reverse("cabinet:profile"), {"avatar": file})


class TestUser:
    def test_email_is_unique_whatever_its_case(self):
        User.objects.create_user("Anna@Example.com", "x")
        with pytest.raises(IntegrityError):
            User.objects.create_user("anna@example.COM", "y")

    def test_case_insensitive_constraint_holds_even_for_raw_updates(self):
        User.objects.create_user("anna@example.com", "x")
        other = User.objects.create_user("boris@example.com", "y")
        with pytest.raises(IntegrityError):
            User.objects.filter(pk=other.pk).update(email="ANNA@example.com")

    def test_profiles_follow_the_role(self):
        teacher = User.objects.create_user("t@example.com", "x", role=User.Role.TEACHER)
        student = User.objects.create_user("s@example.com", "x")
        assert teacher.teacher_profile and not hasattr(teacher, "student_profile")
        assert student.student_profile and not hasattr(student, "teacher_profile")
        assert ProfileSettings.objects.filter(user__in=[teacher, student]).count() == 2

    def test_changing_role_adds_the_new_profile(self):
        user = User.objects.create_user("s@example.com", "x")
        services.set_role(user, User.Role.TEACHER)
        user.refresh_from_db()
        assert user.teacher_profile

    def test_public_id_is_a_uuid_distinct_per_user(self):
        a, b = StudentFactory(), StudentFactory()
        assert a.public_id != b.public_id


class TestProfilePage:
    def test_requires_sign_in(self, client):
        response = client.get(reverse("cabinet:profile"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))

    def test_student_edits_name_phone_and_interests(self, client, student):
        client.force_login(student)
        response = client.post(
            reverse("cabinet:profile"),
            {
                "first_name": "Анна",
                "last_name": "Петрова",
                "phone": "+7 999 123-45-67",
                "interests": "Английский",
                "level": "beginner",
            },
        )
        assert response.status_code == 302
        student.refresh_from_db()
        assert (student.first_name, student.phone) == ("Анна", "+7 999 123-45-67")
        assert student.student_profile.interests == "Английский"

    def test_teacher_edits_bio(self, client, teacher):
        client.force_login(teacher)
        client.post(
            reverse("cabinet:profile"),
            {"first_name": "Ирина", "bio": "Преподаю математику 10 лет.", "experience_years": 10},
        )
        teacher.refresh_from_db()
        assert teacher.teacher_profile.bio == "Преподаю математику 10 лет."
        assert teacher.teacher_profile.experience_years == 10

    def test_bad_phone_is_a_form_error(self, client, student):
        client.force_login(student)
        response = client.post(reverse("cabinet:profile"), {"phone": "call me maybe"})
        assert response.status_code == 200
        assert "phone" in response.context["form"].errors


class TestAvatar:
    def test_image_is_stored_as_a_square_thumbnail(self, client, student):
        client.force_login(student)
        response = upload(client, image_file(size=(900, 500)))
        assert response.status_code == 302
        student.refresh_from_db()
        with Image.open(student.avatar.open("rb")) as stored:
            assert stored.size == (256, 256)
            assert stored.format == "JPEG"

    def test_non_image_is_refused_and_old_avatar_stays(self, client, student):
        client.force_login(student)
        upload(client, image_file())
        student.refresh_from_db()
        old = student.avatar.name

        fake = SimpleUploadedFile("cat.png", b"%PDF-1.4 not an image", content_type="image/png")
        response = upload(client, fake)

        assert response.status_code == 200
        errors = response.context["avatar_form"].errors["avatar"]
        assert "не изображение" in errors[0]
        student.refresh_from_db()
        assert student.avatar.name == old
        assert student.avatar.storage.exists(old)

    def test_oversized_file_is_refused(self, client, student, settings):
        settings.AVATAR_MAX_UPLOAD_SIZE = 1024
        client.force_login(student)
        response = upload(client, image_file(size=(1200, 1200), fmt="BMP"))
        assert "слишком большой" in response.context["avatar_form"].errors["avatar"][0]
        student.refresh_from_db()
        assert not student.avatar

    def test_image_format_outside_the_list_is_refused(self, client, student):
        client.force_login(student)
        response = upload(client, image_file(name="pic.bmp", fmt="BMP"))
        assert "не изображение" in response.context["avatar_form"].errors["avatar"][0]

    def test_replacing_removes_the_previous_file(
        self, client, student, django_capture_on_commit_callbacks
    ):
        client.force_login(student)
        upload(client, image_file(color="red"))
        student.refresh_from_db()
        first = student.avatar.name
        with django_capture_on_commit_callbacks(execute=True):
            upload(client, image_file(color="blue"))
        student.refresh_from_db()
        assert student.avatar.name != first
        assert not student.avatar.storage.exists(first)

    def test_remove_avatar(self, client, student):
        client.force_login(student)
        upload(client, image_file())
        client.post(reverse("cabinet:profile"), {"action": "remove-avatar"})
        student.refresh_from_db()
        assert not student.avatar


class TestSettings:
    def test_switches_are_saved(self, client, student):
        client.force_login(student)
        response = client.post(
            reverse("cabinet:settings"),
            {"email_homework": "on", "profile_visibility": "private"},
        )
        assert response.status_code == 302
        assert services.wants_email(student, "homework")
        assert not services.wants_email(student, "lessons")
        assert ProfileSettings.objects.get(user=student).profile_visibility == "private"

    def test_unknown_visibility_is_a_form_error(self, client, student):
        client.force_login(student)
        response = client.post(reverse("cabinet:settings"), {"profile_visibility": "everyone!"})
        assert "profile_visibility" in response.context["form"].errors


class TestConfirmedEmail:
    def test_unconfirmed_account_can_sign_in_but_not_pay_or_publish(self, client):
        user = StudentFactory(verified=False)
        with pytest.raises(services.EmailNotVerified):
            services.require_verified_email(user)
        client.force_login(user)
        page = client.get(reverse("cabinet:home")).content.decode()
        assert reverse("account_email") in page  # the banner offers to resend the link

    def test_confirmed_account_passes(self):
        services.require_verified_email(StudentFactory(verified=True))
