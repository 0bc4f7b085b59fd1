"""Benchmark: the render worker's memory over many renders, and its render times.

    .venv/bin/python benchmarks/worker_memory.py [--renders 1000] [--every 100]
        [--example docs/examples/commercial-news-archive.yaml] [--recycle-after 200]

Renders one real example alternately as PDF and DOCX through a RenderWorker with the
production limits (``RENDER_TIMEOUT_SECONDS``, ``RENDER_MEMORY_LIMIT_BYTES``, and
``RENDER_RECYCLE_AFTER`` unless ``--recycle-after`` is given; a value above ``--renders``
turns recycling off, to see what recycling saves). The child's resident set size (VmRSS) is
read after every render; every ``--every`` renders it prints the current child's RSS, the
largest seen so far, the recycles and failures. At the end: the median and largest render
time per format (wall time in the parent, IPC included), each child's RSS after its first
PDF and at its last render (growth within a child), and the largest RSS of all. Exit status
1 when the largest RSS is over ``--limit-mb`` (150) or a render failed.

Everything runs under main(): the render child imports this file as its main module.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MIB = 1024 * 1024


def parse_arguments() -> argparse.Namespace:
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--renders", type=int, default=1000)
    parser.add_argument("--every", type=int, default=100)
    parser.add_argument(
        "--example", type=Path, default=ROOT / "docs/examples/commercial-news-archive.yaml"
    )
    parser.add_argument("--recycle-after", type=int, default=None)
    parser.add_argument("--limit-mb", type=float, default=150.0)
    return parser.parse_args()


def main() -> int:
    """Run the benchmark; return the exit status."""
    arguments = parse_arguments()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "drafting.settings")
    import django

    django.setup()
    import weasyprint
    from docx import __version__ as docx_version

    from drafting.assembly.assemble import assemble
    from drafting.library.loader import get_library
    from drafting.questionnaire.answers import load_answers_file
    from drafting.rendering.worker import RenderFailed, RenderWorker

    document = assemble(load_answers_file(arguments.example), get_library())
    worker = RenderWorker(recycle_after=arguments.recycle_after)
    print(
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"WeasyPrint {weasyprint.__version__}, python-docx {docx_version}, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    print(
        f"{arguments.example.name}: {len(document.clauses())} clauses; "
        f"{arguments.renders} renders alternating PDF/DOCX; recycle after "
        f"{worker.recycle_after}, timeout {worker.timeout:g} s, memory limit "
        f"{worker.memory_limit / MIB:.0f} MiB"
    )
    print(f"{'renders':>8} {'child pid':>9} {'RSS MiB':>8} {'max MiB':>8} {'recycles':>8}")
    times: dict[str, list[float]] = {"pdf": [], "docx": []}
    children: dict[int, dict] = {}  # pid -> first RSS after a PDF, last RSS
    largest, failures, started = 0, 0, time.perf_counter()
    try:
        for number in range(1, arguments.renders + 1):
            fmt = "pdf" if number % 2 else "docx"
            before, recycles = worker.pid, worker.stats.recycles
            try:
                began = time.perf_counter()
                worker.render(document, fmt)
                times[fmt].append(time.perf_counter() - began)
            except RenderFailed as error:
                failures += 1
                print(f"render {number} ({fmt}) failed: {error.reason}: {error}")
                continue
            # A recycle replaces the child right after its last render: then read the RSS
            # the retired child had (retired_rss), not its fresh successor's.
            if worker.stats.recycles > recycles:
                pid, rss = before, worker.stats.retired_rss
            else:
                pid, rss = worker.pid, worker.child_rss()
            if rss:
                largest = max(largest, rss)
                entry = children.setdefault(pid, {"first": None, "last": None})
                if entry["first"] is None and fmt == "pdf":
                    entry["first"] = rss
                entry["last"] = rss
            if number % arguments.every == 0:
                print(
                    f"{number:>8} {pid or '-':>9} {(rss or 0) / MIB:>8.1f} "
                    f"{largest / MIB:>8.1f} {worker.stats.recycles:>8}",
                    flush=True,
                )
    finally:
        worker.stop()
    elapsed = time.perf_counter() - started
    for fmt, values in times.items():
        if values:
            print(
                f"{fmt}: {len(values)} renders, median {statistics.median(values) * 1000:,.0f} ms,"
                f" max {max(values) * 1000:,.0f} ms"
            )
    growth = [
        (entry["last"] - entry["first"]) / MIB
        for entry in children.values()
        if entry["first"] and entry["last"]
    ]
    if growth:
        print(
            f"RSS growth within a child, first PDF to last render: median "
            f"{statistics.median(growth):+.1f} MiB, max {max(growth):+.1f} MiB "
            f"over {len(growth)} children"
        )
    print(
        f"largest child RSS {largest / MIB:.1f} MiB (target < {arguments.limit_mb:g} MiB); "
        f"{worker.stats.recycles} recycles, {worker.stats.starts} child starts, "
        f"{failures} failures; {elapsed:,.0f} s in all"
    )
    return 1 if failures or largest > arguments.limit_mb * MIB else 0


if __name__ == "__main__":
    sys.exit(main())
