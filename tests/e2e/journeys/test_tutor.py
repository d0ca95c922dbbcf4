"""Tutors: the demo's tutor1 (who has the group) goes through the cabinet, the timetable and its
"new lesson" dialog, the groups, a group and a live lesson; tutor2 (who teaches the course with
the demo's homework) grades a learner's work from the review queue and opens their teaching
dashboard."""

import pytest

from .conftest import PASSWORD
from .journey import Journey, StepFailed, calendar_with_lessons
from .test_learner import FREE_COURSE, enrol, take_homework

pytestmark = [pytest.mark.e2e, pytest.mark.journeys, pytest.mark.xdist_group("journeys")]

GROUP_TUTOR = "tutor1@ustat.test"
COURSE_TUTOR = "tutor2@ustat.test"  # teaches python-basics, whose lesson has the homework


def hand_in_homework(journey_factory, site) -> None:
    """Another learner (student2) hands in the demo's homework, so the tutor has work to grade."""
    learner: Journey = journey_factory("setup", site)
    learner.sign_in("student2@ustat.test", PASSWORD, "student")
    enrol(learner, f"/ru/courses/{FREE_COURSE}/", record=False)
    take_homework(learner, learner.first_link(r"/ru/homework/\d+/", "the homework"), record=False)
    learner.page.context.close()


def test_tutor(journey_factory, fresh_site, lang):
    hand_in_homework(journey_factory, fresh_site)
    j = journey_factory("tutor", fresh_site)
    j.sign_in(GROUP_TUTOR, PASSWORD, "teacher")
    j.visit("desk")
    with j.step("the timetable and its new-lesson dialog"):
        j.visit("calendar", calendar_with_lessons(j, lang), ready=".fc-event")
        j.page.get_by_test_id("new-lesson").click()
        j.page.locator("dialog[open]").wait_for()
        j.visit("calendar-new-lesson")
        j.page.keyboard.press("Escape")
    with j.step("a group and one of its lessons"):
        j.visit("groups", f"/{lang}/schedule/groups/")
        j.visit("group", j.first_link(rf"/{lang}/schedule/groups/\d+/", "a group"))
        lessons = j.links(rf"/{lang}/schedule/lessons/[^/]+/")
        if not lessons:
            raise StepFailed("no lesson on the group's page")
        j.visit("live-lesson", lessons[0])
    with j.step("the course's tutor grades the homework from the review queue"):
        j.page.context.clear_cookies()
        j.sign_in(COURSE_TUTOR, PASSWORD, "teacher")
        j.visit("review-queue", f"/{lang}/homework/review/")
        grading = j.first_link(rf"/{lang}/homework/submissions/\d+/grade/(\?.*)?", "grading")
        j.visit("grade", grading)
        dashboard = f"/{lang}/dashboard/teaching/"
        j.visit("teaching-dashboard", dashboard, ready='[data-testid="figures"]')
    j.check()
