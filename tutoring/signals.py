"""Receivers, connected in ``apps.py``."""

from django.db import transaction

from . import tasks


def request_posted(sender, request, **kwargs) -> None:
    """Matching reads many tutors' timetables: a worker does it after the commit."""
    transaction.on_commit(lambda: tasks.notify_matching_tutors.delay(request.pk))
