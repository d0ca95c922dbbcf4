"""Documents and videos of paid lessons go only to people who may open the lesson.

Everything goes through the real URLs: Wagtail's /documents/<id>/<name> (with the courses
``before_serve_document`` hook) and /media-library/<id>/<name>. The files live in private
storage, so the /media/ address a web server would serve from MEDIA_ROOT finds nothing;
``media_urls`` mounts exactly such a /media/ route (django.views.static over MEDIA_ROOT, as
`make run` does) in front of the site's own URLs.
"""

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from storages.backends.s3 import S3Storage

from courses.models import CourseDocument, CourseMedia
from learning.enrollment.models import Enrollment

from ..factories import AdminFactory, StudentFactory, TeacherFactory
from .factories import CoursePageFactory, LessonPageFactory, TutorPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.courses.media_urls")]

PDF = b"%PDF-1.4 answers to the paid exercises"
VIDEO = bytes(range(256)) * 40  # 10,240 bytes standing in for an MP4


def lesson_content(document=None, video=None) -> list[dict]:
    blocks = [{"type": "paragraph", "value": "<p>Текст урока только для учеников.</p>"}]
    if document is not None:
        blocks.append({"type": "attachments", "value": {"title": "", "documents": [document.pk]}})
    if video is not None:
        blocks.append(
            {"type": "video", "value": {"embed": "", "file": video.pk, "caption": "Разбор"}}
        )
    return blocks


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def files(catalog):
    """A paid course: a closed lesson with a document and a video, a free lesson with another
    document; plus a document no lesson uses."""
    paid_document = CourseDocument.objects.create(
        title="Ответы", file=ContentFile(PDF, name="answers.pdf")
    )
    free_document = CourseDocument.objects.create(
        title="Памятка", file=ContentFile(b"%PDF-1.4 cheat sheet", name="cheatsheet.pdf")
    )
    loose_document = CourseDocument.objects.create(
        title="Правила", file=ContentFile(b"%PDF-1.4 school rules", name="rules.pdf")
    )
    video = CourseMedia.objects.create(
        title="Разбор задач", type="video", file=ContentFile(VIDEO, name="walkthrough.mp4")
    )
    course = CoursePageFactory(parent=catalog, price=Decimal("990"))
    free_lesson = LessonPageFactory(
        parent=course, is_free=True, content=lesson_content(free_document)
    )
    paid_lesson = LessonPageFactory(parent=course, content=lesson_content(paid_document, video))
    return {
        "course": course,
        "paid_lesson": paid_lesson,
        "free_lesson": free_lesson,
        "paid_document": paid_document,
        "free_document": free_document,
        "loose_document": loose_document,
        "video": video,
    }


def enrolled_learner(course):
    learner = StudentFactory(verified=True)
    Enrollment.objects.create(user=learner, course=course, source=Enrollment.Source.PURCHASE)
    return learner


# --- Who gets a paid lesson's files ---------------------------------------------------------


@pytest.mark.parametrize("item", ["paid_document", "video"])
def test_visitors_are_sent_to_sign_in(client, files, item):
    url = files[item].url
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == [url]


@pytest.mark.parametrize("item", ["paid_document", "video"])
def test_a_learner_not_enrolled_is_refused(client, files, item):
    client.force_login(StudentFactory(verified=True))
    response = client.get(files[item].url)
    assert response.status_code == 403
    page = response.content.decode()
    # The message in Russian once the lead has merged the translations, English until then.
    assert "learners can download this file" in page or "только ученикам курса" in page
    assert PDF not in body(response) and VIDEO not in body(response)


def test_another_courses_teacher_is_refused(client, files):
    client.force_login(TeacherFactory(verified=True))
    assert client.get(files["paid_document"].url).status_code == 403
    assert client.get(files["video"].url).status_code == 403


def test_a_refunded_learner_is_refused(client, files):
    learner = enrolled_learner(files["course"])
    Enrollment.objects.filter(user=learner).update(status=Enrollment.Status.REFUNDED)
    client.force_login(learner)
    assert client.get(files["paid_document"].url).status_code == 403


@pytest.mark.parametrize("who", ["enrolled", "teacher", "staff"])
def test_people_with_access_get_the_files(client, files, who):
    person = {
        "enrolled": lambda: enrolled_learner(files["course"]),
        "teacher": lambda: files["course"].teacher,
        "staff": lambda: AdminFactory(verified=True),
    }[who]()
    client.force_login(person)

    document = client.get(files["paid_document"].url)
    assert document.status_code == 200 and body(document) == PDF
    assert document["Content-Type"] == "application/pdf"

    video = client.get(files["video"].url)
    assert video.status_code == 200 and body(video) == VIDEO
    assert video["Content-Type"] == "video/mp4"
    assert video["Accept-Ranges"] == "bytes"
    assert "private" in video["Cache-Control"]


def test_editors_keep_their_downloads(client, files):
    """An editor (not staff) may change any document in the admin, so may download it."""
    editor = StudentFactory(verified=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get(files["paid_document"].url).status_code == 200


def test_a_tutor_downloads_what_they_uploaded(client, files):
    """A tutor uploads a file before putting it into a lesson of theirs (and previews it)."""
    from courses import services

    tutor = TeacherFactory(verified=True)
    tutor.groups.add(services.tutors_group())
    files["paid_document"].uploaded_by_user = tutor
    files["paid_document"].save()
    client.force_login(tutor)
    assert client.get(files["paid_document"].url).status_code == 200
    assert client.get(files["video"].url).status_code == 403  # not theirs, not their course


# --- What stays public ----------------------------------------------------------------------


def test_a_free_lessons_document_and_an_unused_one_stay_public(client, files):
    for item in ("free_document", "loose_document"):
        response = client.get(files[item].url)
        assert response.status_code == 200, item
        assert body(response).startswith(b"%PDF-1.4")


def test_a_document_also_in_a_free_lesson_is_public(client, files):
    files["free_lesson"].content = lesson_content(files["paid_document"])
    files["free_lesson"].save()
    assert client.get(files["paid_document"].url).status_code == 200


def test_the_rule_follows_the_lesson(client, files):
    """Making the lesson a free preview opens its files; closing it again shuts them."""
    url = files["paid_document"].url
    lesson = files["paid_lesson"]
    lesson.is_free = True
    lesson.save()
    assert client.get(url).status_code == 200
    lesson.is_free = False
    lesson.save()
    assert client.get(url).status_code == 302


def test_tutor_sample_videos_stay_public(client, tutor_index, files):
    from .factories import TutorVideoPageFactory

    sample = CourseMedia.objects.create(
        title="Пробный урок", type="video", file=ContentFile(VIDEO, name="sample.mp4")
    )
    TutorVideoPageFactory(
        parent=TutorPageFactory(parent=tutor_index),
        video=[{"type": "video", "value": {"embed": "", "file": sample.pk, "caption": ""}}],
    )
    response = client.get(sample.url)
    assert response.status_code == 200 and body(response) == VIDEO


# --- The files are not public media ----------------------------------------------------------


@pytest.mark.parametrize("item", ["paid_document", "free_document", "video"])
def test_no_media_address_serves_the_file(client, files, item):
    stored = files[item].file
    assert stored.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert client.get(settings.MEDIA_URL + stored.name).status_code == 404
    # The route is real: a public image-like file under MEDIA_ROOT is served by it.
    from django.core.files.storage import default_storage

    name = default_storage.save("probe/probe.txt", ContentFile(b"public"))
    assert client.get(settings.MEDIA_URL + name).status_code == 200


def test_the_lesson_page_links_through_the_checked_views(client, files):
    learner = enrolled_learner(files["course"])
    client.force_login(learner)
    html = client.get(files["paid_lesson"].url).content.decode()
    assert f'href="{files["paid_document"].url}"' in html
    assert f'<source src="{files["video"].url}" type="video/mp4">' in html
    assert files["video"].url.startswith("/media-library/")
    assert "/media/media/" not in html and "/media/documents/" not in html


def test_the_media_url_must_name_the_file(client, files):
    video = files["video"]
    client.force_login(AdminFactory(verified=True))
    assert client.get(f"/media-library/{video.pk}/other.mp4").status_code == 404
    assert client.get(f"/media-library/{video.pk + 1000}/walkthrough.mp4").status_code == 404


# --- Streaming -------------------------------------------------------------------------------


@pytest.fixture
def learner_client(client, files):
    client.force_login(enrolled_learner(files["course"]))
    return client


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [("bytes=0-99", 0, 99), ("bytes=10000-", 10000, 10239), ("bytes=-40", 10200, 10239)],
)
def test_video_byte_ranges(learner_client, files, header, first, last):
    response = learner_client.get(files["video"].url, HTTP_RANGE=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/{len(VIDEO)}"
    assert response["Content-Length"] == str(last - first + 1)
    assert body(response) == VIDEO[first : last + 1]


def test_a_range_past_the_end_is_416(learner_client, files):
    response = learner_client.get(files["video"].url, HTTP_RANGE=f"bytes={len(VIDEO)}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(VIDEO)}"


def test_an_unreadable_range_sends_the_whole_file(learner_client, files):
    response = learner_client.get(files["video"].url, HTTP_RANGE="bytes=0-1,5-9")
    assert response.status_code == 200 and body(response) == VIDEO


def test_a_closed_video_refuses_ranges_too(client, files):
    client.force_login(StudentFactory(verified=True))
    assert client.get(files["video"].url, HTTP_RANGE="bytes=0-99").status_code == 403


# --- On S3: a signed address that expires -----------------------------------------------------


@pytest.fixture
def on_s3(settings, monkeypatch):
    """The private storage as production configures it on S3 (signing needs no network)."""
    s3 = S3Storage(
        bucket_name="ustat-test",
        location="private",
        default_acl="private",
        querystring_auth=True,
        querystring_expire=600,
        access_key="AKIATEST",
        secret_key="secret",
        region_name="eu-central-1",
    )
    for model in (CourseDocument, CourseMedia):
        monkeypatch.setattr(model._meta.get_field("file"), "storage", s3)
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"
    return s3


def _signed(location: str) -> dict:
    parts = urlsplit(location)
    assert parts.netloc.startswith("ustat-test.s3") and parts.path.startswith("/private/")
    return parse_qs(parts.query)


def test_on_s3_documents_redirect_to_a_short_lived_signed_url(client, files, on_s3):
    url = files["paid_document"].url
    assert client.get(url).status_code == 302  # the visitor still goes to sign-in first
    assert client.get(url)["Location"].startswith("/accounts/login/")
    client.force_login(enrolled_learner(files["course"]))
    signed = _signed(client.get(url)["Location"])
    assert signed["X-Amz-Expires"] == ["600"] and "X-Amz-Signature" in signed


def test_on_s3_videos_redirect_to_a_signed_url_for_one_lesson(client, files, on_s3):
    client.force_login(StudentFactory(verified=True))
    assert client.get(files["video"].url).status_code == 403
    client.force_login(enrolled_learner(files["course"]))
    signed = _signed(client.get(files["video"].url)["Location"])
    assert signed["X-Amz-Expires"] == [str(3 * 60 * 60)] and "X-Amz-Signature" in signed


# --- The editor's side ----------------------------------------------------------------------


def test_uploads_through_the_admin_are_private_and_the_admin_links_download(
    client, catalog, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse
    from wagtail.models import Collection

    from ..videos.conftest import generate

    # The admin's form reads a video by its content (ffprobe): a real, tiny clip.
    clip = generate(tmp_path / "intro.mp4", size="64x64", rate=5, seconds=1, audio=False)

    admin = AdminFactory(verified=True)
    client.force_login(admin)
    root = Collection.get_first_root_node().pk
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Конспект",
            "collection": root,
            "file": SimpleUploadedFile("notes.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(
        reverse("wagtailmedia:add", args=["video"]),
        {
            "title": "Вступление",
            "collection": root,
            "duration": 10,
            "file": SimpleUploadedFile("intro.mp4", clip.read_bytes(), "video/mp4"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document = CourseDocument.objects.get(title="Конспект")
    video = CourseMedia.objects.get(title="Вступление")
    assert document.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert video.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))

    # Put them in a paid lesson: the admin's own pages still link to downloads that work.
    course = CoursePageFactory(parent=catalog, price=Decimal("990"))
    lesson = LessonPageFactory(parent=course, content=lesson_content(document, video))
    for edit, item in (
        (reverse("wagtaildocs:edit", args=[document.pk]), document),
        (reverse("wagtailmedia:edit", args=[video.pk]), video),
    ):
        assert f'href="{item.url}"' in client.get(edit).content.decode()
        assert client.get(item.url).status_code == 200
    # The admin's usage page reads the same reference index the rule reads.
    usage = client.get(reverse("wagtaildocs:document_usage", args=[document.pk]))
    assert lesson.title in usage.content.decode()
    client.logout()
    assert client.get(document.url).status_code == 302
