"""Check every recommendation's history against its chained digests; report each break."""

from django.core.management.base import BaseCommand, CommandError

from recommendations import history
from recommendations.models import Event


class Command(BaseCommand):
    help = (
        "Recompute the chained SHA-256 digest of every event and report any that does not "
        "match (a row changed or removed behind the site's back). Exit status 1 when one does."
    )

    def handle(self, *args, **options):
        problems = history.verify()
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"History broken: {len(problems)} problem(s) found.")
        self.stdout.write(f"History intact: {Event.objects.count()} events, every digest matches.")
