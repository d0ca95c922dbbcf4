"""`make fuzz`: schemathesis over the whole OpenAPI schema, against a live server, per role.

    .venv/bin/python -m tests.fuzz.run [--database-url URL] [--max-examples N] [--roles …]

1. Seeds one database with the demo content (`migrate`, `load_demo_data --force`): PostgreSQL
   when --database-url (or FUZZ_DATABASE_URL) names one, its name containing "fuzz" because
   the runner drops it; otherwise an SQLite file in a temporary folder.
2. For each role (anonymous, student, teacher, admin) copies that database (PostgreSQL:
   ``CREATE DATABASE … TEMPLATE``; SQLite: a file copy), so what one role deletes or
   changes never shapes the next role's run, and serves it with gunicorn on a free port
   (tests/fuzz/settings.py).
   The demo's Zoom pool accounts point at a local Zoom stand-in (tests/zoompool/fake_zoom.py)
   instead of nowhere, so starting a lesson works as it would with Zoom up.
3. Signs the role's demo account in through the API (POST /api/auth/token/) and runs
   ``st run`` over /api/schema/ with every check (server errors, status codes, content types,
   response schemas and headers, negative and positive data, auth, stateful links) and every
   phase, sending ``Authorization: Bearer <access>``. Anonymous sends nothing.
4. Stops the server, drops the copy, prints each role's result and time; exits non-zero when
   any role found a failure or ran past --role-timeout.

Reports (JUnit XML, NDJSON) and the server logs go to --report-dir (var/fuzz by default).
CI (.ci/run) calls it on PostgreSQL with few examples per operation so all four roles finish
within minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import yaml

from tests.gunicorn import BIN, ROOT, Databases, Gunicorn, manage
from tests.zoompool.fake_zoom import FakeZoom

PASSWORD = "ustat-demo-2026"  # the demo accounts' public password (demo/data/people.yaml)
ROLES = {
    "anonymous": None,
    "student": "student1@ustat.test",
    "teacher": "tutor1@ustat.test",
    "admin": "admin@ustat.test",
}


def say(message: str) -> None:
    sys.stdout.write(f"[fuzz] {message}\n")
    sys.stdout.flush()


# --- The server ------------------------------------------------------------------------------


def django_env(database_url: str, folder: Path, secret: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.fuzz.settings",
        "FUZZ_DATABASE_URL": database_url,
        "FUZZ_DIR": str(folder),
        "FUZZ_SECRET_KEY": secret,
        "PYTHONUNBUFFERED": "1",
    }


def point_pool_at(zoom: FakeZoom, env: dict[str, str]) -> None:
    """The demo pool's accounts (demo/data/zoompool.yaml) as apps of the stand-in, and the
    seeded accounts sending their requests there."""
    demo = yaml.safe_load((ROOT / "demo" / "data" / "zoompool.yaml").read_text())
    for account in demo["accounts"]:
        zoom.add_app(account["client_id"], demo["client_secret"], account["account_id"])
    code = (
        "from learning.zoompool.models import ZoomAccount; "
        f"ZoomAccount.objects.update(endpoint_override={zoom.url!r})"
    )
    manage(env, "shell", "-c", code)


class Server(Gunicorn):
    """gunicorn with the fuzz settings (tests/gunicorn.py), and what the runner asks of it."""

    def __init__(self, env: dict[str, str], log: Path, workers: int) -> None:
        # No request-line limit: long generated query strings reach the API (whose answers
        # are under test) instead of gunicorn's own 414 page.
        super().__init__(env, log, ["--limit-request-line=0"], workers=workers)

    def schema(self, path: Path) -> Path:
        """The schema, fetched once (building it takes a while on a busy machine)."""
        url = f"{self.origin}/api/schema/?format=json"
        with urllib.request.urlopen(url, timeout=120) as answer:  # noqa: S310
            path.write_bytes(answer.read())
        return path

    def token(self, email: str) -> str:
        body = json.dumps({"email": email, "password": PASSWORD}).encode()
        request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1 only)
            f"{self.origin}/api/auth/token/",
            data=body,
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
            return json.load(answer)["access"]


# --- One role's run --------------------------------------------------------------------------


@dataclass
class Result:
    role: str
    seconds: float
    code: int | None  # st's exit code; None when it ran past the time bound
    summary: str


def schemathesis(server: Server, role: str, token: str | None, args, reports: Path) -> Result:
    schema = server.schema(reports / f"schema-{role}.json")
    command = [
        str(BIN / "st"),
        f"--config-file={Path(__file__).with_name('schemathesis.toml')}",
        "run",
        str(schema),
        f"--url={server.origin}",
        "--checks=all",
        f"--phases={args.phases}",
        f"--max-examples={args.max_examples}",
        f"--seed={args.seed}",
        f"--workers={args.st_workers}",
        "--request-timeout=60",
        "--generation-database=none",
        "--no-color",
        # These end the fuzzer's own credentials (every token of the person stops working), so
        # each later request would be a 401; tests/accounts covers them through the endpoint.
        "--exclude-path-regex=^/api/auth/(logout/everywhere|password/change)/$",
        "--report=junit,ndjson",
        f"--report-dir={reports}",
        f"--report-junit-path={reports / f'{role}.xml'}",
        f"--report-ndjson-path={reports / f'{role}.ndjson'}",
    ]
    if token:
        command.append(f"--header=Authorization: Bearer {token}")
    output = reports / f"{role}.txt"
    # The saved command is for re-running by hand; the token (a live credential for the run's
    # few minutes, still nobody's business in a CI artefact) is left out of it.
    shown = [part.replace(token, "$TOKEN") if token else part for part in command]
    (reports / f"{role}.command").write_text(shlex.join(shown) + "\n")
    begin = time.monotonic()
    with output.open("w") as out:
        # In the reports folder: st keeps its own files (.schemathesis/) where it runs.
        process = subprocess.Popen(command, cwd=reports, stdout=out, stderr=subprocess.STDOUT)
        try:
            code = process.wait(timeout=args.role_timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            code = None
            out.write(f"\nStopped: ran past --role-timeout ({args.role_timeout:.0f} s).\n")
    seconds = time.monotonic() - begin
    lines = output.read_text().splitlines()
    summary = next((line.strip("= ") for line in reversed(lines) if " in " in line), "")
    if code is None:
        last = lines[-2] if len(lines) > 1 else ""
        summary = f"stopped past {args.role_timeout:.0f} s; last line: {last}"
    return Result(role, seconds, code, summary or f"see {output}")


def run_role(role: str, databases: Databases, args, folder: Path, reports: Path, secret: str):
    url = databases.create(role, template="seed")
    server = Server(
        django_env(url, folder, secret), reports / f"gunicorn-{role}.log", args.server_workers
    )
    try:
        server.start()
        token = server.token(ROLES[role]) if ROLES[role] else None
        say(f"{role}: fuzzing {server.origin} …")
        return schemathesis(server, role, token, args, reports)
    finally:
        server.stop()
        databases.drop(role)


# --- Main ------------------------------------------------------------------------------------


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("FUZZ_DATABASE_URL"),
        help="PostgreSQL server and database name prefix (must contain 'fuzz'); default SQLite",
    )
    parser.add_argument("--roles", default=",".join(ROLES), help="comma-separated, in order")
    parser.add_argument("--max-examples", type=int, default=50, help="test cases per operation")
    parser.add_argument("--phases", default="examples,coverage,fuzzing,stateful")
    parser.add_argument("--seed", type=int, default=2026, help="schemathesis' random seed")
    parser.add_argument("--st-workers", type=int, default=2, help="schemathesis' workers")
    parser.add_argument("--server-workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--role-timeout", type=float, default=3600, help="seconds before a role's run fails"
    )
    parser.add_argument("--report-dir", type=Path, default=ROOT / "var" / "fuzz")
    args = parser.parse_args(argv)
    unknown = set(args.roles.split(",")) - set(ROLES)
    if unknown:
        parser.error(f"unknown roles: {', '.join(sorted(unknown))}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    reports = args.report_dir.resolve()
    shutil.rmtree(reports, ignore_errors=True)
    reports.mkdir(parents=True)
    folder = Path(tempfile.mkdtemp(prefix="ustat-fuzz-"))
    databases = Databases(args.database_url, folder, marker="fuzz")
    secret = secrets.token_urlsafe(40)
    results: list[Result] = []
    begin = time.monotonic()
    try:
        with FakeZoom() as zoom:
            say(f"Seeding the demo site into {databases.url('seed').split('@')[-1]} …")
            env = django_env(databases.create("seed"), folder, secret)
            manage(env, "migrate", "--no-input", "-v0")
            manage(env, "load_demo_data", "--force")
            point_pool_at(zoom, env)
            say(f"Seeded in {time.monotonic() - begin:.0f} s.")
            for role in args.roles.split(","):
                results.append(run_role(role, databases, args, folder, reports, secret))
                last = results[-1]
                verdict = {None: "timed out", 0: "clean"}.get(last.code, "FAILED")
                say(f"{role}: {verdict} in {last.seconds:.0f} s — {last.summary}")
    except KeyboardInterrupt:
        say("Interrupted.")
        return 130
    finally:
        databases.drop_all()
        shutil.rmtree(folder, ignore_errors=True)
    total = time.monotonic() - begin
    failed = [r.role for r in results if r.code != 0]
    say(f"Total {total:.0f} s. Reports and server logs: {reports}")
    if failed:
        say(f"Failures for: {', '.join(failed)} (see {reports}/<role>.txt)")
        return 1
    say("No failures for any role.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
