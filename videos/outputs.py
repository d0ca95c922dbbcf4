"""Where a transcode's files live: a folder of the private storage per run.

Everything goes through Django's storage API, so the same code writes to disk and to S3.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage
from django.db.models.fields.files import FieldFile

from portal.storages import private_storage

from .app_settings import app_settings


def storage() -> Storage:
    return private_storage()


def signs_urls(store: Storage) -> bool:
    """True for S3 with signed addresses: files are handed out as links that expire."""
    return bool(getattr(store, "querystring_auth", False))


def folder_for(media_id: int, token: str) -> str:
    return f"hls/{media_id}/{token}/"


def save_folder(folder: Path, prefix: str) -> None:
    store = storage()
    for path in sorted(folder.iterdir()):
        if not path.is_file():
            continue
        with path.open("rb") as handle:
            saved = store.save(prefix + path.name, File(handle, name=path.name))
        if saved != prefix + path.name:  # the folder is new per run: a clash is a bug
            raise OSError(f"{prefix}{path.name} was stored as {saved}")


def delete_folder(prefix: str) -> None:
    """Remove a run's files (a folder of plain files, as ``save_folder`` writes)."""
    if not prefix:
        return
    store = storage()
    try:
        _dirs, files = store.listdir(prefix)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        store.delete(prefix + name)
    with contextlib.suppress(OSError, NotImplementedError):
        Path(store.path(prefix)).rmdir()  # an empty folder on disk; S3 has none


@contextlib.contextmanager
def readable(file: FieldFile, workdir: Path) -> Iterator[str]:
    """What ffmpeg can read for a stored file: its path on disk, a signed address on S3
    (ffmpeg reads it over HTTPS without a copy), or else a copy in ``workdir``."""
    store = file.storage
    try:
        path = store.path(file.name)
    except NotImplementedError:
        path = None
    if path is not None:
        if not Path(path).exists():
            raise FileNotFoundError(file.name)
        yield path
        return
    if signs_urls(store):
        yield store.url(file.name, expire=app_settings.VIDEOS_TRANSCODE_TIMEOUT_SECONDS)
        return
    copy = workdir / "source"
    with store.open(file.name, "rb") as source, copy.open("wb") as target:
        shutil.copyfileobj(source, target, 1024 * 1024)
    yield str(copy)
