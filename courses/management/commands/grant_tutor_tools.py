"""Give teachers who signed up before self-service what a new teacher gets at once.

The teacher role grants the Tutors group and a draft tutor page
(``courses.services.grant_tutor_tools``, on ``accounts.role_changed``); teachers made before
that code have neither. Run once after deploying it (``make migrate`` runs it too); safe to run
again. Not a data migration: the page is a Wagtail page (tree position, revision, locale),
which historical models cannot build, and a second copy of the rule would drift from the first.
"""

from django.core.management.base import BaseCommand

from courses.services import grant_tutor_tools_to_teachers


class Command(BaseCommand):
    help = "Give every teacher the Tutors group and a draft tutor page if they lack them."

    def handle(self, *args, **options):
        granted = grant_tutor_tools_to_teachers()
        self.stdout.write(f"Tutor tools checked for {granted} teacher(s).")
