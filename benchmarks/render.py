"""Benchmark: assembly and rendering of the largest example draft.

    .venv/bin/python benchmarks/render.py [--runs 15] [--example docs/examples/x.yaml]
                                          [--chromium /usr/bin/chromium | --no-chromium]

For each stage (assembly, HTML, PDF, DOCX, and WeasyPrint alone on the same HTML string) it
prints the median wall time of ``--runs`` runs and the peak memory Python allocated in one
more run under tracemalloc (timed runs go without it: tracing slows WeasyPrint several
times). The stages are interleaved run by run, so that a slower moment of the machine does
not fall on one stage only. The PDF stage is render_pdf (HTML, then WeasyPrint with our
fetcher, tagged PDF/UA-1); "WeasyPrint alone" renders the very same HTML string with
WeasyPrint's own defaults (and the same PDF/UA-1 variant), so their ratio is our overhead;
"pdf untagged" is the PDF stage without the variant, so pdf / pdf untagged is the cost of
tagging. "chromium" prints the very same HTML string with
headless Chromium (Playwright's ``page.pdf()``, the browser launched once, every request
aborted: no network), so "weasyprint alone / chromium" compares the two engines; without
Chromium or Playwright that stage is skipped and the output says so. Exit status 1 if a target
is missed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
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
from drafting.renderers.pdf import (  # noqa: E402
    PDF_VARIANT,
    StaticOnlyFetcher,
    base_url,
    breakable_words,
    pdf_stylesheet,
    render_pdf,
)

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


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextlib.contextmanager
def chromium_printer(executable: Path | None):
    """Yield ``print(html) -> pdf bytes`` through one headless Chromium page, or a reason
    (str) why Chromium cannot run. Every request the page makes is aborted."""
    if executable is None:
        yield "skipped (--no-chromium)"
        return
    if not executable.is_file():
        yield f"skipped: {executable} not found (pass --chromium PATH or --no-chromium)"
        return
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        yield "skipped: Playwright is not installed"
        return
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.abort())

            def print_pdf(html: str) -> bytes:
                page.set_content(html)
                return page.pdf(format="A4", print_background=True, prefer_css_page_size=True)

            print_pdf("<p>warm up</p>")
            yield print_pdf
        finally:
            browser.close()


def untagged_pdf(document) -> bytes:
    """render_pdf's very steps without tagging (no PDF/UA variant): the cost of the tags."""
    html = render_html(breakable_words(document))
    return weasyprint.HTML(
        string=html, base_url=base_url(), url_fetcher=StaticOnlyFetcher()
    ).write_pdf(stylesheets=[pdf_stylesheet()])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per stage")
    parser.add_argument("--example", type=Path, help="answers file (default: the largest)")
    parser.add_argument("--chromium", type=Path, default=CHROMIUM, help="Chromium to compare")
    parser.add_argument("--no-chromium", dest="chromium", action="store_const", const=None)
    options = parser.parse_args()
    with chromium_printer(options.chromium) as chromium:
        return run(options, chromium)


def run(options, chromium) -> int:
    """Time every stage; ``chromium`` is a print function or the reason it is skipped."""
    path = options.example or largest_example()
    answers, library = load_answers_file(path), get_library()
    document = assemble(answers, library)
    html = render_html(document)
    stages: dict[str, Callable[[], object]] = {
        "assembly": lambda: assemble(answers, library),
        "html": lambda: render_html(document),
        "pdf": lambda: render_pdf(document),
        "weasyprint alone": lambda: weasyprint.HTML(string=html, base_url=base_url()).write_pdf(
            pdf_variant=PDF_VARIANT
        ),
        "pdf untagged": lambda: untagged_pdf(document),
        "docx": lambda: render_docx(document),
    }
    if callable(chromium):
        stages["chromium"] = lambda: chromium(html)
    for function in stages.values():  # warm up: imports, font caches, template caches
        function()
    times: dict[str, list[float]] = {name: [] for name in stages}
    for _ in range(options.runs):
        for name, function in stages.items():
            start = time.perf_counter()
            function()
            times[name].append((time.perf_counter() - start) * 1000)
    medians = {name: statistics.median(values) for name, values in times.items()}
    # Chromium allocates in its own process: tracemalloc would see only the PDF's bytes.
    peaks = {name: peak_kib(f) for name, f in stages.items() if name != "chromium"}

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
        peak = f"{peaks[name]:,.0f}" if name in peaks else "n/a"
        print(
            f"{name:<18} {medians[name]:>10.1f} {min(times[name]):>9.1f} "
            f"{max(times[name]):>9.1f} {peak:>10}  {target}"
        )
    ratio = medians["pdf"] / medians["weasyprint alone"]
    ok = ratio <= TARGET_PDF_RATIO
    failed |= not ok
    print()
    print(
        f"pdf / weasyprint alone: {ratio:.3f}x "
        f"(target <= {TARGET_PDF_RATIO}x {'ok' if ok else 'MISSED'})"
    )
    tagging = medians["pdf"] / medians["pdf untagged"]
    print(
        f"tagging (PDF/UA-1): pdf / pdf untagged: {tagging:.3f}x "
        f"({medians['pdf'] - medians['pdf untagged']:+.0f} ms)"
    )
    if callable(chromium):
        versus = medians["weasyprint alone"] / medians["chromium"]
        chromium_pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", chromium(html)))
        print(
            f"weasyprint alone / chromium: {versus:.2f}x (same HTML; Chromium made "
            f"{chromium_pages} pages, WeasyPrint {pages})"
        )
    else:
        print(f"chromium: {chromium}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
