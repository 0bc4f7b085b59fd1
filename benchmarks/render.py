"""Benchmark: assembly and rendering of the largest example draft.

    .venv/bin/python benchmarks/render.py [--runs 15] [--example docs/examples/x.yaml]

For each stage (assembly, HTML, PDF, DOCX, and WeasyPrint alone on the same HTML string) it
prints the median wall time of ``--runs`` runs and the peak memory Python allocated in one
more run under tracemalloc (timed runs go without it: tracing slows WeasyPrint several
times). The stages are interleaved run by run, so that a slower moment of the machine does
not fall on one stage only. The PDF stage is render_pdf (HTML, then WeasyPrint with our
fetcher); "WeasyPrint alone" renders the very same HTML string with WeasyPrint's own
defaults, so their ratio is our overhead. Exit status 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "drafting.settings")

import django  # noqa: E402

django.setup()

import weasyprint  # noqa: E402

from drafting.assembly.assemble import assemble  # noqa: E402
from drafting.library.loader import get_library  # noqa: E402
from drafting.questionnaire.answers import load_answers_file  # noqa: E402
from drafting.renderers.docx import render_docx  # noqa: E402
from drafting.renderers.html import render_html  # noqa: E402
from drafting.renderers.pdf import base_url, render_pdf  # noqa: E402

EXAMPLES = ROOT / "docs" / "examples"
# Targets: milliseconds, and the PDF's time as a multiple of WeasyPrint's alone.
TARGET_MS = {"assembly": 20, "docx": 150}
TARGET_PDF_RATIO = 1.2


def largest_example() -> Path:
    """The example whose draft has the most clauses (ties: the longest text)."""
    library = get_library()

    def size(path: Path):
        document = assemble(load_answers_file(path), library)
        return len(document.clauses()), len(document.text())

    return max(sorted(EXAMPLES.glob("*.y*ml")), key=size)


def peak_kib(function: Callable[[], object]) -> float:
    """Peak memory Python allocated while running ``function`` once, in KiB."""
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 1024
    finally:
        tracemalloc.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per stage")
    parser.add_argument("--example", type=Path, help="answers file (default: the largest)")
    options = parser.parse_args()

    path = options.example or largest_example()
    answers, library = load_answers_file(path), get_library()
    document = assemble(answers, library)
    html = render_html(document)
    stages: dict[str, Callable[[], object]] = {
        "assembly": lambda: assemble(answers, library),
        "html": lambda: render_html(document),
        "pdf": lambda: render_pdf(document),
        "weasyprint alone": lambda: weasyprint.HTML(string=html, base_url=base_url()).write_pdf(),
        "docx": lambda: render_docx(document),
    }
    for function in stages.values():  # warm up: imports, font caches, template caches
        function()
    times: dict[str, list[float]] = {name: [] for name in stages}
    for _ in range(options.runs):
        for name, function in stages.items():
            start = time.perf_counter()
            function()
            times[name].append((time.perf_counter() - start) * 1000)
    medians = {name: statistics.median(values) for name, values in times.items()}
    peaks = {name: peak_kib(function) for name, function in stages.items()}

    pages = len(weasyprint.HTML(string=html, base_url=base_url()).render().pages)
    print(f"example: {path.relative_to(ROOT)} ({len(document.clauses())} clauses, ", end="")
    print(f"{len(document.text()):,} characters of text, a PDF of {pages} pages)")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, ", end="")
    print(f"Python {platform.python_version()}, WeasyPrint {weasyprint.__version__}")
    print(f"median of {options.runs} runs")
    print()
    print(f"{'stage':<18} {'median ms':>10} {'min ms':>9} {'max ms':>9} {'peak KiB':>10}  target")
    failed = False
    for name in stages:
        target = ""
        if name in TARGET_MS:
            ok = medians[name] < TARGET_MS[name]
            failed |= not ok
            target = f"< {TARGET_MS[name]} ms {'ok' if ok else 'MISSED'}"
        print(
            f"{name:<18} {medians[name]:>10.1f} {min(times[name]):>9.1f} "
            f"{max(times[name]):>9.1f} {peaks[name]:>10,.0f}  {target}"
        )
    ratio = medians["pdf"] / medians["weasyprint alone"]
    ok = ratio <= TARGET_PDF_RATIO
    failed |= not ok
    print()
    print(
        f"pdf / weasyprint alone: {ratio:.3f}x "
        f"(target <= {TARGET_PDF_RATIO}x {'ok' if ok else 'MISSED'})"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
