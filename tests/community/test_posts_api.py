"""/api/video-posts/: anyone lists live posts (by tutor or tag, newest or popular) and reads
one with what it plays; a tutor posts an uploaded video into moderation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import services as courses
from courses.models import CourseMedia, TutorVideoPage
from tests.factories import StudentFactory

from .conftest import make_post, make_tutor

pytestmark = pytest.mark.django_db


def test_visitors_list_posts_newest_or_popular(api_client, tutor, tutor_index):
    old_popular = make_post(tutor, title="Старое популярное", hours_ago=30, likes=40)
    new = make_post(tutor, title="Новое", hours_ago=1)
    other = make_post(make_tutor(tutor_index, title="Другой"), title="Чужое", hours_ago=2)
    newest = api_client.get("/api/video-posts/").json()
    assert [item["id"] for item in newest["results"]] == [new.pk, other.pk, old_popular.pk]
    assert newest["results"][0]["liked"] is False
    popular = api_client.get("/api/video-posts/?sort=popular").json()
    assert popular["results"][0]["id"] == old_popular.pk
    by_tutor = api_client.get(f"/api/video-posts/?tutor={tutor.pk}").json()
    assert {item["id"] for item in by_tutor["results"]} == {new.pk, old_popular.pk}
    assert api_client.get("/api/video-posts/?tutor=abc").status_code == 400
    assert api_client.get("/api/video-posts/?sort=random").status_code == 400


def test_a_tag_narrows_the_list(api_client, tutor):
    tagged = make_post(tutor, title="С тегом")
    tagged.tags.add("алгебра")
    tagged.save()
    make_post(tutor, title="Без тега")
    listed = api_client.get("/api/video-posts/?tag=алгебра").json()
    assert [item["id"] for item in listed["results"]] == [tagged.pk]


def test_the_list_costs_the_same_for_few_and_many(api_client, tutor):
    def queries() -> int:
        api_client.get("/api/video-posts/")  # the site's caches warm
        with CaptureQueriesContext(connection) as captured:
            assert api_client.get("/api/video-posts/").status_code == 200
        return len(captured)

    make_post(tutor)
    few = queries()
    for _ in range(6):
        make_post(tutor)
    assert queries() == few


def test_one_post_with_what_it_plays(api_client, post, learner):
    post.tags.add("дроби")
    post.save()
    answer = api_client.get(f"/api/video-posts/{post.pk}/").json()
    assert answer["title"] == "Дроби за пять минут" and answer["tags"] == ["дроби"]
    assert answer["embed_url"] == "https://www.youtube.com/watch?v=abc"
    assert answer["media_id"] is None and answer["poster_url"] is None
    api_client.force_authenticate(learner)
    api_client.post(f"/api/videos/{post.pk}/like/")
    assert api_client.get(f"/api/video-posts/{post.pk}/").json()["liked"] is True


def test_a_draft_is_not_found(api_client, tutor):
    draft = make_post(tutor)
    TutorVideoPage.objects.filter(pk=draft.pk).update(live=False)
    assert api_client.get(f"/api/video-posts/{draft.pk}/").status_code == 404


def test_a_tutor_posts_an_uploaded_video_into_moderation(api_client, teacher, tutor_index):
    courses.moderation_workflow()
    video = CourseMedia.objects.create(
        title="Разбор", type="video", file="media/a.mp4", duration=5, uploaded_by_user=teacher
    )
    payload = {"title": "Разбор задачи", "tags": ["геометрия"], "video": video.pk}
    api_client.force_authenticate(StudentFactory(verified=True))
    assert api_client.post("/api/video-posts/", payload, format="json").status_code == 403
    api_client.force_authenticate(teacher)
    answer = api_client.post("/api/video-posts/", payload, format="json")
    assert answer.status_code == 201, answer.content
    assert answer.json()["status"] == "in_moderation"
    page = TutorVideoPage.objects.get(pk=answer.json()["id"])
    assert not page.live and page.current_workflow_state.status == "in_progress"
    assert list(page.tags.names()) == ["геометрия"]


def test_a_video_that_is_no_upload_of_yours_is_a_documented_404(api_client, teacher, tutor_index):
    courses.moderation_workflow()
    someone_elses = CourseMedia.objects.create(
        title="Чужое", type="video", file="media/b.mp4", duration=5
    )
    api_client.force_authenticate(teacher)
    for video in (someone_elses.pk, 2**63 - 2):
        payload = {"title": "Разбор", "video": video}
        answer = api_client.post("/api/video-posts/", payload, format="json")
        assert answer.status_code == 404, answer.content
        assert answer.json()["code"] == "video_not_uploaded"
    assert not TutorVideoPage.objects.exists()
    schema = api_client.get("/api/schema/?format=json").json()
    assert "404" in schema["paths"]["/api/video-posts/"]["post"]["responses"]
