"""The media archive (manage.py media_backup / media_restore, core.media_archive): from disk
into a bucket on a real S3-compatible server (moto's, on a local port) and back."""

import io
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command

from core import media_archive
from tests import s3
from tests.s3 import CREDENTIALS

BUCKET = "ustat-media"


@pytest.fixture
def bucket(s3_endpoint):
    client = s3.client(s3_endpoint)
    client.create_bucket(Bucket=BUCKET)
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


@pytest.fixture(autouse=True)
def fresh_media(settings, tmp_path):
    """Empty media folders of this test's own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


def on_s3(settings, endpoint):
    """The storages as production has them with AWS_STORAGE_BUCKET_NAME set: one bucket, the
    private files under its private/ prefix."""
    common = {"bucket_name": BUCKET, "endpoint_url": endpoint, **CREDENTIALS}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": common},
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**common, "location": "private", "default_acl": "private"},
        },
    }


def members(archive: bytes) -> dict[str, bytes]:
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}


def test_an_archive_from_disk_restores_into_a_bucket_and_back(
    settings, bucket, s3_endpoint, tmp_path
):
    storages["default"].save("images/cover.png", ContentFile(b"\x89PNG cover"))
    storages["default"].save("videos/hls/1/360p.m3u8", ContentFile(b"#EXTM3U"))
    storages["private"].save("homework/answer.pdf", ContentFile(b"%PDF answer"))
    from_disk = tmp_path / "disk.tar"
    call_command("media_backup", "--output", str(from_disk))
    archived = members(from_disk.read_bytes())
    assert archived["default/images/cover.png"] == b"\x89PNG cover"
    assert archived["private/homework/answer.pdf"] == b"%PDF answer"

    on_s3(settings, s3_endpoint)
    call_command("media_restore", str(from_disk))
    keys = {item["Key"] for item in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert {"images/cover.png", "videos/hls/1/360p.m3u8", "private/homework/answer.pdf"} <= keys

    # Back out of the bucket: the same members, the private prefix once (not under default/).
    out = io.BytesIO()
    media_archive.dump(out)
    assert members(out.getvalue()) == archived

    # A second restore would overwrite: refused unless --replace.
    with pytest.raises(Exception, match="already stored"):
        call_command("media_restore", str(from_disk))
    bucket.put_object(Bucket=BUCKET, Key="images/cover.png", Body=b"changed")
    call_command("media_restore", "--replace", str(from_disk))
    body = bucket.get_object(Bucket=BUCKET, Key="images/cover.png")["Body"].read()
    assert body == b"\x89PNG cover"


@pytest.mark.parametrize("name", ["default/../../etc/passwd", "elsewhere/file.txt", "default/"])
def test_members_outside_the_storages_are_refused(name, tmp_path):
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w") as tar:
        info = tarfile.TarInfo(name)
        info.size = 4
        tar.addfile(info, io.BytesIO(b"evil"))
    archive.seek(0)
    with pytest.raises(media_archive.ArchiveError, match="refused"):
        media_archive.load(archive)
    assert not list(media_archive.files())
