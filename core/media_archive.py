"""Media as one tar archive: every file of the public (``default``) and the private storage,
whatever their backend (a folder on disk, an S3 bucket), for backups (scripts/backup.sh).

Members are named ``<storage alias>/<file name>``; a restore writes each back through the same
storage API, so an archive taken from disk restores into a bucket and back.
"""

from __future__ import annotations

import shutil
import tarfile
import tempfile
import time
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import BinaryIO

from django.core.files import File
from django.core.files.storage import Storage, storages

ALIASES = ("default", "private")


class ArchiveError(Exception):
    """The archive cannot be restored as asked (a bad member name, a file already there)."""


def _walk(storage: Storage, path: str = "") -> Iterator[str]:
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:  # a media folder never written to
        return
    for name in files:
        yield f"{path}/{name}" if path else name
    for directory in directories:
        yield from _walk(storage, f"{path}/{directory}" if path else directory)


def _skipped_prefix(alias: str) -> str | None:
    """On S3 the private storage is a prefix of the public one's bucket: archived once."""
    if alias != "default":
        return None
    public, private = storages["default"], storages["private"]
    bucket = getattr(public, "bucket_name", None)
    if bucket and bucket == getattr(private, "bucket_name", None) and not public.location:
        return private.location.strip("/") + "/"
    return None


def files() -> Iterator[tuple[str, Storage, str]]:
    """(alias, storage, name) of every stored file, in a stable order."""
    for alias in ALIASES:
        storage = storages[alias]
        skipped = _skipped_prefix(alias)
        for name in sorted(_walk(storage)):
            if skipped and name.startswith(skipped):
                continue
            yield alias, storage, name


def dump(out: BinaryIO) -> int:
    """Write every stored file into a tar stream on ``out``; returns how many."""
    count = 0
    # Stream mode: ``out`` may be a pipe (docker compose exec … > media.tar).
    with tarfile.open(fileobj=out, mode="w|") as tar:
        for alias, storage, name in files():
            info = tarfile.TarInfo(f"{alias}/{name}")
            info.size = storage.size(name)
            info.mtime = int(time.time())
            info.mode = 0o644
            with storage.open(name, "rb") as source:
                tar.addfile(info, source)
            count += 1
    return count


def _target(member: tarfile.TarInfo) -> tuple[str, str]:
    alias, _sep, name = member.name.partition("/")
    path = PurePosixPath(name)
    # Never trust names read from a file: no absolute paths, no way out of the storage.
    if alias not in ALIASES or not name or path.is_absolute() or ".." in path.parts:
        raise ArchiveError(f"refused archive member {member.name!r}")
    return alias, name


def load(source: BinaryIO, *, replace: bool = False) -> int:
    """Write every file of the tar stream on ``source`` back into its storage; returns how many.

    A file already stored under the same name is an error unless ``replace``.
    """
    count = 0
    with tarfile.open(fileobj=source, mode="r|") as tar:
        for member in tar:
            if not member.isfile():
                continue
            alias, name = _target(member)
            storage = storages[alias]
            if storage.exists(name):
                if not replace:
                    raise ArchiveError(f"{alias}/{name} is already stored (--replace overwrites)")
                storage.delete(name)
            # A seekable copy: storages rewind what they save, a tar stream cannot.
            with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as copy:
                shutil.copyfileobj(tar.extractfile(member), copy)
                copy.seek(0)
                saved = storage.save(name, File(copy, name=name))
            if saved != name:
                raise ArchiveError(f"{alias}/{name} was stored as {saved}")
            count += 1
    return count
