import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page

from materials.models import MaterialIndexPage
from materials.services import Draft, create_material
from tests.factories import StudentFactory

QUIZ = "? 2 + 2 =\n* 4\n- 5\n\n? Простые числа\n* 2\n* 3\n- 4\n\n? Сколько бит в байте?\n= 8"


@pytest.fixture
def materials_index(home_page):
    index = MaterialIndexPage(title="Материалы участников", slug="materials")
    home_page.add_child(instance=index)
    return index


@pytest.fixture
def author(db):
    return StudentFactory(verified=True, first_name="Вера", last_name="Лукина")


@pytest.fixture
def moderator(db):
    person = StudentFactory(verified=True)
    person.groups.add(Group.objects.get(name="Moderators"))
    return person


def publish(page: Page, moderator) -> Page:
    """The moderator approves the workflow's task, which publishes the latest revision."""
    page.current_workflow_task_state.approve(user=moderator)
    page.refresh_from_db()
    return page


@pytest.fixture
def write(author, materials_index):
    def write(kind="article", user=None, **fields):
        fields.setdefault("title", "Как учить слова")
        if kind == "article":
            fields.setdefault("text", "Первый абзац.\n\nВторой абзац.")
        if kind == "test":
            fields.setdefault("questions", QUIZ)
        return create_material(user or author, Draft(kind=kind, **fields))

    return write
