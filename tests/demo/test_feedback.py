"""The demo feedback form: made once, in the menu, mailing the site's contact address."""

import pytest
from django.core import mail
from wagtail.models import Site

from demo.loader import read
from demo.loader.site import load_feedback
from home.models import FormPage, SiteSettings

# One xdist worker takes the whole package, so the demo is built once (conftest.py).
pytestmark = pytest.mark.xdist_group("demo")

MESSAGE = {
    "name": "Анна",
    "email": "anna@example.com",
    "topic": "Стать репетитором",
    "message": "Строка один\nСтрока два",
}


def test_feedback_demo_is_made_once_and_mails_the_site_contact(
    demo, client, django_capture_on_commit_callbacks
):
    page = FormPage.objects.child_of(demo.home).get()
    again = load_feedback(read("feedback"), demo.home, demo.en)

    assert again.pk == page.pk
    assert FormPage.objects.count() == 2  # and its English translation
    assert (page.title, page.slug, page.to_address) == ("Обратная связь", "feedback", "")
    assert page.live and page.show_in_menus and not page.has_unpublished_changes
    assert page.locale.language_code == "ru"
    fields = list(page.form_fields.values_list("clean_name", "field_type", "required"))
    assert fields == [
        ("name", "singleline", True),
        ("email", "email", True),
        ("topic", "dropdown", False),
        ("message", "multiline", True),
    ]
    topic = page.form_fields.get(clean_name="topic")
    assert topic.choices.splitlines() == [
        "Вопрос о курсе",
        "Стать репетитором",
        "Технический вопрос",
        "Другое",
    ]
    assert "Обратная связь" in client.get("/ru/").content.decode()  # in the menu

    settings_row = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.contact_email = "hello@ustat.test"
    settings_row.save()
    # On-commit callbacks (the Celery e-mail) run when the block ends.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.url, MESSAGE)
    assert "home/form_page_landing.html" in [template.name for template in response.templates]
    assert mail.outbox[0].to == ["hello@ustat.test"]
    assert "Тема: Стать репетитором" in mail.outbox[0].body
