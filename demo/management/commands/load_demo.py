from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from demo.loader import DemoError, load_demo
from discussion.models import Verdict
from recommendations.models import Recommendation, Transmission


class Command(BaseCommand):
    help = _(
        "Ajoute un suivi fictif (transmissions, réponses, mises en œuvre, commentaires, avis et "
        "soutiens des partenaires) et des comptes de démonstration, pour montrer le site en "
        "développement. Ne fait rien s’il est déjà chargé."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                _(
                    "Les données de démonstration ne se chargent qu’en développement (DEBUG "
                    "activé) : un suivi inventé ne doit jamais apparaître sur le site public. "
                    "Utilisez « make demo » sur votre poste."
                )
            )
        try:
            summary = load_demo()
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        loaded_at = timezone.localtime(summary["loaded_at"]).strftime("%d/%m/%Y %H:%M")
        if summary["created"]:
            self._write_counts(summary)
        else:
            self.stdout.write(
                _(
                    "Les données de démonstration sont déjà chargées (depuis le %(date)s) : rien "
                    "n’a été modifié."
                )
                % {"date": loaded_at}
            )
        self.stdout.write(
            _("Comptes de démonstration (mot de passe « %(password)s ») :")
            % {"password": summary["password"]}
        )
        for username, description in summary["accounts"]:
            self.stdout.write(f"  - {username} ({description})")
        self.stdout.write(
            _("Tant qu’elles sont chargées, chaque page annonce que le suivi affiché est fictif.")
        )

    def _write_counts(self, summary):
        self.stdout.write(self.style.SUCCESS(_("Données de démonstration chargées (fictives) :")))
        self.stdout.write(
            _(
                "  - %(validated)s recommandations validées, dont %(transmitted)s transmises, "
                "en %(transmissions)s transmissions ;"
            )
            % summary
        )
        self.stdout.write(
            _("  - réponses : %(answers)s ;")
            % {"answers": _counted(Transmission.Answer, summary["answers"])}
        )
        self.stdout.write(
            _(
                "  - %(overdue)s transmissions sans réponse après le délai, "
                "%(pending_in_time)s en attente dans le délai ;"
            )
            % summary
        )
        self.stdout.write(
            _("  - mise en œuvre : %(statuses)s (%(changes)s changements enregistrés) ;")
            % {
                "statuses": _counted(Recommendation.Implementation, summary["implementation"]),
                "changes": summary["implementation_events"],
            }
        )
        self.stdout.write(_("  - %(events)s événements au total ;") % summary)
        self.stdout.write(
            _(
                "  - voix des partenaires : %(comments)s commentaires, %(replies)s réponses, "
                "%(cosignatures)s soutiens, avis %(verdicts)s, commentaires masqués : %(hidden)s."
            )
            % {**summary, "verdicts": _counted(Verdict.Value, summary["verdicts"])}
        )


def _counted(choices, counts):
    """« accueillie 5, refusée 2 », in the order of the choices."""
    return ", ".join(
        f"{label} {counts[value]}" for value, label in choices.choices if counts.get(value)
    )
