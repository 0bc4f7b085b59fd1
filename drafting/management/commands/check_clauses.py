"""``python manage.py check_clauses``: validate the clause library; exit 1 on any error.

With ``--strict`` warnings are errors too, and the document check
(:func:`drafting.assembly.checks.check_document`) runs over a generated sample of answers
(``--samples``, 500 by default, each also with about half its required answers left out, as
an unfinished draft has them): every placeholder must have a blocking finding naming its
question, every defined term used must be defined, every cross-reference must resolve.
"""

from django.core.management.base import BaseCommand, CommandError

from drafting.assembly.assemble import assemble
from drafting.assembly.checks import check_document
from drafting.assembly.samples import partial_answers, sample_answers
from drafting.library.loader import get_library
from drafting.library.validation import validate_library

DEFAULT_SAMPLES = 500
SHOWN = 20


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = (
        "Validate the clause library: ids, variables, conditions, coverage and the lock; "
        "with --strict, also check the drafts of a generated sample of answers."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Treat warnings as errors and check the drafts of generated answers.",
        )
        parser.add_argument(
            "--samples",
            type=int,
            default=DEFAULT_SAMPLES,
            help=f"Answer sets to generate under --strict (default {DEFAULT_SAMPLES}).",
        )

    def handle(self, *args, strict=False, samples=DEFAULT_SAMPLES, **options):
        problems = validate_library()
        for problem in problems:
            style = self.style.ERROR if problem.is_error else self.style.WARNING
            self.stdout.write(style(str(problem)))
        failed = [p for p in problems if p.is_error or strict]
        if failed:
            raise CommandError(f"{len(failed)} problem(s) in the clause library.")
        if strict and samples > 0:
            self._check_samples(samples)
        self.stdout.write(self.style.SUCCESS("The clause library is valid."))

    def _check_samples(self, count: int) -> None:
        library, total = get_library(), 0
        seen: set[tuple[str, str, str]] = set()
        drafts = (
            (label, answers)
            for seed in range(count)
            for label, answers in (
                (f"sample {seed}", sample_answers(seed)),
                (f"unfinished sample {seed}", partial_answers(seed)),
            )
        )
        for where, answers in drafts:
            for problem in check_document(assemble(answers, library), library):
                total += 1
                key = (problem.code, problem.clause_id, problem.text)
                if key not in seen and len(seen) < SHOWN:
                    seen.add(key)
                    self.stdout.write(self.style.ERROR(f"{where}: {problem}"))
        if total:
            raise CommandError(f"{total} problem(s) in the drafts of {count} generated answers.")
        self.stdout.write(
            f"The drafts of {count} generated answer sets, finished and unfinished, pass the "
            "document check."
        )
