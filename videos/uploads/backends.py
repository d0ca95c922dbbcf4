"""Where the parts of an upload go: one protocol (S3 multipart's), two places.

``local`` (the embedded default): the browser PUTs each part to our own endpoint, which keeps
it in the library's storage under ``uploads/<session>/``; completion puts the parts together
in a temporary file. ``s3``: the browser PUTs each part straight to the bucket with a presigned
``upload_part`` address; S3 keeps the parts and joins them on completion. The browser code is
the same for both: ask a part's address, PUT the bytes, read the ETag.

The bucket must let the site's origin PUT and read the ETag (CORS), e.g.::

    [{"AllowedOrigins": ["https://portal.example"], "AllowedMethods": ["PUT", "GET"],
      "AllowedHeaders": ["*"], "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 3600}]
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from typing import IO

from botocore.exceptions import ClientError
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from storages.backends.s3 import S3Storage

from courses.models import CourseMedia

from ..app_settings import app_settings
from ..errors import UploadClosed, UploadRefused
from ..models import UploadPart, UploadSession

READ_CHUNK = 256 * 1024
S3_MIN_PART_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class StoredPart:
    number: int
    size: int
    etag: str


@dataclass(frozen=True)
class PartTarget:
    """Where and how the browser sends one part."""

    url: str
    method: str = "PUT"
    headers: dict[str, str] = field(default_factory=dict)


def library_storage() -> Storage:
    """The storage of the video library's files (the private storage, unless a test or a
    deployment swapped the field's): uploads end up there, so they are assembled there."""
    return CourseMedia._meta.get_field("file").storage


def backend_name() -> str:
    configured = app_settings.VIDEOS_UPLOAD_BACKEND
    if configured:
        return configured
    return "s3" if isinstance(library_storage(), S3Storage) else "local"


def backend_for(session: UploadSession) -> LocalBackend | S3Backend:
    storage = library_storage()
    if session.backend == UploadSession.Backend.S3:
        return S3Backend(storage)
    return LocalBackend(storage)


class _MovableFile(File):
    """A local file the file-system storage may move into place instead of copying."""

    def temporary_file_path(self) -> str:
        return self.file.name


class LocalBackend:
    min_part_size = 1

    def __init__(self, storage: Storage) -> None:
        self.storage = storage

    def begin(self, session: UploadSession) -> None:
        """Nothing to open: parts are files."""

    def part_target(self, session: UploadSession, number: int) -> PartTarget:
        return PartTarget(url=reverse("api:videos-upload-part", args=[session.pk, number]))

    def store_part(self, session: UploadSession, number: int, body: IO[bytes]) -> StoredPart:
        """Keep exactly the part's expected bytes, or nothing (a short or long body is refused)."""
        expected = session.expected_part_size(number)
        digest = hashlib.md5(usedforsecurity=False)
        received = 0
        with tempfile.SpooledTemporaryFile(max_size=READ_CHUNK * 4) as spool:
            while True:
                chunk = body.read(min(READ_CHUNK, expected + 1 - received))
                if not chunk:
                    break
                received += len(chunk)
                if received > expected:
                    break
                digest.update(chunk)
                spool.write(chunk)
            if received != expected:
                raise UploadRefused(
                    _("Part %(number)d must be %(expected)d bytes long.")
                    % {"number": number, "expected": expected}
                )
            spool.seek(0)
            # The storage picks a free name, so a retried part never overwrites one being read.
            key = self.storage.save(f"uploads/{session.pk}/{number:05d}", File(spool))
        etag = f'"{digest.hexdigest()}"'
        # Under the session's lock: a part sent twice at once, or a cancel meanwhile, leaves
        # one row and no stray file.
        with transaction.atomic():
            status = (
                UploadSession.objects.select_for_update()
                .values_list("status", flat=True)
                .get(pk=session.pk)
            )
            if status != UploadSession.Status.OPEN:
                self.storage.delete(key)
                raise UploadClosed
            previous = UploadPart.objects.filter(session=session, number=number).first()
            UploadPart.objects.update_or_create(
                session=session,
                number=number,
                defaults={"size": received, "etag": etag, "key": key},
            )
        if previous is not None and previous.key != key:
            self.storage.delete(previous.key)
        return StoredPart(number, received, etag)

    def stored_parts(self, session: UploadSession) -> list[StoredPart]:
        return [
            StoredPart(part.number, part.size, part.etag)
            for part in UploadPart.objects.filter(session=session).order_by("number")
        ]

    def assemble(self, session: UploadSession, parts: list[StoredPart]) -> str:
        """The parts, in order, in one local temporary file: its path (what ffprobe reads)."""
        keys = dict(UploadPart.objects.filter(session=session).values_list("number", "key"))
        suffix = os.path.splitext(session.storage_key)[1]
        with tempfile.NamedTemporaryFile(
            suffix=suffix, dir=settings.FILE_UPLOAD_TEMP_DIR, delete=False
        ) as whole:
            for part in parts:
                with self.storage.open(keys[part.number], "rb") as piece:
                    while chunk := piece.read(READ_CHUNK):
                        whole.write(chunk)
        return whole.name

    def keep(self, session: UploadSession, source: str) -> str:
        """Move the checked file into the library; the name it got there."""
        with open(source, "rb") as handle:
            return self.storage.save(session.storage_key, _MovableFile(handle))

    def discard(self, session: UploadSession, source: str) -> None:
        """The assembled file was refused: nothing of it stays."""
        self.cleanup(session, source)

    def cleanup(self, session: UploadSession, source: str | None = None) -> None:
        if source:
            with contextlib.suppress(FileNotFoundError):  # moved into the library
                os.remove(source)
        self.abort(session)

    def abort(self, session: UploadSession) -> None:
        for part in UploadPart.objects.filter(session=session):
            self.storage.delete(part.key)
        UploadPart.objects.filter(session=session).delete()


class S3Backend:
    min_part_size = S3_MIN_PART_BYTES

    def __init__(self, storage: S3Storage) -> None:
        self.storage = storage
        # The storage's own client: its credentials, region and endpoint (MinIO, moto) apply.
        self.client = storage.connection.meta.client
        self.bucket = storage.bucket_name

    def key(self, session: UploadSession) -> str:
        # The bucket key of a storage name (the storage's location prefix, "private/").
        return self.storage._normalize_name(session.storage_key)

    def begin(self, session: UploadSession) -> None:
        answer = self.client.create_multipart_upload(
            Bucket=self.bucket,
            Key=self.key(session),
            ContentType=session.content_type or "application/octet-stream",
        )
        session.s3_upload_id = answer["UploadId"]

    def part_target(self, session: UploadSession, number: int) -> PartTarget:
        url = self.client.generate_presigned_url(
            "upload_part",
            Params={
                "Bucket": self.bucket,
                "Key": self.key(session),
                "UploadId": session.s3_upload_id,
                "PartNumber": number,
            },
            ExpiresIn=app_settings.VIDEOS_UPLOAD_URL_EXPIRY,
            HttpMethod="PUT",
        )
        return PartTarget(url=url)

    def store_part(self, session: UploadSession, number: int, body: IO[bytes]) -> StoredPart:
        raise UploadRefused(_("This upload goes straight to the storage, not through the site."))

    def stored_parts(self, session: UploadSession) -> list[StoredPart]:
        parts: list[StoredPart] = []
        marker = 0
        while True:
            answer = self.client.list_parts(
                Bucket=self.bucket,
                Key=self.key(session),
                UploadId=session.s3_upload_id,
                PartNumberMarker=marker,
                MaxParts=1000,
            )
            parts.extend(
                StoredPart(item["PartNumber"], item["Size"], item["ETag"])
                for item in answer.get("Parts", [])
            )
            if not answer.get("IsTruncated"):
                return parts
            marker = int(answer["NextPartNumberMarker"])

    def assemble(self, session: UploadSession, parts: list[StoredPart]) -> str:
        """S3 joins the parts into the object; a signed address ffprobe can read it at."""
        self.client.complete_multipart_upload(
            Bucket=self.bucket,
            Key=self.key(session),
            UploadId=session.s3_upload_id,
            MultipartUpload={
                "Parts": [{"PartNumber": part.number, "ETag": part.etag} for part in parts]
            },
        )
        return self.client.generate_presigned_url(
            "get_object",
            Params={"Bucket": self.bucket, "Key": self.key(session)},
            ExpiresIn=app_settings.VIDEOS_UPLOAD_URL_EXPIRY,
        )

    def keep(self, session: UploadSession, source: str) -> str:
        return session.storage_key  # already in place

    def discard(self, session: UploadSession, source: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.key(session))

    def cleanup(self, session: UploadSession, source: str | None = None) -> None:
        """Nothing left over once S3 has joined the parts."""

    def abort(self, session: UploadSession) -> None:
        if not session.s3_upload_id:
            return
        try:
            self.client.abort_multipart_upload(
                Bucket=self.bucket, Key=self.key(session), UploadId=session.s3_upload_id
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") != "NoSuchUpload":
                raise
