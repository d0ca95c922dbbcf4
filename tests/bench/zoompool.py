"""The Zoom pool under load: allocations per second with 20 clients at once, on PostgreSQL.

    .venv/bin/python -m tests.bench.zoompool [--clients 20] [--accounts 10] [--seconds 10]
        [--zoom-ms 20] [--hold-ms 5] [--database-url postgres://…]

Builds a fresh PostgreSQL database (BENCH_ZOOM_DATABASE_URL; else BENCH_DATABASE_URL's
server with "_zoom" added to the database's name; by default
postgres://postgres@127.0.0.1:5432/ustat_bench_zoom. Its name must contain "bench": it is
dropped first and afterwards), migrates it, and adds ``--accounts`` pool accounts and enough
lessons. Zoom is a local stand-in server (tests/zoompool/fake_zoom.py) answering after
``--zoom-ms`` milliseconds, like a remote API would; each meeting then runs ``--hold-ms``.

``--clients`` threads, each with its own database connection, then loop for ``--seconds``:
start a fresh lesson through the real ``services.start_lesson`` (lock, reserve with SKIP
LOCKED, commit, call Zoom, record) and, when it got an account, end it at once
(``services.release``, as Zoom's meeting.ended webhook does) so the pool keeps turning over.
With more clients than accounts some starts find the pool empty (PoolExhausted, the API's
429): those are counted, not errors.

Double allocations are checked by the benchmark itself, two ways: while it runs, a ledger of
which lesson holds which account (an account handed to a second lesson before the first
gave it back is a double allocation), and at the end the database (every account free, no
lesson left live, one Zoom meeting per successful start). Any double allocation or error
fails the run (exit status 1).
"""

import argparse
import os
import statistics
import sys
import threading
import time
from datetime import timedelta

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ustat_bench_zoom"


def database_url() -> str:
    """BENCH_ZOOM_DATABASE_URL, else BENCH_DATABASE_URL's server with a database of its own
    (the name + "_zoom"): `make bench` passes the site bench's URL, whose database this one
    must never drop."""
    if url := os.environ.get("BENCH_ZOOM_DATABASE_URL"):
        return url
    if url := os.environ.get("BENCH_DATABASE_URL"):
        base, name = url.rsplit("/", 1)
        return url if "zoom" in name else f"{base}/{name}_zoom"
    return DEFAULT_URL


def say(message: str) -> None:
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def _database(url: str, *, drop_only: bool = False) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    if "bench" not in name:
        raise SystemExit(
            f"Refusing to drop {name!r}: the bench database's name must contain 'bench'."
        )
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import logging

    import django

    django.setup()
    logging.disable(logging.WARNING)  # refused starts and Zoom's answers are expected here


def build(accounts: int, lessons: int, zoom) -> list:
    from django.utils import timezone

    from accounts.models import User
    from learning.schedule.models import Group, LiveLesson
    from learning.zoompool.models import ZoomAccount

    for n in range(accounts):
        account = ZoomAccount.objects.create(
            label=f"Аккаунт {n + 1}",
            account_id=f"bench-acct-{n}",
            client_id=f"bench-client-{n}",
            client_secret=f"bench-secret-{n}",
            webhook_secret_token=f"bench-webhook-{n}",
            zoom_user_id=f"host{n}@school.example",
        )
        zoom.add_app(account.client_id, account.client_secret, account.account_id)
    teacher = User.objects.create_user(email="bench-teacher@example.com", role="teacher")
    group = Group.objects.create(name="Бенчмарк", teacher=teacher)
    now = timezone.now()
    LiveLesson.objects.bulk_create(
        LiveLesson(
            group=group,
            teacher=teacher,
            title=f"Урок {n + 1}",
            start=now - timedelta(minutes=5),
            end=now + timedelta(hours=2),
        )
        for n in range(lessons)
    )
    return list(LiveLesson.objects.select_related("teacher").order_by("pk"))


class Ledger:
    """Which lesson holds which account, as the clients see it; catches double allocations."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.holding: dict[int, int] = {}  # account id -> lesson id
        self.doubles: list[tuple[int, int, int]] = []

    def take(self, account_id: int, lesson_id: int) -> None:
        with self.lock:
            if account_id in self.holding:
                self.doubles.append((account_id, self.holding[account_id], lesson_id))
            self.holding[account_id] = lesson_id

    def give_back(self, account_id: int, lesson_id: int) -> None:
        with self.lock:
            if self.holding.get(account_id) == lesson_id:
                del self.holding[account_id]


def run(clients: int, seconds: float, lessons: list, hold: float = 0.0) -> dict:
    from django.db import connections

    from learning.zoompool import services
    from learning.zoompool.models import ZoomAccount

    queue = iter(lessons)
    queue_lock = threading.Lock()
    ledger = Ledger()
    started_ms: list[float] = []
    refused = [0]
    errors: list[str] = []
    count_lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)
    stop = [0.0]

    def client() -> None:
        try:
            barrier.wait()
            while time.perf_counter() < stop[0]:
                with queue_lock:
                    lesson = next(queue, None)
                if lesson is None:
                    errors.append("ran out of lessons: raise the number built")
                    return
                began = time.perf_counter()
                try:
                    started = services.start_lesson(lesson.teacher, lesson)
                except services.PoolExhausted:
                    with count_lock:
                        refused[0] += 1
                    continue
                except services.LessonStarting:
                    # One click per lesson here: only another lesson taking this one's
                    # reserved account could make the service say so.
                    ledger.doubles.append((0, lesson.pk, 0))
                    continue
                took = (time.perf_counter() - began) * 1000
                holder = (
                    ZoomAccount.objects.filter(current_lesson=started)
                    .values_list("pk", flat=True)
                    .first()
                )
                if holder is None:  # the account it was given went to another lesson
                    ledger.doubles.append((0, started.pk, 0))
                    continue
                ledger.take(holder, started.pk)
                if hold:
                    time.sleep(hold)  # the meeting runs a moment
                ledger.give_back(holder, started.pk)  # before the database frees it
                services.release(started)
                with count_lock:
                    started_ms.append(took)
        except Exception as error:  # noqa: BLE001 - every error fails the run below
            errors.append(f"{error.__class__.__name__}: {error}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    stop[0] = time.perf_counter() + seconds
    began = time.perf_counter()
    barrier.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return {
        "elapsed": elapsed,
        "started_ms": started_ms,
        "refused": refused[0],
        "errors": errors,
        "doubles": ledger.doubles,
    }


def check_database(successes: int, zoom) -> list[str]:
    """After the run: nothing held, nothing live, one Zoom meeting per successful start."""
    from django.db.models import Count

    from learning.schedule.models import LiveLesson
    from learning.zoompool.models import ZoomAccount

    problems = []
    if ZoomAccount.objects.filter(is_busy=True).exists():
        problems.append("accounts still busy after every lesson ended")
    if LiveLesson.objects.filter(status="live").exists():
        problems.append("lessons still live after every lesson ended")
    shared = (
        LiveLesson.objects.exclude(zoom_meeting_id="")
        .values("zoom_meeting_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    if shared.exists():
        problems.append(f"{shared.count()} Zoom meetings recorded on two lessons")
    meetings = len(zoom.calls("create"))
    if meetings != successes:
        problems.append(f"{meetings} Zoom meetings for {successes} successful starts")
    ended = LiveLesson.objects.filter(status="ended").count()
    if ended != successes:
        problems.append(f"{ended} lessons ended for {successes} successful starts")
    return problems


def _pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(p * len(ordered)) - 1)] if ordered else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--accounts", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--zoom-ms", type=float, default=20.0, help="Zoom's answer time")
    parser.add_argument(
        "--hold-ms", type=float, default=5.0, help="how long each meeting runs before it ends"
    )
    parser.add_argument("--lessons", type=int, default=20_000, help="lessons built beforehand")
    parser.add_argument("--database-url", default=database_url())
    args = parser.parse_args(argv)

    from tests.zoompool.fake_zoom import FakeZoom

    _database(args.database_url)
    try:
        _setup(args.database_url)
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connections

        say(f"Migrating {args.database_url.rsplit('/', 1)[1]} …")
        call_command("migrate", verbosity=0, interactive=False)
        with FakeZoom(delay=args.zoom_ms / 1000) as zoom:
            settings.ZOOM_API_BASE_URL = zoom.api_base
            settings.ZOOM_OAUTH_URL = zoom.oauth_url
            # A place to wait on Zoom for every client: this measures the pool's allocation,
            # not the cap that keeps web workers free while Zoom hangs (breaker.py).
            settings.ZOOMPOOL_ZOOM_CALLS_AT_ONCE = args.clients
            lessons = build(args.accounts, args.lessons, zoom)
            say(
                f"Pool of {args.accounts} accounts, {args.clients} clients, {args.seconds:g} s, "
                f"Zoom answering in {args.zoom_ms:g} ms …"
            )
            result = run(args.clients, args.seconds, lessons, args.hold_ms / 1000)
            successes = len(result["started_ms"])
            problems = check_database(successes, zoom)
        connections.close_all()
    finally:
        _database(args.database_url, drop_only=True)

    elapsed = result["elapsed"]
    samples = result["started_ms"]
    say(
        f"Zoom pool: {successes / elapsed:.1f} allocations/s "
        f"({successes} in {elapsed:.1f} s; {result['refused']} refused while the pool was "
        f"empty); start p50 {statistics.median(samples) if samples else float('nan'):.1f} ms, "
        f"p95 {_pct(samples, 0.95):.1f} ms; double allocations: {len(result['doubles'])}"
    )
    failed = False
    if result["doubles"]:
        failed = True
        for account, first, second in result["doubles"][:10]:
            if account:
                say(f"DOUBLE ALLOCATION: account {account} held by lessons {first} and {second}")
            else:
                say(f"DOUBLE ALLOCATION: lesson {first}'s account went to another lesson")
    for problem in problems:
        failed = True
        say(f"FAILED CHECK: {problem}")
    for error in result["errors"][:10]:
        failed = True
        say(f"ERROR: {error}")
    if not successes:
        failed = True
        say("FAILED CHECK: no lesson was started")
    if failed:
        say("Zoom pool benchmark FAILED")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
