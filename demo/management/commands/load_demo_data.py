"""`make run`'s demo content: pages, people, courses, homework, timetable. Safe to run again.

The content is data (demo/data/*.yaml); demo.loader builds it. The command refuses to run with
DEBUG off unless told to: the demo accounts' password is public.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from demo.loader import Demo, load_demo

# The order in which the accounts are listed, by label.
LISTING_ORDER = ["admin", "editor", "moderator", "tutor", "student"]
# Celery's "Task … succeeded" lines (INFO): without a broker every task runs in the loader's
# process, one line per published lesson's notice.
TASK_LOG = "celery.app.trace"


@contextmanager
def quiet_task_log() -> Iterator[None]:
    """Celery's task log at WARNING while the demo loads: successes go unsaid, a failed task's
    ERROR line still shows. The level it had is restored after."""
    logger = logging.getLogger(TASK_LOG)
    level = logger.level
    logger.setLevel(max(logging.WARNING, logger.getEffectiveLevel()))
    try:
        yield
    finally:
        logger.setLevel(level)


class Command(BaseCommand):
    help = "Load demo pages and accounts (idempotent). Refuses to run with DEBUG off."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (never on a public site: the passwords are known).",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo data has well-known passwords; use --force to load anyway.")
        with quiet_task_log():  # load_demo commits inside: the tasks run in here
            demo = load_demo()
            call_command("update_index", verbosity=0)
            call_command("rebuild_references_index", verbosity=0)
        if demo.videos["skipped"]:
            self.stderr.write(
                self.style.WARNING(f"Uploaded-video posts left out: {demo.videos['skipped']}.")
            )
        self._print_accounts(demo)

    def _print_accounts(self, demo: Demo) -> None:
        self.stdout.write(self.style.SUCCESS("Demo content is in place. Demo accounts:"))
        for user, label in sorted(demo.accounts, key=lambda row: LISTING_ORDER.index(row[1])):
            self.stdout.write(f"  {label:<10} {user.email:<24} {demo.password}")
