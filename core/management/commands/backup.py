"""Back the database up: a pg_dump custom-format archive, or a SQLite online-backup copy."""

from django.core.management.base import BaseCommand, CommandError

from core import backups


class Command(BaseCommand):
    help = (
        "Write a backup of the database (PostgreSQL: pg_dump --format=custom; SQLite: the online "
        "backup API) to --output, or to BACKUP_DIR/assises-<UTC time>.dump|sqlite3."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="File to write (default: in BACKUP_DIR).")
        parser.add_argument("--database-url", help="Back up this database instead of the site's.")

    def handle(self, *args, **options):
        try:
            path = backups.backup(options["output"], options["database_url"])
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup written: {path} ({path.stat().st_size} bytes)")
