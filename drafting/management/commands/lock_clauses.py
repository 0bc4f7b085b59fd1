"""``python manage.py lock_clauses``: release new clause versions by recording their hashes."""

from django.core.management.base import BaseCommand, CommandError

from drafting.library.loader import load_library, write_lock
from drafting.library.validation import validate_library


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Record the hash of every clause version not yet released in clauses.lock.json."

    def handle(self, *args, **options):
        library = load_library()
        errors = [p for p in validate_library(library) if p.is_error]
        if errors:
            for problem in errors:
                self.stderr.write(str(problem))
            raise CommandError("Fix the library before releasing new versions.")
        added = write_lock(library)
        for ref in added:
            self.stdout.write(f"released {ref}")
        self.stdout.write(self.style.SUCCESS(f"{len(added)} version(s) released."))
