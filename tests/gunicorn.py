"""The site under gunicorn on 127.0.0.1, for the runners that measure or attack a real server
(`make bench`, `make fuzz`, `make audit`) and the browser journeys; and their databases.

    server = Gunicorn({"DJANGO_SETTINGS_MODULE": "tests.audit.settings", …}, log=Path(…))
    server.start()          # waits until /healthz answers 200
    … server.origin …
    server.stop()

gunicorn runs in its own session, so a Ctrl-C reaches the runner, which then stops it by its
own process id.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """`gunicorn portal.wsgi:application` on a free port of 127.0.0.1.

    env is added to this process' environment (a None value removes a variable); stdout,
    stderr and gunicorn's error log go to `log`; options are added to gunicorn's command.
    """

    def __init__(
        self,
        env: dict[str, str | None],
        log: Path,
        options: Sequence[str] = (),
        port: int | None = None,
        workers: int = 2,
    ) -> None:
        self.env = {k: v for k, v in {**os.environ, **env}.items() if v is not None}
        self.log = log
        self.options = [
            f"--workers={workers}",
            "--timeout=120",
            "--log-level=warning",
            *options,
        ]
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        return [
            str(BIN / "gunicorn"),
            "portal.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            *self.options,
            f"--error-logfile={self.log}",
        ]

    def start(self, wait: bool = True) -> None:
        command = self.command()
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env,
                start_new_session=True,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        if wait:
            self.wait_ready()

    def wait_ready(self, timeout: float = 60) -> None:
        """Until /healthz answers 200; SystemExit with the log's tail if it never does."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                name = Path(self.command()[0]).name
                raise SystemExit(f"{name} exited with {self.process.returncode}:\n{self.tail()}")
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"{self.origin}/healthz", timeout=5) as answer,  # noqa: S310
            ):
                if answer.status == 200:
                    return
            time.sleep(0.3)
        name = Path(self.command()[0]).name
        raise SystemExit(f"{name} did not answer /healthz within {timeout:g} s:\n{self.tail()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # SIGTERM to the master: it stops its workers
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


class Databases:
    """A seeded database and copies of it: PostgreSQL databases or SQLite files in `folder`.

    url names a PostgreSQL server and a database name prefix (which must contain `marker`,
    because every database made here is dropped); None: SQLite files.
    """

    def __init__(self, url: str | None, folder: Path, marker: str) -> None:
        self.folder = folder
        self.postgres = bool(url) and url.startswith(("postgres://", "postgresql://"))
        if url and not self.postgres:
            raise SystemExit(f"Only PostgreSQL or the default SQLite: {url}")
        if self.postgres:
            parts = urlsplit(url)
            self.base = parts
            name = parts.path.lstrip("/") or f"ustat_{marker}"
            if marker not in name:
                raise SystemExit(
                    f"The database name must contain {marker!r} (it is dropped): {name}"
                )
            self.prefix = f"{name}_{os.getpid()}"
        self.made: list[str] = []

    def url(self, label: str) -> str:
        if self.postgres:
            return urlunsplit(self.base._replace(path=f"/{self.prefix}_{label}"))
        return f"sqlite:///{self.folder / f'{label}.sqlite3'}"

    def _admin(self, *statements: str) -> None:
        import psycopg

        admin = urlunsplit(self.base._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)

    def create(self, label: str, template: str | None = None) -> str:
        if self.postgres:
            name = f"{self.prefix}_{label}"
            source = f' TEMPLATE "{self.prefix}_{template}"' if template else ""
            self._admin(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"{source}')
        elif template:
            self.copy(template, label)
        self.made.append(label)
        return self.url(label)

    def copy(self, source: str, label: str) -> None:
        """SQLite: put a copy of `source` in place of `label` in one step (a server that opens
        a connection per request sees either the old file or the whole new one)."""
        partial = self.folder / f"{label}.sqlite3.partial"
        shutil.copyfile(self.folder / f"{source}.sqlite3", partial)
        os.replace(partial, self.folder / f"{label}.sqlite3")

    def drop(self, label: str) -> None:
        if self.postgres:
            with contextlib.suppress(Exception):
                self._admin(f'DROP DATABASE IF EXISTS "{self.prefix}_{label}" WITH (FORCE)')
        else:
            (self.folder / f"{label}.sqlite3").unlink(missing_ok=True)

    def drop_all(self) -> None:
        for label in reversed(self.made):
            self.drop(label)


def manage(env: dict[str, str], *args: str, quiet: bool = True) -> None:
    """`manage.py <args>` in a subprocess with env as its whole environment."""
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


class Daphne(Gunicorn):
    """`daphne portal.asgi:application`: the site with its WebSocket side (one process)."""

    def command(self) -> list[str]:
        return [
            str(BIN / "daphne"),
            "-b",
            "127.0.0.1",
            "-p",
            str(self.port),
            # Access log (1): the sockets' connects and disconnects, for a journey's report.
            "-v",
            "1",
            "portal.asgi:application",
        ]
