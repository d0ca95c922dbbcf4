"""Matching: the order of tutors for a request and its explanation; each of budget,
language, level and free time changes the order; time zones and timetabled lessons count;
the cost does not grow with the number of tutors."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core import sites
from learning.schedule import services as schedule
from tutoring import services

from .conftest import EVENINGS, THU, TUE, make_tutor, next_monday, post


def names(matches):
    return [m.tutor.first_name for m in matches]


@pytest.fixture
def tutors(tutor_index, subjects):
    maths = [subjects["maths"]]
    make_tutor(tutor_index, "Gleb", subjects=maths, price=2500, hours=[(0, 9, 12)])
    make_tutor(
        tutor_index,
        "Anna",
        subjects=maths,
        price=1500,
        levels=["intermediate", "exam"],
        rating=("4.80", 20),
        hours=EVENINGS,
    )
    make_tutor(tutor_index, "Vera", subjects=[subjects["sciences"]], price=1800, hours=EVENINGS)
    make_tutor(tutor_index, "Music", subjects=[subjects["music"]], hours=EVENINGS)
    return tutor_index


def test_the_best_fit_comes_first_and_says_why(tutors, subjects, learner):
    request = post(learner, subjects["maths"])
    with translation.override("en"):
        matches = services.match(request)
    # The music tutor teaches another subject: not a candidate at all.
    assert names(matches) == ["Anna", "Vera", "Gleb"]
    anna, vera, gleb = matches
    assert anna.overlap_minutes == 360  # three hours on Tuesday and on Thursday
    assert anna.explanation == (
        "Free on Tue and Thu evenings, within budget, teaches in Russian, "
        "teaches the level “Intermediate”, rated 4.8 (20 reviews)"
    )
    assert vera.explanation.endswith("no reviews yet, teaches Науки")  # the broader subject
    assert gleb.overlap_minutes == 0
    assert gleb.explanation.startswith("No free time in your windows, above your budget")
    assert anna.score > vera.score > gleb.score


def test_the_explanation_is_translated(tutors, subjects, learner):
    request = post(learner, subjects["maths"])
    with translation.override("ru"):
        anna = services.match(request)[0]
    assert anna.explanation.startswith("Свободен: Вт и Чт вечером, в пределах бюджета")


# Two tutors alike but in one respect; the better one is made second, so an order that
# ignored that respect would put it last (ties go to the earlier account).
DIMENSIONS = {
    "budget": ({"price": 2600}, {"price": 1900}),
    "language": ({"languages": ("en",)}, {"languages": ("ru", "en")}),
    "level": ({"levels": ["advanced"]}, {"levels": ["intermediate"]}),
    "time": ({"hours": [(TUE, 8, 11)]}, {"hours": [(THU, 19, 21)]}),
}


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_each_respect_changes_the_order(tutor_index, subjects, learner, dimension):
    worse, better = DIMENSIONS[dimension]
    base = {"subjects": [subjects["maths"]], "price": 1500, "hours": EVENINGS}
    make_tutor(tutor_index, "Worse", **{**base, **worse})
    make_tutor(tutor_index, "Better", **{**base, **better})
    request = post(learner, subjects["maths"])
    assert names(services.match(request)) == ["Better", "Worse"]


def test_the_request_decides_too(tutor_index, subjects, learner):
    """The same tutors swap places when the learner asks for English or other times."""
    maths = [subjects["maths"]]
    make_tutor(tutor_index, "Russian", subjects=maths, languages=("ru",), hours=[(TUE, 18, 21)])
    make_tutor(tutor_index, "English", subjects=maths, languages=("en",), hours=[(THU, 18, 21)])
    russian_evenings = post(learner, subjects["maths"])
    assert names(services.match(russian_evenings)) == ["Russian", "English"]
    english_thursdays = post(
        learner,
        subjects["maths"],
        language="en",
        windows=[services.WeeklyTime(THU, dt.time(18), dt.time(21))],
    )
    assert names(services.match(english_thursdays)) == ["English", "Russian"]


def test_time_zones_are_converted(tutor_index, subjects, learner):
    """20:00–23:00 in Yekaterinburg (UTC+5, no clock changes) is 18:00–21:00 in Moscow."""
    make_tutor(
        tutor_index,
        "East",
        subjects=[subjects["maths"]],
        hours=[(TUE, 20, 23)],
        zone="Asia/Yekaterinburg",
    )
    request = post(learner, subjects["maths"])
    with translation.override("en"):
        (east,) = services.match(request)
    assert east.overlap_minutes == 180
    assert east.explanation.startswith("Free on Tue evenings")


def test_lessons_on_the_timetable_are_not_free(tutor_index, subjects, learner):
    tutor = make_tutor(tutor_index, "Busy", subjects=[subjects["maths"]], hours=EVENINGS)
    group = schedule.create_group(tutor, "Other learners")
    start = next_monday()
    schedule.create_rule(
        tutor,
        group,
        title="Algebra",
        weekday=TUE,
        week_type="all",
        start_time=dt.time(18),
        end_time=dt.time(19),
        start_date=start,
        end_date=start + dt.timedelta(days=60),
        timezone="Europe/Moscow",
    )
    request = post(learner, subjects["maths"])
    assert services.match(request)[0].overlap_minutes == 360 - 60


def queries_for_matching(request) -> int:
    cache.clear()  # the ratings' site mean is cached: measure both runs cold
    sites.refresh()  # but the site directory warm, as it is but after a change to the sites
    with CaptureQueriesContext(connection) as captured:
        services.match(request)
    return len(captured)


def test_matching_costs_the_same_for_three_tutors_and_for_nine(tutor_index, subjects, learner):
    def add_tutors(n):
        for i in range(n):
            tutor = make_tutor(
                tutor_index,
                f"T{i}",
                subjects=[subjects["maths"]],
                levels=["beginner"],
                rating=("4.50", 3),
                hours=EVENINGS,
            )
            group = schedule.create_group(tutor, "Group")
            schedule.create_rule(
                tutor,
                group,
                title="Lesson",
                weekday=THU,
                week_type="all",
                start_time=dt.time(18),
                end_time=dt.time(19),
                start_date=next_monday() - dt.timedelta(days=300),  # a long history
                end_date=next_monday() + dt.timedelta(days=60),
                timezone="Europe/Moscow",
            )

    request = post(learner, subjects["maths"])
    add_tutors(3)
    small = queries_for_matching(request)
    add_tutors(6)
    assert len(services.match(request)) == 9
    assert queries_for_matching(request) == small
    assert small <= 14
