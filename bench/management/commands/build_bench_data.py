"""``manage.py build_bench_data [--scale 30]``: the benchmark's fictitious follow-up."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench.builder import AlreadyBuilt, build


class Command(BaseCommand):
    help = (
        "Charge le document et un suivi fictif N fois plus grand (30 par défaut), pour le banc "
        "d’essai. À lancer sur une base à part : ces données sont inventées."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=30)

    def handle(self, *args, scale, **options):
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        try:
            built = build(scale)
        except AlreadyBuilt:
            self.stdout.write("Les données du banc d’essai sont déjà là : rien n’est ajouté.")
            built = None
        if connection.vendor == "postgresql":
            # Fresh planner statistics, as autovacuum would give them some minutes later: without
            # them, PostgreSQL plans the comments' replies as a scan of all 20 000 comments.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if built is None:
            return
        self.stdout.write(
            "{recommendations} recommandations, {transmissions} transmissions, {events} "
            "événements, {comments} commentaires ({crowded} en a 500), {cosignatures} "
            "co-signatures.".format(**built)
        )
