import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from themes.document_parser import build_fixture

DEFAULT_SOURCE = (
    settings.BASE_DIR / "fixtures" / "source" / "assises-insertion-wallonie-picarde.txt"
)
DEFAULT_OUTPUT = settings.BASE_DIR / "fixtures" / "assises_wallonie_picarde.json"


class Command(BaseCommand):
    help = _(
        "Reconstruit la fixture du document des Assises depuis le texte extrait du PDF, "
        "sans toucher à la base de données."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            type=Path,
            default=DEFAULT_SOURCE,
            help=_("Texte extrait du PDF (UTF-8)."),
        )
        parser.add_argument(
            "--output",
            type=Path,
            default=DEFAULT_OUTPUT,
            help=_("Fichier JSON à écrire."),
        )

    def handle(self, *args, source, output, **options):
        try:
            text = source.read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(
                _("Impossible de lire %(path)s : %(error)s") % {"path": source, "error": exc}
            ) from exc
        try:
            records = build_fixture(text)
        except ValueError as exc:
            raise CommandError(
                _("Le texte de %(path)s n’a pas la structure attendue : %(error)s")
                % {"path": source, "error": exc}
            ) from exc
        output.write_text(
            json.dumps(records, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        self.stdout.write(
            _("%(count)s enregistrements écrits dans %(path)s.")
            % {"count": len(records), "path": output}
        )
