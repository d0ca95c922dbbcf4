"""The tutor list's "level taught" filter (courses.levels_taught, answered by the levels tutors
list here): on the tutors page, with its counts, and in /api/tutors/."""

import pytest

from .conftest import make_tutor

pytestmark = pytest.mark.django_db


@pytest.fixture
def tutors(tutor_index, subjects):
    maths = [subjects["maths"]]
    return {
        "exam": make_tutor(tutor_index, "Экзаменатор", subjects=maths, levels=["exam"]),
        "beginners": make_tutor(tutor_index, "Начинающим", subjects=maths, levels=["beginner"]),
        "anyone": make_tutor(tutor_index, "Всем", subjects=maths),  # lists none: every level
    }


def names(client, url) -> set[str]:
    return {row["title"] for row in client.get(url).json()["results"]}


def test_the_api_filters_by_level_taught(client, tutors):
    assert names(client, "/api/tutors/?level=exam") == {"Экзаменатор", "Всем"}
    assert names(client, "/api/tutors/?level=beginner") == {"Начинающим", "Всем"}
    assert len(names(client, "/api/tutors/")) == 3
    assert client.get("/api/tutors/?level=wizard").status_code == 400


def test_the_tutors_page_offers_levels_with_their_counts(client, tutors, tutor_index):
    html = client.get(tutor_index.url).content.decode()
    assert "Уровень учеников" in html
    filtered = client.get(tutor_index.url + "?level=exam").content.decode()
    assert "Экзаменатор" in filtered and "Всем" in filtered and "Начинающим" not in filtered
