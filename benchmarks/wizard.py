"""Benchmark: median server time of a wizard step's GET and POST (Django test client, SQLite).

Run from the project root::

    python benchmarks/wizard.py [--rounds 30]

It creates a throw-away SQLite database, starts a draft through its private link, and times
every step's GET and a valid POST (which validates, saves, records a revision and redirects)
``--rounds`` times. It prints the median and 90th percentile per step and over all steps, in
milliseconds; the target is a median under 25 ms. ``--clock cpu`` times the process's CPU
time instead of the wall clock: steadier on a machine shared with other work.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_MS = 25.0


def _setup(database: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "drafting.settings")
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def run(rounds: int, clock=time.perf_counter) -> dict[str, dict[str, list[float]]]:
    """Time every step's GET and POST ``rounds`` times with ``clock`` (seconds); return
    ``{step: {"GET": [ms...], "POST": [ms...]}}``."""
    from django.test import Client

    from drafting.drafts.forms import PART, initial_values
    from drafting.drafts.steps import default_values
    from drafting.questionnaire.definition import get_questionnaire
    from tests.wizard_support import SCENARIO, form_data, new_draft

    # No setup_test_environment(): its template instrumentation is test-only overhead.
    client = Client()
    draft, access = new_draft()
    timings: dict[str, dict[str, list[float]]] = {}
    alternate = {}
    for step in get_questionnaire().steps:
        # The defaults, with the scenario's answers to required questions kept.
        required = {q.key for q in step.questions if q.required}
        kept = {k: v for k, v in SCENARIO[step.key].items() if k.split(PART)[0] in required}
        alternate[step.key] = {**initial_values(step, default_values()), **kept}
    client.get(access.step_url("parties"))  # warm the caches (questionnaire, library)
    for step_key in get_questionnaire().step_keys:
        url = access.step_url(step_key)
        times = timings.setdefault(step_key, {"GET": [], "POST": []})
        for round_number in range(rounds):
            start = clock()
            response = client.get(url)
            times["GET"].append((clock() - start) * 1000)
            assert response.status_code == 200
            # Alternate the scenario's answers and the defaults, so that every POST really
            # changes the draft and records a revision.
            changes = alternate[step_key] if round_number % 2 else SCENARIO[step_key]
            data = form_data(draft, step_key, changes)
            start = clock()
            response = client.post(url, data)
            times["POST"].append((clock() - start) * 1000)
            assert response.status_code == 302, response.content[:500]
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _setup(Path(folder) / "bench.sqlite3")
        clock = time.process_time if args.clock == "cpu" else time.perf_counter
        timings = run(args.rounds, clock)
    print(f"{'step':<16}{'GET median':>12}{'GET p90':>10}{'POST median':>13}{'POST p90':>10}")
    for step_key, times in timings.items():
        get, post = times["GET"], times["POST"]
        print(
            f"{step_key:<16}{statistics.median(get):>12.1f}{_percentile(get, 0.9):>10.1f}"
            f"{statistics.median(post):>13.1f}{_percentile(post, 0.9):>10.1f}"
        )
    all_get = [t for times in timings.values() for t in times["GET"]]
    all_post = [t for times in timings.values() for t in times["POST"]]
    get_median, post_median = statistics.median(all_get), statistics.median(all_post)
    print(
        f"{'all steps':<16}{get_median:>12.1f}{_percentile(all_get, 0.9):>10.1f}"
        f"{post_median:>13.1f}{_percentile(all_post, 0.9):>10.1f}"
    )
    verdict = "within" if max(get_median, post_median) < TARGET_MS else "OVER"
    print(
        f"median GET {get_median:.1f} ms, POST {post_median:.1f} ms: "
        f"{verdict} the {TARGET_MS:.0f} ms target"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
