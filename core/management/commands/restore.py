"""Restore the database from a backup written by ``manage.py backup``."""

from django.core.management.base import BaseCommand, CommandError

from core import backups


class Command(BaseCommand):
    help = (
        "Replace the database's content with a backup made by `manage.py backup` "
        "(PostgreSQL: pg_restore --clean; SQLite: the online backup API). Asks first unless --yes."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file.")
        parser.add_argument("--database-url", help="Restore into this database instead.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, **options):
        if not options["yes"]:
            answer = input(
                "Everything in the database will be replaced by the backup. Go on? [y/N] "
            )
            if answer.strip().lower() not in {"y", "yes", "o", "oui"}:
                raise CommandError("Nothing restored.")
        try:
            backups.restore(options["path"], options["database_url"])
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored from {options['path']}.")
