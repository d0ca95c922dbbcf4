"""The page editor's video chooser uploads through the chunked uploader and chooses the video."""

import pytest

from courses.models import CourseMedia
from tests.e2e.conftest import page  # noqa: F401 - the Playwright page fixture
from tests.e2e.test_course_publishing import sign_in

from ..courses.factories import TutorPageFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_editors_video_chooser_uploads_in_parts_and_chooses_the_video(
    page,  # noqa: F811
    live_server,
    admin_user,
    teacher,
    tutor_index,
    small_clip,
    settings,
    tmp_path,
):
    settings.VIDEOS_UPLOAD_PART_BYTES = 2048
    tutor_page = TutorPageFactory(parent=tutor_index, user=teacher, owner=teacher)
    clip = tmp_path / "intro.mp4"
    clip.write_bytes(small_clip)
    puts = []
    page.on(
        "requestfinished",
        lambda request: puts.append(request.url) if request.method == "PUT" else None,
    )

    sign_in(page, live_server, admin_user)
    page.goto(f"/admin/pages/add/courses/tutorvideopage/{tutor_page.pk}/")
    page.locator(".c-sf-add-button").first.click()  # the video block
    page.locator(".media-chooser .chooser__choose-button").first.click()
    page.locator("#tab-label-upload-video").click()
    page.set_input_files("#tab-upload-video [data-video-file]", str(clip))
    # Uploaded, then chosen: the block's chooser shows the new video.
    page.locator(".media-chooser .chooser__title").filter(has_text="intro").wait_for()
    media = CourseMedia.objects.get()
    assert media.file.read() == small_clip
    assert len(puts) == -(-len(small_clip) // 2048)
    assert not page.js_errors and not page.csp_violations
