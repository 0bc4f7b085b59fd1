"""``python manage.py render_examples --out out/examples``: every example answers file in
``docs/examples/`` rendered to every format (or those named with ``--format``).

For looking at what the drafts look like and for checking them by hand; the outputs are not
committed (``out/`` is ignored by git). Exit status 1 if any example fails.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from drafting.assembly.assemble import AssemblyError, assemble
from drafting.library.loader import get_library
from drafting.questionnaire.answers import AnswersError, load_answers_file
from drafting.renderers import EXTENSIONS, FORMATS, render

EXAMPLES_DIR = Path(settings.BASE_DIR) / "docs" / "examples"


def example_files(folder: Path = EXAMPLES_DIR) -> list[Path]:
    """Return the answers files in ``folder`` (``*.yaml``, ``*.yml``, ``*.json``), sorted."""
    return sorted(p for p in folder.iterdir() if p.suffix in {".yaml", ".yml", ".json"})


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Render every example in docs/examples/ to every format, into --out."

    def add_arguments(self, parser):
        parser.add_argument("--out", default="out/examples", help="folder to write into")
        parser.add_argument(
            "--format", "-f", action="append", choices=FORMATS, help="a format (repeatable)"
        )

    def handle(self, *args, out, format=None, **options):
        formats = format or list(FORMATS)
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        library, failures = get_library(), 0
        for path in example_files():
            try:
                document = assemble(load_answers_file(path), library)
            except (AnswersError, AssemblyError) as error:
                failures += 1
                self.stderr.write(f"{path.name}: {error}")
                continue
            for fmt in formats:
                target = folder / f"{path.stem}{EXTENSIONS[fmt]}"
                target.write_bytes(render(document, fmt))
                self.stdout.write(f"wrote {target}")
        if failures:
            raise CommandError(f"{failures} example(s) failed")
