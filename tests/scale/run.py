"""`make scale-demo`: the production settings as separate processes on this machine, and real
flows that cross them.

    python -m tests.scale.run [--database-url postgres://postgres@127.0.0.1:5432/ustat_scale]

Started here, each its own process with its own log under var/scale/: two gunicorn web
servers behind Debian's nginx (TLS, `X-Forwarded-Proto`), two Celery workers and, for the
last act, one beat; moto's S3 server with django-storages pointed at it; PostgreSQL (a fresh
database, dropped at the end) and Redis (databases 11-13, emptied before and after) are the
machine's. Stripe and Zoom are local stand-ins in this process (tests/payments, tests/zoompool),
the network edge. This process seeds through the ORM with the same settings and checks what
the others did in the database, in Redis, in S3 and in their logs.

The flows, each failing the run (exit 1) with what went wrong:

1. sign in on web server A, continue signed in on B (sessions in Redis and the database);
2. pay for a course through the Stripe stand-in on A; Stripe's signed webhook lands on B;
   the lesson opens on A;
3. the last lesson completed on B: a worker issues the certificate and its PDF lands in S3;
4. fifty "Start lesson" at once, half on A, half on B, ten pool accounts: no account lent
   twice, no meeting made for a refused start;
5. a page rendered by B is served from the shared page cache by A; an editor publishes it on
   A and B serves the new version at once;
6. beat, with two workers listening, sends its due sweeps: each runs exactly once (the pool
   sweep ends each overdue meeting once; every buffered course view becomes one row).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import requests

from ..gunicorn import ROOT, Databases, free_port
from .stack import Celery, Gunicorn, Moto, Nginx

LOGS = ROOT / "var" / "scale"
REDIS = "redis://127.0.0.1:6379"
REDIS_DBS = {"cache": 11, "broker": 12, "results": 13}  # the demo's own: emptied
BUCKET = "ustat-scale"
WEB_WORKERS = 3
POOL = 10
STARTS = 50
SWEEP = "learning.zoompool.tasks.sweep_pool"
FLUSH = "learning.enrollment.tasks.flush_course_views"
PASSWORD = "scale-demo-password-2026"  # noqa: S105 - demo accounts in a throwaway database


def say(message: str, stream=None) -> None:
    stream = stream or sys.stdout
    stream.write(f"[scale] {message}\n")
    stream.flush()


class Failed(AssertionError):
    pass


def check(condition: object, message: str) -> None:
    if not condition:
        raise Failed(message)


def wait_until(predicate: Callable[[], object], what: str, timeout: float = 60) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise Failed(f"timed out after {timeout:g} s waiting for {what}")


# ---------------------------------------------------------------------------------------------
# A browser through nginx


class Browser:
    """A requests session on the proxy's origin; ``on="a"``/``"b"`` pins one web server."""

    def __init__(self, origin: str, certificate: Path, names: dict[str, str]) -> None:
        self.origin = origin
        self.session = requests.Session()
        # Per request: a session's own `verify` loses to REQUESTS_CA_BUNDLE in the environment.
        self.certificate = str(certificate)
        # Django's CSRF check over HTTPS wants a same-origin Referer (browsers send one).
        self.session.headers["Referer"] = origin + "/"
        self.names = names  # upstream address -> "a" / "b"

    def request(self, method: str, path: str, on: str | None = None, **kwargs):
        headers = kwargs.pop("headers", {})
        if on:
            headers["X-Scale-Backend"] = on
        kwargs.setdefault("allow_redirects", False)
        kwargs.setdefault("timeout", 60)
        kwargs["verify"] = self.certificate
        response = self.session.request(method, self.origin + path, headers=headers, **kwargs)
        response.server = self.names.get(response.headers.get("X-Upstream", ""), "?")
        if on:
            check(response.server == on, f"{path} was answered by {response.server}, not {on}")
        return response

    def get(self, path: str, on: str | None = None, **kwargs):
        return self.request("GET", path, on, **kwargs)

    def post(self, path: str, on: str | None = None, **kwargs):
        if "csrftoken" in self.session.cookies:
            kwargs.setdefault("headers", {})["X-CSRFToken"] = self.session.cookies["csrftoken"]
        return self.request("POST", path, on, **kwargs)

    def sign_in(self, email: str, on: str) -> str:
        """The site's sign-in form on one server; returns where it sent the person."""
        page = self.get("/accounts/enter/student/", on)
        check(page.status_code == 200, f"sign-in page: {page.status_code}")
        answer = self.post(
            "/accounts/enter/student/", on, data={"email": email, "password": PASSWORD}
        )
        check(answer.status_code == 302, f"sign-in on {on}: {answer.status_code}")
        check("sessionid" in self.session.cookies, "no session cookie after signing in")
        return answer.headers["Location"]


# ---------------------------------------------------------------------------------------------
# The demo


class Demo:
    def __init__(self, database_url: str, logs: Path) -> None:
        self.logs = logs
        self.databases = Databases(database_url, logs, marker="scale")
        self.processes: list[Gunicorn] = []
        self.timings: list[tuple[str, float]] = []
        self.stripe = None
        self.zoom = None

    # -- infrastructure -------------------------------------------------------------------

    def redis_flush(self) -> None:
        import redis

        for number in REDIS_DBS.values():
            client = redis.Redis.from_url(f"{REDIS}/{number}", socket_connect_timeout=2)
            client.flushdb()
            client.close()

    def environment(self) -> dict[str, str]:
        origin = f"https://127.0.0.1:{self.proxy_port}"
        return {
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": f"{REDIS}/{REDIS_DBS['cache']}",
            "CELERY_BROKER_URL": f"{REDIS}/{REDIS_DBS['broker']}",
            "CELERY_RESULT_BACKEND": f"{REDIS}/{REDIS_DBS['results']}",
            "STATIC_ROOT": str(self.logs / "static"),
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": self.s3.origin,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "ZOOM_API_BASE_URL": self.zoom.api_base,
            "ZOOM_OAUTH_URL": self.zoom.oauth_url,
            # As many requests may wait on Zoom as there are web workers: the stand-in answers
            # at once, and this is about the pool's locks, not Zoom's outages.
            "ZOOMPOOL_ZOOM_CALLS_AT_ONCE": str(2 * WEB_WORKERS),
            "SITE_URL": origin,
            "WAGTAILADMIN_BASE_URL": origin,
            "TRUSTED_PROXY_COUNT": "1",
            "EMAIL_URL": "consolemail://",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }

    def start(self, process: Gunicorn) -> Gunicorn:
        self.processes.append(process)
        process.start(wait=False)
        return process

    def step(self, name: str, action: Callable[[], None]) -> None:
        began = time.monotonic()
        say(f"… {name}")
        action()
        took = time.monotonic() - began
        self.timings.append((name, took))
        say(f"✓ {name} ({took:.1f} s)")

    def set_up(self) -> None:
        import django

        from tests.zoompool.fake_zoom import FakeZoom

        from ..gunicorn import manage

        self.redis_flush()
        self.database_url = self.databases.create("site")
        self.zoom = FakeZoom().__enter__()
        self.s3 = self.start(Moto({}, log=self.logs / "moto.log"))
        self.s3.wait_ready()
        self.proxy_port = free_port()
        os.environ.update(self.environment())
        django.setup()  # this process seeds and checks with the same settings

        # Stripe's stand-in is written against the models (tests/payments/conftest.py).
        from tests.payments.conftest import SECRET_KEY, WEBHOOK_SECRET, FakeStripe

        self.stripe = FakeStripe()
        self.stripe.server.__enter__()
        os.environ.update(
            STRIPE_SECRET_KEY=SECRET_KEY,
            STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
            STRIPE_API_BASE=self.stripe.url,
        )
        full = {**os.environ}
        # Migrations and the static files (whitenoise's manifest) at the same time.
        collect = threading.Thread(
            target=manage, args=(full, "collectstatic", "--no-input", "-v0"), daemon=True
        )
        collect.start()
        manage(full, "migrate", "--no-input", "-v0")
        collect.join()
        check((self.logs / "static" / "staticfiles.json").exists(), "no static manifest")

        import boto3

        self.bucket = boto3.client(
            "s3",
            endpoint_url=self.s3.origin,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            region_name="us-east-1",
        )
        self.bucket.create_bucket(Bucket=BUCKET)

    def serve(self) -> None:
        self.web = {
            name: self.start(Gunicorn({}, log=self.logs / f"web-{name}.log", workers=WEB_WORKERS))
            for name in ("a", "b")
        }
        self.workers = {
            name: self.start(
                Celery(
                    {},
                    log=self.logs / f"worker-{name}.log",
                    arguments=[
                        "worker",
                        "--loglevel=info",
                        "--concurrency=2",
                        f"--hostname={name}@scale",
                        "--without-gossip",
                        "--without-mingle",
                    ],
                )
            )
            for name in ("w1", "w2")
        }
        self.nginx = Nginx(
            self.logs / "nginx", (self.web["a"].port, self.web["b"].port), self.proxy_port
        )
        self.start(self.nginx)
        for process in self.processes:
            process.wait_ready()
        self.names = {f"127.0.0.1:{server.port}": name for name, server in self.web.items()}

    def browser(self) -> Browser:
        return Browser(self.nginx.origin, self.nginx.certificate, self.names)

    def tear_down(self) -> None:
        for process in reversed(self.processes):
            process.stop()
        if self.zoom is not None:
            self.zoom.__exit__(None, None, None)
        if self.stripe is not None:
            self.stripe.server.__exit__(None, None, None)
        from django.conf import settings

        if settings.configured:
            from django.db import connections

            connections.close_all()
        self.databases.drop_all()
        self.redis_flush()

    # -- data -----------------------------------------------------------------------------

    def seed(self) -> None:
        from decimal import Decimal

        from django.utils import timezone
        from wagtail.models import Locale, Page, Site

        from tests.courses.factories import (
            CourseIndexPageFactory,
            CoursePageFactory,
            LessonPageFactory,
        )
        from tests.factories import AdminFactory, HomePageFactory, StudentFactory, TeacherFactory
        from tests.zoompool.conftest import make_account, make_lesson

        Locale.objects.get_or_create(language_code="ru")
        Locale.objects.get_or_create(language_code="en")
        root = Page.get_first_root_node()
        home = HomePageFactory(parent=root, slug="home-scale", title="Устат")
        Site.objects.all().delete()
        Site.objects.create(hostname="127.0.0.1", port=443, root_page=home, is_default_site=True)
        catalog = CourseIndexPageFactory(parent=home)
        self.course = CoursePageFactory(
            parent=catalog, title="Алгебра", price=Decimal("990"), currency="RUB"
        )
        self.lesson = LessonPageFactory(parent=self.course, title="Урок 1")
        self.student = StudentFactory(
            email="student@scale.test",
            password=PASSWORD,
            first_name="Алиса",
            last_name="Маркова",
            verified=True,
        )
        self.admin = AdminFactory(email="admin@scale.test", password=PASSWORD)
        for _ in range(POOL):
            make_account(self.zoom)
        # Teachers sign in with API tokens (no password: one hash each would cost seconds).
        soon = timezone.now() + timedelta(minutes=5)
        self.lessons = [
            make_lesson(TeacherFactory(password=None), start=soon) for _ in range(STARTS)
        ]

    # -- the flows --------------------------------------------------------------------------

    def sign_in_across(self) -> None:
        person = self.browser()
        landing = person.sign_in(self.student.email, on="a")
        page = person.get(landing, on="b")
        check(page.status_code == 200, f"B's {landing}: {page.status_code}")
        check("Алиса" in page.text, f"B does not know who signed in on A: {landing}")
        anonymous = self.browser().get(landing, on="b")
        check(anonymous.status_code == 302, "the cabinet answered without a session")
        self.person = person

    def pay_across(self) -> None:
        from learning.enrollment.models import Enrollment
        from learning.payments.models import Order
        from tests.payments.conftest import WEBHOOK_PATH, make_event, sign

        person = self.person
        lesson_url = self.lesson.get_url()
        gate = person.get(lesson_url, on="a")
        check(self.lesson_marker not in gate.text, "the lesson opened before paying")
        answer = person.post(f"/payments/checkout/{self.course.pk}/", on="a")
        check(answer.status_code == 302, f"checkout: {answer.status_code} {answer.text[:300]}")
        location = answer.headers["Location"]
        session_id = location.rsplit("/", 1)[-1]
        order = Order.objects.filter(checkout_id=session_id).first()
        if order is None:
            said = re.findall(r'<li class="message[^>]*>(.*?)</li>', person.get(location).text)
            raise Failed(f"checkout on A sent the buyer to {location}, not to Stripe: {said}")
        check(order.status == "pending", f"order {order.status} before paying")
        payload = json.dumps(make_event("checkout.session.completed", self.stripe.pay(session_id)))
        hook = self.browser().post(
            WEBHOOK_PATH,
            on="b",
            data=payload.encode(),
            headers={"Stripe-Signature": sign(payload), "Content-Type": "application/json"},
        )
        check(hook.status_code == 200, f"B's webhook: {hook.status_code} {hook.text[:300]}")
        order.refresh_from_db()
        check(order.status == "paid", f"order {order.status} after the webhook on B")
        check(
            Enrollment.objects.filter(user=self.student, course=self.course).exists(),
            "no enrollment after paying",
        )
        lesson = person.get(lesson_url, on="a")
        check(lesson.status_code == 200, f"A's lesson page: {lesson.status_code}")
        check(self.lesson_marker in lesson.text, "A does not open the paid lesson")

    @property
    def lesson_marker(self) -> str:
        return f"/learn/lessons/{self.lesson.pk}/complete/"

    def certificate_on_a_worker(self) -> None:
        from learning.certificates.archive import archive_name
        from learning.certificates.models import Certificate

        done = self.person.post(self.lesson_marker, on="b", headers={"Accept": "application/json"})
        check(done.status_code == 200, f"completing on B: {done.status_code} {done.text[:300]}")
        certificate = wait_until(
            lambda: Certificate.objects.filter(user=self.student).first(), "the certificate", 60
        )
        key = f"private/{archive_name(certificate)}"

        def stored():
            found = self.bucket.list_objects_v2(Bucket=BUCKET, Prefix=key).get("Contents")
            return found

        wait_until(stored, f"s3://{BUCKET}/{key}", 60)
        wait_until(lambda: self.runs("learning.certificates.tasks.issue_certificate"), "the task")
        body = self.bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read()
        check(body.startswith(b"%PDF-"), "the stored certificate is not a PDF")
        ran_on = self.ran("learning.certificates.tasks.issue_certificate")
        check(
            sum(len(ids) for ids in ran_on.values()) == 1,
            f"the certificate task ran {ran_on} (not once)",
        )
        self.certificate_worker = next(name for name, ids in ran_on.items() if ids)
        pdf = self.person.get(certificate.get_pdf_path(), on="a")
        check(pdf.headers.get("Content-Type") == "application/pdf", "A does not serve the PDF")

    def fifty_starts(self) -> None:
        from accounts.tokens import tokens_for
        from learning.schedule.models import LiveLesson
        from learning.zoompool.models import ZoomAccount

        lessons = self.lessons
        tokens = {lesson.pk: tokens_for(lesson.teacher)["access"] for lesson in lessons}
        barrier = threading.Barrier(len(lessons))
        answers: list = [None] * len(lessons)

        def start(index: int, lesson) -> None:
            try:
                barrier.wait(timeout=30)
                answer = self.browser().request(
                    "POST",
                    f"/api/lessons/live/{lesson.pk}/start/",
                    on="ab"[index % 2],
                    headers={"Authorization": f"Bearer {tokens[lesson.pk]}"},
                )
                answers[index] = (lesson.pk, answer.status_code, answer.json(), answer.server)
            except Exception as error:  # noqa: BLE001 - reported below
                answers[index] = error

        threads = [threading.Thread(target=start, args=pair) for pair in enumerate(lessons)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        errors = [a for a in answers if not isinstance(a, tuple)]
        check(not errors, f"starts that got no answer: {errors[:3]}")
        statuses = Counter(status for _pk, status, _body, _server in answers)
        check(set(statuses) <= {200, 429, 503}, f"unexpected answers: {statuses}")
        busy = [a for a in answers if a[1] == 503]
        check(
            all(body.get("code") == "zoom_busy" for _pk, _s, body, _server in busy),
            f"503s other than zoom_busy: {busy[:3]}",
        )
        check(Counter(a[3] for a in answers) == {"a": 25, "b": 25}, "not spread over A and B")
        started = {pk for pk, status, _body, _server in answers if status == 200}
        check(started, "no lesson started")
        holders = list(
            ZoomAccount.objects.filter(is_busy=True).values_list("current_lesson_id", flat=True)
        )
        # The point: an account is never lent twice, and only started lessons hold one.
        check(len(holders) == len(set(holders)), f"an account lent twice: {holders}")
        check(set(holders) == started, f"holders {sorted(holders)} != started {sorted(started)}")
        live = LiveLesson.objects.filter(status="live")
        check(set(live.values_list("pk", flat=True)) == started, "live lessons != started")
        meetings = list(live.values_list("zoom_meeting_id", flat=True))
        check(len(set(meetings)) == len(meetings) == len(started), "meetings shared")
        check(len(self.zoom.calls("create")) == len(started), "Zoom meetings for refused starts")
        self.starts = statuses
        self.started = started

    def page_cache_across(self) -> None:
        course_url = self.course.get_url()
        visitor = self.browser()
        first = visitor.get(course_url, on="b")
        check(first.status_code == 200, f"B's course page: {first.status_code}")
        self.course_visits += 1
        served = visitor.get(course_url, on="a")
        self.course_visits += 1
        check(served.headers.get("X-Page-Cache") == "hit", "A rendered again what B cached")
        check("Алгебра" in served.text, "the cached course page lost its title")

        editor = self.browser()
        editor.sign_in(self.admin.email, on="a")
        course = self.course.specific
        course.title = "Алгебра и начала анализа"
        course.save_revision(user=self.admin)  # a draft: the live page is unchanged
        still = visitor.get(course_url, on="b")
        self.course_visits += 1
        check("Алгебра и начала анализа" not in still.text, "the draft went live")
        publish = f"/admin/bulk/wagtailcore/page/publish/?id={self.course.pk}&next=/admin/"
        form = editor.get(publish, on="a")
        check(form.status_code == 200, f"the admin's publish form on A: {form.status_code}")
        done = editor.post(publish, on="a", data={"include_descendants": ""})
        check(done.status_code == 302, f"publishing on A: {done.status_code} {done.text[:300]}")
        fresh = visitor.get(course_url, on="b")
        self.course_visits += 1
        # A miss, or a hit on what a worker's warm-up rendered after the publish: never the old.
        check("Алгебра и начала анализа" in fresh.text, "B does not show the published title")
        for n in range(6):  # more anonymous visits, to both, for beat's flush to write
            visitor.get(course_url, on="ab"[n % 2])
            self.course_visits += 1

    def beat_once(self) -> None:
        from celery.beat import PersistentScheduler
        from django.utils import timezone

        from learning.enrollment.models import CourseView
        from learning.schedule.models import LiveLesson
        from learning.zoompool.models import ZoomAccount
        from portal.celery import app

        # The started lessons ended 20 minutes ago and Zoom never said so: the pool sweep's
        # work. It is due every five minutes; beat's schedule file says it last ran a day ago
        # (as after a long stop), so beat sends it, and the course-view flush, on its first
        # tick, while both workers listen.
        now = timezone.now()
        LiveLesson.objects.filter(pk__in=self.started).update(
            start=now - timedelta(minutes=80), end=now - timedelta(minutes=20)
        )
        schedule = self.logs / "beat-schedule"
        scheduler = PersistentScheduler(app=app, schedule_filename=str(schedule))
        due = ("zoompool-sweep", "enrollment-flush-course-views")
        for name in due:
            scheduler.schedule[name].last_run_at = app.now() - timedelta(days=1)
        scheduler.sync()
        scheduler.close()
        check(CourseView.objects.count() == 0, "course views written before beat ran")
        beat = self.start(
            Celery(
                {},
                log=self.logs / "beat.log",
                arguments=["beat", "--loglevel=info", f"--schedule={schedule}"],
            )
        )
        beat.wait_ready()
        wait_until(
            lambda: not ZoomAccount.objects.filter(is_busy=True).exists(),
            "the sweep to free the pool",
        )
        wait_until(
            lambda: CourseView.objects.filter(course=self.course).count() >= self.course_visits,
            f"{self.course_visits} course views written",
        )
        time.sleep(2)  # a second sweep or flush, if one were sent, would show by now
        beat.stop()
        sent = Counter(re.findall(r"Sending due task \S+ \(([\w.]+)\)", beat.log.read_text()))
        for task in (SWEEP, FLUSH):
            check(sent[task] >= 1, f"beat never sent {task}: {sent}")
            # Every task beat sent has finished on some worker (the last may still be running).
            wait_until(lambda task=task: self.runs(task) >= sent[task], f"{task} to finish", 30)
            ran = self.ran(task)
            ids = [task_id for per_worker in ran.values() for task_id in per_worker]
            check(len(ids) == len(set(ids)) == sent[task], f"{task}: sent {sent[task]}, ran {ran}")
        check(sent[SWEEP] == 1, f"the sweep was sent {sent}")
        ended = Counter(request["path"] for request in self.zoom.calls("end"))
        check(len(ended) == len(self.started), f"ended {len(ended)} of {len(self.started)}")
        check(set(ended.values()) == {1}, f"a meeting was ended twice: {ended}")
        views = CourseView.objects.filter(course=self.course).count()
        check(views == self.course_visits, f"{views} course views for {self.course_visits} visits")
        self.beat_sent = sent

    def runs(self, task: str) -> int:
        return sum(len(ids) for ids in self.ran(task).values())

    def ran(self, task: str) -> dict[str, list[str]]:
        """The ids of `task` each worker ran to the end, from their logs."""
        pattern = re.compile(rf"Task {re.escape(task)}\[([\w-]+)\] succeeded")
        return {
            name: pattern.findall(worker.log.read_text(errors="replace"))
            for name, worker in self.workers.items()
        }

    # -- the whole run ------------------------------------------------------------------------

    def run(self) -> None:
        self.course_visits = 0
        self.step("PostgreSQL, Redis, S3, migrations, static files", self.set_up)
        self.step("seed", self.seed)
        self.step("two web servers, nginx, two workers", self.serve)
        self.step("sign in on A, continue on B", self.sign_in_across)
        self.step("pay on A, Stripe's webhook on B", self.pay_across)
        self.step("certificate on a worker, its PDF in S3", self.certificate_on_a_worker)
        self.step(f"{STARTS} lesson starts over A and B", self.fifty_starts)
        self.step("page cache shared; a publish on A empties B's", self.page_cache_across)
        self.step("beat sends each sweep once; one worker runs it", self.beat_once)
        say(
            f"starts: {dict(self.starts)}; certificate on {self.certificate_worker}; "
            f"beat sent {dict(self.beat_sent)}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "SCALE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ustat_scale"
        ),
        help="PostgreSQL server and database name prefix (must contain 'scale'; dropped after)",
    )
    args = parser.parse_args(argv)
    shutil.rmtree(LOGS, ignore_errors=True)
    LOGS.mkdir(parents=True)
    (LOGS / "nginx").mkdir()
    demo = Demo(args.database_url, LOGS)
    began = time.monotonic()
    try:
        demo.run()
    except Failed as failure:
        say(f"✗ {failure}\nLogs: {LOGS}", sys.stderr)
        return 1
    except Exception:  # noqa: BLE001 - the traceback is the report
        traceback.print_exc()
        say(f"✗ the demo broke\nLogs: {LOGS}", sys.stderr)
        return 1
    finally:
        demo.tear_down()
    say(f"passed in {time.monotonic() - began:.0f} s; logs: {LOGS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
