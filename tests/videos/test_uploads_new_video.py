"""The cabinet's "New video": a tutor's upload becomes a draft TutorVideoPage under their own
tutor page, in moderation."""

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from courses import services as courses
from courses.models import CourseMedia, TutorPage, TutorVideoPage
from tests.factories import StudentFactory, TeacherFactory

from .conftest import Uploader
from .test_uploads_local import local_put

pytestmark = pytest.mark.django_db

URL = "/ru/cabinet/videos/new/"


@pytest.fixture
def workflow(tutor_index):
    return courses.moderation_workflow()


def upload(user, clip) -> CourseMedia:
    client = APIClient()
    client.force_authenticate(user)
    uploader = Uploader(client, local_put(client))
    session = uploader.start("clip.mp4", len(clip)).json()
    uploader.send(session, clip, range(1, session["part_count"] + 1))
    answer = uploader.complete(session["id"])
    assert answer.status_code == 200, answer.content
    return CourseMedia.objects.get(pk=answer.json()["media"]["id"])


def test_the_form_shows_the_uploader(client, teacher, workflow):
    client.force_login(teacher)
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "data-video-uploader" in html and "js/video_upload.js" in html
    assert 'data-start-url="/api/videos/uploads/"' in html


def test_a_tutor_posts_a_video_into_moderation(client, teacher, workflow, small_clip):
    media = upload(teacher, small_clip)
    client.force_login(teacher)
    answer = client.post(
        URL,
        {
            "title": "Как решать квадратные уравнения",
            "description": "Три способа за пять минут.",
            "tags": "алгебра, уравнения, Алгебра",
            "video": media.pk,
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]

    page = TutorVideoPage.objects.get()
    tutor_page = TutorPage.objects.get(user=teacher)
    assert page.get_parent().pk == tutor_page.pk
    assert not page.live and page.owner == teacher
    assert page.description == "Три способа за пять минут."
    assert page.video[0].value["file"] == media
    assert sorted(page.tags.names()) == ["алгебра", "уравнения"]
    state = page.current_workflow_state
    assert state is not None and state.status == "in_progress"
    assert state.workflow == workflow
    moderator = TeacherFactory()
    moderator.groups.add(Group.objects.get(name="Moderators"))
    assert page.current_workflow_task.user_can_access_editor(page, moderator)

    revision = page.get_latest_revision_as_object()
    assert revision.video[0].value["file"] == media


def test_a_video_of_someone_else_cannot_be_posted(client, teacher, workflow, small_clip):
    media = upload(TeacherFactory(verified=True), small_clip)
    client.force_login(teacher)
    answer = client.post(URL, {"title": "Чужое", "video": media.pk})
    assert answer.status_code == 200
    assert "form-errors" in answer.content.decode()
    assert not TutorVideoPage.objects.exists()


def test_the_form_asks_for_the_upload_first(client, teacher, workflow):
    client.force_login(teacher)
    answer = client.post(URL, {"title": "Без видео"})
    assert answer.status_code == 200
    assert answer.context["form"].errors["video"]
    assert not TutorVideoPage.objects.exists()


def test_learners_do_not_get_the_page(client, workflow):
    client.force_login(StudentFactory(verified=True))
    assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302
