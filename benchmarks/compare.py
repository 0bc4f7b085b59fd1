"""Benchmark: comparing two revisions of the largest example draft (target: median < 100 ms).

    .venv/bin/python benchmarks/compare.py [--runs 15] [--example docs/examples/x.yaml]

One run is what the compare page computes: both revisions assembled from their stored
answers (the revision cache emptied first, so nothing is reused), the clause-by-clause
redline, and the summary of answer changes. The second revision makes the licence exclusive
in a field for a period, which rewrites the grant clause and adds one. Prints the median of
``--runs`` runs; exit status 1 if the target is missed. No database is used.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "drafting.settings")

import django  # noqa: E402

django.setup()

import yaml  # noqa: E402

from drafting.assembly.redline import redline  # noqa: E402
from drafting.drafts.steps import stored_values  # noqa: E402
from drafting.library.loader import get_library  # noqa: E402
from drafting.models import Draft, DraftRevision  # noqa: E402
from drafting.questionnaire.answers import nest, parse_answers  # noqa: E402
from drafting.review import selectors  # noqa: E402

TARGET_MS = 100.0
EXCLUSIVE = {
    "wider.exclusivity": "exclusive",
    "wider.exclusive_field": "news summarisation",
    "wider.exclusive_period": {"value": 2, "unit": "years"},
}


def revisions(example: Path) -> tuple[Draft, DraftRevision, DraftRevision]:
    """The draft (unsaved) and two revisions of it: the example, then the example made
    exclusive."""
    answers = parse_answers(yaml.safe_load(example.read_text(encoding="utf-8")))
    values = stored_values(answers.to_data(include_inactive=True))
    draft = Draft(public_id="benchmark", pins=get_library().snapshot())
    old = DraftRevision(number=1, answers=nest(values))
    new = DraftRevision(number=2, answers=nest({**values, **EXCLUSIVE}))
    return draft, old, new


def compare_once(draft: Draft, old: DraftRevision, new: DraftRevision) -> int:
    """Do what the compare page does, from cold; return the number of changed clauses."""
    selectors._documents.clear()
    lines = redline(
        selectors.revision_document(draft, old), selectors.revision_document(draft, new)
    )
    selectors.answer_changes(old, new)
    return sum(1 for line in lines if line.changed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--example", type=Path, default=ROOT / "docs/examples/commercial-news-archive.yaml"
    )
    args = parser.parse_args()
    draft, old, new = revisions(args.example)
    changed = compare_once(draft, old, new)  # warm-up: loads the library and templates
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        compare_once(draft, old, new)
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    print(f"compare two revisions of {args.example.name}: {changed} clauses changed")
    print(f"median of {args.runs}: {median:.1f} ms (min {min(times):.1f}, max {max(times):.1f})")
    print(f"target < {TARGET_MS:.0f} ms: {'met' if median < TARGET_MS else 'MISSED'}")
    return 0 if median < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
