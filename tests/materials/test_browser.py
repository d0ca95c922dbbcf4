"""In Chromium: a member writes a self-check test in the cabinet (the form shows the fields
of the chosen kind), moderators publish it, another member finds it in the section and
takes it. axe-core finds nothing serious on the pages at phone and desktop widths."""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect
from wagtail.models import Locale, Page, Site

from materials.models import MaterialIndexPage, MaterialPage

from ..e2e.conftest import page  # noqa: F401 - the Chromium page fixture
from ..e2e.test_course_publishing import sign_in
from ..factories import HomePageFactory, StudentFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
QUIZ = "? Столица Франции?\n* Париж\n- Лион\n\n? Сколько дней в неделе?\n= 7"


@pytest.fixture
def section():
    Locale.objects.get_or_create(language_code="en")
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="home-materials")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    index = MaterialIndexPage(title="Материалы участников", slug="materials", show_in_menus=True)
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def check_page(page, name: str, shots: Path | None) -> None:  # noqa: F811
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        page.reload()
        if AXE.exists():
            result = page.evaluate(
                "async () => { const r = await window.__materialsAxe.run(document, "
                "{runOnly: ['wcag2a', 'wcag2aa']}); return r.violations.filter("
                "v => ['serious', 'critical'].includes(v.impact)).map(v => v.id + ': ' + "
                "v.nodes.map(n => n.target.join(' ')).join(', ')); }"
            )
            assert result == [], f"{name} ({size}): {result}"
        if shots:
            page.screenshot(path=str(shots / f"materials-{name}-{size}.png"), full_page=True)


def test_a_member_shares_a_test_and_another_takes_it(page, live_server, section):  # noqa: F811
    shots = Path(os.environ["SCREENSHOT_DIR"]) if os.environ.get("SCREENSHOT_DIR") else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    if AXE.exists():  # an init script (the CSP refuses inline ones), under its own name
        page.context.add_init_script(
            script=f"{AXE.read_text()}\n;window.__materialsAxe = window.axe;"
        )
    author = StudentFactory(first_name="Вера", last_name="Лукина", verified=True)
    moderator = StudentFactory(verified=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    learner = StudentFactory(verified=True)

    sign_in(page, live_server, author)
    page.goto("/ru/cabinet/materials/")
    check_page(page, "mine-empty", shots)
    page.get_by_test_id("materials-new-article").click()
    expect(page.locator("#id_questions")).to_be_hidden()  # an article: no questions
    page.get_by_label("Тест для самопроверки").check()
    expect(page.locator("#id_questions")).to_be_visible()
    expect(page.get_by_test_id("video-uploader")).to_be_hidden()
    check_page(page, "form", shots)
    page.get_by_label("Тест для самопроверки").check()  # the reloads above reset the form
    page.fill("#id_title", "Проверь себя: география и календарь")
    page.fill("#id_summary", "Два вопроса для разминки.")
    page.fill("#id_questions", "? Без вариантов")
    page.get_by_test_id("material-submit").click()
    expect(page.locator("#id_questions_errors")).to_contain_text("Строка 1")
    page.fill("#id_questions", QUIZ)
    page.get_by_test_id("material-submit").click()
    expect(page.get_by_test_id("material-status")).to_have_text("Ждёт модераторов")
    check_page(page, "mine", shots)

    material = MaterialPage.objects.get()
    material.current_workflow_task_state.approve(user=moderator)

    sign_in(page, live_server, learner)
    page.goto(section.url)
    check_page(page, "section", shots)
    page.get_by_test_id("material-card").click()
    page.wait_for_url(re.compile(r"/materials/"))
    check_page(page, "material", shots)
    page.get_by_test_id("material-take-test").click()
    page.get_by_test_id("start").click()
    page.wait_for_url(re.compile(r"/homework/submissions/\d+/"))
    page.get_by_label("Париж").check()
    number = material.test.questions.get(type="number")
    page.fill(f"[name=q_{number.pk}]", "7")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("submit").click()
    page.wait_for_selector("[data-testid=result]")
    assert page.get_by_test_id("score").inner_text().replace(" ", "") == "2/2"
    assert page.js_errors == [] and page.csp_violations == []
