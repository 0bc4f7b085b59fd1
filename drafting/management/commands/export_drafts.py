"""``python manage.py export_drafts [-o FILE]``: back up every draft as JSON lines."""

import sys

from django.core.management.base import BaseCommand

from drafting.backups import export_drafts


class Command(BaseCommand):
    help = (
        "Write every draft with its revisions, share links, comments and published licence "
        "pages as JSON lines."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="File to write (default: standard output).")

    def handle(self, *args, output=None, **options):
        if output:
            with open(output, "w", encoding="utf-8") as stream:
                count = export_drafts(stream)
            self.stderr.write(f"exported {count} draft(s) to {output}")
        else:
            count = export_drafts(sys.stdout)
            self.stderr.write(f"exported {count} draft(s)")
