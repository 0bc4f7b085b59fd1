"""Benchmark: the redline of two revisions whose free-text answers are as long as the answer
limits allow (target: compare median < 1 s).

    .venv/bin/python benchmarks/redline.py [--runs 5] [--no-pdf]
                                           [--example docs/examples/x.yaml]

Every free-text question that applies to the example (text and longtext) gets the longest
answer :func:`drafting.questionnaire.coercion.coerce` accepts, found by bisection, so a
tighter limit (characters, line breaks, words) is followed without editing this file. Two
fillers: ``"a "`` repeated (the worst case of a word diff) and generated prose (sentences and
paragraphs from a fixed word list). Two changes: one word in the middle of one answer, and
one word in every hundred of every answer. For each case it times the compare page's diff
(``redline(old, new)`` on assembled Documents) and the redline PDF
(``render_redline_pdf``, in this process: the render child adds its limits, not work), and
prints the median and max wall time of ``--runs`` runs, the median CPU time
(``time.process_time``) and how many clauses were shown whole past the diff budget. Exit
status 1 if a compare median misses the target.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "drafting.settings")

import django  # noqa: E402

django.setup()

import yaml  # noqa: E402

from drafting.assembly.assemble import assemble  # noqa: E402
from drafting.assembly.document import Document  # noqa: E402
from drafting.assembly.redline import RedlineHeading, redline  # noqa: E402
from drafting.library.loader import get_library  # noqa: E402
from drafting.questionnaire.answers import nest, parse_answers  # noqa: E402
from drafting.questionnaire.coercion import InvalidValue, coerce  # noqa: E402
from drafting.questionnaire.definition import Question, get_questionnaire  # noqa: E402
from drafting.renderers.redline import render_redline_pdf  # noqa: E402

TARGET_S = 1.0
FREE_TEXT = frozenset({"text", "longtext"})
WORDS = (
    "the licensee may use the dataset to train evaluate and improve models provided that "
    "records are kept of each copy made and any personal data found is removed within "
    "thirty days of notice from the licensor who may audit those records once a year"
).split()


def prose(length: int, seed: int = 15) -> str:
    """Deterministic prose of at least ``length`` characters: sentences of 8 to 24 words,
    paragraphs of 3 to 6 sentences separated by a blank line."""
    rng = random.Random(seed)
    paragraphs, size = [], 0
    while size < length:
        sentences = []
        for _ in range(rng.randint(3, 6)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(8, 24))]
            sentences.append(" ".join(words).capitalize() + ".")
        paragraphs.append(" ".join(sentences))
        size += len(paragraphs[-1]) + 2
    return "\n\n".join(paragraphs)


def longest(question: Question, text: str) -> str:
    """The longest prefix of ``text`` (cut at a space) that ``coerce`` accepts."""

    def accepted(end: int) -> bool:
        try:
            coerce(question, text[:end])
        except InvalidValue:
            return False
        return True

    low, high = 0, len(text)
    while low < high:  # the largest end accepted
        middle = (low + high + 1) // 2
        if accepted(middle):
            low = middle
        else:
            high = middle - 1
    cut = text[:low]
    return cut[: cut.rfind(" ")] if " " in cut and low < len(text) else cut


def filled(example: Path, filler: Callable[[int], str]) -> dict[str, str]:
    """The example's flat answers with every applying free-text answer as long as allowed."""
    questionnaire = get_questionnaire()
    answers = parse_answers(yaml.safe_load(example.read_text(encoding="utf-8")))
    values = _flat(answers.to_data())
    for key, question in questionnaire.questions.items():
        if question.type in FREE_TEXT and answers.is_active(key):
            values[key] = longest(question, filler(40_000))
    return values


def _flat(data, prefix: str = "") -> dict:
    flat = {}
    for key, value in data.items():
        if isinstance(value, dict) and prefix + key not in get_questionnaire().questions:
            flat.update(_flat(value, f"{prefix}{key}."))
        else:
            flat[prefix + key] = value
    return flat


def _other(word: str) -> str:
    """Another word of the same length (an answer at its limit stays within it)."""
    return word.upper() if word.upper() != word else word.lower() or word


def one_word(values: dict[str, str], free: list[str]) -> dict[str, str]:
    """``values`` with one word in the middle of the longest free-text answer changed."""
    key = max(free, key=lambda k: len(values[k]))
    words = values[key].split(" ")
    words[len(words) // 2] = _other(words[len(words) // 2])
    return {**values, key: " ".join(words)}


def scattered(values: dict[str, str], free: list[str]) -> dict[str, str]:
    """``values`` with one word in every hundred of every free-text answer changed."""
    changed = dict(values)
    for key in free:
        words = values[key].split(" ")
        for index in range(50, len(words), 100):
            words[index] = _other(words[index])
        changed[key] = " ".join(words)
    return changed


def document(values: dict) -> Document:
    return assemble(parse_answers(nest(values)), get_library())


def timed(function: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of ``runs`` runs of ``function`` (after one warm-up)."""
    function()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return walls, cpus


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per case (>= 1)")
    parser.add_argument("--no-pdf", dest="pdf", action="store_false", help="skip the PDF")
    parser.add_argument(
        "--example", type=Path, default=ROOT / "docs/examples/commercial-news-archive.yaml"
    )
    options = parser.parse_args()
    heading = RedlineHeading("benchmark", 1, 2)
    fillers = {"'a ' repeated": lambda n: "a " * (n // 2), "prose": prose}
    changes = {"one word": one_word, "scattered": scattered}
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}, {os.cpu_count()} cores")
    print(f"median and max of {options.runs} runs; cpu = time.process_time, median")
    print()
    print(f"{'case':<30} {'stage':<8} {'median s':>9} {'max s':>7} {'cpu s':>7}  notes")
    failed = False
    for filler_name, filler in fillers.items():
        values = filled(options.example, filler)
        questions = get_questionnaire().questions
        free = [k for k in values if k in questions and questions[k].type in FREE_TEXT]
        free = [k for k in free if isinstance(values[k], str) and len(values[k]) > 100]
        old = document(values)
        chars = sum(len(values[k]) for k in free)
        for change_name, change in changes.items():
            new = document(change(values, free))
            case = f"{filler_name}, {change_name}"
            lines = redline(old, new)
            whole = sum(1 for line in lines if line.note)
            changed = sum(1 for line in lines if line.changed)
            walls, cpus = timed(lambda old=old, new=new: redline(old, new), options.runs)
            median = statistics.median(walls)
            failed |= median >= TARGET_S
            note = f"{len(free)} answers, {chars:,} chars; {changed} changed, {whole} whole"
            print(
                f"{case:<30} {'compare':<8} {median:>9.3f} {max(walls):>7.3f} "
                f"{statistics.median(cpus):>7.3f}  {note}"
            )
            if options.pdf:
                walls, cpus = timed(
                    lambda old=old, new=new: render_redline_pdf(old, new, heading), options.runs
                )
                print(
                    f"{case:<30} {'pdf':<8} {statistics.median(walls):>9.3f} "
                    f"{max(walls):>7.3f} {statistics.median(cpus):>7.3f}"
                )
    print()
    print(f"target: compare median < {TARGET_S:g} s: {'MISSED' if failed else 'met'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
