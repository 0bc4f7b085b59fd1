"""``python manage.py check_clauses``: validate the clause library; exit 1 on any error."""

from django.core.management.base import BaseCommand, CommandError

from drafting.library.validation import validate_library


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Validate the clause library: ids, variables, conditions, coverage and the lock."

    def add_arguments(self, parser):
        parser.add_argument("--strict", action="store_true", help="Treat warnings as errors.")

    def handle(self, *args, strict=False, **options):
        problems = validate_library()
        for problem in problems:
            style = self.style.ERROR if problem.is_error else self.style.WARNING
            self.stdout.write(style(str(problem)))
        failed = [p for p in problems if p.is_error or strict]
        if failed:
            raise CommandError(f"{len(failed)} problem(s) in the clause library.")
        self.stdout.write(self.style.SUCCESS("The clause library is valid."))
