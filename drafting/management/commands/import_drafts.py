"""``python manage.py import_drafts FILE``: restore drafts written by ``export_drafts``."""

from django.core.management.base import BaseCommand, CommandError

from drafting.backups import BackupError, import_drafts


class Command(BaseCommand):
    help = (
        "Restore drafts from a JSON-lines backup (all or nothing), as new rows; drafts "
        "already here with the same revisions are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="A file written by export_drafts.")

    def handle(self, *args, backup, **options):
        try:
            with open(backup, encoding="utf-8") as stream:
                result = import_drafts(stream)
        except (OSError, BackupError) as error:
            raise CommandError(str(error), returncode=2) from None
        for message in [*result.skipped, *result.notes]:
            self.stdout.write(message)
        self.stdout.write(self.style.SUCCESS(f"imported {result.restored} draft(s)"))
