"""One error family, two ways out: a page on the site and JSON in the API."""

import pytest
from django.test import RequestFactory
from django.utils.translation import gettext as _

from core.app_settings import AppSettings, Setting
from core.errors import Conflict, DomainError, NotAllowed, WebhookError
from core.urls import safe_next

pytestmark = [pytest.mark.urls("tests.core.urls"), pytest.mark.django_db]


def test_a_refusal_on_the_site_is_a_page_with_its_message_and_status(client):
    response = client.get("/test-refusal/page/")
    assert response.status_code == 403
    assert "Only the group&#x27;s teacher may do this." in response.content.decode()
    assert "error.html" in [t.name for t in response.templates]


def test_an_api_conflict_answers_409_with_detail_and_code(api_client):
    response = api_client.post("/test-refusal/api/", {"kind": "conflict"}, format="json")
    assert response.status_code == 409
    assert response.json() == {"detail": "The lesson clashes with another.", "code": "clash"}


def test_an_api_field_error_names_the_field(api_client):
    response = api_client.post("/test-refusal/api/", {"kind": "field"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"starts_at": ["Pick a date in the future."]}


def test_an_api_refusal_uses_the_default_message(api_client):
    response = api_client.post("/test-refusal/api/", {}, format="json")
    assert response.status_code == 403
    assert response.json() == {
        "detail": _("You do not have permission to do this."),
        "code": "permission_denied",
    }


def test_every_error_is_one_family_and_shadows_no_django_name():
    for error in (Conflict, NotAllowed, WebhookError):
        assert issubclass(error, DomainError)
    assert Conflict().status == 409 and WebhookError().status == 400
    assert str(Conflict("x")) == "x" and Conflict("x").messages == ["x"]


class ExampleSettings(AppSettings):
    EXAMPLE_LIMIT = Setting(int, 5, "how many")


def test_app_settings_default_and_override(settings):
    app_settings = ExampleSettings()
    assert app_settings.EXAMPLE_LIMIT == 5
    settings.EXAMPLE_LIMIT = 9
    assert app_settings.EXAMPLE_LIMIT == 9
    assert list(ExampleSettings.declared()) == ["EXAMPLE_LIMIT"]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/ru/courses/", "/ru/courses/"),
        ("https://evil.example/", "/fallback/"),
        ("//evil.example/", "/fallback/"),
        ("", "/fallback/"),
        (None, "/fallback/"),
    ],
)
def test_safe_next_keeps_visitors_on_the_site(target, expected):
    request = RequestFactory().get("/", HTTP_HOST="testserver")
    assert safe_next(request, target, "/fallback/") == expected
