"""The demo's members' materials: the section in both languages, a published article and
self-check test, one material waiting for moderators (test_command's second load counts
their pages and revisions with the rest)."""

import pytest
from wagtail.models import WorkflowPage

from learning.homework import permissions as homework_rules
from materials.models import MaterialIndexPage, MaterialPage
from tests.factories import StudentFactory

pytestmark = pytest.mark.xdist_group("demo")


def test_the_section_and_its_materials(demo, client):
    index = MaterialIndexPage.objects.get(locale=demo.ru)
    assert index.live and index.show_in_menus
    assert MaterialIndexPage.objects.filter(locale=demo.en, live=True).exists()
    assert WorkflowPage.objects.filter(page=index).exists()
    published = MaterialPage.objects.live()
    assert sorted(published.values_list("kind", flat=True)) == ["article", "test"]
    waiting = MaterialPage.objects.get(live=False)
    assert waiting.current_workflow_state.status == "in_progress"
    test = published.get(kind="test").test
    assert test.is_open and test.questions.count() == 5
    assert homework_rules.can_take(StudentFactory(verified=True), test)
    html = client.get(index.url).content.decode()
    assert html.count('data-testid="material-card"') == 2
