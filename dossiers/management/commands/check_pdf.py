"""Say whether PDF dossiers can be made on this machine, and what to install if not."""

from django.core.management.base import BaseCommand

from dossiers.pdf import missing_support


class Command(BaseCommand):
    help = "Vérifie que les dossiers PDF peuvent être produits ici (WeasyPrint et Pango)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--strict", action="store_true", help="Échoue (code 1) si les PDF sont impossibles."
        )

    def handle(self, *args, strict=False, **options):
        problem = missing_support()
        if problem is None:
            self.stdout.write("Dossiers PDF : WeasyPrint et Pango sont disponibles.")
            return
        message = (
            f"ATTENTION — les dossiers PDF et les courriers figés ne peuvent pas être produits : "
            f"{problem} Le reste du site fonctionne."
        )
        if strict:
            self.stderr.write(message)
            raise SystemExit(1)
        self.stdout.write(self.style.WARNING(message))
