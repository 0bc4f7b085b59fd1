"""``python manage.py render_draft ANSWERS_FILE --format pdf -o OUT``: an answers file to a draft.

``--compare OLD_FILE`` writes instead a Word redline from the draft of OLD_FILE to the draft of
ANSWERS_FILE, every change a tracked change (``-o`` must name a ``.docx``; ``--author`` names
who made the changes).

Exit status 0 when the draft is written; 2 when the answers are invalid (every problem is
printed with its key path); 1 for any other failure (unreadable output path, a clause library
fault). Never a traceback.
"""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from drafting.assembly.assemble import AssemblyError, assemble
from drafting.library.loader import get_library
from drafting.questionnaire.answers import AnswersError, load_answers_file
from drafting.renderers import FORMATS, format_for_path, render
from drafting.renderers.redline_docx import NO_AUTHOR, RedlineHeading, render_redline_docx
from drafting.review.redline import redline

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
        parser.add_argument(
            "--compare",
            metavar="OLD_FILE",
            help="write a tracked-changes DOCX redline from OLD_FILE's draft to this one",
        )
        parser.add_argument(
            "--author",
            default=NO_AUTHOR,
            help=f"author of the tracked changes with --compare (default: {NO_AUTHOR})",
        )

    def handle(self, *args, answers_file, output, format=None, compare=None, **options):
        fmt = format or format_for_path(output)
        if compare is not None:
            if fmt != "docx":
                raise CommandError("--compare writes a Word redline: give an OUT ending .docx")
            old, new = self._document(compare), self._document(answers_file)
            heading = RedlineHeading(
                title=f"Redline of {new.title}",
                intro=f"Changes from {Path(compare).name} to {Path(answers_file).name}, "
                "as tracked changes.",
                default_author=options.get("author") or NO_AUTHOR,
                when=dt.datetime.now(dt.UTC),
            )
            self._write(output, "docx", render_redline_docx(redline(old, new), heading), options)
            return
        if fmt is None:
            raise CommandError(
                f"cannot tell the format from {output!r}: give --format ({', '.join(FORMATS)})"
            )
        self._write(output, fmt, render(self._document(answers_file), fmt), options)

    def _document(self, answers_file: str):
        try:
            answers = load_answers_file(answers_file)
        except AnswersError as error:
            raise CommandError(
                invalid_answers_message(answers_file, error), returncode=EXIT_INVALID_ANSWERS
            ) from None
        try:
            return assemble(answers, get_library())
        except AssemblyError as error:
            raise CommandError(
                f"the clause library failed to assemble this draft: {error}"
            ) from None

    def _write(self, output: str, fmt: str, data: bytes, options) -> None:
        try:
            Path(output).write_bytes(data)
        except OSError as error:
            raise CommandError(f"cannot write {output}: {error}") from None
        if options.get("verbosity", 1) >= 1:
            self.stdout.write(f"wrote {output} ({fmt}, {len(data):,} bytes)")
