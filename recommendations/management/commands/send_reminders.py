from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from recommendations.reminders import send_due_reminders


class Command(BaseCommand):
    help = _(
        "Envoie aux contacts des destinataires les relances dues (avant, le jour et après "
        "l’échéance), chacune une seule fois. À lancer chaque jour."
    )

    def handle(self, *args, **options):
        sent = send_due_reminders()
        self.stdout.write(
            ngettext("%(count)d relance envoyée.", "%(count)d relances envoyées.", sent)
            % {"count": sent}
        )
