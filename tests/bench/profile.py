"""Profile one bench target in process: CPU ms per request, and where it goes.

    .venv/bin/python -m tests.bench.run --keep --only bare   # seed once, keep the database
    .venv/bin/python -m tests.bench.profile "learner: lesson page" [--requests 200] [--top 40]

Requests go through Django's own WSGI handler (as under gunicorn, without the network), with
the bench's production settings and its kept database; caches are warmed by --warmup requests
first. It prints the process CPU time per request, the queries per request and, with --top,
cProfile's functions sorted by cumulative time. Quicker to iterate on than `make bench`, whose
figures stay the ones to quote: this one has no load generator or gunicorn beside it.
"""

import argparse
import cProfile
import io
import pstats
import sys
import time
from urllib.parse import urlsplit

from . import seed
from .seed import say


def environ(url: str, cookie: str) -> dict:
    parts = urlsplit(url)
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": parts.path,
        "QUERY_STRING": parts.query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT_LANGUAGE": "ru",
        "HTTP_COOKIE": cookie,
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", help="a target's name, or part of it (see docs/benchmarks.md)")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--top", type=int, default=0, help="print cProfile's top N functions")
    parser.add_argument("--sort", default="cumulative", help="cProfile sort key [cumulative]")
    parser.add_argument("--save", default="", help="write cProfile's stats to this file")
    parser.add_argument("--page-cache", action="store_true", help="leave the page cache on")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="purge every kept page, part and answer before each request (page_cache.purge, "
        "as after a move or a change of the site's settings): every part of the page is built "
        "again (course cards stay: they are keyed by what they show)",
    )
    parser.add_argument(
        "--elsewhere",
        action="store_true",
        help="publish another course's page before each request (page_cache.purge_page): "
        "listings are built again, the target page's own parts stay kept",
    )
    parser.add_argument(
        "--queries", action="store_true", help="print the SQL of one request (shortened)"
    )
    parser.add_argument(
        "--against",
        default="",
        help="another target measured in turns with this one (batches of 10 requests): its "
        "CPU per request and the ratio, steadier than either figure on a shared machine",
    )
    args = parser.parse_args(argv)

    seed.setup()
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection, reset_queries

    if not args.page_cache:
        settings.PAGE_CACHE_SECONDS = 0
    targets = {name: (url, "") for name, url in seed.targets(seed.SEARCH_QUERY).items()}
    targets.update(seed.signed_in())
    matches = [name for name in targets if args.target in name]
    if not matches:
        parser.error(f"no target matches {args.target!r}; targets: {', '.join(targets)}")
    name = matches[0]
    url, cookie = targets[name]
    handler = WSGIHandler()
    reference = None
    if args.against:
        found = [other for other in targets if args.against in other]
        if not found:
            parser.error(f"no target matches {args.against!r}")
        reference = (found[0], *targets[found[0]])

    from courses.models import CoursePage
    from home import page_cache

    elsewhere = CoursePage.objects.live().exclude(url_path__endswith="/course-0500/").first()

    purging = 0.0

    def request(url: str = url, cookie: str = cookie) -> int:
        # The purge itself is the publisher's cost, not the reader's: left out of the figures.
        settings.DEBUG, debug = False, settings.DEBUG
        paused = time.process_time()
        if args.cold:
            page_cache.purge()
        elif args.elsewhere:
            page_cache.purge_page(elsewhere)
        nonlocal purging
        purging += time.process_time() - paused
        settings.DEBUG = debug
        statuses = []
        body = handler(environ(url, cookie), lambda status, headers: statuses.append(status))
        b"".join(body)
        body.close()
        return int(statuses[0].split()[0])

    for _ in range(args.warmup):
        status = request()
        if status != 200:
            raise SystemExit(f"{name} ({url}) answered {status}")
    settings.DEBUG = True  # count queries from here on
    reset_queries()
    request()
    queries = len(connection.queries)
    if args.queries:
        for query in connection.queries:
            say(f"{query['time']}s  {query['sql'][-400:]}")
    settings.DEBUG = False

    if reference is not None:
        return _in_turns(args.requests, (name, url, cookie), reference, request)

    # CPU time, not waits on the database.
    profiler = cProfile.Profile(time.process_time) if args.top or args.save else None
    purging = 0.0
    started = time.process_time()
    if profiler:
        profiler.enable()
    for _ in range(args.requests):
        request()
    if profiler:
        profiler.disable()
    cpu = (time.process_time() - started - purging) * 1000 / args.requests
    say(f"{name} {url}: {cpu:.1f} ms CPU per request, {queries} queries")
    if profiler:
        stats = pstats.Stats(profiler, stream=sys.stdout)
        if args.save:
            stats.dump_stats(args.save)
        if args.top:
            stats.sort_stats(args.sort).print_stats(args.top)
    return 0


def _in_turns(requests: int, target: tuple, reference: tuple, request) -> int:
    """CPU per request of both targets in alternating batches, and the median of the batches'
    ratios: a busy neighbour slows both alike."""
    import statistics

    for _ in range(10):
        request(reference[1], reference[2])
    ratios, totals = [], {target[0]: 0.0, reference[0]: 0.0}
    for _ in range(max(1, requests // 10)):
        spent = []
        for label, url, cookie in (target, reference):
            started = time.process_time()
            for _ in range(10):
                request(url, cookie)
            spent.append(time.process_time() - started)
            totals[label] += spent[-1]
        ratios.append(spent[0] / spent[1])
    batches = max(1, requests // 10) * 10
    for label, total in totals.items():
        say(f"{label}: {total * 1000 / batches:.2f} ms CPU per request")
    say(f"ratio {target[0]} / {reference[0]}: {statistics.median(ratios):.3f} (median of batches)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
