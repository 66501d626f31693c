from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from themes.services import DEFAULT_FIXTURES, DocumentLoadError, load_document


class Command(BaseCommand):
    help = _(
        "Charge le document des Assises depuis ses fixtures, tout ou rien. "
        "Les enregistrements déjà présents sont gardés tels quels, sauf avec --update."
    )

    def add_arguments(self, parser):
        parser.add_argument("fixtures", nargs="*", help=_("Fichiers JSON à charger."))
        parser.add_argument(
            "--update",
            action="store_true",
            help=_("Remplacer les enregistrements existants par le texte des fixtures."),
        )

    def handle(self, *args, fixtures, update, **options):
        paths = fixtures or DEFAULT_FIXTURES
        try:
            outcome = load_document(paths=paths, update=update)
        except DocumentLoadError as exc:
            raise CommandError(
                _("Chargement annulé, la base n’a pas été modifiée. %(error)s") % {"error": exc}
            ) from exc
        self.stdout.write(
            _(
                "Document chargé : %(created)s ajoutés, %(updated)s mis à jour, "
                "%(unchanged)s inchangés."
            )
            % {
                "created": outcome["created"],
                "updated": outcome["updated"],
                "unchanged": outcome["unchanged"],
            }
        )
