"""Roll up raw course page views into daily aggregates on demand (beat does it nightly).

manage.py rollup_course_views                      # the days pending, through yesterday
manage.py rollup_course_views --day 2026-11-30     # one day (again: same rows)
manage.py rollup_course_views --since 2026-01-01   # every day from then through today
manage.py rollup_course_views --prune              # then delete raw views past retention
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from learning.analytics.services.rollup import rollup, rollup_pending, today


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from error


class Command(BaseCommand):
    help = "Roll up course page views into daily aggregates (idempotent)."

    def add_arguments(self, parser):
        when = parser.add_mutually_exclusive_group()
        when.add_argument("--day", type=_date, help="One day, YYYY-MM-DD (site time zone).")
        when.add_argument("--since", type=_date, help="Every day from YYYY-MM-DD through today.")
        parser.add_argument(
            "--prune", action="store_true", help="Then delete raw views past their retention."
        )

    def handle(self, *args, day=None, since=None, prune=False, **options):
        if day is not None:
            rows = rollup(day)
            self.stdout.write(f"{day}: {rows} course row(s).")
        elif since is not None:
            rows = rollup(since, today())
            self.stdout.write(f"{since}..{today()}: {rows} course-day row(s).")
        else:
            done = rollup_pending()
            self.stdout.write(f"Rolled up {done[0]}..{done[1]}." if done else "Nothing pending.")
        if prune:
            self.stdout.write(f"{prune()} raw view(s) deleted.")
