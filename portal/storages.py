"""Storages chosen by name in settings.STORAGES, for model fields.

A callable (not the storage itself) keeps migrations free of settings and lets tests and
deployments swap the backend.
"""

from django.core.files.storage import Storage, storages


def private_storage() -> Storage:
    """Files only their owners and teachers may read: answers handed in, lesson recordings."""
    return storages["private"]
