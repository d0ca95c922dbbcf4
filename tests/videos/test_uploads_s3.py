"""The S3 backend against a real S3-compatible server (moto's, on a local port): boto3's
multipart upload, the browser's PUTs to presigned part addresses (plain HTTP, as fetch sends
them), list_parts for resuming, ffprobe reading the joined object through a presigned GET."""

import pytest
import requests

from courses.models import CourseMedia
from tests import s3
from tests.s3 import CREDENTIALS
from videos.models import UploadSession

from .conftest import Uploader

pytestmark = pytest.mark.django_db

BUCKET = "ustat-private"


@pytest.fixture
def s3_library(s3_endpoint, monkeypatch):
    """The video library's field stores on the bucket, as with AWS_STORAGE_BUCKET_NAME set."""
    from storages.backends.s3 import S3Storage

    client = s3.client(s3_endpoint)
    client.create_bucket(Bucket=BUCKET)
    storage = S3Storage(
        bucket_name=BUCKET,
        endpoint_url=s3_endpoint,
        location="private",
        default_acl="private",
        querystring_auth=True,
        **CREDENTIALS,
    )
    monkeypatch.setattr(CourseMedia._meta.get_field("file"), "storage", storage)
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    for upload in client.list_multipart_uploads(Bucket=BUCKET).get("Uploads", []):
        client.abort_multipart_upload(Bucket=BUCKET, Key=upload["Key"], UploadId=upload["UploadId"])
    client.delete_bucket(Bucket=BUCKET)


def browser_put(url, chunk):
    answer = requests.put(url, data=chunk, timeout=30)
    return answer.status_code, answer.headers.get("ETag")


@pytest.fixture
def uploader(api_client, teacher, s3_library):
    api_client.force_authenticate(teacher)
    return Uploader(api_client, browser_put)


def test_a_resumed_multipart_upload_to_s3_becomes_a_library_video(
    uploader, s3_library, s3_endpoint, big_clip
):
    session = uploader.start("noise.mp4", len(big_clip), content_type="video/mp4").json()
    assert session["backend"] == "s3"
    assert session["part_size"] == 8 * 1024 * 1024  # the default, over S3's 5 MB minimum
    assert session["part_count"] == 1

    # With 5 MB parts the clip takes two: the first is sent, then the page is reloaded.
    UploadSession.objects.filter(pk=session["id"]).update(part_size=5 * 1024 * 1024)
    session = uploader.client.get(f"/api/videos/uploads/{session['id']}/").json()
    assert session["part_count"] == 2
    target = uploader.client.get(f"/api/videos/uploads/{session['id']}/parts/1/url/").json()
    assert target["url"].startswith(s3_endpoint) and "Signature=" in target["url"]
    uploader.send(session, big_clip, [1])

    held = uploader.parts(session["id"])  # list_parts: what S3 holds
    assert [(part["number"], part["size"]) for part in held] == [(1, 5 * 1024 * 1024)]
    early = uploader.complete(session["id"])
    assert early.status_code == 409 and early.json()["code"] == "upload_incomplete"
    uploader.send(session, big_clip, [2])

    done = uploader.complete(session["id"])
    assert done.status_code == 200, done.content
    media = CourseMedia.objects.get(pk=done.json()["media"]["id"])
    assert (media.width, media.height) == (320, 240)
    assert media.duration == pytest.approx(3, abs=0.2)
    stored = s3_library.get_object(Bucket=BUCKET, Key=f"private/{media.file.name}")
    assert stored["Body"].read() == big_clip
    assert not s3_library.list_multipart_uploads(Bucket=BUCKET).get("Uploads")


def test_a_disguised_text_file_is_deleted_from_the_bucket(uploader, s3_library):
    text = b"not a video at all\n" * 100
    session = uploader.start("lesson.mp4", len(text)).json()
    uploader.send(session, text, [1])
    refused = uploader.complete(session["id"])
    assert refused.status_code == 400 and refused.json()["code"] == "not_a_video"
    assert not CourseMedia.objects.exists()
    assert not s3_library.list_objects_v2(Bucket=BUCKET).get("Contents")
    assert UploadSession.objects.get(pk=session["id"]).status == "failed"


def test_more_bytes_than_declared_abort_the_upload(uploader, s3_library):
    session = uploader.start("clip.mp4", 100).json()
    # The browser (or anyone with the address) PUTs a larger part than the session allows.
    uploader.send({**session, "part_size": 1000}, b"x" * 1000, [1])
    refused = uploader.complete(session["id"])
    assert refused.status_code == 400 and refused.json()["code"] == "upload_too_large"
    assert not s3_library.list_multipart_uploads(Bucket=BUCKET).get("Uploads")
    assert not s3_library.list_objects_v2(Bucket=BUCKET).get("Contents")


def test_abort_ends_the_multipart_upload(uploader, s3_library):
    session = uploader.start("clip.mp4", 100).json()
    assert s3_library.list_multipart_uploads(Bucket=BUCKET).get("Uploads")
    assert uploader.client.delete(f"/api/videos/uploads/{session['id']}/").status_code == 204
    assert not s3_library.list_multipart_uploads(Bucket=BUCKET).get("Uploads")
