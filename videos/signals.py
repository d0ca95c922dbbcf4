"""A library video saved with a new file is transcoded; the task is enqueued on commit."""

from __future__ import annotations

from django.db import transaction

from . import outputs, services
from .tasks import transcode_media


def media_saved(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):  # fixtures: no jobs for loaded data
        return
    services.start(instance)


def transcode_requested(sender, media_id: int, **kwargs) -> None:
    # After the commit: the worker must see the pending row (and the file it points to).
    transaction.on_commit(lambda: transcode_media.delay(media_id))


def transcode_deleted(sender, instance, **kwargs) -> None:
    # The media item (and so its transcode) is gone: its HLS files go after the commit.
    prefix = instance.prefix
    transaction.on_commit(lambda: outputs.delete_folder(prefix))
