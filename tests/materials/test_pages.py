"""The materials' pages: the cabinet's list and form, the section's list, a material."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import ProfileSettings
from materials.models import MaterialPage
from tests.factories import StudentFactory

from .conftest import QUIZ, publish

pytestmark = pytest.mark.django_db

MINE = "/ru/cabinet/materials/"
NEW = "/ru/cabinet/materials/new/"


def test_an_unverified_member_is_asked_to_confirm_the_address(client, materials_index):
    client.force_login(StudentFactory(verified=False))
    html = client.get(MINE).content.decode()
    assert 'data-testid="materials-verify"' in html
    assert client.get(NEW).status_code == 403


def test_the_empty_list_invites_a_first_material(client, author, materials_index):
    client.force_login(author)
    html = client.get(MINE).content.decode()
    assert 'data-testid="materials-empty"' in html and 'data-testid="cabinet-materials"' in html


def test_a_member_writes_an_article_from_the_cabinet(client, author, materials_index):
    client.force_login(author)
    form = client.get(NEW + "?kind=test").content.decode()
    assert re.search(r'<input[^>]*value="test"[^>]*checked', form)
    answer = client.post(
        NEW, {"kind": "article", "title": "Мнемотехника", "summary": "Кратко", "text": "Текст."}
    )
    assert answer.status_code == 302 and answer.url == MINE
    page = MaterialPage.objects.get()
    assert page.owner == author and not page.live
    html = client.get(MINE).content.decode()
    assert "Мнемотехника" in html and "Ждёт модераторов" in html


def test_the_form_names_the_faulty_line_of_a_test(client, author, materials_index):
    client.force_login(author)
    answer = client.post(
        NEW, {"kind": "test", "title": "Тест", "questions": "? Вопрос\nбез метки\n* да\n- нет\nещё"}
    )
    assert answer.status_code == 200
    assert "Строка 5" in answer.content.decode()
    assert not MaterialPage.objects.exists()


def test_the_author_changes_a_material_and_nobody_else_can(client, author, write):
    page = write(kind="test")
    client.force_login(StudentFactory(verified=True))
    assert client.get(f"{MINE}{page.pk}/edit/").status_code == 404
    client.force_login(author)
    form = client.get(f"{MINE}{page.pk}/edit/").content.decode()
    assert "? 2 + 2 =" in form
    answer = client.post(
        f"{MINE}{page.pk}/edit/", {"kind": "article", "title": "Тест 2", "questions": QUIZ}
    )
    assert answer.status_code == 302
    assert MaterialPage.objects.get(pk=page.pk).get_latest_revision_as_object().title == "Тест 2"


def test_the_section_lists_published_materials_in_fixed_queries(
    client, write, moderator, materials_index
):
    def listing():
        client.get(materials_index.url)  # warm the site's caches (a publish empties them)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(materials_index.url)
        return response, len(queries)

    publish(write(title="Статья 1"), moderator)
    publish(write(kind="test", title="Тест 1"), moderator)
    write(title="Черновик")  # in moderation: not listed
    response, few = listing()
    html = response.content.decode()
    assert "Статья 1" in html and "Тест 1" in html and "Черновик" not in html
    for number in range(2, 8):
        publish(write(title=f"Статья {number}", user=StudentFactory(verified=True)), moderator)
    response, many = listing()
    assert html.count('data-testid="material-card"') == 2
    assert response.content.decode().count('data-testid="material-card"') == 8
    assert many == few

    tests_only = client.get(materials_index.url + "?kind=test").content.decode()
    assert tests_only.count('data-testid="material-card"') == 1


def test_the_section_without_materials_says_so(client, materials_index):
    html = client.get(materials_index.url).content.decode()
    assert "появятся здесь" in html


def test_a_material_page_links_its_author_and_its_test(client, write, author, moderator):
    page = publish(write(kind="test", text="Вступление"), moderator)
    ProfileSettings.objects.update_or_create(user=author, defaults={"profile_visibility": "public"})
    html = client.get(page.url).content.decode()
    assert f'href="/ru/members/{author.pk}/"' in html
    assert "Войдите, чтобы пройти тест" in html
    client.force_login(StudentFactory(verified=True))
    html = client.get(page.url).content.decode()
    assert f'href="/ru/homework/{page.test.pk}/"' in html
    test_page = client.get(f"/ru/homework/{page.test.pk}/").content.decode()
    assert 'data-testid="self-check-material"' in test_page
    client.force_login(author)  # the author takes it too, with no teacher's tools
    test_page = client.get(f"/ru/homework/{page.test.pk}/").content.decode()
    assert 'data-testid="teacher-tools"' not in test_page


def test_the_members_profile_lists_their_materials(client, write, author, moderator):
    publish(write(title="Публичная статья"), moderator)
    write(title="Ещё в модерации")
    client.force_login(StudentFactory(verified=True))
    html = client.get(f"/ru/members/{author.pk}/").content.decode()
    assert "Публичная статья" in html and "Ещё в модерации" not in html
    assert html.count('data-testid="member-material"') == 1


def test_site_search_finds_published_materials(client, write, moderator):
    publish(write(title="Мнемотехника для слов", summary="Запоминаем слова парами"), moderator)
    write(title="Мнемотехника черновик")
    html = client.get("/ru/search/?q=Мнемотехника").content.decode()
    assert 'data-kind="materials"' in html
    assert "Мнемотехника для слов" in html and "черновик" not in html
