"""Avatar pictures have a pixel limit; phone numbers follow one rule on the form and the API."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

pytestmark = pytest.mark.django_db


def png(size, mode="1") -> SimpleUploadedFile:
    # A one-bit picture: 6000×6000 pixels in a few kilobytes, as an attacker would send.
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format="PNG")
    return SimpleUploadedFile("huge.png", buffer.getvalue(), content_type="image/png")


class TestAvatarPixels:
    def test_a_6000_by_6000_png_is_refused_on_the_profile_page(self, client, student):
        client.force_login(student)
        upload = png((6000, 6000))
        assert upload.size < 100_000  # small on the wire: only the pixel count is too big

        response = client.post(reverse("cabinet:profile"), {"avatar": upload})

        assert response.status_code == 200
        error = response.context["avatar_form"].errors.as_data()["avatar"][0]
        assert error.code == "too_many_pixels"
        assert "6000×6000" in error.message
        student.refresh_from_db()
        assert not student.avatar

    def test_the_size_is_read_from_the_header_before_any_pixel(self, client, student):
        # The header and the start of the pixel data, cut off: nothing could be decoded, so
        # the answer shows the check comes first (decoding would call it "not an image").
        header_only = png((6000, 6000)).read()[:200]
        client.force_login(student)

        response = client.post(
            reverse("cabinet:profile"),
            {"avatar": SimpleUploadedFile("huge.png", header_only, content_type="image/png")},
        )

        error = response.context["avatar_form"].errors.as_data()["avatar"][0]
        assert error.code == "too_many_pixels"

    def test_and_in_the_api_with_a_field_error(self, api_client, student):
        api_client.force_authenticate(student)

        response = api_client.put(
            "/api/users/profile/avatar/", {"avatar": png((6000, 6000))}, format="multipart"
        )

        assert response.status_code == 400
        assert "6000×6000" in response.json()["avatar"][0]
        student.refresh_from_db()
        assert not student.avatar

    def test_the_limit_is_the_setting(self, client, student, settings):
        settings.AVATAR_MAX_PIXELS = 100 * 100
        client.force_login(student)

        refused = client.post(reverse("cabinet:profile"), {"avatar": png((101, 100), "RGB")})
        accepted = client.post(reverse("cabinet:profile"), {"avatar": png((100, 100), "RGB")})

        assert refused.context["avatar_form"].errors.as_data()["avatar"][0].code == (
            "too_many_pixels"
        )
        assert accepted.status_code == 302
        student.refresh_from_db()
        assert student.avatar


class TestPhone:
    @pytest.mark.parametrize("url", ["/api/users/profile/", "self"])
    def test_a_bad_phone_in_the_api_is_a_field_error(self, api_client, student, url):
        api_client.force_authenticate(student)
        url = f"/api/users/{student.public_id}/" if url == "self" else url

        response = api_client.patch(url, {"phone": "call me maybe"}, format="json")

        assert response.status_code == 400
        assert set(response.json()) == {"phone"}
        student.refresh_from_db()
        assert student.phone == ""

    def test_the_api_and_the_form_give_the_same_answer(self, api_client, client, student):
        api_client.force_authenticate(student)
        client.force_login(student)
        for phone in ["+7 (999) 123-45-67", "12", "+7 999 123 45 67 ext. 5", "", "8-800-555-35-35"]:
            api = api_client.patch("/api/users/profile/", {"phone": phone}, format="json")
            form = client.post(reverse("cabinet:profile"), {"phone": phone})
            api_errors = api.json().get("phone") if api.status_code == 400 else None
            form_errors = (
                form.context["form"].errors.get("phone") if form.status_code == 200 else None
            )
            assert (api_errors is None) == (form_errors is None), phone
            if api_errors:
                assert api_errors == list(form_errors), phone
