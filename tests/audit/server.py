"""The demo site on a production-settings server: seeded once, served by gunicorn.

    site = DemoSite(folder)     # SQLite files in folder, or DemoSite(folder, "postgres://…audit")
    site.seed()                 # migrate, load_demo_data --force, collectstatic
                                # (site.prepare(reuse=True): or the seed kept in folder)
    site.start()                # gunicorn with tests.audit.settings on a free port (asgi=True:
                                # daphne, so the pages' messages socket connects)
    … site.origin …
    site.reset()                # back to the freshly seeded demo (what a test changed is gone)
    site.close()                # stop gunicorn, drop the databases

`make audit` (tests/audit/run.py) and the browser journeys (tests/e2e/journeys) use it.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

from tests.gunicorn import Daphne, Databases, Gunicorn, free_port, manage


class DemoSite:
    def __init__(
        self,
        folder: Path,
        database_url: str | None = None,
        workers: int = 2,
        *,
        asgi: bool = False,
    ) -> None:
        self.folder = folder
        self.databases = Databases(database_url, folder, marker="audit")
        self.workers = workers
        # daphne (pages and the messages socket, one process) instead of gunicorn's workers
        self.asgi = asgi
        self.secret = secrets.token_urlsafe(40)
        self.channels = secrets.token_hex(6)
        self.port = free_port()
        self.server: Gunicorn | None = None
        self.seconds: dict[str, float] = {}

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self, database_url: str) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.audit.settings",
            "AUDIT_DATABASE_URL": database_url,
            "AUDIT_DIR": str(self.folder),
            "AUDIT_SECRET_KEY": self.secret,
            "AUDIT_ORIGIN": self.origin,
            "PYTHONUNBUFFERED": "1",
            # The socket's channel layer on a Redis database of its own, under this site's own
            # prefix: no other site's events (tests/audit/settings.py).
            "CHANNELS_REDIS_URL": "redis://127.0.0.1:6379/13",
            "AUDIT_CHANNELS_PREFIX": f"audit-{self.channels}",
        }

    def seed(self) -> None:
        begin = time.monotonic()
        env = self.env(self.databases.create("seed"))
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "load_demo_data", "--force")
        self.seconds["demo"] = time.monotonic() - begin
        begin = time.monotonic()
        manage(env, "collectstatic", "--no-input", "-v0")
        self.seconds["static"] = time.monotonic() - begin
        self.databases.create("site", template="seed")

    def seeded(self) -> bool:
        """A seed this folder kept from an earlier run (SQLite only)."""
        return not self.databases.postgres and all(
            (self.folder / name).exists() for name in ("seed.sqlite3", "static/staticfiles.json")
        )

    def prepare(self, reuse: bool = False) -> None:
        """Seed, or with reuse take the seed an earlier run left in the folder if there is one."""
        if reuse and self.seeded():
            self.databases.create("site", template="seed")
        else:
            self.seed()

    def start(self) -> None:
        env = self.env(self.databases.url("site"))
        if self.asgi:
            self.server = Daphne(env, self.folder / "daphne.log", port=self.port)
        else:
            self.server = Gunicorn(
                env, self.folder / "gunicorn.log", port=self.port, workers=self.workers
            )
        self.server.start()

    def stop(self) -> None:
        if self.server:
            self.server.stop()

    def reset(self) -> None:
        """The freshly seeded demo again. SQLite: the file is swapped under the running server
        (it opens a connection per request); PostgreSQL: a new copy and a restarted server."""
        if self.databases.postgres:
            self.stop()
            self.databases.create("site", template="seed")
            self.start()
        else:
            self.databases.copy("seed", "site")

    def close(self) -> None:
        self.stop()
        self.databases.drop_all()
