"""`make audit`: Lighthouse on the demo site served as in production, scores into docs/audit.md.

    .venv/bin/python -m tests.audit.run [--threshold 95] [--langs ru,en] [--preset mobile]
                                        [--database-url postgres://…/ustat_audit] [--no-docs]

1. Seeds the demo into a fresh database (an SQLite file in a temporary folder, or PostgreSQL
   when --database-url / AUDIT_DATABASE_URL names one: its name must contain "audit", it is
   dropped at the end), collects the static files and serves the site with gunicorn and the
   production settings (tests/audit/settings.py, tests/audit/server.py): DEBUG off, WhiteNoise
   with the manifest, the anonymous page cache on; plain HTTP on 127.0.0.1.
2. Finds the pages as a visitor would, for each language: the home page, the catalog, the
   catalog's first course, the first lesson of the first free course, the first tutor, the
   first blog post.
3. Runs Lighthouse (npm, node_modules/.bin/lighthouse) on each with Debian's Chromium
   (CHROME_PATH, default /usr/bin/chromium; Lighthouse never downloads a browser), the
   categories performance, accessibility, best practices and SEO, Lighthouse's default mobile
   emulation and simulated throttling (--preset desktop for the desktop one).
4. Prints the scores and the audits that cost points, writes them between the
   `audit:results` markers of docs/audit.md (unless --no-docs) and exits 1 when any score
   is under --threshold (95) or a page could not be found or audited.

Lighthouse's JSON and HTML reports (<lang>-<page>/run-N.report.*) and the server's log go to
--report-dir (var/audit). Performance varies from run to run with the machine's load:
`--runs 3` keeps each page's median run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tests.audit.server import DemoSite
from tests.gunicorn import ROOT

DOCS = ROOT / "docs" / "audit.md"
START, END = "<!-- audit:results -->", "<!-- /audit:results -->"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = {
    "performance": "perf",
    "accessibility": "a11y",
    "best-practices": "best pr.",
    "seo": "SEO",
}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"


def say(message: str) -> None:
    sys.stdout.write(f"[audit] {message}\n")
    sys.stdout.flush()


@dataclass
class Target:
    lang: str
    name: str
    path: str | None  # None: the page could not be found
    scores: dict[str, int | None] = field(default_factory=dict)
    lost: dict[str, list[str]] = field(default_factory=dict)  # category → audits under 1
    error: str = ""


# --- Finding the pages -----------------------------------------------------------------------


def _links(origin: str, path: str, pattern: str) -> list[str]:
    with urllib.request.urlopen(origin + path, timeout=60) as answer:  # noqa: S310 - 127.0.0.1
        html = answer.read().decode()
    main = html.split("<main", 1)[-1].split("</main>", 1)[0]
    hrefs = re.findall(r'<a\b[^>]*\bhref="([^"#]+)"', main)
    regex = re.compile(pattern)
    return [h for h in dict.fromkeys(hrefs) if regex.fullmatch(h)]


def targets(origin: str, lang: str) -> list[Target]:
    """The pages of one language, found by following the site's own links."""
    found = [Target(lang, "home", f"/{lang}/"), Target(lang, "catalog", f"/{lang}/courses/")]

    def first(name: str, page: str | None, pattern: str) -> str | None:
        links = _links(origin, page, pattern) if page else []
        found.append(Target(lang, name, links[0] if links else None))
        if not links:
            found[-1].error = f"no link to a {name} on {page}" if page else "nothing to start from"
        return found[-1].path

    first("course", f"/{lang}/courses/", rf"/{lang}/courses/[^/?]+/")
    # A lesson anyone may read: the first of the first free course.
    free = _links(origin, f"/{lang}/courses/?free=true", rf"/{lang}/courses/[^/?]+/")
    first("lesson", free[0] if free else None, rf"{free[0]}[^/?]+/" if free else "")
    first("tutor", f"/{lang}/tutors/", rf"/{lang}/tutors/[^/?]+/")
    first("blog post", f"/{lang}/blog/", rf"/{lang}/blog/[^/?]+/")
    return found


# --- Lighthouse ------------------------------------------------------------------------------


def warm_up(origin: str, path: str) -> None:
    """Ask for the page twice first: a deployed site's workers are warm and its anonymous page
    cache full, so the first Lighthouse run should not be the one to start them."""
    for _ in range(2):
        with urllib.request.urlopen(origin + path, timeout=60) as answer:  # noqa: S310
            answer.read()


def audit(target: Target, origin: str, reports: Path, args, chrome: str) -> None:
    """Lighthouse `args.runs` times (the run with the median performance score is kept), each
    tried again once when Lighthouse itself fails (on a loaded machine it sometimes loses the
    page load's trace: NO_NAVSTART)."""
    warm_up(origin, target.path)
    runs: list[Target] = []
    for number in range(args.runs):
        for _attempt in range(2):
            run = Target(target.lang, target.name, target.path)
            lighthouse(run, origin, reports, args.preset, chrome, number)
            if not run.error:
                break
        runs.append(run)
    good = sorted((r for r in runs if not r.error), key=lambda r: r.scores.get("performance") or 0)
    chosen = good[len(good) // 2] if good else runs[-1]
    target.scores, target.lost, target.error = chosen.scores, chosen.lost, chosen.error


def lighthouse(
    target: Target, origin: str, reports: Path, preset: str, chrome: str, number: int = 0
) -> None:
    stem = reports / f"{target.lang}-{target.name.replace(' ', '-')}" / f"run-{number + 1}"
    stem.parent.mkdir(parents=True, exist_ok=True)
    command = [
        str(LIGHTHOUSE),
        origin + target.path,
        "--quiet",
        "--output=json",
        "--output=html",
        f"--output-path={stem}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--max-wait-for-load=60000",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": chrome}
    process = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    report = stem.with_suffix(".report.json")
    if process.returncode or not report.exists():
        target.error = (process.stderr or process.stdout).strip().splitlines()[-1:] or ["?"]
        target.error = f"lighthouse exited with {process.returncode}: {target.error[0]}"
        return
    data = json.loads(report.read_text())
    if data.get("runtimeError"):
        target.error = f"{data['runtimeError'].get('code')}: {data['runtimeError'].get('message')}"
    audits = data["audits"]
    for key in CATEGORIES:
        category = data["categories"][key]
        score = category.get("score")
        target.scores[key] = None if score is None else round(score * 100)
        target.lost[key] = [
            ref["id"]
            for ref in category["auditRefs"]
            if ref.get("weight")
            and audits[ref["id"]].get("score") is not None
            and audits[ref["id"]]["score"] < 1
        ]


# --- The report ------------------------------------------------------------------------------


def table(results: list[Target], threshold: int) -> list[str]:
    rows = [
        "| page | lang | URL | " + " | ".join(CATEGORIES.values()) + " | audits losing points |",
        "|---|---|---|" + "--:|" * len(CATEGORIES) + "---|",
    ]
    for t in results:

        def cell(key: str, t: Target = t) -> str:
            score = t.scores.get(key)
            if score is None:
                return "–"
            return f"**{score}**" if score < threshold else str(score)

        lost = "; ".join(f"{CATEGORIES[k]}: {', '.join(v)}" for k, v in t.lost.items() if v)
        url = f"`{t.path}`" if t.path else "(not found)"
        rows.append(
            f"| {t.name} | {t.lang} | {url} | "
            + " | ".join(cell(k) for k in CATEGORIES)
            + f" | {t.error or lost} |"
        )
    return rows


def failures(results: list[Target], threshold: int) -> list[str]:
    found = []
    for t in results:
        if t.error:
            found.append(f"{t.lang} {t.name}: {t.error}")
        for key, score in t.scores.items():
            if score is None or score < threshold:
                found.append(f"{t.lang} {t.name} ({t.path}): {key} {score} < {threshold}")
    return found


def machine_facts(chrome: str) -> str:
    def version(command: list[str]) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, check=True).stdout
        except (OSError, subprocess.SubprocessError):
            return "?"

    lighthouse_version = version([str(LIGHTHOUSE), "--version"]).strip()
    chromium = version([chrome, "--version"]).strip()
    git = ["git", "--no-optional-locks", "-C", str(ROOT)]
    commit = version([*git, "rev-parse", "--short", "HEAD"]).strip()
    node = version(["node", "--version"]).strip()
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (
        f"Lighthouse {lighthouse_version}, {chromium}, Node {node}, "
        f"{os.cpu_count()} CPUs ({platform.machine()}), load average {load} when it ended; "
        f"code {commit}"
    )


def report(results, args, facts: str, seconds: float) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    preset = "desktop" if args.preset == "desktop" else "mobile (Lighthouse's default)"
    return "\n".join(
        [
            START,
            f"Measured {when}: {preset} emulation, simulated throttling, "
            f"{args.runs} run(s) per page (the median by performance); threshold "
            f"{args.threshold} (scores under it in bold); {seconds:.0f} s in all.",
            "",
            *table(results, args.threshold),
            "",
            f"- {facts}.",
            "- Server: gunicorn, 2 sync workers, `tests.audit.settings` (the production "
            "settings over plain HTTP on 127.0.0.1, SQLite with the demo) on a machine shared "
            "with other work, which weighs on the performance scores.",
            END,
        ]
    )


DOCS_TEMPLATE = """# Lighthouse audit

`make audit` serves the demo site as in production and runs Lighthouse on its main public
pages in both languages; see the docstring of `tests/audit/run.py`. A run rewrites the part
of this file between the markers below.

## Latest run

{results}
"""


def write_docs(text: str) -> None:
    current = DOCS.read_text() if DOCS.exists() else ""
    if START in current and END in current:
        before, rest = current.split(START, 1)
        DOCS.write_text(before + text + rest.split(END, 1)[1])
    else:
        DOCS.write_text(DOCS_TEMPLATE.format(results=text))


# --- Main ------------------------------------------------------------------------------------


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.audit.run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--threshold", type=int, default=int(os.environ.get("AUDIT_THRESHOLD", 95)))
    parser.add_argument("--langs", default="ru,en", help="comma-separated [ru,en]")
    parser.add_argument("--preset", choices=["mobile", "desktop"], default="mobile")
    parser.add_argument(
        "--runs", type=int, default=1, help="Lighthouse runs per page; the median is kept [1]"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("AUDIT_DATABASE_URL"),
        help="PostgreSQL server and database name (must contain 'audit'); default SQLite",
    )
    parser.add_argument("--report-dir", type=Path, default=ROOT / "var" / "audit")
    parser.add_argument(
        "--site-dir",
        type=Path,
        help="seed into this folder and keep it, or reuse the seed kept there (SQLite; the "
        "journeys' JOURNEYS_DIR is one)",
    )
    parser.add_argument(
        "--no-docs", dest="docs", action="store_false", help="leave docs/audit.md alone"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"Lighthouse is not installed at {LIGHTHOUSE} (npm ci)")
    if not Path(chrome).exists():
        raise SystemExit(f"Chromium is not at {chrome} (apt-get install -y chromium)")
    reports = args.report_dir.resolve()
    shutil.rmtree(reports, ignore_errors=True)
    reports.mkdir(parents=True)
    kept = args.site_dir.resolve() if args.site_dir and not args.database_url else None
    folder = kept or Path(tempfile.mkdtemp(prefix="ustat-audit-"))
    folder.mkdir(parents=True, exist_ok=True)
    site = DemoSite(folder, args.database_url)
    begin = time.monotonic()
    results: list[Target] = []
    try:
        say("Seeding the demo site …" if not (kept and site.seeded()) else f"Reusing {folder}.")
        site.prepare(reuse=bool(kept))
        site.start()
        if site.seconds:
            say(f"Seeded in {sum(site.seconds.values()):.0f} s.")
        say(f"Serving {site.origin}.")
        for lang in args.langs.split(","):
            for target in targets(site.origin, lang):
                results.append(target)
                if target.path:
                    say(f"{lang} {target.name}: {target.path} …")
                    audit(target, site.origin, reports, args, chrome)
    except KeyboardInterrupt:
        say("Interrupted.")
        return 130
    finally:
        if (folder / "gunicorn.log").exists():
            shutil.copyfile(folder / "gunicorn.log", reports / "gunicorn.log")
        if kept:
            site.stop()
        else:
            site.close()
            shutil.rmtree(folder, ignore_errors=True)
    seconds = time.monotonic() - begin
    say("\n" + "\n".join(table(results, args.threshold)))
    if args.docs:
        write_docs(report(results, args, machine_facts(chrome), seconds))
        say(f"Written to {DOCS.relative_to(ROOT)}.")
    say(f"Reports: {reports}")
    found = failures(results, args.threshold)
    for failure in found:
        say(f"FAILED {failure}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
