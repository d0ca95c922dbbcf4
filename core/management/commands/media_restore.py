"""Write the files of a media archive (media_backup's) back into their storages."""

import sys

from django.core.management.base import BaseCommand, CommandError

from core import media_archive


class Command(BaseCommand):
    help = "Restore the media files of a tar archive made by media_backup."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the archive's path, or - for stdin")
        parser.add_argument("--replace", action="store_true", help="overwrite files already stored")

    def handle(self, *args, archive: str, replace: bool, **options):
        try:
            if archive == "-":
                count = media_archive.load(sys.stdin.buffer, replace=replace)
            else:
                with open(archive, "rb") as source:
                    count = media_archive.load(source, replace=replace)
        except media_archive.ArchiveError as error:
            raise CommandError(str(error)) from error
        self.stderr.write(f"Restored {count} media file(s).")
