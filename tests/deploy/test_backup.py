"""scripts/backup.sh → scripts/restore.sh into a fresh PostgreSQL database and fresh media
folders: every table has as many rows as before, every media file the same bytes."""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.db import connection

from tests.conftest import skip_or_fail
from tests.factories import StudentFactory

ROOT = Path(settings.BASE_DIR)
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def database_url(name: str) -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "postgres") + (f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def row_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {
            table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            for table in tables
        }


def media_files(*roots: Path) -> dict[str, bytes]:
    return {
        f"{i}/{path.relative_to(root)}": path.read_bytes()
        for i, root in enumerate(roots)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def run(script: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", f"scripts/{script}", *args],
        cwd=ROOT,
        env={
            **os.environ,
            "PYTHON": sys.executable,
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.fixture
def fresh_database():
    if connection.vendor != "postgresql":
        skip_or_fail("backup and restore run pg_dump and pg_restore (set DATABASE_URL)")
    if not shutil.which("pg_dump") or not shutil.which("pg_restore"):
        skip_or_fail("pg_dump and pg_restore are needed (Debian's postgresql-client)")
    name = f"ustat_restore_{uuid.uuid4().hex[:12]}"
    admin = database_url("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_restores_every_row_and_media_file_into_a_fresh_database(fresh_database, tmp_path):
    # Rows of the project's own beside the migrations' (page tree, groups, permissions).
    StudentFactory.create_batch(3)
    default_storage.save("images/cover.png", ContentFile(b"\x89PNG public picture"))
    storages["private"].save("homework/answer.pdf", ContentFile(b"%PDF private answer"))
    source = database_url(connection.settings_dict["NAME"])
    media = {"MEDIA_ROOT": settings.MEDIA_ROOT, "PRIVATE_MEDIA_ROOT": settings.PRIVATE_MEDIA_ROOT}

    backup = tmp_path / "backup"
    done = run("backup.sh", str(backup), env={"DATABASE_URL": source, **media})
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in backup.iterdir()) == ["SHA256SUMS", "db.dump", "media.tar"]

    target = database_url(fresh_database)
    restored_media = {
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
    }
    done = run("restore.sh", str(backup), env={"DATABASE_URL": target, **restored_media})
    assert done.returncode == 0, done.stderr

    before, after = row_counts(source), row_counts(target)
    assert after == before
    assert before["accounts_user"] >= 3 and sum(before.values()) > 1000
    assert media_files(Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)) == (
        media_files(tmp_path / "media", tmp_path / "private")
    )
    assert b"%PDF private answer" in media_files(tmp_path / "private").values()

    # Restoring over data is refused unless asked for; with --force it replaces it.
    again = run("restore.sh", str(backup), env={"DATABASE_URL": target, **restored_media})
    assert again.returncode == 1 and "--force" in again.stderr
    forced = run(
        "restore.sh", "--force", str(backup), env={"DATABASE_URL": target, **restored_media}
    )
    assert forced.returncode == 0, forced.stderr
    assert row_counts(target) == before

    # A damaged backup is refused before anything is written.
    with (backup / "db.dump").open("ab") as dump:
        dump.write(b"tampered")
    damaged = run(
        "restore.sh", "--force", str(backup), env={"DATABASE_URL": target, **restored_media}
    )
    assert damaged.returncode != 0 and "FAILED" in damaged.stderr + damaged.stdout
