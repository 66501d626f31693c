from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from discussion.notifications import send_daily_digests


class Command(BaseCommand):
    help = _(
        "Envoie aux coordinateurs qui l’ont choisi le résumé des commentaires et signalements "
        "arrivés depuis leur dernier résumé. À lancer une fois par jour (cron)."
    )

    def handle(self, *args, **options):
        sent = send_daily_digests()
        self.stdout.write(
            ngettext("%(count)d résumé envoyé.", "%(count)d résumés envoyés.", sent)
            % {"count": sent}
        )
