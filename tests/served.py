"""Settings pieces for a site the tests serve with several gunicorn workers (`make fuzz`,
`make audit`, the journeys): one database and one set of folders that every worker shares."""

from pathlib import Path

import environ


def database(url: str) -> dict:
    """DATABASES for ``url``: a connection per request (the journeys swap the SQLite file
    between tests) and, on SQLite, writers that wait for the lock and take it when their
    transaction begins instead of failing with "database is locked"."""
    config = environ.Env.db_url_config(url)
    config["ATOMIC_REQUESTS"] = False
    config["CONN_MAX_AGE"] = 0
    if config["ENGINE"].endswith("sqlite3"):
        config["OPTIONS"] = {"timeout": 30, "transaction_mode": "IMMEDIATE"}
    return {"default": config}


def storages(folder: Path, staticfiles: str) -> dict:
    """STORAGES with public and private media on local disk under ``folder``."""
    return {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": folder / "private"},
        },
        "staticfiles": {"BACKEND": staticfiles},
    }
