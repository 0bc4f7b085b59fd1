"""``python manage.py render_draft ANSWERS_FILE --format pdf -o OUT``: an answers file to a draft.

Exit status 0 when the draft is written; 2 when the answers are invalid (every problem is
printed with its key path); 1 for any other failure (unreadable output path, a clause library
fault). Never a traceback.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from drafting.assembly.assemble import AssemblyError, assemble
from drafting.library.loader import get_library
from drafting.questionnaire.answers import AnswersError, load_answers_file
from drafting.renderers import FORMATS, format_for_path, render

EXIT_INVALID_ANSWERS = 2


def invalid_answers_message(path: str, error: AnswersError) -> str:
    """Return the report for invalid answers: a heading line, then ``key: message`` lines."""
    lines = [f"invalid answers in {path}:"]
    lines.extend(f"  {problem}" for problem in error.problems)
    return "\n".join(lines)


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = (
        "Render a draft licence from an answers file (YAML or JSON). "
        "Exit status: 0 written, 2 invalid answers, 1 any other failure."
    )

    def add_arguments(self, parser):
        parser.add_argument("answers_file", metavar="ANSWERS_FILE", help="answers .yaml/.json")
        parser.add_argument(
            "--format",
            "-f",
            choices=FORMATS,
            help="output format (default: from the extension of OUT)",
        )
        parser.add_argument("-o", "--output", required=True, metavar="OUT", help="file to write")

    def handle(self, *args, answers_file, output, format=None, **options):
        fmt = format or format_for_path(output)
        if fmt is None:
            raise CommandError(
                f"cannot tell the format from {output!r}: give --format ({', '.join(FORMATS)})"
            )
        try:
            answers = load_answers_file(answers_file)
        except AnswersError as error:
            raise CommandError(
                invalid_answers_message(answers_file, error), returncode=EXIT_INVALID_ANSWERS
            ) from None
        try:
            document = assemble(answers, get_library())
        except AssemblyError as error:
            raise CommandError(
                f"the clause library failed to assemble this draft: {error}"
            ) from None
        data = render(document, fmt)
        try:
            Path(output).write_bytes(data)
        except OSError as error:
            raise CommandError(f"cannot write {output}: {error}") from None
        if options.get("verbosity", 1) >= 1:
            self.stdout.write(f"wrote {output} ({fmt}, {len(data):,} bytes)")
