"""``python manage.py purge_deleted_drafts``: remove for good the drafts deleted more than 30
days ago (run it daily from cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from drafting.drafts.housekeeping import drafts_purge_deleted
from drafting.models import KEEP_DELETED_DAYS


class Command(BaseCommand):
    help = (
        f"Remove for good the drafts that have been in their owner's deleted list for more "
        f"than {KEEP_DELETED_DAYS} days, with their revisions, comments and share links."
    )

    def handle(self, *args, **options):
        count = drafts_purge_deleted()
        self.stdout.write(
            f"removed {count} draft(s) deleted more than {KEEP_DELETED_DAYS} days ago"
        )
