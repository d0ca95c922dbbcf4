"""The feedback FormPage: built in the editor, stored, e-mailed through Celery, guarded."""

import re

import factory
import pytest
import wagtail_factories
from django.core import mail
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Locale, Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from home.models import HONEYPOT_FIELD, FormField, FormPage, HomePage, SiteSettings, StandardPage
from home.services import FEEDBACK_RATE_LIMIT, send_feedback_email
from tests.factories import AdminFactory, HomePageFactory, StandardPageFactory

TOO_MANY = "You have sent too many messages. Please try again in a few minutes."


class FormPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = FormPage

    title = "Обратная связь"
    slug = factory.Sequence(lambda n: f"feedback-{n}")
    intro = "<p>Напишите нам</p>"
    thank_you_text = "<p>Спасибо, мы скоро ответим.</p>"
    to_address = "team@ustat.test, boss@ustat.test"
    from_address = "forms@ustat.test"
    subject = "Сообщение с сайта"


class FormFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FormField

    page = factory.SubFactory(FormPageFactory)
    sort_order = factory.Sequence(int)
    required = True


def add_fields(page: FormPage) -> FormPage:
    FormFieldFactory(page=page, clean_name="name", label="Имя", field_type="singleline")
    FormFieldFactory(page=page, clean_name="email", label="E-mail", field_type="email")
    FormFieldFactory(
        page=page,
        clean_name="topic",
        label="Тема",
        field_type="dropdown",
        required=False,
        choices="Вопрос о курсе\nДругое",
    )
    FormFieldFactory(page=page, clean_name="message", label="Сообщение", field_type="multiline")
    return page


VALID = {
    "name": "Анна",
    "email": "anna@example.com",
    "topic": "Другое",
    "message": "Строка один\nСтрока два",
}


@pytest.fixture
def form_page(home_page):
    return add_fields(FormPageFactory(parent=home_page))


def template_names(response) -> list[str]:
    return [template.name for template in response.templates]


def submit(client, page, data, captured, **extra):
    """POST the form; on-commit callbacks (the Celery e-mail) run when the block ends."""
    with captured(execute=True) as callbacks:
        response = client.post(page.url, data, **extra)
    return response, callbacks


class PageTreeTests(WagtailPageTestCase):
    def setUp(self):
        self.home = HomePageFactory(parent=Page.get_first_root_node(), slug="home-test")
        Site.objects.update(root_page=self.home)

    def test_form_pages_sit_under_home_and_standard_pages_and_have_no_children(self):
        self.assertAllowedParentPageTypes(FormPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(FormPage, set())
        self.assertCanCreateAt(HomePage, FormPage)
        self.assertCanCreateAt(StandardPage, FormPage)
        self.assertCanNotCreateAt(FormPage, StandardPage)

    def test_editor_builds_a_form_page_with_its_fields(self):
        self.client.force_login(AdminFactory())  # axes needs a request: no client.login()
        self.assertCanCreate(
            self.home,
            FormPage,
            nested_form_data(
                {
                    "title": "Напишите нам",
                    "slug": "write-to-us",
                    "intro": rich_text("<p>Ответим за день</p>"),
                    "thank_you_text": rich_text("<p>Спасибо!</p>"),
                    "to_address": "team@ustat.test",
                    "from_address": "",
                    "subject": "Письмо с сайта",
                    "form_fields": inline_formset(
                        [
                            {
                                "label": "Your name",
                                "field_type": "singleline",
                                "required": "on",
                                "choices": "",
                                "default_value": "",
                                "help_text": "",
                            },
                            {
                                "label": "Topic",
                                "field_type": "dropdown",
                                "required": "",
                                "choices": "Courses\nOther",
                                "default_value": "",
                                "help_text": "",
                            },
                        ]
                    ),
                }
            ),
        )
        page = FormPage.objects.get(slug="write-to-us")
        assert page.live and page.to_address == "team@ustat.test"
        assert list(page.form_fields.values_list("clean_name", "field_type", "required")) == [
            ("your_name", "singleline", True),
            ("topic", "dropdown", False),
        ]
        self.assertPageIsRenderable(page)

    def test_editor_under_a_standard_page_too(self):
        self.client.force_login(AdminFactory())
        about = StandardPageFactory(parent=self.home, slug="about")
        self.assertCanCreate(
            about,
            FormPage,
            nested_form_data(
                {"title": "Вопрос", "slug": "question", "form_fields": inline_formset([])}
            ),
        )


@pytest.mark.django_db
class TestVisitor:
    def test_form_renders_fields_csrf_and_a_hidden_honeypot(self, client, form_page):
        response = client.get(form_page.url)
        html = response.content.decode()
        assert response.status_code == 200
        assert "home/form_page.html" in template_names(response)
        assert "Напишите нам" in html  # intro
        for label in ("Имя", "E-mail", "Тема", "Сообщение"):
            assert f">{label}</label>" in html
        assert 'name="csrfmiddlewaretoken"' in html
        # The honeypot: once, inside a box hidden from people and screen readers, out of tab order.
        assert html.count(f'name="{HONEYPOT_FIELD}"') == 1
        hidden_box = re.search(r'<div class="visually-hidden" aria-hidden="true">(.*?)</div>', html)
        assert hidden_box and f'name="{HONEYPOT_FIELD}"' in hidden_box.group(1)
        assert 'tabindex="-1"' in hidden_box.group(1)

    def test_submission_is_stored_thanked_and_mailed_to_the_page_addresses(
        self, client, form_page, django_capture_on_commit_callbacks
    ):
        response, _ = submit(client, form_page, VALID, django_capture_on_commit_callbacks)

        assert response.status_code == 200
        assert "home/form_page_landing.html" in template_names(response)
        assert "Спасибо, мы скоро ответим." in response.content.decode()
        submission = FormSubmission.objects.get(page=form_page)
        assert submission.form_data == VALID  # and nothing of the honeypot
        [message] = mail.outbox
        assert message.to == ["team@ustat.test", "boss@ustat.test"]
        assert message.from_email == "forms@ustat.test"
        assert message.subject == "Сообщение с сайта"
        assert "Имя: Анна\nE-mail: anna@example.com\nТема: Другое\n" in message.body
        assert "Сообщение:\nСтрока один\nСтрока два\n" in message.body
        assert form_page.full_url in message.body
        assert HONEYPOT_FIELD not in message.body

    def test_mail_waits_for_the_commit(self, client, form_page, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks() as callbacks:
            client.post(form_page.url, VALID)
            assert mail.outbox == []  # enqueued on commit, not sent inside the request
        assert FormSubmission.objects.filter(page=form_page).count() == 1
        assert len(callbacks) == 1
        callbacks[0]()
        assert len(mail.outbox) == 1

    def test_without_page_addresses_the_site_contact_gets_it(
        self, client, form_page, django_capture_on_commit_callbacks
    ):
        form_page.to_address = ""
        form_page.subject = ""
        form_page.save()
        settings_row = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings_row.contact_email = "hello@ustat.test"
        settings_row.save()

        submit(client, form_page, VALID, django_capture_on_commit_callbacks)

        [message] = mail.outbox
        assert message.to == ["hello@ustat.test"]
        assert form_page.title in message.subject
        assert "Имя: Анна" in message.body

    def test_with_no_address_at_all_it_is_stored_and_not_mailed(
        self, client, form_page, django_capture_on_commit_callbacks
    ):
        form_page.to_address = ""
        form_page.save()

        response, callbacks = submit(client, form_page, VALID, django_capture_on_commit_callbacks)

        assert "home/form_page_landing.html" in template_names(response)
        assert FormSubmission.objects.filter(page=form_page).count() == 1
        assert callbacks == [] and mail.outbox == []

    def test_a_bot_in_the_honeypot_is_thanked_and_ignored(
        self, client, form_page, django_capture_on_commit_callbacks
    ):
        data = {**VALID, HONEYPOT_FIELD: "http://spam.example"}
        response, callbacks = submit(client, form_page, data, django_capture_on_commit_callbacks)

        assert response.status_code == 200
        assert "home/form_page_landing.html" in template_names(response)
        assert "Спасибо, мы скоро ответим." in response.content.decode()
        assert not FormSubmission.objects.exists()
        assert callbacks == [] and mail.outbox == []

    def test_missing_required_field_shows_errors_and_stores_nothing(
        self, client, form_page, django_capture_on_commit_callbacks
    ):
        data = {key: value for key, value in VALID.items() if key != "message"}
        response, callbacks = submit(client, form_page, data, django_capture_on_commit_callbacks)

        html = response.content.decode()
        assert response.status_code == 200
        assert "home/form_page.html" in template_names(response)
        assert 'id="id_message_errors"' in html
        assert 'value="Анна"' in html  # what was typed is kept
        assert not FormSubmission.objects.exists()
        assert callbacks == [] and mail.outbox == []

    def test_too_many_submissions_from_one_address_are_refused(
        self, client, form_page, django_capture_on_commit_callbacks
    ):
        for _ in range(FEEDBACK_RATE_LIMIT):
            response, _callbacks = submit(
                client, form_page, VALID, django_capture_on_commit_callbacks
            )
            assert "home/form_page_landing.html" in template_names(response)

        response, callbacks = submit(client, form_page, VALID, django_capture_on_commit_callbacks)

        html = response.content.decode()
        assert "home/form_page.html" in template_names(response)
        assert 'class="form-errors" role="alert"' in html
        assert gettext(TOO_MANY) in html
        assert FormSubmission.objects.count() == FEEDBACK_RATE_LIMIT
        assert callbacks == [] and len(mail.outbox) == FEEDBACK_RATE_LIMIT
        # Another address is not held back.
        other, _callbacks = submit(
            client,
            form_page,
            VALID,
            django_capture_on_commit_callbacks,
            REMOTE_ADDR="203.0.113.9",
        )
        assert "home/form_page_landing.html" in template_names(other)
        assert FormSubmission.objects.count() == FEEDBACK_RATE_LIMIT + 1

    def test_invalid_posts_do_not_use_up_the_limit(self, client, form_page):
        for _ in range(FEEDBACK_RATE_LIMIT + 1):
            client.post(form_page.url, {"name": "Анна"})
        response = client.post(form_page.url, VALID)
        assert "home/form_page_landing.html" in template_names(response)

    def test_csrf_protection_stays_on_and_the_form_page_is_never_cached(self, settings, form_page):
        settings.PAGE_CACHE_SECONDS = 300  # the anonymous page cache, as in production
        Client().get(form_page.url)
        browser = Client(enforce_csrf_checks=True)
        page = browser.get(form_page.url)
        assert "X-Page-Cache" not in page  # a page with a CSRF token is one visitor's own

        assert browser.post(form_page.url, VALID).status_code == 403
        assert not FormSubmission.objects.exists()

        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
        response = browser.post(form_page.url, {**VALID, "csrfmiddlewaretoken": token.group(1)})
        assert "home/form_page_landing.html" in template_names(response)
        assert FormSubmission.objects.count() == 1


@pytest.mark.django_db
class TestEmailLanguage:
    def make_form(self, page: FormPage):
        FormFieldFactory(page=page, clean_name="day", label="День", field_type="date")
        FormFieldFactory(
            page=page, clean_name="ok", label="Согласен", field_type="checkbox", required=False
        )
        form = page.get_form({"day": "2026-03-15", "ok": "on"}, page=page)
        assert form.is_valid(), form.errors
        return form

    def test_body_speaks_the_language_of_the_page_not_of_the_request(
        self, home_page, django_capture_on_commit_callbacks
    ):
        page = FormPageFactory(parent=home_page)
        form = self.make_form(page)
        with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
            assert send_feedback_email(page, form)
        assert "День: 15.03.2026\nСогласен: Да\n" in mail.outbox[0].body

        page.locale = Locale.objects.get(language_code="en")
        with translation.override("ru"), django_capture_on_commit_callbacks(execute=True):
            send_feedback_email(page, form)
        assert "День: 03/15/2026\nСогласен: Yes\n" in mail.outbox[1].body


@pytest.mark.django_db
class TestAdmin:
    def test_submissions_are_listed_for_editors_only(self, client, form_page, admin_user, student):
        client.post(form_page.url, VALID)
        url = f"/admin/forms/submissions/{form_page.pk}/"

        client.force_login(student)
        assert client.get(url).status_code != 200

        client.force_login(admin_user)
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200
        assert "Анна" in html and "anna@example.com" in html
        assert HONEYPOT_FIELD not in html
