"""Archive every media file (public and private storage, disk or S3) into one tar file."""

import sys

from django.core.management.base import BaseCommand

from core import media_archive


class Command(BaseCommand):
    help = "Write every media file (public and private storage) into a tar archive."
    requires_system_checks = []  # reads storages only; a backup must not wait on checks

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="the archive's path, or - for stdout")

    def handle(self, *args, output: str, **options):
        if output == "-":
            count = media_archive.dump(sys.stdout.buffer)
        else:
            with open(output, "wb") as out:
                count = media_archive.dump(out)
        # stderr: stdout may be the archive itself.
        self.stderr.write(f"Archived {count} media file(s).")
