"""``python manage.py purge_anonymous_drafts --older-than DAYS [--dry-run]``: delete drafts
started without an account that nobody has touched for DAYS days."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from drafting.drafts.retention import anonymous_drafts_purge


def _days(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        raise CommandError(f"--older-than {value!r} is not a whole number of days.") from None
    if days < 1:
        raise CommandError("--older-than must be 1 day or more.")
    return days


class Command(BaseCommand):
    help = (
        "Delete anonymous (never claimed) drafts not saved, commented on or shared for the "
        "given number of days, with their revisions, share links and comments."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than", required=True, metavar="DAYS", help="Age in whole days (1 or more)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be deleted; delete nothing."
        )

    def handle(self, *args, older_than, dry_run, **options):
        days = _days(older_than)
        summary = anonymous_drafts_purge(untouched_for=dt.timedelta(days=days), dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {summary.drafts} anonymous draft(s) untouched for {days} day(s) or more "
            f"({summary.revisions} revision(s), {summary.share_links} share link(s), "
            f"{summary.comments} comment(s))."
        )
