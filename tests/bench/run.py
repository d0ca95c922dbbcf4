"""`make bench`: seed PostgreSQL, serve the site with gunicorn, measure it, record the figures.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/ustat_bench \\
        .venv/bin/python -m tests.bench.run [--seconds 10] [--concurrency 8] [--keep] [--reuse]

1. Seeds a fresh database (tests/bench/seed.py: the demo site plus 1,000 courses × 10 lessons,
   500 reviews of one of them, the search index, fresh planner statistics), or with --reuse
   takes the one a previous `--keep` run left.
2. Counts the SQL queries of each page (Django's test client, in this process).
3. Starts gunicorn on 127.0.0.1 (free ports) with tests.bench.settings: the production
   settings plus a bare view answering "ok". Two servers, run side by side: "rendered" with
   the anonymous page cache off (PAGE_CACHE_SECONDS=0: every request renders the page, as
   after each publish or for a filter combination nobody asked for yet) and "page cache"
   with it on as deployed (repeat requests for one URL are served from Redis).
4. For each server and target (the bare view, the catalog, the catalog with filters, a
   course page, a course page with 500 reviews, a search) it warms up, then sends requests
   from --concurrency threads, each with its own connection, kept alive whenever the server
   allows it (gunicorn's default sync workers close it after every response, so those
   threads connect again). The
   --seconds per target are split into --rounds slices taken in turn, so load from other
   processes on the machine falls on every target alike. Every latency is kept; any answer
   but 200 is an error and fails the run.
5. Prints requests per second, p50 and p95 latency, each against the bare view of the same
   server in the same run, the server's CPU time per request and the CPU other processes
   took meanwhile, and writes them to docs/benchmarks.md (between its "bench:results"
   markers).
6. Stops gunicorn and drops the database (unless --keep), also on Ctrl-C or a failure.

The load generator is pure Python (threads and sockets) so it runs after `make setup` alone;
it shares the machine with the server, so its own CPU use is reported next to the figures.
"""

import argparse
import contextlib
import math
import os
import platform
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

from tests.gunicorn import Gunicorn

from . import seed
from .seed import say

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench:results -->", "<!-- /bench:results -->"
CPUS = os.cpu_count() or 1
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


# --- A small HTTP/1.1 client ----------------------------------------------------------------


class Connection:
    """One client connection: GET, read the whole answer, keep the socket if allowed."""

    def __init__(self, host: str, port: int) -> None:
        self.address = (host, port)
        self.sock: socket.socket | None = None
        self.buffer = b""

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        self.sock, self.buffer = None, b""

    def get(self, request: bytes) -> tuple[int, dict[str, str], bytes]:
        """(status, headers, body). A kept-alive socket the server closed is retried once."""
        reused = self.sock is not None
        try:
            return self._exchange(request)
        except ConnectionError:
            self.close()
            if not reused:
                raise
            return self._exchange(request)

    def _exchange(self, request: bytes) -> tuple[int, dict[str, str], bytes]:
        if self.sock is None:
            self.sock = socket.create_connection(self.address, timeout=60)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.sendall(request)
        head = self._read_until(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        version, status = lines[0].split(" ", 2)[:2]
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = self._read_exactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            body = self._read_chunked()
        else:
            body = self._read_to_end()
        connection = headers.get("connection", "").lower()
        if connection == "close" or (version == "HTTP/1.0" and connection != "keep-alive"):
            self.close()
        return int(status), headers, body

    def _receive(self) -> None:
        data = self.sock.recv(65536)
        if not data:
            raise ConnectionError("the server closed the connection")
        self.buffer += data

    def _read_until(self, marker: bytes) -> bytes:
        while (end := self.buffer.find(marker)) < 0:
            self._receive()
        data, self.buffer = self.buffer[:end], self.buffer[end + len(marker) :]
        return data

    def _read_exactly(self, size: int) -> bytes:
        while len(self.buffer) < size:
            self._receive()
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data

    def _read_chunked(self) -> bytes:
        chunks = []
        while size := int(self._read_until(b"\r\n").split(b";")[0], 16):
            chunks.append(self._read_exactly(size))
            self._read_until(b"\r\n")
        self._read_until(b"\r\n")  # no trailers expected
        return b"".join(chunks)

    def _read_to_end(self) -> bytes:
        with contextlib.suppress(ConnectionError):
            while True:
                self._receive()
        data = self.buffer
        self.close()
        return data


def build_request(path: str, port: int, cookie: str = "") -> bytes:
    # What a client of each asks for: a browser HTML, an API client JSON (with text/html
    # first, DRF answered its browsable page, not what the API's clients get).
    accept = "application/json" if path.startswith("/api/") else "text/html,*/*"
    return (
        f"GET {path} HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{port}\r\n"
        + (f"Cookie: {cookie}\r\n" if cookie else "")
        + "User-Agent: ustat-bench\r\n"
        f"Accept: {accept}\r\n"
        "Accept-Language: ru\r\n"
        "Accept-Encoding: identity\r\n"
        "Connection: keep-alive\r\n\r\n"
    ).encode()


# --- CPU accounting (Linux /proc; the columns read "?" elsewhere) ---------------------------


def _machine_ticks() -> tuple[int, int] | None:
    """(busy, all) clock ticks of the whole machine since boot."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values) - idle, sum(values)


def _process_ticks(pid: int) -> int:
    """User + system clock ticks of one process (0 once it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def _children(pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    children.append(int(entry.name))
    return children


@dataclass
class CPUSample:
    machine: tuple[int, int] | None
    server: int
    client: float

    @classmethod
    def take(cls, server_pids: list[int]) -> "CPUSample":
        return cls(
            _machine_ticks(), sum(_process_ticks(p) for p in server_pids), time.process_time()
        )


# --- Load ----------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    path: str
    cookie: str = ""  # a session's, for the signed-in targets
    seconds: float = 0.0  # measuring windows, summed
    in_window: int = 0  # answers (or errors) that came back within those windows
    wall: float = 0.0  # the windows plus the wait for the last answers: CPU is sampled over it
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""
    cache_hits: int = 0
    body_bytes: int = 0
    server_cpu: float = 0.0  # CPU seconds of gunicorn's master and workers
    client_cpu: float = 0.0  # CPU seconds of this process (the load generator)
    other_cpu: float | None = 0.0  # CPU seconds of everything else (PostgreSQL, Redis, …)
    queries: int | None = None

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.errors

    @property
    def rps(self) -> float:
        return self.in_window / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        """Nearest-rank percentile of the successful requests, in milliseconds."""
        if not self.latencies:
            return math.nan
        ordered = sorted(self.latencies)
        rank = min(len(ordered), max(1, math.ceil(p / 100 * len(ordered))))
        return ordered[rank - 1] * 1000

    def add_cpu(self, before: CPUSample, after: CPUSample, wall: float) -> None:
        self.wall += wall
        server = (after.server - before.server) / TICKS
        client = after.client - before.client
        self.server_cpu += server
        self.client_cpu += client
        if before.machine and after.machine and self.other_cpu is not None:
            busy = (after.machine[0] - before.machine[0]) / TICKS
            self.other_cpu += max(0.0, busy - server - client)
        else:
            self.other_cpu = None


def load(
    result: Result, port: int, seconds: float, concurrency: int, server_pids: list[int]
) -> None:
    """GET result.path from `concurrency` threads for `seconds`, adding to result.

    Threads send no new request after the window; the answers still on their way then are
    kept as latencies but not counted in the throughput, as the window has ended.
    """
    request = build_request(result.path, port, result.cookie)
    lock = threading.Lock()
    ready = threading.Barrier(concurrency + 1)
    deadline = [0.0]

    def worker() -> None:
        connection = Connection("127.0.0.1", port)
        latencies, errors, first_error, size, hits, in_window = [], 0, "", 0, 0, 0
        ready.wait()
        while (started := time.perf_counter()) < deadline[0]:
            try:
                status, headers, body = connection.get(request)
            except (OSError, ValueError) as error:
                connection.close()
                errors += 1
                first_error = first_error or f"{type(error).__name__}: {error}"
                continue
            ended = time.perf_counter()
            in_window += ended <= deadline[0]
            if status == 200:
                latencies.append(ended - started)
                size = len(body)
                hits += headers.get("x-page-cache") == "hit"
            else:
                errors += 1
                first_error = first_error or f"HTTP {status}: {body[:300]!r}"
        connection.close()
        with lock:
            result.latencies.extend(latencies)
            result.errors += errors
            result.first_error = result.first_error or first_error
            result.body_bytes = result.body_bytes or size
            result.cache_hits += hits
            result.in_window += in_window

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    before = CPUSample.take(server_pids)
    begin = time.perf_counter()
    deadline[0] = begin + seconds
    ready.wait()
    for thread in threads:
        thread.join()
    result.seconds += seconds
    result.add_cpu(before, CPUSample.take(server_pids), time.perf_counter() - begin)


# --- gunicorn ------------------------------------------------------------------------------


class Server(Gunicorn):
    """gunicorn serving portal.wsgi with the bench settings (tests/gunicorn.py); `pids` are its
    master's and workers' process ids once it answers, for the CPU accounting."""

    def __init__(self, mode: str, args: argparse.Namespace, log: Path, env: dict) -> None:
        super().__init__(
            {**env, "DJANGO_SETTINGS_MODULE": "tests.bench.settings"},
            log,
            [f"--worker-class={args.worker_class}", f"--threads={args.threads}"],
            workers=args.workers,
        )
        self.mode = mode
        self.pids: list[int] = []

    def wait_ready(self, timeout: float = 60) -> None:
        super().wait_ready(timeout)
        self.pids = [self.process.pid, *_children(self.process.pid)]


# --- Facts and the report ------------------------------------------------------------------


def query_counts(
    targets: dict[str, str], page_cache: bool, cookies: dict[str, str]
) -> dict[str, tuple[int, int]]:
    """(status, SQL queries) of each URL, the second time it is asked (caches warm)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0) if page_cache else 0
    client = Client(HTTP_HOST="localhost", raise_request_exception=False)
    counts = {}
    with override_settings(PAGE_CACHE_SECONDS=seconds):
        for name, url in targets.items():
            client.cookies.clear()
            if name in cookies:
                cookie_name, value = cookies[name].split("=", 1)
                client.cookies[cookie_name] = value
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            counts[name] = (response.status_code, len(queries.captured_queries))
    return counts


def machine_facts() -> dict[str, str]:
    import django
    import gunicorn
    import wagtail
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    try:
        import redis

        redis_version = redis.Redis.from_url(settings.BENCH_REDIS_URL).info()["redis_version"]
    except Exception:  # noqa: BLE001 - a missing fact must not fail the run
        redis_version = "?"
    model = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = "?"
    with contextlib.suppress(OSError, ValueError, IndexError):
        kib = int(Path("/proc/meminfo").read_text().split("\n", 1)[0].split()[1])
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    commit = "?"
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        git = ["git", "--no-optional-locks", "-C", str(ROOT)]  # read-only: no index refresh
        commit = subprocess.run(
            [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        changed = subprocess.run(
            [*git, "status", "--porcelain"], capture_output=True, text=True, check=True
        ).stdout.strip()
        if changed:
            commit += f" + {len(changed.splitlines())} uncommitted file(s)"
    return {
        "CPU": f"{CPUS} × {model}",
        "memory": memory,
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "PostgreSQL": postgres,
        "Redis": redis_version,
        "Django / Wagtail / gunicorn": (
            f"{django.get_version()} / {wagtail.__version__} / {gunicorn.__version__}"
        ),
        "code": commit,
    }


def _ratio(value: float, base: float) -> str:
    if not base or math.isnan(value) or math.isnan(base):
        return "–"
    ratio = value / base
    return f"{ratio:.3f}" if ratio < 0.1 else f"{ratio:.2f}"


def table(results: list[Result]) -> list[str]:
    base = results[0]
    rows = [
        "| target | req/s | p50 ms | p95 ms | req/s ÷ bare | p50 × bare | p95 × bare "
        "| SQL queries | server CPU ms/req | other CPU, cores | KiB | errors |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in results:
        p50, p95 = r.percentile(50), r.percentile(95)
        cpu = r.server_cpu * 1000 / r.requests if r.requests else math.nan
        other = "?" if r.other_cpu is None else f"{r.other_cpu / r.wall:.2f}"
        rows.append(
            f"| {r.name} | {r.rps:,.0f} | {p50:.1f} | {p95:.1f} "
            f"| {_ratio(r.rps, base.rps)} | {_ratio(p50, base.percentile(50))} "
            f"| {_ratio(p95, base.percentile(95))} "
            f"| {'?' if r.queries is None else r.queries} | {cpu:.1f} | {other} "
            f"| {r.body_bytes / 1024:.1f} | {r.errors} |"
        )
    return rows


MODE_TITLES = {
    "rendered": "Rendered: anonymous page cache off (`PAGE_CACHE_SECONDS=0`)",
    "page cache": "Anonymous page cache on (as deployed)",
}


def report(
    runs: dict[str, list[Result]],
    servers: dict[str, Server],
    targets: dict[str, str],
    args: argparse.Namespace,
    facts: dict[str, str],
    data: dict[str, int],
    timings: dict[str, float],
) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    from django.conf import settings

    conn_max_age = settings.DATABASES["default"]["CONN_MAX_AGE"]
    lines = [
        START,
        f"Measured {when}: {args.seconds:g} s per target in {args.rounds} rounds, "
        f"{args.concurrency} concurrent connections.",
    ]
    for mode, results in runs.items():
        lines += ["", f"### {MODE_TITLES[mode]}", "", *table(results)]
        hits = [f"{r.name} {r.cache_hits / len(r.latencies):.0%}" for r in results if r.latencies]
        if mode == "page cache":
            lines += ["", "Served from the page cache: " + ", ".join(hits) + "."]
    lines += [
        "",
        "req/s ÷ bare: throughput as a share of the bare view's on the same server; "
        "p50/p95 × bare: latency as a multiple of the bare view's. SQL queries: one "
        "anonymous request with caches warm, through Django's test client. Server CPU "
        "ms/req: CPU time of gunicorn's processes per request (PostgreSQL's and Redis' "
        "work is not in it: it is in the other CPU). Other CPU: cores busy with anything "
        "but gunicorn and the load generator while the target was measured (PostgreSQL, "
        "Redis, and whatever else runs on the machine); a high figure means a noisy run.",
        "",
        "| target | URL |",
        "|---|---|",
        *[f"| {name} | `{unquote(url)}` |" for name, url in targets.items()],
    ]
    seeded = (
        "reused from an earlier `--keep` run"
        if args.reuse
        else ", ".join(f"{k} {v:.1f} s" for k, v in timings.items())
    )
    server = next(iter(servers.values()))
    argv = shlex.join([".venv/bin/python", "-m", "tests.bench.run", *sys.argv[1:]])
    client_cpu = max(r.client_cpu / r.wall for rs in runs.values() for r in rs if r.wall)
    lines += [
        "",
        "How it was run:",
        "",
        "```sh",
        "make bench",
        f"# = BENCH_DATABASE_URL={os.environ.get('BENCH_DATABASE_URL', '…')} {argv}",
        "```",
        "",
        f"- Data: {data['courses']:,} live courses, {data['lessons']:,} lessons, "
        f"{data['pages']:,} pages in all; seeding took {seeded}.",
        "- Server: `gunicorn portal.wsgi:application "
        + " ".join(o for o in server.options if not o.startswith("--log-level"))
        + "`, settings `tests.bench.settings` (`portal.settings.production`: DEBUG off, "
        "Redis cache, WhiteNoise with the manifest; no HTTPS redirect), "
        f"`DATABASE_CONN_MAX_AGE={conn_max_age}`.",
        f"- Load: {args.concurrency} client threads in one Python process, each with its own "
        f"connection; {args.warmup:g} s warm-up per target. Latency runs from sending the "
        "request (connecting first when the server closed the connection) to the last byte "
        f"of the body. The load generator used at most {client_cpu:.0%} of one core.",
    ]
    lines += [f"- {name}: {value}" for name, value in facts.items()]
    lines.append(END)
    return "\n".join(lines)


DOCS_TEMPLATE = """# Benchmarks

`make bench` seeds 1,000 courses with 10 lessons each into PostgreSQL, serves the site with
gunicorn and measures the catalog (with and without filters), a course page, a course page
with 500 reviews and a search,
each against a bare Django view answering "ok" through the same server in the same run.
The code is in `tests/bench/` (see the docstring of `tests/bench/run.py`); a run rewrites the
part of this file between the markers below and leaves the rest alone.

## Latest run

{results}
"""


def write_docs(text: str) -> None:
    DOCS.parent.mkdir(parents=True, exist_ok=True)
    current = DOCS.read_text() if DOCS.exists() else ""
    if START in current and END in current:
        before, rest = current.split(START, 1)
        after = rest.split(END, 1)[1]
        DOCS.write_text(before + text + after)
    else:
        DOCS.write_text(DOCS_TEMPLATE.format(results=text))


# --- Main ----------------------------------------------------------------------------------


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench.run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--seconds", type=float, default=10, help="per target [10]")
    parser.add_argument("--rounds", type=int, default=5, help="slices per target [5]")
    parser.add_argument("--concurrency", type=int, default=8, help="connections [8]")
    parser.add_argument("--warmup", type=float, default=2, help="seconds per target [2]")
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * CPUS + 1,
        help=f"gunicorn workers per server [2 × CPUs + 1 = {2 * CPUS + 1}]",
    )
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class [sync]")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker [1]")
    parser.add_argument(
        "--page-cache",
        choices=["both", "off", "on"],
        default="both",
        help="measure with the anonymous page cache off, on, or both [both]",
    )
    parser.add_argument("--courses", type=int, default=1000)
    parser.add_argument("--lessons", type=int, default=10, help="per course [10]")
    parser.add_argument("--query", default=seed.SEARCH_QUERY, help="the search query")
    parser.add_argument(
        "--keep", action="store_true", help="keep the database and var/bench/ afterwards"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="measure the database a --keep run left, unseeded"
    )
    parser.add_argument(
        "--no-docs", dest="docs", action="store_false", help="leave docs/benchmarks.md alone"
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated parts of target names to measure (with the bare view); "
        "implies --no-docs",
    )
    return parser.parse_args(argv)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def measure(
    servers: dict[str, Server],
    targets: dict[str, str],
    args: argparse.Namespace,
    cookies: dict[str, str],
) -> dict[str, list[Result]]:
    runs = {
        mode: [Result(name, path, cookies.get(name, "")) for name, path in targets.items()]
        for mode in servers
    }
    for server in servers.values():
        for name, path in targets.items():
            warm = Result(name, path, cookies.get(name, ""))
            load(warm, server.port, args.warmup, args.concurrency, server.pids)
        server.pids = [server.process.pid, *_children(server.process.pid)]  # all booted now
    for round_ in range(args.rounds):
        say(f"  round {round_ + 1}/{args.rounds}")
        for mode, server in servers.items():
            for result in runs[mode]:
                load(result, server.port, args.seconds / args.rounds, args.concurrency, server.pids)
    return runs


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    seed.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connections

    name = seed.database_name()
    modes = {"off": ["rendered"], "on": ["page cache"], "both": ["rendered", "page cache"]}
    if not hasattr(settings, "PAGE_CACHE_SECONDS"):  # no page cache in this version
        modes = dict.fromkeys(modes, ["rendered"])
    servers = {
        mode: Server(
            mode,
            args,
            settings.BENCH_DIR / f"gunicorn-{mode.replace(' ', '-')}.log",
            {"PAGE_CACHE_SECONDS": "0" if mode == "rendered" else None},
        )
        for mode in modes[args.page_cache]
    }
    timings: dict[str, float] = {}
    logs: dict[str, str] = {}
    try:
        if args.reuse:
            say(f"Reusing {name}.")
        else:
            say(f"Seeding {name} (dropped and created again):")
            seed.recreate_database()
            timings = seed.seed(args.courses, args.lessons)
        seed.collect_static()
        data = seed.counts()
        targets = seed.targets(args.query)
        people = seed.signed_in()
        targets.update({name: url for name, (url, _cookie) in people.items()})
        cookies = {name: cookie for name, (_url, cookie) in people.items()}
        if args.only:  # a quick look at a few targets: the docs keep the whole run's figures
            wanted = [part.strip() for part in args.only.split(",") if part.strip()]
            targets = {
                name: url
                for index, (name, url) in enumerate(targets.items())
                if index == 0 or any(part in name for part in wanted)
            }
            args.docs = False
        counts = {mode: query_counts(targets, mode == "page cache", cookies) for mode in servers}
        facts = machine_facts()
        connections.close_all()

        for server in servers.values():
            server.start(wait=False)
        for server in servers.values():
            server.wait_ready()
            say(
                f"gunicorn ({server.mode}) on 127.0.0.1:{server.port}: "
                f"{args.workers} {args.worker_class} workers"
            )
        runs = measure(servers, targets, args, cookies)
        for mode, results in runs.items():
            for result in results:
                status, result.queries = counts[mode][result.name]
                if status != 200 and not result.errors:
                    result.errors, result.first_error = 1, f"HTTP {status} in the test client"
    except KeyboardInterrupt:
        say("Interrupted.")
        return 130
    finally:
        for server in servers.values():
            server.stop()
            logs[server.mode] = server.tail()
        connections.close_all()
        if not args.keep:
            with contextlib.suppress(Exception):
                cache.clear()
            seed.drop_database()
            shutil.rmtree(settings.BENCH_DIR, ignore_errors=True)

    for mode, results in runs.items():
        say(f"\n{MODE_TITLES[mode]}\n")
        say("\n".join(table(results)))
    failed = [(mode, r) for mode, results in runs.items() for r in results if r.errors]
    for mode, r in failed:
        say(f"\nFAILED {r.name} ({mode}, {r.path}): {r.errors} errors; first: {r.first_error}")
        say(f"gunicorn's log ({mode}), last lines:\n{logs[mode]}")
    if failed:
        return 1
    if args.docs:
        write_docs(report(runs, servers, targets, args, facts, data, timings))
        say(f"\nWritten to {DOCS.relative_to(ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
