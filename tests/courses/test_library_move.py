"""The data migration that moves existing documents and videos out of public media.

It is run here on rows of the stock models (wagtaildocs.Document, wagtailmedia.Media) made
the way the site made them before, with the real app registry; what it leaves behind is
then checked through the real URLs.
"""

import uuid
from decimal import Decimal
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from wagtail.documents.models import Document
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, ReferenceIndex
from wagtailmedia.models import Media

from courses.models import CourseDocument, CourseMedia, LessonPage
from learning.enrollment.models import Enrollment

from ..factories import StudentFactory
from .factories import CoursePageFactory, LessonPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.courses.media_urls")]

MIGRATION = import_module("courses.migrations.0003_move_library_files_to_private_storage")
PDF = b"%PDF-1.4 paid answers"
VIDEO = b"\x00\x00\x00\x18ftypmp42" * 100


def run(direction, capture):
    with capture(execute=True):  # the public copies go when the migration commits
        getattr(MIGRATION, direction)(apps, SimpleNamespace(connection=connection))


def used_by(lesson, item, path):
    """The reference-index row Wagtail had written for ``lesson`` using the stock ``item``."""
    ReferenceIndex.objects.create(
        content_type=ContentType.objects.get_for_model(LessonPage),
        base_content_type=ContentType.objects.get(app_label="wagtailcore", model="page"),
        object_id=str(lesson.pk),
        to_content_type=ContentType.objects.get_for_model(type(item)),
        to_object_id=str(item.pk),
        model_path=path,
        content_path=f"{path}.{uuid.uuid4()}",
        content_path_hash=uuid.uuid4(),
    )


@pytest.fixture
def old_library(catalog):
    document = Document.objects.create(title="Ответы", file=ContentFile(PDF, name="old.pdf"))
    document.tags.add("ответы")
    log(instance=document, action="wagtail.create")
    video = Media.objects.create(
        title="Разбор", type="video", file=ContentFile(VIDEO, name="old.mp4")
    )
    course = CoursePageFactory(parent=catalog, price=Decimal("990"))
    lesson = LessonPageFactory(parent=course)
    used_by(lesson, document, "content.attachments.documents")
    used_by(lesson, video, "content.video.file")
    return SimpleNamespace(document=document, video=video, course=course)


def test_files_leave_public_media_and_keep_their_ids(
    client, old_library, django_capture_on_commit_callbacks
):
    document, video = old_library.document, old_library.video
    public = {document.file.name, video.file.name}
    assert all(client.get(settings.MEDIA_URL + name).status_code == 200 for name in public)

    run("forward", django_capture_on_commit_callbacks)

    moved_document = CourseDocument.objects.get(pk=document.pk)
    moved_video = CourseMedia.objects.get(pk=video.pk)
    assert not Document.objects.exists() and not Media.objects.exists()
    assert moved_document.created_at == document.created_at
    assert moved_document.file.read() == PDF and moved_video.file.read() == VIDEO
    assert moved_document.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not any(default_storage.exists(name) for name in public)
    assert all(client.get(settings.MEDIA_URL + name).status_code == 404 for name in public)
    assert list(moved_document.tags.names()) == ["ответы"]
    assert ModelLogEntry.objects.for_instance(moved_document).filter(action="wagtail.create")

    # The lesson still uses them, so the paid lesson's rule holds for the moved files.
    assert client.get(moved_document.url)["Location"].startswith("/accounts/login/")
    assert client.get(moved_video.url)["Location"].startswith("/accounts/login/")
    learner = StudentFactory(verified=True)
    Enrollment.objects.create(
        user=learner, course=old_library.course, source=Enrollment.Source.PURCHASE
    )
    client.force_login(learner)
    assert b"".join(client.get(moved_video.url).streaming_content) == VIDEO

    # A new upload gets a fresh id (the id sequence moved past the copied rows).
    fresh = CourseDocument.objects.create(title="Новый", file=ContentFile(b"x", name="new.txt"))
    assert fresh.pk > document.pk


def test_running_it_again_moves_nothing(old_library, django_capture_on_commit_callbacks):
    run("forward", django_capture_on_commit_callbacks)
    stored = CourseDocument.objects.get().file.name
    run("forward", django_capture_on_commit_callbacks)
    assert CourseDocument.objects.get().file.name == stored
    assert CourseDocument.objects.get().file.read() == PDF
    assert CourseMedia.objects.count() == 1


def test_the_reverse_puts_everything_back(client, old_library, django_capture_on_commit_callbacks):
    run("forward", django_capture_on_commit_callbacks)
    run("backward", django_capture_on_commit_callbacks)
    document = Document.objects.get(pk=old_library.document.pk)
    assert not CourseDocument.objects.exists() and Media.objects.filter(pk=old_library.video.pk)
    assert b"".join(client.get(settings.MEDIA_URL + document.file.name)) == PDF
    assert list(document.tags.names()) == ["ответы"]
